// Real Redis for integration tests: one connection per test file, one key prefix per test, and the
// prefix's keys deleted afterwards.
import { randomUUID } from 'node:crypto';
import { Cluster, Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createKeys, type Keys } from '../../src/store/keys.js';
import { openRedis, type RedisClient } from '../../src/store/redis-connection.js';
import { ensureRedisCluster } from './redis-cluster.js';

export const TEST_REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

export function connectRedis(): Redis {
  return new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: null, lazyConnect: false });
}

/** A key prefix no other test uses. */
export function uniquePrefix(label = 'test'): string {
  return `t-${label}-${randomUUID().slice(0, 8)}`;
}

/** A connection to the local test Redis Cluster (started if need be), as the app opens one. */
export async function connectCluster(): Promise<Cluster> {
  return openRedis({ cluster: await ensureRedisCluster() }) as Cluster;
}

/**
 * Every key under a prefix (SCAN, never KEYS). On a cluster each master holds only its own slots' keys,
 * so every master is scanned.
 */
export async function scanPrefix(redis: RedisClient, prefix: string): Promise<string[]> {
  const nodes = redis instanceof Cluster ? redis.nodes('master') : [redis];
  const found: string[] = [];
  for (const node of nodes) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      found.push(...keys);
    } while (cursor !== '0');
  }
  return found;
}

/**
 * Deletes every key under a prefix. One UNLINK per key: on a cluster a command's keys must share a slot,
 * and keys of different channels do not.
 */
export async function deletePrefix(redis: RedisClient, prefix: string): Promise<void> {
  const keys = await scanPrefix(redis, prefix);
  if (keys.length === 0) return;
  await Promise.all(keys.map((key) => redis.unlink(key)));
}

/** What `redisPerTest` hands a test file: two connections, and this test's prefix and keys. */
export interface RedisPerTest<Client extends RedisClient = Redis> {
  /** The file's main connection. */
  readonly redis: Client;
  /** A second connection, as another process would have. */
  readonly other: Client;
  readonly prefix: string;
  readonly keys: Keys;
}

/**
 * Registers the usual hooks of a store test file: two connections for the file, a fresh prefix (and its
 * keys) for every test, deleted after it. Read the fields inside tests, not at the top of the file.
 */
export function redisPerTest(label: string): RedisPerTest {
  return perTest(label, async () => connectRedis());
}

/** `redisPerTest` on the local Redis Cluster (started if need be): both connections are cluster clients. */
export function clusterPerTest(label: string): RedisPerTest<Cluster> {
  return perTest(label, connectCluster);
}

function perTest<Client extends RedisClient>(
  label: string,
  connect: () => Promise<Client>,
): RedisPerTest<Client> {
  const state = {} as { redis: Client; other: Client; prefix: string; keys: Keys };
  beforeAll(async () => {
    state.redis = await connect();
    state.other = await connect();
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
