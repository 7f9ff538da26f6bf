// The fake's whole world, in memory: bots, users, guilds, roles, members, channels, threads, messages,
// webhooks, commands and interactions. Plain records and lookups only; the rules live in the modules
// that change them (world.ts, messages.ts, routes/*), so this file reads as the data model.
import type {
  APIAllowedMentions,
  APIApplicationCommand,
  APIMessage,
  ChannelType,
  InteractionType,
} from 'discord-api-types/v10';
import { DiscordError, ErrorCode, notFound } from './errors.js';

/** A bot account: one token, one user, one application (Discord gives both the same id). */
export interface BotRecord {
  token: string;
  userId: string;
  applicationId: string;
  /** Privileged intents the application may use (GuildMembers, GuildPresences, MessageContent). */
  allowedPrivilegedIntents: number;
}

export interface UserRecord {
  id: string;
  username: string;
  globalName: string | null;
  avatar: string | null;
  /** How often this user changed its avatar (Discord rate-limits it). */
  avatarChanges?: number;
  bot: boolean;
  /** The language of this person's Discord client; every interaction they make carries it. */
  locale?: string;
}

export interface GuildRecord {
  id: string;
  name: string;
  ownerId: string;
  /** `preferred_locale`: a Community guild's chosen language; every other guild's is en-US. */
  locale: string;
  /** Guild features, e.g. COMMUNITY. */
  features: string[];
}

export interface RoleRecord {
  id: string;
  guildId: string;
  name: string;
  permissions: bigint;
  position: number;
  mentionable: boolean;
  /** Set for the role Discord creates when a bot joins; it carries the bot's invite permissions. */
  botId?: string;
}

export interface MemberRecord {
  guildId: string;
  userId: string;
  /** Role ids, not including @everyone (whose id is the guild id). */
  roles: string[];
  nick: string | null;
  joinedAt: string;
}

export interface OverwriteRecord {
  id: string;
  /** 0 = role, 1 = member, as in the API. */
  type: 0 | 1;
  allow: bigint;
  deny: bigint;
}

export interface ChannelRecord {
  id: string;
  type: ChannelType;
  guildId?: string;
  name: string;
  /** A thread's parent channel, or a channel's category. */
  parentId: string | null;
  position: number;
  topic: string | null;
  overwrites: OverwriteRecord[];
  lastMessageId: string | null;
  /** Threads only. */
  ownerId?: string;
  archived?: boolean;
  /** DM channels only: the two users. */
  recipients?: string[];
}

export interface WebhookRecord {
  id: string;
  token: string;
  channelId: string;
  guildId: string;
  name: string;
  avatar: string | null;
  /** The application of the bot that created it; null for webhooks a person made. */
  applicationId: string | null;
  creatorId: string;
}

/** Who was actually notified by a message, after allowed_mentions and permissions. */
export interface Pinged {
  everyone: boolean;
  users: string[];
  roles: string[];
}

/** A message as the fake keeps it: the API object plus what tests want to check. */
export interface RecordedMessage extends APIMessage {
  guild_id?: string;
  pinged: Pinged;
  /** The allowed_mentions the sender passed, if any. */
  allowed_mentions?: APIAllowedMentions;
  /** A webhook execution's per-message `avatar_url`. */
  avatar_url?: string;
  /** Ephemeral interaction responses are kept here but never shown in the channel. */
  ephemeral: boolean;
  deleted: boolean;
}

