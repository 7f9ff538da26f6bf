// The Stage on Discord: where a persona's reply appears. A persona with its own bot posts as itself;
// every other persona posts through the channel's webhook with its name and avatar (a thread through
// its parent's webhook with thread_id). Mentions in persona text ping nobody unless the channel allows
// user pings, and never @everyone, @here or roles. A webhook deleted behind our back (10015) is
// recreated and the message posted again, in the same attempt (Discord refused the post, so this is
// no double), up to MAX_WEBHOOK_RECREATIONS times; at Discord's webhook cap or without Manage Webhooks
// the admins are told, and nothing else is touched. A post that fails anyway throws a StagePostError
// with Discord's code and the ids of the messages of the reply already posted.
import type { APIMessage, Client } from 'discord.js';
import { Routes } from 'discord.js';
import { personaAvatarUrl } from '../avatars/avatar-store.js';
import type { Persona } from '../core/persona.js';
import type { CoreLogger, PostedMessage, SettingsStore, Stage } from '../core/ports.js';
import { text, type Text } from '../core/text.js';
import type { AdminNotices } from './admin-notices.js';
import { ChannelTargets, type ChannelTarget } from './channel-target.js';
import type { PersonaBots } from './persona-bots.js';
import { DiscordCode, DiscordPostError, discordCode, sanitizePostError } from './post-errors.js';
import { webhookUsername } from './webhook-username.js';
import type { ChannelWebhook, WebhookStore } from './webhook-store.js';

/** Discord's allowed_mentions for persona text: nobody, or people only; never @everyone, @here or roles. */
export function allowedMentions(allowUserPings: boolean): { parse: Array<'users'> } {
  return { parse: allowUserPings ? ['users'] : [] };
}

/** A persona's own bot that gets these was not invited to the channel, or may not write there. */
const CANNOT_REACH = new Set<number>([
  DiscordCode.UnknownChannel,
  DiscordCode.MissingAccess,
  DiscordCode.MissingPermissions,
]);

/**
 * How many times one post recreates a webhook Discord says is gone (10015) and posts again: a webhook
 * deleted again while it was being recreated (a cleanup bot, an admin tidying up) still gets the reply
 * posted, and a fault that never ends still ends.
 */
export const MAX_WEBHOOK_RECREATIONS = 3;

export const WEBHOOK_CAP_NOTICE: Text = text('notices.webhookCap');
export const NO_WEBHOOK_PERMISSION_NOTICE: Text = text('notices.noWebhookPermission');

export interface DiscordStageInput {
  client: Client;
  personaBots: PersonaBots;
  webhooks: WebhookStore;
  notices: AdminNotices;
  settings: Pick<SettingsStore, 'get'>;
  /** ALLOW_USER_PINGS: user pings allowed in every channel. */
  allowUserPingsEverywhere: boolean;
  /** PUBLIC_URL: where stored persona avatars are served; without it they are not shown. */
  publicUrl?: string | undefined;
  log: CoreLogger;
}

export class DiscordStage implements Stage {
  private readonly targets: ChannelTargets;

  constructor(private readonly input: DiscordStageInput) {
    this.targets = new ChannelTargets(input.client);
  }

  async typing(channelId: string, persona: Persona): Promise<void> {
    const client = this.input.personaBots.client(persona.id) ?? this.input.client;
    // The webhook cannot type, so the bot account types for the persona; it lasts up to 10 s.
    await client.rest.post(Routes.channelTyping(channelId));
  }

  async post(channelId: string, persona: Persona, chunks: string[]): Promise<PostedMessage> {
    const settings = await this.input.settings.get(channelId);
    const mentions = allowedMentions(settings.allowUserPings || this.input.allowUserPingsEverywhere);
    const own = this.input.personaBots.client(persona.id);
    if (own) {
      try {
        return await this.postAsBot(own, channelId, chunks, mentions);
      } catch (err) {
        if (!CANNOT_REACH.has(discordCode(err) as number)) throw err;
        // Its bot was not invited here (or may not write): the persona still speaks, through the webhook.
        this.input.log.warn(
          { channelId, personaId: persona.id, code: discordCode(err) },
          "persona's own bot cannot post here; speaking through the webhook",
        );
      }
    }
    const target = await this.targets.get(channelId);
    return this.postThroughWebhook(target, persona, chunks, mentions);
  }

