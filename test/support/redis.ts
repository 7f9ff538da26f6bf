// Real Redis for integration tests: one connection per test file, one key prefix per test, and the
// prefix's keys deleted afterwards.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createKeys, type Keys } from '../../src/store/keys.js';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function connectRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** A key prefix no other test uses. */
export function uniquePrefix(label = 'test'): string {
  return `t-${label}-${randomUUID().slice(0, 8)}`;
}

/** Deletes every key under a prefix (SCAN, never KEYS). */
export async function deletePrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}

/** What `redisPerTest` hands a test file: two connections, and this test's prefix and keys. */
export interface RedisPerTest {
  /** The file's main connection. */
  readonly redis: Redis;
  /** A second connection, as another process would have. */
  readonly other: Redis;
  readonly prefix: string;
  readonly keys: Keys;
}

/**
 * Registers the usual hooks of a store test file: two connections for the file, a fresh prefix (and its
 * keys) for every test, deleted after it. Read the fields inside tests, not at the top of the file.
 */
export function redisPerTest(label: string): RedisPerTest {
  const state = {} as { redis: Redis; other: Redis; prefix: string; keys: Keys };
  beforeAll(() => {
    state.redis = connectRedis();
    state.other = connectRedis();
  });
  afterAll(async () => {
    await Promise.all([state.redis.quit(), state.other.quit()]);
  });
  beforeEach(() => {
    state.prefix = uniquePrefix(label);
    state.keys = createKeys(state.prefix);
  });
  afterEach(async () => {
    await deletePrefix(state.redis, state.prefix);
  });
  return state;
}
