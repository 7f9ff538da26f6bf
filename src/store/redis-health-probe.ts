// Does Redis answer? For /healthz: a connection that is not ready fails at once (ioredis would queue the
// PING until it reconnects), and a ready one must answer PING within a short timeout. On a Redis Cluster
// every master must answer (a lost master takes its slots, and so some channels, with it) and the
// cluster must say `cluster_state:ok` (else every node refuses keyed commands with CLUSTERDOWN).
import { Cluster } from 'ioredis';
import type { HealthProbe } from '../http/health-routes.js';
import type { RedisClient } from './redis-connection.js';

/** How long a PING may take before Redis counts as not answering, ms. */
export const REDIS_PING_TIMEOUT_MS = 1_000;

export function redisHealthProbe(redis: RedisClient, timeoutMs = REDIS_PING_TIMEOUT_MS): HealthProbe {
  return {
    name: 'redis',
    async check() {
      if (redis.status !== 'ready') return `not connected (${redis.status})`;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer to PING within ${timeoutMs} ms`), timeoutMs);
      });
      try {
        const answer = redis instanceof Cluster ? checkCluster(redis) : checkServer(redis);
        return await Promise.race([
          answer.catch((err: unknown) => `PING failed: ${err instanceof Error ? err.message : String(err)}`),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}

async function checkServer(redis: RedisClient): Promise<string | undefined> {
  return (await redis.ping()) === 'PONG' ? undefined : 'unexpected PING reply';
}

async function checkCluster(cluster: Cluster): Promise<string | undefined> {
  const masters = cluster.nodes('master');
  if (masters.length === 0) return 'no cluster master known';
  const problems = await Promise.all(
    masters.map(async (node) => {
      const where = `${node.options.host}:${node.options.port}`;
      if (node.status !== 'ready') return `master ${where} not connected (${node.status})`;
      const reply = await node
        .ping()
        .catch((err: unknown) => (err instanceof Error ? err.message : 'failed'));
      return reply === 'PONG' ? undefined : `master ${where}: ${reply}`;
    }),
  );
  const first = problems.find((problem) => problem !== undefined);
  if (first) return first;
  const info = await masters[0]!.cluster('INFO');
  const state = /^cluster_state:(\w+)/m.exec(info)?.[1];
  return state === 'ok' ? undefined : `cluster_state:${state ?? 'unknown'}`;
}
