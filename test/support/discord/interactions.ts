// Test-driver side of interactions: a person runs a slash command, types into an autocompleted option,
// clicks a button, picks from a select menu or submits a modal. Each builds the INTERACTION_CREATE
// Discord would send (member permissions from roles and overwrites, app_permissions, resolved data,
// the required-but-easy-to-forget `entitlements` and `authorizing_integration_owners`) and delivers it
// to the one application it belongs to. The REST side (callbacks, follow-ups) is in routes/interactions.ts.
import type {
  APIBaseInteraction,
  APIMessageInteractionMetadata,
  APIModalSubmission,
  GuildFeature,
  Locale,
} from 'discord-api-types/v10';
import {
  ComponentType,
  GatewayDispatchEvents,
  InteractionContextType,
  InteractionType,
} from 'discord-api-types/v10';
import type { OptionValues } from './command-options.js';
import { buildOptions } from './command-options.js';
import type { ServerContext } from './context.js';
import { applicationOf, botFor, findCommand, findComponent } from './interaction-targets.js';
import { apiChannel, apiMember, apiMessage, apiUser } from './payloads.js';
import { channelPermissions } from './permissions.js';
import { nextSnowflake, randomToken } from './snowflake.js';
import type { BotRecord, InteractionRecord, RecordedMessage } from './state.js';

/** What a test gets back to look up the bot's responses with `server.interactionResponses(id)`. */
export interface InteractionHandle {
  id: string;
  token: string;
  applicationId: string;
}

export interface CommandInput {
  name: string;
  userId: string;
  channelId: string;
  subcommand?: string;
  subcommandGroup?: string;
  /** Option values by name; types come from the registered command. */
  options?: OptionValues;
  /** Which application's command; needed only when several bots registered the same name. */
  applicationId?: string;
  /** The client language the interaction carries; the person's own (see createUser) when omitted. */
  locale?: string;
}

export interface AutocompleteInput extends CommandInput {
  /** The option being typed in. */
  focused: string;
  /** What has been typed so far. */
  value: string;
}

export interface ComponentInput {
  messageId: string;
  customId: string;
  userId: string;
  /** For select menus: the chosen values. */
  values?: string[];
  /** The client language the interaction carries; the person's own when omitted. */
  locale?: string;
}

export interface ModalInput {
  /** The interaction the bot answered with a modal; supplies custom_id, user and channel. */
  fromInteraction?: string;
  customId?: string;
  userId?: string;
  channelId?: string;
  applicationId?: string;
  /** Text input values by custom_id. */
  fields: Record<string, string>;
  /** The client language; that of the interaction that showed the modal, or the person's own. */
  locale?: string;
}

type Payload = APIBaseInteraction<InteractionType, unknown>;

export function invokeCommand(ctx: ServerContext, input: CommandInput): InteractionHandle {
  return commandInteraction(ctx, input, InteractionType.ApplicationCommand);
}

export function autocomplete(ctx: ServerContext, input: AutocompleteInput): InteractionHandle {
  return commandInteraction(
    ctx,
    { ...input, options: { ...input.options, [input.focused]: input.value } },
    InteractionType.ApplicationCommandAutocomplete,
    input.focused,
  );
}

function commandInteraction(
  ctx: ServerContext,
  input: CommandInput,
  type: InteractionType,
  focused?: string,
): InteractionHandle {
  const guildId = ctx.state.channel(input.channelId).guildId;
  const { command, bot } = findCommand(ctx, input.name, guildId, input.applicationId);
  const { options, resolved } = buildOptions(ctx, command, {
    ...(input.subcommand ? { subcommand: input.subcommand } : {}),
    ...(input.subcommandGroup ? { subcommandGroup: input.subcommandGroup } : {}),
    values: input.options ?? {},
    ...(focused ? { focused } : {}),
    requireAll: type === InteractionType.ApplicationCommand,
    ...(guildId ? { guildId } : {}),
    channelId: input.channelId,
    userId: input.userId,
  });
  const hasResolved = Object.keys(resolved).length > 0;
  return deliver(
    ctx,
    bot,
    { type, userId: input.userId, channelId: input.channelId, locale: input.locale },
    {
      id: command.id,
      name: command.name,
      type: command.type,
      ...(command.guild_id ? { guild_id: command.guild_id } : {}),
      options,
      ...(hasResolved ? { resolved } : {}),
    },
  );
}

export function useComponent(ctx: ServerContext, input: ComponentInput): InteractionHandle {
  const message = ctx.state.message(input.messageId);
  const component = findComponent(message.components ?? [], input.customId);
  if (!component) throw new Error(`Message ${message.id} has no component "${input.customId}"`);
  const bot = applicationOf(ctx, message);
  const data =
    component.type === ComponentType.Button
      ? { custom_id: input.customId, component_type: component.type }
      : { custom_id: input.customId, component_type: component.type, values: input.values ?? [] };
  return deliver(
    ctx,
    bot,
    {
      type: InteractionType.MessageComponent,
      userId: input.userId,
      channelId: message.channel_id,
      locale: input.locale,
      source: message,
    },
    data,
  );
}

