// Channel access checks shared by the routes: a bot must be in the guild (or the DM) and, when the fake
// enforces permissions, hold the channel permissions the route needs, or get 403 like on Discord.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { missingAccess } from '../errors.js';
import type { RouteRequest } from '../http.js';
import { requireBot } from '../http.js';
import { requireChannelPermissions } from '../permissions.js';
import type { BotRecord, ChannelRecord } from '../state.js';
import { isThreadType } from '../state.js';

/** The channel in `:channelId`, checked for the authenticated bot. */
export function channelFor(
  req: RouteRequest,
  required: bigint = PermissionFlagsBits.ViewChannel,
): { bot: BotRecord; channel: ChannelRecord } {
  const bot = requireBot(req);
  const channel = req.ctx.state.channel(req.params.channelId ?? '');
  checkChannel(req, bot, channel, required);
  return { bot, channel };
}

export function checkChannel(
  req: RouteRequest,
  bot: BotRecord,
  channel: ChannelRecord,
  required: bigint,
): void {
  if (!channel.guildId) {
    if (!channel.recipients?.includes(bot.userId)) throw missingAccess();
    return;
  }
  if (!req.ctx.state.member(channel.guildId, bot.userId)) throw missingAccess();
  if (!req.ctx.options.enforcePermissions) return;
  const view = PermissionFlagsBits.ViewChannel;
  // Discord answers "Missing Access" when the channel is invisible, "Missing Permissions" otherwise.
  try {
    requireChannelPermissions(req.ctx.state, channel.id, bot.userId, view);
  } catch {
    throw missingAccess();
  }
  requireChannelPermissions(req.ctx.state, channel.id, bot.userId, required | view);
}

/** SendMessages, or SendMessagesInThreads inside a thread. */
export function sendPermission(channel: ChannelRecord): bigint {
  return isThreadType(channel.type)
    ? PermissionFlagsBits.SendMessagesInThreads
    : PermissionFlagsBits.SendMessages;
}
