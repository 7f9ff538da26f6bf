// The main client's gateway events as history: a person's message becomes a line (and may get a reply),
// an edit changes the line, a deletion removes it. Our own posts come back over the gateway too (the
// webhook's echoes, persona bots' messages, the bot's notices and command replies): the core stored
// those already, so they are never read as anyone's line. Other bots are ignored unless the channel lets
// them in. Proxy bots' messages (Tupperbox, PluralKit) are people speaking as characters, and a person's
// message a proxy may replace is held for a moment (proxied-messages.ts). A person typing holds the
// personas' turns (core/typing.ts). Errors stop here, at the edge:
// logged once, and the next event is handled as usual.
import type { Client, Message, PartialMessage, Typing } from 'discord.js';
import { Events, MessageType, Routes } from 'discord.js';
import type { CoreDeps } from '../core/deps.js';
import { characterOf } from '../core/player-characters.js';
import { receiveLine } from '../core/receive.js';
import { text, type Text } from '../core/text.js';
import { personTyping } from '../core/typing.js';
import { translate } from '../i18n/i18n.js';
import type { EventClaims } from './event-claims.js';
import type { InFlight } from './in-flight.js';
import type { MemberLocales } from './member-locales.js';
import { messageText, messageToLine } from './message-to-line.js';
import type { PersonaBots } from './persona-bots.js';
import type { ProxiedMessages } from './proxied-messages.js';
import type { WebhookStore } from './webhook-store.js';

/** The note answering a direct message, in the person's language when an interaction told us it. */
export const DM_REPLY: Text = text('notices.dm');

/** One DM explanation per person per this long, ms; more DMs meanwhile are ignored. */
const DM_REPLY_EVERY_MS = 10 * 60 * 1000;

const CONVERSATION_TYPES = new Set<MessageType>([MessageType.Default, MessageType.Reply]);

/**
 * When a gateway event arrived, epoch ms with a fraction: a message and the typing that follows it may
 * arrive within one millisecond, and which came first decides whether the typing still holds.
 */
const eventTime = (): number => performance.timeOrigin + performance.now();

export interface GatewayHandlerInput {
  client: Client;
  /** Where the running handlers are kept, so stopping waits for them. */
  inFlight?: InFlight;
  deps: CoreDeps;
  personaBots: PersonaBots;
  webhooks: WebhookStore;
  claims: EventClaims;
  memberLocales: MemberLocales;
  proxies: ProxiedMessages;
}

