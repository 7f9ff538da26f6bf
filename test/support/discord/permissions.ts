// Permission arithmetic as Discord documents it: guild base permissions from @everyone and the member's
// roles, then channel overwrites (@everyone, roles, member), with Administrator and the owner bypassing
// everything. Threads use their parent's overwrites. Used for REST checks, `member.permissions` and
// `app_permissions` in interactions, and who may ping @everyone.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { DiscordState } from './state.js';
import { missingPermissions } from './errors.js';

export const ALL_PERMISSIONS = Object.values(PermissionFlagsBits).reduce((all, bit) => all | bit, 0n);

/** What @everyone gets in a new guild (close to Discord's defaults; no webhooks, no @everyone pings). */
export const DEFAULT_EVERYONE_PERMISSIONS =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.CreatePublicThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak;

/** What a bot's managed role grants unless a test says otherwise: enough for Troupe to speak. */
export const DEFAULT_BOT_PERMISSIONS =
  DEFAULT_EVERYONE_PERMISSIONS | PermissionFlagsBits.ManageWebhooks | PermissionFlagsBits.ManageThreads;

/** Accepts the API's decimal string, a bigint or a number. */
export function toPermissionBits(value: bigint | string | number): bigint {
  return typeof value === 'bigint' ? value : BigInt(value);
}

export function guildPermissions(state: DiscordState, guildId: string, userId: string): bigint {
  const guild = state.guild(guildId);
  if (guild.ownerId === userId) return ALL_PERMISSIONS;
  const member = state.member(guildId, userId);
  if (!member) return 0n;
  let bits = state.roles.get(guildId)?.permissions ?? 0n;
  for (const roleId of member.roles) bits |= state.roles.get(roleId)?.permissions ?? 0n;
  return bits & PermissionFlagsBits.Administrator ? ALL_PERMISSIONS : bits;
}

/** A member's permissions in a channel (or thread); for DMs, what a DM allows. */
export function channelPermissions(state: DiscordState, channelId: string, userId: string): bigint {
  const channel = state.channel(channelId);
  if (!channel.guildId) {
    return (
      PermissionFlagsBits.ViewChannel |
      PermissionFlagsBits.SendMessages |
      PermissionFlagsBits.ReadMessageHistory |
      PermissionFlagsBits.EmbedLinks |
      PermissionFlagsBits.AttachFiles
    );
  }
  const base = guildPermissions(state, channel.guildId, userId);
  if (base === ALL_PERMISSIONS) return base;
  const root = state.rootChannel(channel);
  const member = state.member(channel.guildId, userId);
  const roleIds = new Set(member?.roles ?? []);
  let bits = base;
  const everyone = root.overwrites.find((o) => o.id === channel.guildId);
  if (everyone) bits = (bits & ~everyone.deny) | everyone.allow;
  let allow = 0n;
  let deny = 0n;
  for (const o of root.overwrites) {
    if (o.type === 0 && roleIds.has(o.id)) {
      allow |= o.allow;
      deny |= o.deny;
    }
  }
  bits = (bits & ~deny) | allow;
  const own = root.overwrites.find((o) => o.type === 1 && o.id === userId);
  if (own) bits = (bits & ~own.deny) | own.allow;
  // Without ViewChannel nothing else in the channel is usable.
  return bits & PermissionFlagsBits.ViewChannel ? bits : 0n;
}

/** Throws 403 Missing Permissions unless the user has every one of `required` in the channel. */
export function requireChannelPermissions(
  state: DiscordState,
  channelId: string,
  userId: string,
  required: bigint,
): void {
  if ((channelPermissions(state, channelId, userId) & required) !== required) throw missingPermissions();
}