export function submitModal(ctx: ServerContext, input: ModalInput): InteractionHandle {
  const origin = input.fromInteraction ? ctx.state.interactions.get(input.fromInteraction) : undefined;
  if (input.fromInteraction && !origin?.modal)
    throw new Error(`Interaction ${input.fromInteraction} showed no modal`);
  const modal = origin?.modal;
  const customId = input.customId ?? (modal?.custom_id as string | undefined);
  const userId = input.userId ?? origin?.userId;
  const channelId = input.channelId ?? origin?.channelId;
  if (!customId || !userId || !channelId)
    throw new Error('submitModal needs fromInteraction, or customId + userId + channelId');
  const bot = origin
    ? (ctx.state.botByApplication(origin.applicationId) as BotRecord)
    : botFor(ctx, input.applicationId, ctx.state.channel(channelId).guildId);
  const layout =
    (modal?.components as { type: number; component?: unknown; components?: unknown[] }[] | undefined) ?? [];
  const inputs = layout.flatMap((c) => [c.component, ...(c.components ?? [])]) as (
    { custom_id?: string } | undefined
  )[];
  const known = new Set(inputs.map((c) => c?.custom_id).filter(Boolean));
  for (const id of Object.keys(input.fields)) {
    if (modal && !known.has(id))
      throw new Error(`The modal has no input "${id}" (has ${[...known].join(', ')})`);
  }
  // Answer in the shape the modal was built with: Label (type 18) wrappers or action rows.
  const useLabels = layout.some((c) => c.type === ComponentType.Label);
  const components = Object.entries(input.fields).map(([id, value]) => {
    const text = { type: ComponentType.TextInput, id: 0, custom_id: id, value };
    return useLabels
      ? { type: ComponentType.Label, id: 0, component: text }
      : { type: ComponentType.ActionRow, id: 0, components: [text] };
  });
  const source = origin?.sourceMessageId ? ctx.state.messages.get(origin.sourceMessageId) : undefined;
  const data = { custom_id: customId, components } as unknown as APIModalSubmission;
  return deliver(
    ctx,
    bot,
    {
      type: InteractionType.ModalSubmit,
      userId,
      channelId,
      locale: input.locale ?? origin?.locale,
      ...(source ? { source } : {}),
    },
    data,
  );
}

/** interaction_metadata for messages created by responses to `record`. */
export function interactionMetadata(
  ctx: ServerContext,
  record: InteractionRecord,
): APIMessageInteractionMetadata {
  const base = {
    id: record.id,
    user: apiUser(ctx.state.user(record.userId)),
    authorizing_integration_owners: integrationOwners(record.guildId, record.userId),
  };
  if (record.type === InteractionType.MessageComponent) {
    return {
      ...base,
      type: InteractionType.MessageComponent,
      interacted_message_id: record.sourceMessageId ?? '',
    };
  }
  if (record.type === InteractionType.ModalSubmit) {
    return {
      ...base,
      type: InteractionType.ModalSubmit,
      triggering_interaction_metadata: { ...base, type: InteractionType.ApplicationCommand },
    };
  }
  return { ...base, type: InteractionType.ApplicationCommand };
}

function integrationOwners(guildId: string | undefined, userId: string): Record<string, string> {
  // Guild install ('0') in guilds; user install ('1') otherwise.
  return guildId ? { '0': guildId } : { '1': userId };
}

interface DeliveryInput {
  type: InteractionType;
  userId: string;
  channelId: string;
  locale?: string | undefined;
  source?: RecordedMessage;
}

function deliver(ctx: ServerContext, bot: BotRecord, input: DeliveryInput, data: unknown): InteractionHandle {
  const { state } = ctx;
  const channel = state.channel(input.channelId);
  const guildId = channel.guildId;
  const user = state.user(input.userId);
  const member = guildId ? state.member(guildId, user.id) : undefined;
  if (guildId && !member) throw new Error(`${user.username} is not a member of guild ${guildId}`);
  // Discord sends the client's language with every interaction; English (US) is the client default.
  const locale = input.locale ?? user.locale ?? 'en-US';
  const record: InteractionRecord = {
    id: nextSnowflake(),
    token: `aW50ZXJhY3Rpb24.${randomToken(60)}`,
    type: input.type,
    applicationId: bot.applicationId,
    channelId: channel.id,
    ...(guildId ? { guildId } : {}),
    userId: user.id,
    locale,
    createdAtMs: Date.now(),
    ...(input.source ? { sourceMessageId: input.source.id } : {}),
  };
  state.interactions.set(record.id, record);
  const guild = guildId ? state.guild(guildId) : undefined;
  const payload: Payload = {
    id: record.id,
    application_id: bot.applicationId,
    type: input.type,
    token: record.token,
    version: 1,
    data,
    channel: apiChannel(state, channel),
    channel_id: channel.id,
    ...(guild && member
      ? {
          guild_id: guild.id,
          guild: { id: guild.id, locale: guild.locale as Locale, features: guild.features as GuildFeature[] },
          guild_locale: guild.locale as Locale,
          member: {
            ...apiMember(state, member),
            permissions: channelPermissions(state, channel.id, user.id).toString(),
          },
        }
      : { user: apiUser(user) }),
    app_permissions: channelPermissions(state, channel.id, bot.userId).toString(),
    locale: locale as Locale,
    entitlements: [],
    authorizing_integration_owners: integrationOwners(guildId, user.id),
    context: guildId ? InteractionContextType.Guild : InteractionContextType.BotDM,
    attachment_size_limit: 10 * 1024 * 1024,
    ...(input.source ? { message: apiMessage(input.source) } : {}),
  };
  // A guild's interactions arrive on the shard that owns the guild, DMs' on shard 0, as other events do.
  ctx.gateway.dispatch(
    GatewayDispatchEvents.InteractionCreate,
    { botUserIds: [bot.userId], ...(guildId ? { guildId } : {}) },
    () => payload,
  );
  ctx.recorder.changed();
  return { id: record.id, token: record.token, applicationId: bot.applicationId };
}
