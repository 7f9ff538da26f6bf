// Test-driver functions for what people do in a channel: say something (optionally replying, mentioning,
// attaching files), edit or delete it, write a bot a DM, start typing. Each goes through the same
// message code as the REST routes, so the bot receives exactly what Discord would send it.
import { PermissionFlagsBits } from 'discord-api-types/v10';
import type { ServerContext } from './context.js';
import { emitTypingStart } from './events.js';
import type { UploadedFile } from './messages.js';
import { createMessage, removeMessage, updateMessage } from './messages.js';
import { apiUser } from './payloads.js';
import { channelPermissions } from './permissions.js';
import type { RecordedMessage } from './state.js';
import { isThreadType } from './state.js';
import { dmChannel } from './world.js';

export interface AttachmentInput {
  filename: string;
  content?: string | Buffer;
  contentType?: string;
}

export interface UserSaysInput {
  channelId: string;
  userId: string;
  content: string;
  /** The id of the message this one replies to. */
  replyTo?: string;
  /** User ids to mention; each one not already in the content is prefixed as `<@id> `. */
  mentions?: string[];
  attachments?: AttachmentInput[];
}

export function userSays(ctx: ServerContext, input: UserSaysInput): RecordedMessage {
  const channel = ctx.state.channel(input.channelId);
  const user = ctx.state.user(input.userId);
  if (channel.guildId) {
    if (!ctx.state.member(channel.guildId, user.id)) {
      throw new Error(`${user.username} is not a member of guild ${channel.guildId}`);
    }
    const send = isThreadType(channel.type)
      ? PermissionFlagsBits.SendMessagesInThreads
      : PermissionFlagsBits.SendMessages;
    const perms = channelPermissions(ctx.state, channel.id, user.id);
    if ((perms & (send | PermissionFlagsBits.ViewChannel)) !== (send | PermissionFlagsBits.ViewChannel)) {
      throw new Error(`${user.username} may not send messages in ${channel.name}`);
    }
  }
  const prefix = (input.mentions ?? [])
    .filter((id) => !new RegExp(`<@!?${id}>`).test(input.content))
    .map((id) => `<@${id}> `)
    .join('');
  return createMessage(ctx, {
    channelId: channel.id,
    author: apiUser(user),
    sender: 'user',
    content: prefix + input.content,
    files: (input.attachments ?? []).map(toUploadedFile),
    ...(input.replyTo ? { replyTo: { messageId: input.replyTo } } : {}),
  });
}

export interface DmInput {
  userId: string;
  /** Which bot the DM goes to; the only bot when omitted. */
  botUserId?: string;
  content: string;
  attachments?: AttachmentInput[];
}

export function dm(ctx: ServerContext, input: DmInput): RecordedMessage {
  const botUserId = input.botUserId ?? onlyBot(ctx);
  const channel = dmChannel(ctx, input.userId, botUserId);
  return createMessage(ctx, {
    channelId: channel.id,
    author: apiUser(ctx.state.user(input.userId)),
    sender: 'user',
    content: input.content,
    files: (input.attachments ?? []).map(toUploadedFile),
  });
}

/** A person edits their message: MESSAGE_UPDATE. */
export function editMessage(ctx: ServerContext, messageId: string, content: string): RecordedMessage {
  return updateMessage(ctx, ctx.state.message(messageId), { content });
}

/** A person (or a moderator) deletes a message: MESSAGE_DELETE. */
export function deleteMessage(ctx: ServerContext, messageId: string): void {
  removeMessage(ctx, ctx.state.message(messageId));
}

/** A person starts typing: TYPING_START to the bots in the channel. */
export function userTyping(ctx: ServerContext, input: { channelId: string; userId: string }): void {
  const channel = ctx.state.channel(input.channelId);
  ctx.state.user(input.userId);
  emitTypingStart(ctx, channel, input.userId);
  ctx.recorder.typingEvents.push({
    channelId: channel.id,
    ...(channel.guildId ? { guildId: channel.guildId } : {}),
    userId: input.userId,
    atMs: Date.now(),
  });
  ctx.recorder.changed();
}

export function onlyBot(ctx: ServerContext): string {
  const [first, ...rest] = ctx.state.bots.keys();
  if (!first || rest.length > 0) throw new Error('Several bots (or none): say which one with botUserId');
  return first;
}

export function toUploadedFile(input: AttachmentInput): UploadedFile {
  const bytes = Buffer.isBuffer(input.content) ? input.content : Buffer.from(input.content ?? '');
  return { filename: input.filename, contentType: input.contentType ?? 'application/octet-stream', bytes };
}
