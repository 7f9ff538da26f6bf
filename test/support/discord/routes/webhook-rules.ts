// Rules shared by the webhook routes: Discord's name rules (for the webhook's name and the per-message
// `username` override), avatar data URIs, and finding a webhook by id (bot auth) or id + token.
import { createHash } from 'node:crypto';
import { PermissionFlagsBits } from 'discord-api-types/v10';
import { DiscordError, ErrorCode, invalidForm } from '../errors.js';
import type { RouteRequest } from '../http.js';
import type { WebhookRecord } from '../state.js';
import { channelFor } from './access.js';

const MAX_NAME_LENGTH = 80;
const FORBIDDEN_IN_NAMES = ['clyde', 'discord'];

/** Discord's webhook name rules (also applied to the per-message `username` override). */
export function validateWebhookName(field: string, name: string, { execute }: { execute: boolean }): void {
  if (name.length < 1 || name.length > MAX_NAME_LENGTH) {
    throw invalidForm(field, {
      code: 'BASE_TYPE_BAD_LENGTH',
      message: `Must be between 1 and ${MAX_NAME_LENGTH} in length.`,
    });
  }
  const lower = name.toLowerCase();
  const banned = FORBIDDEN_IN_NAMES.find((word) => lower.includes(word));
  if (banned) {
    throw invalidForm(field, {
      code: 'USERNAME_INVALID_CONTAINS',
      message: `Username cannot contain "${banned}"`,
    });
  }
  if (execute && (lower === 'everyone' || lower === 'here')) {
    throw invalidForm(field, { code: 'USERNAME_INVALID', message: `Username cannot be "${name}"` });
  }
}

/** A webhook avatar must be a data URI (discord.js turns URLs and Buffers into one before sending). */
export function avatarHash(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || !value.startsWith('data:image/')) {
    throw invalidForm('avatar', { code: 'IMAGE_INVALID', message: 'Invalid image data' });
  }
  return createHash('md5').update(value).digest('hex');
}

/** The webhook for `:webhookId`, checked against `:token` when the route has one. */
export function webhookFor(req: RouteRequest): WebhookRecord {
  const webhook = req.ctx.state.webhook(req.params.webhookId ?? '');
  if (req.params.token !== undefined && req.params.token !== webhook.token) {
    throw new DiscordError(401, ErrorCode.InvalidWebhookToken, 'Invalid Webhook Token');
  }
  if (req.params.token === undefined) {
    // Without the token, the bot needs Manage Webhooks in the webhook's channel.
    req.params.channelId = webhook.channelId;
    channelFor(req, PermissionFlagsBits.ManageWebhooks);
  }
  return webhook;
}
