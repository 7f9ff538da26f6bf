// Creating, editing and deleting messages, shared by the REST routes (bots, webhooks, interaction
// responses) and the test driver (people talking). One place enforces Discord's message limits, works
// out who is pinged and emits MESSAGE_CREATE/UPDATE/DELETE, so every path behaves the same.
import type {
  APIAllowedMentions,
  APIAttachment,
  APIEmbed,
  APIMessageInteractionMetadata,
  APIMessageTopLevelComponent,
  APIUser,
} from 'discord-api-types/v10';
import { MessageFlags, MessageReferenceType, MessageType, PermissionFlagsBits } from 'discord-api-types/v10';
import type { ServerContext } from './context.js';
import { DiscordError, ErrorCode, invalidForm } from './errors.js';
import { emitMessageCreate, emitMessageDelete, emitMessageUpdate } from './events.js';
import { PARSE_ALL, PARSE_USERS_ONLY, resolvePings, validateAllowedMentions } from './mentions.js';
import { apiMessage, apiUser } from './payloads.js';
import { channelPermissions } from './permissions.js';
import { nextSnowflake } from './snowflake.js';
import type { RecordedMessage } from './state.js';

export const MAX_CONTENT_LENGTH = 2000;
export const MAX_EMBEDS = 10;
export const MAX_ATTACHMENTS = 10;
export const MAX_NONCE_LENGTH = 25;
/** How long enforce_nonce remembers a nonce ("the past few minutes" in message.mdx). */
export const NONCE_WINDOW_MS = 5 * 60_000;

/** A file as uploaded (multipart `files[n]`) or given by a test. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/** Who sends: decides the allowed_mentions default and whether @everyone can ping. */
export type SenderKind = 'user' | 'bot' | 'webhook' | 'interaction';

export interface MessageInput {
  channelId: string;
  author: APIUser;
  sender: SenderKind;
  content?: string;
  embeds?: APIEmbed[];
  components?: APIMessageTopLevelComponent[];
  files?: UploadedFile[];
  flags?: number;
  tts?: boolean;
  allowedMentions?: APIAllowedMentions;
  replyTo?: { messageId: string; failIfNotExists?: boolean };
  webhookId?: string;
  applicationId?: string;
  avatarUrl?: string;
  ephemeral?: boolean;
  type?: MessageType;
  interactionMetadata?: APIMessageInteractionMetadata;
  /** A deferred interaction reply starts empty ("thinking…"). */
  allowEmpty?: boolean;
  /** Create Message's nonce (≤ 25 chars); with enforceNonce a repeat returns the first message. */
  nonce?: string | number;
  enforceNonce?: boolean;
}

export interface MessagePatch {
  content?: string | null;
  embeds?: APIEmbed[] | null;
  components?: APIMessageTopLevelComponent[] | null;
  files?: UploadedFile[];
  flags?: number | null;
  allowedMentions?: APIAllowedMentions;
}

export function validateMessageBody(body: {
  content?: string;
  embeds?: unknown[];
  components?: unknown[];
  files?: unknown[];
  flags?: number;
  allowEmpty?: boolean;
}): void {
  if (body.content !== undefined && typeof body.content !== 'string') {
    throw invalidForm('content', { code: 'BASE_TYPE_STRING', message: 'Must be a string.' });
  }
  if ((body.content?.length ?? 0) > MAX_CONTENT_LENGTH) {
    throw invalidForm('content', {
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${MAX_CONTENT_LENGTH} or fewer in length.`,
    });
  }
  if ((body.embeds?.length ?? 0) > MAX_EMBEDS) {
    throw invalidForm('embeds', {
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${MAX_EMBEDS} or fewer in length.`,
    });
  }
  if ((body.files?.length ?? 0) > MAX_ATTACHMENTS) {
    throw new DiscordError(
      400,
      30015,
      `Maximum number of attachments in a message reached (${MAX_ATTACHMENTS})`,
    );
  }
  const v2 = ((body.flags ?? 0) & MessageFlags.IsComponentsV2) !== 0;
  const empty = !body.content && !body.embeds?.length && !body.components?.length && !body.files?.length;
  if (empty && !v2 && !body.allowEmpty)
    throw new DiscordError(400, ErrorCode.CannotSendEmptyMessage, 'Cannot send an empty message');
}

