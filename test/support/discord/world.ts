// Test-driver functions that build the world: bots, people, guilds, roles, members, channels, threads
// and permission overwrites. Changes made while a bot is connected reach it as the gateway events
// Discord would send (GUILD_CREATE on joining, CHANNEL_CREATE, THREAD_CREATE, GUILD_ROLE_CREATE …).
import { ChannelType } from 'discord-api-types/v10';
import type { ServerContext } from './context.js';
import { emitChannel, emitGuildCreate, emitMemberUpdate, emitRole, emitWebhooksUpdate } from './events.js';
import { PRIVILEGED_INTENTS } from './gateway.js';
import { DEFAULT_BOT_PERMISSIONS, DEFAULT_EVERYONE_PERMISSIONS, toPermissionBits } from './permissions.js';
import { nextSnowflake, nextSnowflakeOnShard, randomToken } from './snowflake.js';
import type { ChannelRecord, GuildRecord, MemberRecord, RoleRecord, UserRecord } from './state.js';

export type PermissionInput = bigint | string | number;

export interface CreateBotInput {
  username?: string;
  /** Defaults to a random token; tests that log in need it back from the returned FakeBot. */
  token?: string;
  /** Privileged intents the app has enabled in the developer portal. @defaultValue all of them */
  allowedPrivilegedIntents?: number;
  /**
   * The bot's user id, which is also its application's id (as for every application since 2016): a real
   * bot's, e.g. Tupperbox's `431544605209788416`. A new snowflake when omitted.
   */
  id?: string;
}

export interface FakeBot {
  token: string;
  userId: string;
  applicationId: string;
  username: string;
}

export function createBot(ctx: ServerContext, input: CreateBotInput = {}): FakeBot {
  const userId = input.id ?? nextSnowflake();
  if (ctx.state.users.has(userId)) throw new Error(`user ${userId} exists already`);
  const username = input.username ?? `bot-${ctx.state.bots.size + 1}`;
  const token = input.token ?? `${Buffer.from(userId).toString('base64url')}.fake.${randomToken(20)}`;
  ctx.state.users.set(userId, { id: userId, username, globalName: null, avatar: null, bot: true });
  ctx.state.bots.set(userId, {
    token,
    userId,
    applicationId: userId,
    allowedPrivilegedIntents: input.allowedPrivilegedIntents ?? PRIVILEGED_INTENTS,
  });
  return { token, userId, applicationId: userId, username };
}

export function createUser(
  ctx: ServerContext,
  input: { username: string; globalName?: string; locale?: string },
): UserRecord {
  const user: UserRecord = {
    id: nextSnowflake(),
    username: input.username,
    globalName: input.globalName ?? null,
    avatar: null,
    bot: false,
    ...(input.locale ? { locale: input.locale } : {}),
  };
  ctx.state.users.set(user.id, user);
  return user;
}

export interface CreateGuildInput {
  name?: string;
  /** The owner (who holds every permission); a user is created when omitted. */
  ownerId?: string;
  /** Its `preferred_locale`; only a Community guild may set one (Discord), so it needs `community`. */
  locale?: string;
  /** A Community guild (feature COMMUNITY). */
  community?: boolean;
  /** Permissions of @everyone. @defaultValue DEFAULT_EVERYONE_PERMISSIONS */
  everyonePermissions?: PermissionInput;
  /** Pick an id that puts the guild on this shard of a bot sharded `count` ways. */
  shard?: { id: number; count: number };
}

export function createGuild(ctx: ServerContext, input: CreateGuildInput = {}): GuildRecord {
  const name = input.name ?? 'Test Guild';
  const ownerId = input.ownerId ?? createUser(ctx, { username: `${name} owner`.toLowerCase() }).id;
  const id = input.shard ? nextSnowflakeOnShard(input.shard.id, input.shard.count) : nextSnowflake();
  if (input.locale !== undefined && input.locale !== 'en-US' && !input.community) {
    throw new Error('only a Community guild has a preferred_locale other than en-US');
  }
  const guild: GuildRecord = {
    id,
    name,
    ownerId,
    locale: input.locale ?? 'en-US',
    features: input.community ? ['COMMUNITY'] : [],
  };
  ctx.state.guilds.set(guild.id, guild);
  // @everyone's id is the guild's id.
  ctx.state.roles.set(guild.id, {
    id: guild.id,
    guildId: guild.id,
    name: '@everyone',
    permissions: toPermissionBits(input.everyonePermissions ?? DEFAULT_EVERYONE_PERMISSIONS),
    position: 0,
    mentionable: false,
  });
  addMember(ctx, guild.id, ownerId);
  return guild;
}

export function createRole(
  ctx: ServerContext,
  guildId: string,
  input: { name: string; permissions?: PermissionInput; mentionable?: boolean },
): RoleRecord {
  ctx.state.guild(guildId);
  const role: RoleRecord = {
    id: nextSnowflake(),
    guildId,
    name: input.name,
    permissions: toPermissionBits(input.permissions ?? 0n),
    position: ctx.state.guildRoles(guildId).length,
    mentionable: input.mentionable ?? false,
  };
  ctx.state.roles.set(role.id, role);
  emitRole(ctx, role, 'create');
  return role;
}

export interface AddMemberInput {
  roles?: string[];
  nick?: string;
  /** Bots only: what the bot's managed role grants. @defaultValue DEFAULT_BOT_PERMISSIONS */
  permissions?: PermissionInput;
}

