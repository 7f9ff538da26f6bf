// Channel webhooks, the way Troupe's personas speak: list/create on a channel (name rules, the 15-per-
// channel cap → 30007), get/edit/delete by id (bot auth) or by id + token, execute with username and
// avatar_url overrides (optionally into a thread), and edit/delete the messages a webhook sent.
// (Execution and webhook messages are in webhook-execute.ts.)
import { ChannelType, PermissionFlagsBits } from 'discord-api-types/v10';
import { emitWebhooksUpdate } from '../events.js';
import { DiscordError, ErrorCode, invalidForm, missingPermissions } from '../errors.js';
import type { Route, RouteRequest, RouteResult } from '../http.js';
import { noContent, ok, optionalString, requireBot } from '../http.js';
import { apiWebhook } from '../payloads.js';
import { guildPermissions } from '../permissions.js';
import { nextSnowflake, randomToken } from '../snowflake.js';
import type { WebhookRecord } from '../state.js';
import { isThreadType } from '../state.js';
import { channelFor } from './access.js';
import {
  deleteWebhookMessage,
  editWebhookMessage,
  executeWebhook,
  getWebhookMessage,
} from './webhook-execute.js';
import { avatarHash, validateWebhookName, webhookFor } from './webhook-rules.js';

function createWebhook(req: RouteRequest): RouteResult {
  const { bot, channel } = channelFor(req, PermissionFlagsBits.ManageWebhooks);
  if (!channel.guildId || isThreadType(channel.type) || channel.type === ChannelType.GuildCategory) {
    throw new DiscordError(400, 50024, 'Cannot execute action on this channel type');
  }
  const name = optionalString(req.body, 'name') ?? '';
  validateWebhookName('name', name, { execute: false });
  const cap = req.ctx.options.webhooksPerChannel;
  if (req.ctx.state.channelWebhooks(channel.id).length >= cap) {
    throw new DiscordError(400, ErrorCode.MaxWebhooks, `Maximum number of webhooks reached (${cap})`);
  }
  const webhook: WebhookRecord = {
    id: nextSnowflake(),
    token: randomToken(51),
    channelId: channel.id,
    guildId: channel.guildId,
    name,
    avatar: avatarHash(req.body.avatar),
    applicationId: bot.applicationId,
    creatorId: bot.userId,
  };
  req.ctx.state.webhooks.set(webhook.id, webhook);
  emitWebhooksUpdate(req.ctx, webhook.guildId, webhook.channelId);
  req.ctx.recorder.changed();
  return ok(apiWebhook(req.ctx.state, webhook));
}

function modifyWebhook(req: RouteRequest): RouteResult {
  const webhook = webhookFor(req);
  const name = optionalString(req.body, 'name');
  if (name !== undefined) validateWebhookName('name', name, { execute: false });
  const moveTo = optionalString(req.body, 'channel_id');
  if (moveTo !== undefined) {
    // Moving needs a bot (not just the token) with Manage Webhooks in the target channel.
    if (req.params.token !== undefined)
      throw invalidForm('channel_id', { code: 'BASE_TYPE_INVALID', message: 'Not allowed with a token.' });
    req.params.channelId = moveTo;
    channelFor(req, PermissionFlagsBits.ManageWebhooks);
  }
  const oldChannelId = webhook.channelId;
  if (name !== undefined) webhook.name = name;
  if ('avatar' in req.body) webhook.avatar = avatarHash(req.body.avatar);
  if (moveTo !== undefined) webhook.channelId = moveTo;
  emitWebhooksUpdate(req.ctx, webhook.guildId, oldChannelId);
  if (moveTo !== undefined && moveTo !== oldChannelId) emitWebhooksUpdate(req.ctx, webhook.guildId, moveTo);
  req.ctx.recorder.changed();
  return ok(apiWebhook(req.ctx.state, webhook));
}

function deleteWebhookRoute(req: RouteRequest): RouteResult {
  const webhook = webhookFor(req);
  req.ctx.state.webhooks.delete(webhook.id);
  emitWebhooksUpdate(req.ctx, webhook.guildId, webhook.channelId);
  req.ctx.recorder.changed();
  return noContent();
}

export const webhookRoutes: Route[] = [
  {
    method: 'GET',
    pattern: '/channels/:channelId/webhooks',
    auth: 'bot',
    handle: (req) => {
      const { channel } = channelFor(req, PermissionFlagsBits.ManageWebhooks);
      return ok(req.ctx.state.channelWebhooks(channel.id).map((w) => apiWebhook(req.ctx.state, w)));
    },
  },
  { method: 'POST', pattern: '/channels/:channelId/webhooks', auth: 'bot', handle: createWebhook },
  {
    method: 'GET',
    pattern: '/guilds/:guildId/webhooks',
    auth: 'bot',
    handle: (req) => {
      const bot = requireBot(req);
      const guildId = req.params.guildId ?? '';
      const perms = guildPermissions(req.ctx.state, guildId, bot.userId);
      if (req.ctx.options.enforcePermissions && !(perms & PermissionFlagsBits.ManageWebhooks))
        throw missingPermissions();
      const webhooks = [...req.ctx.state.webhooks.values()].filter((w) => w.guildId === guildId);
      return ok(webhooks.map((w) => apiWebhook(req.ctx.state, w)));
    },
  },
  ...(['/webhooks/:webhookId', '/webhooks/:webhookId/:token'] as const).flatMap((pattern): Route[] => {
    const auth = pattern.endsWith(':token') ? 'none' : 'bot';
    return [
      { method: 'GET', pattern, auth, handle: (req) => ok(apiWebhook(req.ctx.state, webhookFor(req))) },
      { method: 'PATCH', pattern, auth, handle: modifyWebhook },
      { method: 'DELETE', pattern, auth, handle: deleteWebhookRoute },
    ];
  }),
  { method: 'POST', pattern: '/webhooks/:webhookId/:token', auth: 'none', handle: executeWebhook },
  {
    method: 'GET',
    pattern: '/webhooks/:webhookId/:token/messages/:messageId',
    auth: 'none',
    handle: getWebhookMessage,
  },
  {
    method: 'PATCH',
    pattern: '/webhooks/:webhookId/:token/messages/:messageId',
    auth: 'none',
    handle: editWebhookMessage,
  },
  {
    method: 'DELETE',
    pattern: '/webhooks/:webhookId/:token/messages/:messageId',
    auth: 'none',
    handle: deleteWebhookMessage,
  },
];