export function createMessage(ctx: ServerContext, input: MessageInput): RecordedMessage {
  const { state } = ctx;
  const channel = state.channel(input.channelId);
  validateMessageBody({ ...input });
  if (input.nonce !== undefined && String(input.nonce).length > MAX_NONCE_LENGTH) {
    throw invalidForm('nonce', {
      code: 'BASE_TYPE_MAX_LENGTH',
      message: `Must be ${MAX_NONCE_LENGTH} or fewer in length.`,
    });
  }
  const duplicate = input.enforceNonce ? findByNonce(ctx, input) : undefined;
  if (duplicate) return duplicate;
  validateAllowedMentions(input.allowedMentions);
  const replied = input.replyTo ? findReplyTarget(ctx, input.channelId, input.replyTo) : undefined;
  const content = input.content ?? '';
  const pinged = resolvePings(state, {
    content,
    guildId: channel.guildId,
    allowedMentions: input.allowedMentions,
    defaultParse: input.sender === 'webhook' || input.sender === 'interaction' ? PARSE_USERS_ONLY : PARSE_ALL,
    canMentionEveryone: canMentionEveryone(ctx, input),
    // A webhook is no user: replying to a webhook message pings nobody.
    repliedUserId: replied && !replied.webhook_id ? replied.author.id : undefined,
  });
  const id = nextSnowflake();
  const message: RecordedMessage = {
    id,
    channel_id: channel.id,
    ...(channel.guildId ? { guild_id: channel.guildId } : {}),
    author: input.author,
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: input.tts ?? false,
    mention_everyone: pinged.everyone,
    mentions: pinged.users.map((userId) => apiUser(state.user(userId))),
    mention_roles: pinged.roles,
    attachments: storeFiles(ctx, channel.id, input.files ?? []),
    embeds: input.embeds ?? [],
    components: input.components ?? [],
    pinned: false,
    type: input.type ?? (replied ? MessageType.Reply : MessageType.Default),
    flags: (input.flags ?? 0) | (input.ephemeral ? MessageFlags.Ephemeral : 0),
    ...(input.nonce !== undefined ? { nonce: input.nonce } : {}),
    ...(input.webhookId ? { webhook_id: input.webhookId } : {}),
    ...(input.applicationId ? { application_id: input.applicationId } : {}),
    ...(input.interactionMetadata ? { interaction_metadata: input.interactionMetadata } : {}),
    ...(replied
      ? {
          message_reference: {
            type: MessageReferenceType.Default,
            message_id: replied.id,
            channel_id: replied.channel_id,
            ...(replied.guild_id ? { guild_id: replied.guild_id } : {}),
          },
          referenced_message: apiMessage(replied),
        }
      : {}),
    pinged,
    ...(input.allowedMentions ? { allowed_mentions: input.allowedMentions } : {}),
    ...(input.avatarUrl ? { avatar_url: input.avatarUrl } : {}),
    ephemeral: input.ephemeral ?? false,
    deleted: false,
  };
  state.addMessage(message);
  if (!message.ephemeral) emitMessageCreate(ctx, message);
  ctx.recorder.changed();
  return message;
}

