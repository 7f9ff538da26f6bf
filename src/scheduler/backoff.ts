// How long a failed turn waits before its next attempt: the server's Retry-After when it gave one,
// otherwise exponential from 1 s, capped, with jitter so that many channels don't retry in step.
import { isModelError } from '../core/errors.js';

export const BASE_BACKOFF_MS = 1_000;
export const MAX_BACKOFF_MS = 30_000;

export function turnBackoffMs(
  attemptsMade: number,
  err: unknown,
  random: () => number = Math.random,
): number {
  if (isModelError(err) && err.retryAfterMs !== undefined)
    return Math.min(err.retryAfterMs, 5 * MAX_BACKOFF_MS);
  const exponential = Math.min(MAX_BACKOFF_MS, BASE_BACKOFF_MS * 2 ** Math.max(0, attemptsMade - 1));
  return Math.round(exponential * (0.75 + 0.5 * random()));
}
