// Turns the fake's records into Discord API objects, typed with discord-api-types so a missing required
// field (the kind that crashes discord.js inside its gateway handler) fails at compile time instead.
import type {
  APIChannel,
  APIDMChannel,
  APIGuild,
  APIGuildCategoryChannel,
  APIGuildMember,
  APIMessage,
  APIOverwrite,
  APIRole,
  APITextChannel,
  APIThreadChannel,
  APIUser,
  APIWebhook,
  GatewayGuildCreateDispatchData,
  GuildMemberFlags,
  RoleFlags,
  ThreadChannelType,
  GuildFeature,
  Locale,
} from 'discord-api-types/v10';
import {
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  WebhookType,
} from 'discord-api-types/v10';
import type {
  ChannelRecord,
  DiscordState,
  GuildRecord,
  MemberRecord,
  RecordedMessage,
  RoleRecord,
  UserRecord,
  WebhookRecord,
} from './state.js';
import { isThreadType } from './state.js';

export function apiUser(user: UserRecord): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: user.bot ? '0000' : '0',
    global_name: user.globalName,
    avatar: user.avatar,
    ...(user.bot ? { bot: true } : {}),
  };
}

export function apiRole(role: RoleRecord): APIRole {
  return {
    id: role.id,
    name: role.name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position: role.position,
    permissions: role.permissions.toString(),
    managed: role.botId !== undefined,
    mentionable: role.mentionable,
    flags: 0 as RoleFlags,
    ...(role.botId ? { tags: { bot_id: role.botId } } : {}),
  };
}

export function apiMember(state: DiscordState, member: MemberRecord): APIGuildMember {
  return { ...partialMember(member), user: apiUser(state.user(member.userId)) };
}

/** A member without `user`, as MESSAGE_CREATE and interaction `resolved.members` carry it. */
export function partialMember(member: MemberRecord): Omit<APIGuildMember, 'user'> {
  return {
    nick: member.nick,
    avatar: null,
    roles: [...member.roles],
    joined_at: member.joinedAt,
    deaf: false,
    mute: false,
    flags: 0 as GuildMemberFlags,
    pending: false,
    premium_since: null,
    communication_disabled_until: null,
  };
}

function apiOverwrites(channel: ChannelRecord): APIOverwrite[] {
  return channel.overwrites.map((o) => ({
    id: o.id,
    type: o.type,
    allow: o.allow.toString(),
    deny: o.deny.toString(),
  }));
}

export function apiChannel(state: DiscordState, channel: ChannelRecord): APIChannel {
  if (channel.type === ChannelType.DM) {
    const dm: APIDMChannel = {
      id: channel.id,
      type: ChannelType.DM,
      name: null,
      last_message_id: channel.lastMessageId,
      recipients: (channel.recipients ?? []).map((id) => apiUser(state.user(id))),
    };
    return dm;
  }
  if (isThreadType(channel.type)) {
    const count = state.channelMessages(channel.id).filter((m) => !m.deleted && !m.ephemeral).length;
    const thread: APIThreadChannel = {
      id: channel.id,
      type: channel.type as ThreadChannelType,
      guild_id: channel.guildId,
      name: channel.name,
      parent_id: channel.parentId ?? undefined,
      owner_id: channel.ownerId,
      last_message_id: channel.lastMessageId,
      rate_limit_per_user: 0,
      message_count: count,
      total_message_sent: count,
      member_count: 1,
      thread_metadata: {
        archived: channel.archived ?? false,
        auto_archive_duration: 1440,
        archive_timestamp: new Date().toISOString(),
        locked: false,
      },
    };
    return thread;
  }
  if (channel.type === ChannelType.GuildCategory) {
    const category: APIGuildCategoryChannel = {
      id: channel.id,
      type: ChannelType.GuildCategory,
      guild_id: channel.guildId,
      name: channel.name,
      position: channel.position,
      permission_overwrites: apiOverwrites(channel),
    };
    return category;
  }
  const text: APITextChannel = {
    id: channel.id,
    type: ChannelType.GuildText,
    guild_id: channel.guildId,
    name: channel.name,
    position: channel.position,
    parent_id: channel.parentId,
    topic: channel.topic,
    nsfw: false,
    rate_limit_per_user: 0,
    last_message_id: channel.lastMessageId,
    permission_overwrites: apiOverwrites(channel),
  };
  // Announcement and forum channels share the text channel's shape closely enough for the fake.
  return { ...text, type: channel.type } as APIChannel;
}

export function apiGuild(state: DiscordState, guild: GuildRecord): APIGuild {
  return {
    id: guild.id,
    name: guild.name,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: state.guildRoles(guild.id).map(apiRole),
    emojis: [],
    stickers: [],
    features: guild.features as GuildFeature[],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_subscription_count: 0,
    preferred_locale: guild.locale as Locale,
    public_updates_channel_id: null,
    nsfw_level: GuildNSFWLevel.Default,
    premium_progress_bar_enabled: false,
    hub_type: null,
    safety_alerts_channel_id: null,
    incidents_data: null,
  };
}

/**
 * GUILD_CREATE for one bot. Like Discord without the GuildPresences intent, `members` holds only the
 * bot's own member, so bot code that relies on other members being cached fails here too.
 */
export function guildCreatePayload(
  state: DiscordState,
  guild: GuildRecord,
  botUserId: string,
): GatewayGuildCreateDispatchData {
  const own = state.member(guild.id, botUserId);
  return {
    ...apiGuild(state, guild),
    joined_at: own?.joinedAt ?? new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: state.guildMembers(guild.id).length,
    voice_states: [],
    members: own ? [apiMember(state, own)] : [],
    channels: state
      .guildChannels(guild.id, { threads: false })
      .map((c) => apiChannel(state, c)) as GatewayGuildCreateDispatchData['channels'],
    threads: state
      .guildChannels(guild.id, { threads: true })
      .filter((t) => !t.archived)
      .map((t) => apiChannel(state, t)) as GatewayGuildCreateDispatchData['threads'],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

export function apiWebhook(state: DiscordState, webhook: WebhookRecord): APIWebhook {
  const creator = state.users.get(webhook.creatorId);
  return {
    id: webhook.id,
    type: WebhookType.Incoming,
    guild_id: webhook.guildId,
    channel_id: webhook.channelId,
    name: webhook.name,
    avatar: webhook.avatar,
    token: webhook.token,
    application_id: webhook.applicationId,
    ...(creator ? { user: apiUser(creator) } : {}),
  };
}

/** The API message without the fake's bookkeeping fields. */
export function apiMessage(message: RecordedMessage): APIMessage {
  const { pinged: _p, allowed_mentions: _a, avatar_url: _v, ephemeral: _e, deleted: _d, ...api } = message;
  return api;
}
