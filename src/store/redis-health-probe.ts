// Does Redis answer? For /healthz: a connection that is not ready fails at once (ioredis would queue the
// PING until it reconnects), and a ready one must answer PING within a short timeout. On a Redis Cluster
// every master that owns slots must answer (a lost master takes its slots, and so some channels, with
// it) and the cluster must say `cluster_state:ok` (else every node refuses keyed commands, CLUSTERDOWN).
import { Cluster } from 'ioredis';
import type { HealthProbe } from '../http/health-routes.js';
import type { RedisClient } from './redis-connection.js';
import { withTimeout } from '../with-timeout.js';

/** How long a PING may take before Redis counts as not answering, ms. */
export const REDIS_PING_TIMEOUT_MS = 1_000;

export function redisHealthProbe(redis: RedisClient, timeoutMs = REDIS_PING_TIMEOUT_MS): HealthProbe {
  return {
    name: 'redis',
    async check() {
      if (redis.status !== 'ready') return `not connected (${redis.status})`;
      const answer = redis instanceof Cluster ? checkCluster(redis) : checkServer(redis);
      return withTimeout(
        answer.catch((err: unknown) => `PING failed: ${err instanceof Error ? err.message : String(err)}`),
        timeoutMs,
        `no answer to PING within ${timeoutMs} ms`,
      );
    },
  };
}

async function checkServer(redis: RedisClient): Promise<string | undefined> {
  return (await redis.ping()) === 'PONG' ? undefined : 'unexpected PING reply';
}

/**
 * Every master that owns slots (ioredis's slot table, refreshed from CLUSTER SLOTS) answers PING. A lost
 * master drops out of ioredis's node list at once, but the cluster keeps it as the owner of its slots, so
 * the slot table is what names it. Node connections open on first use: a PING opens them.
 */
async function checkCluster(cluster: Cluster): Promise<string | undefined> {
  const owners = new Set(cluster.slots.flatMap((nodes) => (nodes?.[0] ? [nodes[0]] : [])));
  if (owners.size === 0) return 'no cluster slots known';
  const connected = new Map(
    cluster.nodes('master').map((node) => [`${node.options.host}:${node.options.port}`, node]),
  );
  const problems = await Promise.all(
    [...owners].sort().map(async (where) => {
      const node = connected.get(where);
      if (!node) return `master ${where} not connected`;
      const reply = await node
        .ping()
        .catch((err: unknown) => (err instanceof Error ? err.message : 'failed'));
      return reply === 'PONG' ? undefined : `master ${where}: ${reply}`;
    }),
  );
  const first = problems.find((problem) => problem !== undefined);
  if (first) return first;
  const info = await connected.get([...owners][0]!)!.cluster('INFO');
  const state = /^cluster_state:(\w+)/m.exec(info)?.[1];
  return state === 'ok' ? undefined : `cluster_state:${state ?? 'unknown'}`;
}
