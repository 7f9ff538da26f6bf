// GET /metrics: the app's registry in Prometheus' text format, for a Prometheus scrape (or `curl`).
import type { HttpRoutes } from '../http/http-server.js';
import type { TroupeMetrics } from './troupe-metrics.js';

export function mountMetricsRoute(routes: HttpRoutes, metrics: Pick<TroupeMetrics, 'registry'>): void {
  routes.get('/metrics', async () => ({
    status: 200,
    headers: { 'content-type': metrics.registry.contentType },
    body: await metrics.registry.metrics(),
  }));
}
