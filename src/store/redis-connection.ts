// Connecting to Redis (one server, or a Redis Cluster), and for the playground, starting a private
// redis-server when none answers.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { Cluster, Redis, type ClusterOptions } from 'ioredis';
import type { RedisClusterConfig } from '../config.js';
import { withTimeout } from '../with-timeout.js';

/**
 * What every store, lock and BullMQ queue talks to: one Redis server or a Redis Cluster. Both have the
 * same commands, transactions and scripts; on a cluster every command, MULTI and script must keep its
 * keys on one slot (the hash tags of keys.ts), and SCAN or KEYS sees only the node it is sent to.
 */
export type RedisClient = Redis | Cluster;

/** Where Redis is: a `redis://` URL, or a cluster's seed nodes (REDIS_CLUSTER_NODES). */
export type RedisTarget = { url: string } | { cluster: RedisClusterConfig };

/** How long a cluster probe waits for the cluster to be ready (slots known, `cluster_state:ok`), ms. */
const CLUSTER_PROBE_TIMEOUT_MS = 3_000;

/**
 * How often the cluster client reloads the slot table (CLUSTER SLOTS), ms. ioredis does not by default:
 * it learns of a moved slot from a MOVED reply, but a master that comes back after a crash (dropped from
 * its node list) would otherwise stay unknown, and /healthz would name it lost, until a command of
 * its slots happened to run.
 */
export const CLUSTER_SLOTS_REFRESH_MS = 5_000;

/** The ioredis Cluster options: BullMQ's `maxRetriesPerRequest: null` and the nodes' shared TLS and auth. */
function clusterOptions(cluster: RedisClusterConfig): ClusterOptions {
  return {
    enableReadyCheck: true,
    slotsRefreshInterval: CLUSTER_SLOTS_REFRESH_MS,
    redisOptions: {
      maxRetriesPerRequest: null,
      ...(cluster.username !== undefined ? { username: cluster.username } : {}),
      ...(cluster.password !== undefined ? { password: cluster.password } : {}),
      ...(cluster.tls ? { tls: {} } : {}),
    },
  };
}

/** A connection suitable for BullMQ too (it requires `maxRetriesPerRequest: null`). */
export function openRedis(target: RedisTarget | string): RedisClient {
  const where = typeof target === 'string' ? { url: target } : target;
  if ('cluster' in where) return new Cluster(where.cluster.nodes, clusterOptions(where.cluster));
  return new Redis(where.url, { maxRetriesPerRequest: null, enableReadyCheck: true });
}

/**
 * True when Redis answers within `timeoutMs`: the server answers PING, or the cluster is ready (its
 * slots are known and a seed node reports `cluster_state:ok`) and answers PING.
 */
export async function redisAnswers(target: RedisTarget | string, timeoutMs = 1_500): Promise<boolean> {
  const where = typeof target === 'string' ? { url: target } : target;
  if ('cluster' in where) return clusterAnswers(where.cluster, Math.max(timeoutMs, CLUSTER_PROBE_TIMEOUT_MS));
  const probe = new Redis(where.url, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: timeoutMs,
  });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}

async function clusterAnswers(cluster: RedisClusterConfig, timeoutMs: number): Promise<boolean> {
  const options = clusterOptions(cluster);
  const probe = new Cluster(cluster.nodes, {
    ...options,
    lazyConnect: true,
    clusterRetryStrategy: () => null,
    redisOptions: { ...options.redisOptions, maxRetriesPerRequest: 0, connectTimeout: timeoutMs },
  });
  probe.on('error', () => undefined);
  const answers = probe
    .connect()
    .then(async () => (await probe.ping()) === 'PONG')
    .catch(() => false);
  try {
    return await withTimeout(answers, timeoutMs, false);
  } finally {
    probe.disconnect();
  }
}

export interface PrivateRedis {
  url: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject()));
    });
  });
}

/**
 * Starts `redis-server` on a free loopback port, persisting (AOF) to `dataDir`. Throws a message that
 * says how to get Redis when the binary is missing.
 */
export async function startPrivateRedis(dataDir: string, binary = 'redis-server'): Promise<PrivateRedis> {
  const dir = resolve(dataDir, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(
    binary,
    ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''],
    { stdio: 'ignore' },
  );
  const spawnError = new Promise<never>((_, reject) =>
    child.once('error', (err: NodeJS.ErrnoException) =>
      reject(
        new Error(
          err.code === 'ENOENT'
            ? 'No Redis answers at REDIS_URL and redis-server is not installed. Start one with ' +
                '`docker compose up -d redis`, or install it (`sudo apt-get install redis-server`), or set REDIS_URL.'
            : `Could not start redis-server: ${err.message}`,
        ),
      ),
    ),
  );
  const url = `redis://127.0.0.1:${port}`;
  const ready = (async () => {
    for (let i = 0; i < 50; i++) {
      if (await redisAnswers(url, 500)) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('redis-server did not start within 5 s');
  })();
  await Promise.race([ready, spawnError]);
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
