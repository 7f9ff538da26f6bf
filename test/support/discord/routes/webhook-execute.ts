// Executing a webhook and handling the messages it sent. Execution is where personas speak: the
// `username`/`avatar_url` overrides are checked (no "clyde"/"discord", not "everyone"/"here", ≤ 80
// chars), `thread_id` must be a thread of the webhook's channel, every attempt is recorded in
// `webhookExecutions`, and the message is echoed as MESSAGE_CREATE with `webhook_id`.
// Interaction tokens use the same paths (`/webhooks/{applicationId}/{token}`), so those are handed on.
import { createHash } from 'node:crypto';
import type { APIUser } from 'discord-api-types/v10';
import { MessageFlags } from 'discord-api-types/v10';
import { emitChannel } from '../events.js';
import { DiscordError, ErrorCode, invalidForm, notFound } from '../errors.js';
import type { RouteRequest, RouteResult } from '../http.js';
import { noContent, ok, optionalString } from '../http.js';
import { createMessage, removeMessage, updateMessage } from '../messages.js';
import { apiMessage } from '../payloads.js';
import type { RecordedMessage, WebhookRecord } from '../state.js';
import { isThreadType } from '../state.js';
import {
  interactionDeleteMessage,
  interactionEditMessage,
  interactionFollowup,
  interactionGetMessage,
} from './interactions.js';
import { messagePatch } from './messages.js';
import { validateWebhookName, webhookFor } from './webhook-rules.js';

/** Flags Execute Webhook accepts. */
const EXECUTE_FLAGS =
  MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

function interactionFor(req: RouteRequest) {
  return req.ctx.state.interactionByToken(req.params.webhookId ?? '', req.params.token ?? '');
}

/** The thread named by `?thread_id=`, which must belong to the webhook's channel. */
function targetChannelId(req: RouteRequest, webhook: WebhookRecord): string {
  const threadId = req.query.get('thread_id');
  if (!threadId) return webhook.channelId;
  const thread = req.ctx.state.channels.get(threadId);
  if (!thread || !isThreadType(thread.type) || thread.parentId !== webhook.channelId) {
    throw notFound(ErrorCode.UnknownChannel, 'Channel');
  }
  return thread.id;
}

export function executeWebhook(req: RouteRequest): RouteResult {
  const interaction = interactionFor(req);
  if (interaction) return interactionFollowup(req, interaction);
  const { ctx } = req;
  const query = Object.fromEntries(req.query.entries());
  const threadId = req.query.get('thread_id') ?? undefined;
  const record = (status: number, webhook?: WebhookRecord, messageId?: string, errorCode?: number): void => {
    ctx.recorder.webhookExecutions.push({
      webhookId: req.params.webhookId ?? '',
      channelId: webhook?.channelId ?? '',
      ...(threadId ? { threadId } : {}),
      body: req.body,
      query,
      status,
      ...(errorCode !== undefined ? { errorCode } : {}),
      ...(messageId ? { messageId } : {}),
      fileNames: req.files.map((f) => f.filename),
      atMs: Date.now(),
    });
    ctx.recorder.changed();
  };
  let webhook: WebhookRecord | undefined;
  try {
    webhook = webhookFor(req);
    const channelId = targetChannelId(req, webhook);
    const username = optionalString(req.body, 'username');
    if (username !== undefined) validateWebhookName('username', username, { execute: true });
    const avatarUrl = optionalString(req.body, 'avatar_url');
    const flags = Number(req.body.flags ?? 0);
    if (flags & ~EXECUTE_FLAGS) {
      throw invalidForm('flags', { code: 'MESSAGE_FLAGS_INVALID', message: 'Invalid message flags' });
    }
    const author: APIUser = {
      id: webhook.id,
      username: username ?? webhook.name,
      discriminator: '0000',
      global_name: null,
      // Discord reports the override's proxied image hash; any stable hash of the URL serves tests.
      avatar: avatarUrl ? createHash('md5').update(avatarUrl).digest('hex') : webhook.avatar,
      bot: true,
    };
    if (threadId) unarchive(req, threadId);
    const patch = messagePatch(req.body);
    const message = createMessage(ctx, {
      channelId,
      author,
      sender: 'webhook',
      content: patch.content ?? '',
      embeds: patch.embeds ?? [],
      components: patch.components ?? [],
      files: req.files,
      flags,
      tts: req.body.tts === true,
      webhookId: webhook.id,
      ...(webhook.applicationId ? { applicationId: webhook.applicationId } : {}),
      ...(avatarUrl ? { avatarUrl } : {}),
      ...(patch.allowedMentions ? { allowedMentions: patch.allowedMentions } : {}),
    });
    record(req.query.get('wait') === 'true' ? 200 : 204, webhook, message.id);
    return req.query.get('wait') === 'true' ? ok(apiMessage(message)) : noContent();
  } catch (err) {
    if (err instanceof DiscordError) record(err.status, webhook, undefined, err.code);
    throw err;
  }
}

/** A message this webhook sent, in the channel or the `?thread_id=` thread. */
function webhookMessage(req: RouteRequest, webhook: WebhookRecord): RecordedMessage {
  const channelId = targetChannelId(req, webhook);
  const message = req.ctx.state.messages.get(req.params.messageId ?? '');
  if (!message || message.deleted || message.webhook_id !== webhook.id || message.channel_id !== channelId) {
    throw notFound(ErrorCode.UnknownMessage, 'Message');
  }
  return message;
}

export function getWebhookMessage(req: RouteRequest): RouteResult {
  const interaction = interactionFor(req);
  if (interaction) return interactionGetMessage(req, interaction);
  return ok(apiMessage(webhookMessage(req, webhookFor(req))));
}

/** Content, embeds, components and attachments can change; username and avatar cannot. */
export function editWebhookMessage(req: RouteRequest): RouteResult {
  const interaction = interactionFor(req);
  if (interaction) return interactionEditMessage(req, interaction);
  const message = webhookMessage(req, webhookFor(req));
  return ok(apiMessage(updateMessage(req.ctx, message, { ...messagePatch(req.body), files: req.files })));
}

export function deleteWebhookMessage(req: RouteRequest): RouteResult {
  const interaction = interactionFor(req);
  if (interaction) return interactionDeleteMessage(req, interaction);
  removeMessage(req.ctx, webhookMessage(req, webhookFor(req)));
  return noContent();
}

/** Executing into an archived thread unarchives it (webhook.mdx, thread_id). */
function unarchive(req: RouteRequest, threadId: string): void {
  const thread = req.ctx.state.channel(threadId);
  if (thread.archived) {
    thread.archived = false;
    emitChannel(req.ctx, thread, 'update');
  }
}