/** Subscribes the handlers; returns a function that unsubscribes them. */
export function attachGatewayHandlers(input: GatewayHandlerInput): () => void {
  const { client, deps } = input;
  const log = deps.log.child({ module: 'gateway' });
  const guarded =
    <A extends unknown[]>(what: string, handle: (...args: A) => Promise<void>) =>
    (...args: A): void => {
      const work = handle(...args).catch((err: unknown) => log.error({ err }, `could not handle ${what}`));
      input.inFlight?.track(work);
    };
  const lookups = { history: deps.history, personaBots: input.personaBots };

  /** Ours: our application's webhook, a persona's own bot, or the bot itself. */
  const isOurs = (message: Message | PartialMessage): boolean =>
    message.author?.id === client.user?.id ||
    (message.author !== null && input.personaBots.personaOfUser(message.author.id) !== undefined) ||
    (message.webhookId !== null &&
      ((message.applicationId !== null && message.applicationId === client.application?.id) ||
        input.webhooks.isKnown(message.webhookId)));

  const onMessage = async (message: Message): Promise<void> => {
    // Before any await: typing seen after this instant is the person going on, not this message.
    const receivedAt = eventTime();
    if (!message.inGuild()) return onDirectMessage(message);
    if (isOurs(message) || message.system || !CONVERSATION_TYPES.has(message.type)) return;
    // A proxy's copy is a person speaking as a character: no bot, whatever `/channel bots` says.
    const proxied = input.proxies.isProxied(message);
    const fromBot = !proxied && (message.author.bot || message.webhookId !== null);
    const settings = await deps.settings.get(message.channelId);
    // Channels without a cast keep no history: Troupe reads along only where personas play.
    if (settings.cast.length === 0 || (fromBot && !settings.allowBots)) return;
    if (!(await input.claims.claim(`m:${message.id}`))) return;
    if (settings.guildId !== message.guildId)
      await deps.settings.update(message.channelId, { guildId: message.guildId });
    const line = await messageToLine(message, lookups, { fromBot });
    if (!line) return;
    // A person playing a character (`/character`) speaks under its name.
    const played =
      proxied || fromBot ? undefined : await characterOf(deps.characters, message, message.author.id);
    if (played) line.speakerName = played.character.name;
    if (proxied) await input.proxies.receiveCopy(message, line, receivedAt);
    else if (fromBot) await receiveLine(deps, message.channelId, line, { receivedAt });
    else await input.proxies.receivePerson(message, line, receivedAt);
  };

  const onDirectMessage = async (message: Message): Promise<void> => {
    if (message.author.bot || message.author.id === client.user?.id) return;
    if (!(await input.claims.claim(`dm:${message.author.id}`, DM_REPLY_EVERY_MS))) return;
    const content = translate(await input.memberLocales.localeOf(message.author.id), DM_REPLY);
    await client.rest.post(Routes.channelMessages(message.channelId), {
      body: { content, allowed_mentions: { parse: [] } },
    });
  };

  const onEdit = async (before: Message | PartialMessage, after: Message | PartialMessage): Promise<void> => {
    if (!after.guildId) return;
    const message = after.partial ? await after.fetch().catch(() => undefined) : after;
    if (!message || isOurs(message)) return;
    // People's edits, and characters' (a proxy edits through its webhook); not other bots'.
    if ((message.author.bot || message.webhookId !== null) && !input.proxies.isProxied(message)) return;
    if (
      !before.partial &&
      before.content === message.content &&
      before.attachments.size === message.attachments.size
    )
      return; // an embed unfurled, or a pin: the words did not change
    const text = messageText(message, lookups);
    if (text === '') return;
    await deps.history.editByMessageId(message.channelId, message.id, { text });
  };

  const onDelete = async (message: Message | PartialMessage): Promise<void> => {
    if (!message.guildId) return;
    // A message held for a proxy (or still to arrive, in another process) is never stored now.
    await input.proxies.deleted(message.channelId, message.id);
    // Only a person's line goes (a persona's message may be deleted as part of replacing it); one not
    // stored yet (its creation still being handled, here or in another process) is dropped on arrival.
    await deps.history.removeByMessageId(message.channelId, message.id);
  };

  /** A person typing holds the personas back (core/typing.ts); bots typing, ours included, do not. */
  const onTyping = async (typing: Typing): Promise<void> => {
    const seenAt = eventTime();
    if (!typing.inGuild() || typing.user.bot === true || typing.user.id === client.user?.id) return;
    if (input.personaBots.personaOfUser(typing.user.id) !== undefined) return;
    await personTyping(deps, typing.channel.id, typing.user.id, seenAt);
  };

  const handlers = {
    [Events.MessageCreate]: guarded('a message', onMessage),
    [Events.MessageUpdate]: guarded('an edit', onEdit),
    [Events.MessageDelete]: guarded('a deletion', onDelete),
    [Events.MessageBulkDelete]: guarded(
      'a bulk deletion',
      async (messages: ReadonlyMap<string, Message | PartialMessage>) => {
        for (const message of messages.values()) await onDelete(message);
      },
    ),
    [Events.WebhooksUpdate]: guarded('a webhook change', (channel: { id: string }) =>
      input.webhooks.forget(channel.id),
    ),
    [Events.TypingStart]: guarded('typing', onTyping),
  };
  client.on(Events.MessageCreate, handlers[Events.MessageCreate]);
  client.on(Events.MessageUpdate, handlers[Events.MessageUpdate]);
  client.on(Events.MessageDelete, handlers[Events.MessageDelete]);
  client.on(Events.MessageBulkDelete, handlers[Events.MessageBulkDelete]);
  client.on(Events.WebhooksUpdate, handlers[Events.WebhooksUpdate]);
  client.on(Events.TypingStart, handlers[Events.TypingStart]);
  return () => {
    client.off(Events.MessageCreate, handlers[Events.MessageCreate]);
    client.off(Events.MessageUpdate, handlers[Events.MessageUpdate]);
    client.off(Events.MessageDelete, handlers[Events.MessageDelete]);
    client.off(Events.MessageBulkDelete, handlers[Events.MessageBulkDelete]);
    client.off(Events.WebhooksUpdate, handlers[Events.WebhooksUpdate]);
    client.off(Events.TypingStart, handlers[Events.TypingStart]);
  };
}
