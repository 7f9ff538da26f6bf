// Closing a BullMQ queue or worker while its Redis connections are still starting up (between ioredis'
// `ready` and BullMQ's own INFO check, a window that widens on a busy machine) leaves BullMQ's start-up
// promise to reject once the connection is closed, after close() has removed the listeners it would
// report to: an unhandled "Connection is closed." rejection, which ends a Node process. So a queue or
// worker is allowed to finish starting before it is closed, for a bounded time (a Redis that is down at
// shutdown must not hold the process).
import { setTimeout as sleep } from 'node:timers/promises';

/** How long a closing queue or worker may wait for its connections to finish starting, ms. */
export const READY_BEFORE_CLOSE_MS = 2_000;

export async function readyBeforeClose(
  target: { waitUntilReady(): Promise<unknown> },
  withinMs = READY_BEFORE_CLOSE_MS,
): Promise<void> {
  const gaveUp = new AbortController();
  await Promise.race([
    target.waitUntilReady().catch(() => undefined),
    sleep(withinMs, undefined, { signal: gaveUp.signal, ref: false }).catch(() => undefined),
  ]);
  gaveUp.abort();
}
