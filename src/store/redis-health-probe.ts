// Does Redis answer? For /healthz: a connection that is not ready fails at once (ioredis would queue the
// PING until it reconnects), and a ready one must answer PING within a short timeout.
import type { Redis } from 'ioredis';
import type { HealthProbe } from '../http/health-routes.js';

/** How long a PING may take before Redis counts as not answering, ms. */
export const REDIS_PING_TIMEOUT_MS = 1_000;

export function redisHealthProbe(redis: Redis, timeoutMs = REDIS_PING_TIMEOUT_MS): HealthProbe {
  return {
    name: 'redis',
    async check() {
      if (redis.status !== 'ready') return `not connected (${redis.status})`;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<string>((resolve) => {
        timer = setTimeout(() => resolve(`no answer to PING within ${timeoutMs} ms`), timeoutMs);
      });
      try {
        return await Promise.race([
          redis.ping().then(
            (reply) => (reply === 'PONG' ? undefined : `unexpected PING reply`),
            (err: unknown) => `PING failed: ${err instanceof Error ? err.message : String(err)}`,
          ),
          timeout,
        ]);
      } finally {
        clearTimeout(timer);
      }
    },
  };
}