export interface StoredAttachment {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

export interface InteractionRecord {
  id: string;
  token: string;
  type: InteractionType;
  applicationId: string;
  channelId: string;
  guildId?: string;
  userId: string;
  /** The `locale` the interaction carried (the person's client language). */
  locale: string;
  createdAtMs: number;
  /** The first callback's type once the interaction has been answered. */
  callbackType?: number;
  /** The message `@original` refers to: the reply, or the component's message after an update. */
  originalMessageId?: string;
  /** For component interactions: the message the component was on. */
  sourceMessageId?: string;
  /** The modal shown in answer to this interaction, if any. */
  modal?: Record<string, unknown>;
}

export class DiscordState {
  readonly bots = new Map<string, BotRecord>();
  readonly users = new Map<string, UserRecord>();
  readonly guilds = new Map<string, GuildRecord>();
  readonly roles = new Map<string, RoleRecord>();
  /** Keyed by `${guildId}:${userId}`. */
  readonly members = new Map<string, MemberRecord>();
  readonly channels = new Map<string, ChannelRecord>();
  readonly webhooks = new Map<string, WebhookRecord>();
  readonly messages = new Map<string, RecordedMessage>();
  /** Message ids per channel, oldest first. */
  readonly channelMessageIds = new Map<string, string[]>();
  readonly attachments = new Map<string, StoredAttachment>();
  /** Commands per application; key `${appId}` for global, `${appId}:${guildId}` for a guild. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  readonly interactions = new Map<string, InteractionRecord>();

  botByToken(token: string): BotRecord | undefined {
    for (const bot of this.bots.values()) if (bot.token === token) return bot;
    return undefined;
  }

  botByApplication(applicationId: string): BotRecord | undefined {
    for (const bot of this.bots.values()) if (bot.applicationId === applicationId) return bot;
    return undefined;
  }

  user(id: string): UserRecord {
    return this.users.get(id) ?? fail(notFound(ErrorCode.UnknownUser, 'User'));
  }

  guild(id: string): GuildRecord {
    return this.guilds.get(id) ?? fail(notFound(ErrorCode.UnknownGuild, 'Guild'));
  }

  channel(id: string): ChannelRecord {
    return this.channels.get(id) ?? fail(notFound(ErrorCode.UnknownChannel, 'Channel'));
  }

  message(id: string): RecordedMessage {
    const message = this.messages.get(id);
    if (!message || message.deleted) throw notFound(ErrorCode.UnknownMessage, 'Message');
    return message;
  }

  webhook(id: string): WebhookRecord {
    return this.webhooks.get(id) ?? fail(notFound(ErrorCode.UnknownWebhook, 'Webhook'));
  }

  member(guildId: string, userId: string): MemberRecord | undefined {
    return this.members.get(`${guildId}:${userId}`);
  }

  requireMember(guildId: string, userId: string): MemberRecord {
    return this.member(guildId, userId) ?? fail(notFound(ErrorCode.UnknownMember, 'Member'));
  }

  guildRoles(guildId: string): RoleRecord[] {
    return [...this.roles.values()].filter((role) => role.guildId === guildId);
  }

  guildMembers(guildId: string): MemberRecord[] {
    return [...this.members.values()].filter((member) => member.guildId === guildId);
  }

  guildChannels(guildId: string, { threads }: { threads: boolean }): ChannelRecord[] {
    return [...this.channels.values()].filter(
      (channel) => channel.guildId === guildId && isThreadType(channel.type) === threads,
    );
  }

  guildIdsOf(userId: string): string[] {
    return [...this.members.values()].filter((m) => m.userId === userId).map((m) => m.guildId);
  }

  channelWebhooks(channelId: string): WebhookRecord[] {
    return [...this.webhooks.values()].filter((webhook) => webhook.channelId === channelId);
  }

  /** A thread's parent, or the channel itself: webhooks and permission overwrites live there. */
  rootChannel(channel: ChannelRecord): ChannelRecord {
    return isThreadType(channel.type) && channel.parentId ? this.channel(channel.parentId) : channel;
  }

  channelMessages(channelId: string): RecordedMessage[] {
    const ids = this.channelMessageIds.get(channelId) ?? [];
    return ids.flatMap((id) => {
      const message = this.messages.get(id);
      return message ? [message] : [];
    });
  }

  addMessage(message: RecordedMessage): void {
    this.messages.set(message.id, message);
    const ids = this.channelMessageIds.get(message.channel_id) ?? [];
    ids.push(message.id);
    this.channelMessageIds.set(message.channel_id, ids);
    const channel = this.channels.get(message.channel_id);
    if (channel && !message.ephemeral) channel.lastMessageId = message.id;
  }

  commandKey(applicationId: string, guildId?: string): string {
    return guildId ? `${applicationId}:${guildId}` : applicationId;
  }

  interaction(id: string, token: string): InteractionRecord {
    const interaction = this.interactions.get(id);
    if (!interaction || interaction.token !== token) {
      throw new DiscordError(404, ErrorCode.UnknownInteraction, 'Unknown interaction');
    }
    return interaction;
  }

  interactionByToken(applicationId: string, token: string): InteractionRecord | undefined {
    for (const interaction of this.interactions.values()) {
      if (interaction.token === token && interaction.applicationId === applicationId) return interaction;
    }
    return undefined;
  }
}

// Thread channel types: 10 announcement thread, 11 public thread, 12 private thread.
export function isThreadType(type: ChannelType): boolean {
  return type === 10 || type === 11 || type === 12;
}

function fail(error: Error): never {
  throw error;
}
