// Gateway events the fake emits when its world changes, each with the intent Discord gates it behind.
// Message events are shaped per bot: without the MessageContent intent a bot gets content "" and empty
// embeds/attachments/components, unless it wrote the message, is mentioned in it, or it is a DM
// (gateway.mdx, "Message Content Intent"). Messages from the bot's own application webhook are blanked
// too: whether Discord counts them as "sent by the app" is unverified, so the fake takes the strict view.
import type {
  GatewayMessageCreateDispatchData,
  GatewayMessageDeleteDispatchData,
  GatewayThreadCreateDispatchData,
  GatewayTypingStartDispatchData,
  APIThreadChannel,
  GatewayChannelModifyDispatchData,
} from 'discord-api-types/v10';
import { GatewayDispatchEvents, GatewayIntentBits } from 'discord-api-types/v10';
import type { ServerContext } from './context.js';
import type { Audience } from './gateway.js';
import { apiChannel, apiMember, apiMessage, apiRole, guildCreatePayload, partialMember } from './payloads.js';
import type { BotRecord, ChannelRecord, RecordedMessage, RoleRecord } from './state.js';
import { isThreadType } from './state.js';

function messageAudience(
  ctx: ServerContext,
  message: RecordedMessage,
  guildIntent: number,
  dmIntent: number,
): Audience {
  if (message.guild_id) return { guildId: message.guild_id, intent: guildIntent };
  const channel = ctx.state.channel(message.channel_id);
  return { intent: dmIntent, botUserIds: channel.recipients ?? [] };
}

/** The MESSAGE_CREATE/UPDATE payload one bot sees. */
export function messageFor(
  ctx: ServerContext,
  message: RecordedMessage,
  bot: BotRecord,
  intents: number,
): GatewayMessageCreateDispatchData {
  const api = apiMessage(message);
  const guildId = message.guild_id;
  const author = guildId && !message.webhook_id ? ctx.state.member(guildId, message.author.id) : undefined;
  const channel = ctx.state.channels.get(message.channel_id);
  const payload: GatewayMessageCreateDispatchData = {
    ...api,
    ...(guildId ? { guild_id: guildId } : {}),
    ...(author ? { member: partialMember(author) } : {}),
    ...(channel ? { channel_type: channel.type as GatewayMessageCreateDispatchData['channel_type'] } : {}),
    mentions: api.mentions.map((user) => {
      const member = guildId ? ctx.state.member(guildId, user.id) : undefined;
      return member ? { ...user, member: partialMember(member) } : user;
    }),
  };
  const visible =
    (intents & GatewayIntentBits.MessageContent) !== 0 ||
    !guildId ||
    message.author.id === bot.userId ||
    message.mentions.some((user) => user.id === bot.userId);
  if (visible) return payload;
  const { poll: _poll, ...rest } = payload;
  return { ...rest, content: '', embeds: [], attachments: [], components: [] };
}

export function emitMessageCreate(ctx: ServerContext, message: RecordedMessage): void {
  const audience = messageAudience(
    ctx,
    message,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.DirectMessages,
  );
  ctx.gateway.dispatch(GatewayDispatchEvents.MessageCreate, audience, (bot, intents) =>
    messageFor(ctx, message, bot, intents),
  );
}

export function emitMessageUpdate(ctx: ServerContext, message: RecordedMessage): void {
  const audience = messageAudience(
    ctx,
    message,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.DirectMessages,
  );
  ctx.gateway.dispatch(GatewayDispatchEvents.MessageUpdate, audience, (bot, intents) =>
    messageFor(ctx, message, bot, intents),
  );
}

export function emitMessageDelete(ctx: ServerContext, message: RecordedMessage): void {
  const audience = messageAudience(
    ctx,
    message,
    GatewayIntentBits.GuildMessages,
    GatewayIntentBits.DirectMessages,
  );
  const data: GatewayMessageDeleteDispatchData = {
    id: message.id,
    channel_id: message.channel_id,
    ...(message.guild_id ? { guild_id: message.guild_id } : {}),
  };
  ctx.gateway.dispatch(GatewayDispatchEvents.MessageDelete, audience, () => data);
}