  /**
   * Replaces a posted reply in place (an alternative was picked, the reply regenerated): the first
   * min(old, new) messages are edited, extra new chunks posted after them, extra old messages deleted.
   * Webhook messages are edited by the channel's webhook, which must be the one that posted them.
   */
  async edit(
    channelId: string,
    persona: Persona,
    messageIds: string[],
    chunks: string[],
  ): Promise<PostedMessage> {
    const settings = await this.input.settings.get(channelId);
    const mentions = allowedMentions(settings.allowUserPings || this.input.allowUserPingsEverywhere);
    const own = this.input.personaBots.client(persona.id);
    const target = own ? undefined : await this.targets.get(channelId);
    const webhook = target ? await this.webhookFor(target) : undefined;
    const query = new URLSearchParams(target?.threadId ? { thread_id: target.threadId } : {});
    const routeOf = (messageId: string) =>
      webhook
        ? Routes.webhookMessage(webhook.id, webhook.token, messageId)
        : Routes.channelMessage(channelId, messageId);
    const rest = (own ?? this.input.client).rest;
    const options = { query, auth: own !== undefined };
    const kept = Math.min(messageIds.length, chunks.length);
    try {
      for (let i = 0; i < kept; i++) {
        await rest.patch(routeOf(messageIds[i]!), {
          ...options,
          body: { content: chunks[i], allowed_mentions: mentions },
        });
      }
      for (const extra of messageIds.slice(kept)) await rest.delete(routeOf(extra), options);
    } catch (err) {
      throw sanitizePostError(err, 'editing a posted reply failed');
    }
    const added = chunks.slice(kept);
    const more =
      added.length === 0
        ? { messageIds: [] }
        : own
          ? await this.postAsBot(own, channelId, added, mentions)
          : await this.postThroughWebhook(target!, persona, added, mentions);
    return { messageIds: [...messageIds.slice(0, kept), ...more.messageIds] };
  }

  private async postAsBot(
    client: Client,
    channelId: string,
    chunks: string[],
    mentions: { parse: Array<'users'> },
  ): Promise<PostedMessage> {
    const messageIds: string[] = [];
    for (const content of chunks) {
      try {
        const message = (await client.rest.post(Routes.channelMessages(channelId), {
          body: { content, allowed_mentions: mentions },
        })) as APIMessage;
        messageIds.push(message.id);
      } catch (err) {
        throw sanitizePostError(err, 'persona bot post failed', messageIds);
      }
    }
    return { messageIds };
  }

  private async postThroughWebhook(
    target: ChannelTarget,
    persona: Persona,
    chunks: string[],
    mentions: { parse: Array<'users'> },
  ): Promise<PostedMessage> {
    const messageIds: string[] = [];
    const avatarUrl = personaAvatarUrl(persona, this.input.publicUrl);
    let webhook = await this.webhookFor(target, messageIds);
    let recreations = 0;
    for (const content of chunks) {
      const body = {
        content,
        username: webhookUsername(persona.name),
        ...(avatarUrl ? { avatar_url: avatarUrl } : {}),
        allowed_mentions: mentions,
      };
      for (;;) {
        try {
          messageIds.push(await this.execute(webhook, target, body));
          break;
        } catch (err) {
          const gone = discordCode(err) === DiscordCode.UnknownWebhook;
          if (!gone || recreations >= MAX_WEBHOOK_RECREATIONS) {
            const what = gone
              ? `webhook post failed after recreating the webhook ${recreations} times`
              : 'webhook post failed';
            throw sanitizePostError(err, what, messageIds);
          }
          recreations += 1;
          this.input.log.warn(
            {
              channelId: target.channelId,
              webhookId: webhook.id,
              code: DiscordCode.UnknownWebhook,
              recreations,
            },
            'webhook is gone; recreating it and posting again',
          );
          await this.input.webhooks.invalidate(target.rootId, webhook);
          webhook = await this.webhookFor(target, messageIds);
        }
      }
    }
    return { messageIds };
  }

  private async execute(webhook: ChannelWebhook, target: ChannelTarget, body: object): Promise<string> {
    const query = new URLSearchParams({ wait: 'true' });
    if (target.threadId) query.set('thread_id', target.threadId);
    const message = (await this.input.client.rest.post(Routes.webhook(webhook.id, webhook.token), {
      body,
      query,
      auth: false,
    })) as APIMessage;
    const expected = target.threadId ?? target.rootId;
    if (message.channel_id !== expected) {
      // Someone moved our webhook to another channel: that post went astray; the next one will not.
      this.input.log.error(
        { channelId: expected, postedIn: message.channel_id },
        'our webhook was moved; forgetting it',
      );
      await this.input.webhooks.invalidate(target.rootId, webhook);
    }
    return message.id;
  }

  /**
   * The channel's webhook; at the cap or without permission the admins are told and the post fails
   * (`postedIds`: the reply's messages posted before, for the error).
   */
  private async webhookFor(
    target: ChannelTarget,
    postedIds: readonly string[] = [],
  ): Promise<ChannelWebhook> {
    try {
      return await this.input.webhooks.get(target.rootId);
    } catch (err) {
      const code = discordCode(err);
      const notice =
        code === DiscordCode.MaxWebhooks
          ? WEBHOOK_CAP_NOTICE
          : code === DiscordCode.MissingPermissions || code === DiscordCode.MissingAccess
            ? NO_WEBHOOK_PERMISSION_NOTICE
            : undefined;
      if (notice) {
        await this.input.notices.tellOnce(target.channelId, `webhook-${code}`, notice);
        // The admins hear of it from that notice (at most daily), not again from the dropped reply.
        throw new DiscordPostError(
          `no webhook in channel ${target.rootId}: ${String(code)}`,
          code,
          400,
          postedIds,
          true,
        );
      }
      throw sanitizePostError(err, 'could not get the channel webhook', postedIds);
    }
  }
}