export function updateMessage(
  ctx: ServerContext,
  message: RecordedMessage,
  patch: MessagePatch,
): RecordedMessage {
  const next = {
    content: patch.content === undefined ? message.content : (patch.content ?? ''),
    embeds: patch.embeds === undefined ? message.embeds : (patch.embeds ?? []),
    components: patch.components === undefined ? (message.components ?? []) : (patch.components ?? []),
  };
  validateMessageBody({ ...next, files: [...message.attachments, ...(patch.files ?? [])] });
  validateAllowedMentions(patch.allowedMentions);
  const allowedMentions = patch.allowedMentions ?? message.allowed_mentions;
  const pinged = resolvePings(ctx.state, {
    content: next.content,
    guildId: message.guild_id,
    allowedMentions,
    defaultParse: message.webhook_id ? PARSE_USERS_ONLY : PARSE_ALL,
    canMentionEveryone:
      message.webhook_id !== undefined || hasMentionEveryone(ctx, message.channel_id, message.author.id),
  });
  Object.assign(message, next, {
    edited_timestamp: new Date().toISOString(),
    mention_everyone: pinged.everyone,
    mentions: pinged.users.map((userId) => apiUser(ctx.state.user(userId))),
    mention_roles: pinged.roles,
    pinged,
    attachments: [...message.attachments, ...storeFiles(ctx, message.channel_id, patch.files ?? [])],
    ...(patch.flags != null ? { flags: patch.flags | (message.ephemeral ? MessageFlags.Ephemeral : 0) } : {}),
    ...(allowedMentions ? { allowed_mentions: allowedMentions } : {}),
  });
  if (!message.ephemeral) emitMessageUpdate(ctx, message);
  ctx.recorder.changed();
  return message;
}

export function removeMessage(ctx: ServerContext, message: RecordedMessage): void {
  message.deleted = true;
  if (!message.ephemeral) emitMessageDelete(ctx, message);
  ctx.recorder.changed();
}

function findReplyTarget(
  ctx: ServerContext,
  channelId: string,
  reference: { messageId: string; failIfNotExists?: boolean },
): RecordedMessage | undefined {
  const target = ctx.state.messages.get(reference.messageId);
  if (target && !target.deleted && target.channel_id === channelId) return target;
  if (reference.failIfNotExists === false) return undefined;
  throw invalidForm('message_reference', {
    code: 'MESSAGE_REFERENCE_UNKNOWN_MESSAGE',
    message: 'Unknown message',
  });
}

/** The same author's message with the same nonce in this channel, sent within the nonce window. */
function findByNonce(ctx: ServerContext, input: MessageInput): RecordedMessage | undefined {
  const since = Date.now() - NONCE_WINDOW_MS;
  return ctx.state
    .channelMessages(input.channelId)
    .find(
      (m) =>
        m.nonce !== undefined &&
        String(m.nonce) === String(input.nonce) &&
        m.author.id === input.author.id &&
        Date.parse(m.timestamp) >= since,
    );
}

function canMentionEveryone(ctx: ServerContext, input: MessageInput): boolean {
  // Webhooks have always been able to ping @everyone when allowed_mentions lets them.
  if (input.sender === 'webhook') return true;
  return hasMentionEveryone(ctx, input.channelId, input.author.id);
}

function hasMentionEveryone(ctx: ServerContext, channelId: string, userId: string): boolean {
  if (!ctx.state.users.has(userId)) return false;
  return (channelPermissions(ctx.state, channelId, userId) & PermissionFlagsBits.MentionEveryone) !== 0n;
}

function storeFiles(ctx: ServerContext, channelId: string, files: UploadedFile[]): APIAttachment[] {
  return files.map((file) => storeAttachment(ctx, channelId, file));
}

/** Keeps an uploaded file and describes it as Discord does, with a URL the fake serves it from. */
export function storeAttachment(ctx: ServerContext, channelId: string, file: UploadedFile): APIAttachment {
  const id = nextSnowflake();
  ctx.state.attachments.set(id, file);
  const url = `${ctx.baseUrl()}/attachments/${channelId}/${id}/${encodeURIComponent(file.filename)}`;
  return {
    id,
    filename: file.filename,
    size: file.bytes.length,
    url,
    proxy_url: url,
    content_type: file.contentType,
  };
}
