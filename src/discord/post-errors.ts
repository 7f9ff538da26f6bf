// Errors from posting, with Discord's code and status but without the request URL: a webhook's URL
// carries its token, and discord.js's DiscordAPIError keeps the URL (and the body) on the error object,
// where a logger serialising `{ err }` would print it.
import { DiscordAPIError, HTTPError } from 'discord.js';
import { StagePostError } from '../core/errors.js';
import { redactDiscordTokens } from '../logger.js';

/** Discord's JSON error codes Troupe reacts to. */
export const DiscordCode = {
  UnknownChannel: 10003,
  UnknownMessage: 10008,
  UnknownWebhook: 10015,
  MaxWebhooks: 30007,
  MissingAccess: 50001,
  MissingPermissions: 50013,
  AlreadyAcknowledged: 40060,
  UnknownInteraction: 10062,
} as const;

/** A failed Discord call as the core's StagePostError (see there), without the URL or the body. */
export class DiscordPostError extends StagePostError {
  override readonly name = 'DiscordPostError';
}

/** Discord's error code of a failed REST call, if it was one. */
export function discordCode(err: unknown): number | string | undefined {
  if (err instanceof DiscordAPIError || err instanceof DiscordPostError) return err.code;
  return undefined;
}

/**
 * The same failure without anything secret in it; `postedIds` are the messages of the same reply that
 * were posted before it.
 */
export function sanitizePostError(
  err: unknown,
  what: string,
  postedIds: readonly string[] = [],
): DiscordPostError {
  if (err instanceof DiscordAPIError) {
    return new DiscordPostError(`${what}: ${err.message} (${err.code})`, err.code, err.status, postedIds);
  }
  if (err instanceof DiscordPostError) {
    return postedIds.length === 0 ? err : new DiscordPostError(err.message, err.code, err.status, postedIds);
  }
  // A 5xx after @discordjs/rest's own retries: its status text, never its URL.
  if (err instanceof HTTPError) {
    return new DiscordPostError(
      `${what}: HTTP ${err.status} ${err.message}`,
      undefined,
      err.status,
      postedIds,
    );
  }
  const message = err instanceof Error ? err.message : String(err);
  // Network errors can quote the URL too; keep only the first line, without its token.
  return new DiscordPostError(
    `${what}: ${redactDiscordTokens(message.split('\n')[0]!)}`,
    undefined,
    undefined,
    postedIds,
  );
}