/** TYPING_START to every bot that can see the channel, except the one typing. */
export function emitTypingStart(ctx: ServerContext, channel: ChannelRecord, userId: string): void {
  const member = channel.guildId ? ctx.state.member(channel.guildId, userId) : undefined;
  const data: GatewayTypingStartDispatchData = {
    channel_id: channel.id,
    ...(channel.guildId ? { guild_id: channel.guildId } : {}),
    user_id: userId,
    timestamp: Math.floor(Date.now() / 1000),
    ...(member ? { member: apiMember(ctx.state, member) } : {}),
  };
  const audience: Audience = channel.guildId
    ? { guildId: channel.guildId, intent: GatewayIntentBits.GuildMessageTyping }
    : { botUserIds: channel.recipients ?? [], intent: GatewayIntentBits.DirectMessageTyping };
  ctx.gateway.dispatch(GatewayDispatchEvents.TypingStart, audience, (bot) =>
    bot.userId === userId ? undefined : data,
  );
}

/** CHANNEL_CREATE/UPDATE, or THREAD_CREATE/UPDATE for threads. */
export function emitChannel(ctx: ServerContext, channel: ChannelRecord, change: 'create' | 'update'): void {
  if (!channel.guildId) return; // DM channels reach a bot with its first message.
  const api = apiChannel(ctx.state, channel);
  const audience = { guildId: channel.guildId, intent: GatewayIntentBits.Guilds };
  if (isThreadType(channel.type)) {
    const data: GatewayThreadCreateDispatchData = {
      ...(api as APIThreadChannel),
      ...(change === 'create' ? { newly_created: true as const } : {}),
    };
    const t = change === 'create' ? GatewayDispatchEvents.ThreadCreate : GatewayDispatchEvents.ThreadUpdate;
    ctx.gateway.dispatch(t, audience, () => data);
    return;
  }
  const t = change === 'create' ? GatewayDispatchEvents.ChannelCreate : GatewayDispatchEvents.ChannelUpdate;
  ctx.gateway.dispatch(t, audience, () => api as GatewayChannelModifyDispatchData);
}

export function emitRole(ctx: ServerContext, role: RoleRecord, change: 'create' | 'update'): void {
  const t =
    change === 'create' ? GatewayDispatchEvents.GuildRoleCreate : GatewayDispatchEvents.GuildRoleUpdate;
  ctx.gateway.dispatch(t, { guildId: role.guildId, intent: GatewayIntentBits.Guilds }, () => ({
    guild_id: role.guildId,
    role: apiRole(role),
  }));
}

/** GUILD_MEMBER_UPDATE needs the privileged GuildMembers intent, except for the bot's own member. */
export function emitMemberUpdate(ctx: ServerContext, guildId: string, userId: string): void {
  const member = ctx.state.member(guildId, userId);
  if (!member) return;
  ctx.gateway.dispatch(GatewayDispatchEvents.GuildMemberUpdate, { guildId }, (bot, intents) =>
    bot.userId === userId || intents & GatewayIntentBits.GuildMembers
      ? { ...apiMember(ctx.state, member), guild_id: guildId }
      : undefined,
  );
}

/** A bot that joins a guild while connected gets its GUILD_CREATE. */
export function emitGuildCreate(ctx: ServerContext, guildId: string, botUserId: string): void {
  const guild = ctx.state.guild(guildId);
  ctx.gateway.dispatch(
    GatewayDispatchEvents.GuildCreate,
    { guildId, botUserIds: [botUserId], intent: GatewayIntentBits.Guilds },
    () => guildCreatePayload(ctx.state, guild, botUserId),
  );
}

export function emitWebhooksUpdate(ctx: ServerContext, guildId: string, channelId: string): void {
  ctx.gateway.dispatch(
    GatewayDispatchEvents.WebhooksUpdate,
    { guildId, intent: GatewayIntentBits.GuildWebhooks },
    () => ({ guild_id: guildId, channel_id: channelId }),
  );
}
