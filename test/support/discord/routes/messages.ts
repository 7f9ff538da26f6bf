// A bot's own messages: send (with allowed_mentions, replies via message_reference, files), read history,
// fetch one, edit its own, delete. Echoes go out as MESSAGE_CREATE/UPDATE/DELETE through messages.ts.
import type { APIAllowedMentions, APIEmbed, APIMessageTopLevelComponent } from 'discord-api-types/v10';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { DiscordError, ErrorCode, missingPermissions, notFound } from '../errors.js';
import type { Json, Route, RouteRequest } from '../http.js';
import { noContent, ok, optionalString } from '../http.js';
import type { MessagePatch } from '../messages.js';
import { createMessage, removeMessage, updateMessage } from '../messages.js';
import { apiMessage, apiUser } from '../payloads.js';
import { channelPermissions } from '../permissions.js';
import type { RecordedMessage } from '../state.js';
import { channelFor, sendPermission } from './access.js';

const MAX_HISTORY = 100;

function messageIn(req: RouteRequest): RecordedMessage {
  const { channel } = channelFor(req, PermissionFlagsBits.ReadMessageHistory);
  const message = req.ctx.state.message(req.params.messageId ?? '');
  if (message.channel_id !== channel.id || message.ephemeral)
    throw notFound(ErrorCode.UnknownMessage, 'Message');
  return message;
}

/** The editable parts of a message body, as create and edit (and webhooks) accept them. */
export function messagePatch(body: Json): MessagePatch {
  return {
    ...('content' in body
      ? { content: body.content === null ? null : (optionalString(body, 'content') ?? '') }
      : {}),
    ...('embeds' in body ? { embeds: body.embeds as APIEmbed[] | null } : {}),
    ...('components' in body ? { components: body.components as APIMessageTopLevelComponent[] | null } : {}),
    ...('flags' in body ? { flags: body.flags as number | null } : {}),
    ...(body.allowed_mentions ? { allowedMentions: body.allowed_mentions as APIAllowedMentions } : {}),
  };
}

export const messageRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/channels/:channelId/messages',
    auth: 'bot',
    handle: (req) => {
      const { bot, channel } = channelFor(req);
      // Without Read Message History Discord returns an empty list, not an error.
      const canRead =
        channelPermissions(req.ctx.state, channel.id, bot.userId) & PermissionFlagsBits.ReadMessageHistory;
      if (req.ctx.options.enforcePermissions && channel.guildId && !canRead) return ok([]);
      const limit = Math.min(Number(req.query.get('limit') ?? 50), MAX_HISTORY);
      const before = req.query.get('before');
      const after = req.query.get('after');
      let messages = req.ctx.state.channelMessages(channel.id).filter((m) => !m.deleted && !m.ephemeral);
      if (before) messages = messages.filter((m) => BigInt(m.id) < BigInt(before));
      if (after) messages = messages.filter((m) => BigInt(m.id) > BigInt(after));
      // Newest first, like Discord; with `after`, the page right after that id.
      const page = after ? messages.slice(0, limit) : messages.slice(-limit);
      return ok(page.reverse().map(apiMessage));
    },
  },
  {
    method: 'GET',
    pattern: '/channels/:channelId/messages/:messageId',
    auth: 'bot',
    handle: (req) => ok(apiMessage(messageIn(req))),
  },
  {
    method: 'POST',
    pattern: '/channels/:channelId/messages',
    auth: 'bot',
    handle: (req) => {
      const channel = req.ctx.state.channel(req.params.channelId ?? '');
      const { bot } = channelFor(req, sendPermission(channel));
      const reference = req.body.message_reference as
        { message_id?: string; fail_if_not_exists?: boolean } | undefined;
      const patch = messagePatch(req.body);
      const message = createMessage(req.ctx, {
        channelId: channel.id,
        author: apiUser(req.ctx.state.user(bot.userId)),
        sender: 'bot',
        content: patch.content ?? '',
        embeds: patch.embeds ?? [],
        components: patch.components ?? [],
        files: req.files,
        flags: patch.flags ?? 0,
        tts: req.body.tts === true,
        ...(typeof req.body.nonce === 'string' || typeof req.body.nonce === 'number'
          ? { nonce: req.body.nonce }
          : {}),
        enforceNonce: req.body.enforce_nonce === true,
        ...(patch.allowedMentions ? { allowedMentions: patch.allowedMentions } : {}),
        ...(reference?.message_id
          ? {
              replyTo: {
                messageId: reference.message_id,
                failIfNotExists: reference.fail_if_not_exists ?? true,
              },
            }
          : {}),
      });
      return ok(apiMessage(message));
    },
  },
  {
    method: 'PATCH',
    pattern: '/channels/:channelId/messages/:messageId',
    auth: 'bot',
    handle: (req) => {
      const message = messageIn(req);
      if (message.author.id !== req.bot?.userId) {
        throw new DiscordError(403, 50005, 'Cannot edit a message authored by another user');
      }
      return ok(apiMessage(updateMessage(req.ctx, message, { ...messagePatch(req.body), files: req.files })));
    },
  },
  {
    method: 'DELETE',
    pattern: '/channels/:channelId/messages/:messageId',
    auth: 'bot',
    handle: (req) => {
      const message = messageIn(req);
      const own = message.author.id === req.bot?.userId;
      const perms = channelPermissions(req.ctx.state, message.channel_id, req.bot?.userId ?? '');
      if (!own && message.guild_id && !(perms & PermissionFlagsBits.ManageMessages))
        throw missingPermissions();
      removeMessage(req.ctx, message);
      return noContent();
    },
  },
];
