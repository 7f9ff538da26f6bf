// GET /healthz and GET /readyz. Liveness: the process answers and its dependencies that it cannot work
// without (Redis) answer too; an orchestrator restarts a process that stays unhealthy. Readiness:
// liveness plus what it needs before it can take work (every Discord shard it owns is READY, in a
// gateway role); a load balancer or a rolling deploy waits for it. A failing check answers 503 with one
// line per problem, so `curl` (or the compose health check) says why.
import type { HttpResponse, HttpRoutes } from './http-server.js';

/** One thing a check looks at. */
export interface HealthProbe {
  /** Short and stable: `redis`, `discord`. */
  name: string;
  /** What is wrong, or undefined when all is well. Never throws: a failure is a value. */
  check(): Promise<string | undefined>;
}

export interface HealthProbes {
  /** What /healthz and /readyz both require. */
  live: readonly HealthProbe[];
  /** What only /readyz requires. */
  ready: readonly HealthProbe[];
}

export function mountHealthRoutes(routes: HttpRoutes, probes: HealthProbes): void {
  routes.get('/healthz', () => runProbes(probes.live));
  routes.get('/readyz', () => runProbes([...probes.live, ...probes.ready]));
}

async function runProbes(probes: readonly HealthProbe[]): Promise<HttpResponse> {
  const results = await Promise.all(
    probes.map(async (probe) => {
      const problem = await probe
        .check()
        .catch((err: unknown) => (err instanceof Error ? err.message : 'failed'));
      return problem === undefined ? undefined : `${probe.name}: ${problem}`;
    }),
  );
  const problems = results.filter((line): line is string => line !== undefined);
  return problems.length === 0
    ? { status: 200, body: 'ok\n' }
    : { status: 503, body: `${problems.join('\n')}\n` };
}