/** Adds a person or a bot to a guild; a bot gets its managed role and, if connected, GUILD_CREATE. */
export function addMember(
  ctx: ServerContext,
  guildId: string,
  userId: string,
  input: AddMemberInput = {},
): MemberRecord {
  ctx.state.guild(guildId);
  const user = ctx.state.user(userId);
  if (ctx.state.member(guildId, userId)) throw new Error(`${user.username} is already in guild ${guildId}`);
  const roles = [...(input.roles ?? [])];
  if (ctx.state.bots.has(userId)) {
    const role = createRole(ctx, guildId, {
      name: user.username,
      permissions: input.permissions ?? DEFAULT_BOT_PERMISSIONS,
    });
    role.botId = userId;
    roles.push(role.id);
  }
  const member: MemberRecord = {
    guildId,
    userId,
    roles,
    nick: input.nick ?? null,
    joinedAt: new Date().toISOString(),
  };
  ctx.state.members.set(`${guildId}:${userId}`, member);
  if (ctx.state.bots.has(userId)) emitGuildCreate(ctx, guildId, userId);
  return member;
}

export function setMemberRoles(ctx: ServerContext, guildId: string, userId: string, roles: string[]): void {
  const member = ctx.state.requireMember(guildId, userId);
  const managed = member.roles.filter((id) => ctx.state.roles.get(id)?.botId !== undefined);
  member.roles = [...new Set([...managed, ...roles])];
  emitMemberUpdate(ctx, guildId, userId);
}

export function setRolePermissions(ctx: ServerContext, roleId: string, permissions: PermissionInput): void {
  const role = ctx.state.roles.get(roleId);
  if (!role) throw new Error(`No role ${roleId}`);
  role.permissions = toPermissionBits(permissions);
  emitRole(ctx, role, 'update');
}

export interface CreateChannelInput {
  name?: string;
  type?:
    | ChannelType.GuildText
    | ChannelType.GuildCategory
    | ChannelType.GuildAnnouncement
    | ChannelType.GuildForum;
  parentId?: string;
  topic?: string;
}

export function createChannel(
  ctx: ServerContext,
  guildId: string,
  input: CreateChannelInput = {},
): ChannelRecord {
  ctx.state.guild(guildId);
  const channel: ChannelRecord = {
    id: nextSnowflake(),
    type: input.type ?? ChannelType.GuildText,
    guildId,
    name: input.name ?? 'general',
    parentId: input.parentId ?? null,
    position: ctx.state.guildChannels(guildId, { threads: false }).length,
    topic: input.topic ?? null,
    overwrites: [],
    lastMessageId: null,
  };
  ctx.state.channels.set(channel.id, channel);
  emitChannel(ctx, channel, 'create');
  return channel;
}

export interface CreateThreadInput {
  name?: string;
  ownerId?: string;
  type?: ChannelType.PublicThread | ChannelType.PrivateThread;
  archived?: boolean;
}

export function createThread(
  ctx: ServerContext,
  parentId: string,
  input: CreateThreadInput = {},
): ChannelRecord {
  const parent = ctx.state.channel(parentId);
  if (!parent.guildId) throw new Error('Threads live in guild channels');
  const thread: ChannelRecord = {
    id: nextSnowflake(),
    type: input.type ?? ChannelType.PublicThread,
    guildId: parent.guildId,
    name: input.name ?? 'thread',
    parentId,
    position: 0,
    topic: null,
    overwrites: [],
    lastMessageId: null,
    ownerId: input.ownerId ?? ctx.state.guild(parent.guildId).ownerId,
    archived: input.archived ?? false,
  };
  ctx.state.channels.set(thread.id, thread);
  emitChannel(ctx, thread, 'create');
  return thread;
}

export interface OverwriteInput {
  /** A role id (the guild id for @everyone) or a user id. */
  id: string;
  type: 'role' | 'member';
  allow?: PermissionInput;
  deny?: PermissionInput;
}

/** Sets (or replaces) one permission overwrite on a channel. */
export function setPermissionOverwrite(ctx: ServerContext, channelId: string, input: OverwriteInput): void {
  const channel = ctx.state.channel(channelId);
  channel.overwrites = channel.overwrites.filter((o) => o.id !== input.id);
  channel.overwrites.push({
    id: input.id,
    type: input.type === 'role' ? 0 : 1,
    allow: toPermissionBits(input.allow ?? 0n),
    deny: toPermissionBits(input.deny ?? 0n),
  });
  emitChannel(ctx, channel, 'update');
}

/** Deletes a webhook behind the bot's back (an admin removing it), so its next use gets 10015. */
export function deleteWebhook(ctx: ServerContext, webhookId: string): void {
  const webhook = ctx.state.webhook(webhookId);
  ctx.state.webhooks.delete(webhookId);
  emitWebhooksUpdate(ctx, webhook.guildId, webhook.channelId);
  ctx.recorder.changed();
}

/** The DM channel between a person and a bot, created on first use as Discord does. */
export function dmChannel(ctx: ServerContext, userId: string, botUserId: string): ChannelRecord {
  for (const channel of ctx.state.channels.values()) {
    if (
      channel.type === ChannelType.DM &&
      channel.recipients?.includes(userId) &&
      channel.recipients.includes(botUserId)
    ) {
      return channel;
    }
  }
  const channel: ChannelRecord = {
    id: nextSnowflake(),
    type: ChannelType.DM,
    name: '',
    parentId: null,
    position: 0,
    topic: null,
    overwrites: [],
    lastMessageId: null,
    recipients: [userId, botUserId],
  };
  ctx.state.channels.set(channel.id, channel);
  return channel;
}
