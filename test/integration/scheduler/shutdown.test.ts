// A process asked to stop right after it started (a deploy rolled back, a crash loop, a test) closes
// its turn queue and worker while their Redis connections are still starting. BullMQ then rejected
// its own start-up promise after close() had removed the listeners it reports to: an unhandled
// "Connection is closed." rejection, which ends a Node process (and failed `npm test` runs). Closed at
// every moment of start-up, the queue and the worker leave nothing unhandled.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { openRedis } from '../../../src/store/redis-connection.js';
import { TurnQueue } from '../../../src/scheduler/turn-queue.js';
import { startTurnWorker } from '../../../src/scheduler/turn-worker.js';
import { createKeys } from '../../../src/store/keys.js';
import { memoryCore } from '../../support/in-memory.js';
import { connectRedis, deletePrefix, TEST_REDIS_URL, uniquePrefix } from '../../support/redis.js';

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => void unhandled.push(reason);
beforeAll(() => void process.on('unhandledRejection', onUnhandled));
afterAll(() => void process.off('unhandledRejection', onUnhandled));

it('GIVEN a queue and a worker closed at every moment of their start-up THEN no rejection is left unhandled', async () => {
  const prefix = uniquePrefix('shutdown');
  const keys = createKeys(prefix);
  const { deps } = memoryCore([]);
  for (let i = 0; i < 40; i++) {
    const redis = openRedis(TEST_REDIS_URL);
    const workerRedis = openRedis(TEST_REDIS_URL);
    const queue = new TurnQueue(redis, redis, keys);
    const worker = startTurnWorker(deps, workerRedis, redis, keys);
    // From at once to a few milliseconds in: the window BullMQ's start-up leaves open moves with load.
    await new Promise((resolve) => setTimeout(resolve, i % 8));
    await worker.close();
    await queue.close();
    await workerRedis.quit();
    await redis.quit();
  }
  // Rejections surface on the next turns of the event loop.
  await new Promise((resolve) => setTimeout(resolve, 200));
  expect(unhandled).toEqual([]);
  const cleanup = connectRedis();
  await deletePrefix(cleanup, prefix);
  await deletePrefix(cleanup, keys.bullPrefix);
  await cleanup.quit();
}, 60_000);
