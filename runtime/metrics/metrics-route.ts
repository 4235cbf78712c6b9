/**
 * GET /metrics: the node's prom-client registry (built-in metrics, few series, rendered at
 * once) followed by the script metrics, streamed in chunks that yield to the event loop
 * (helpers/prometheus/exposition.ts), so a large scrape does not stall capture or other
 * requests. Content type `text/plain; version=0.0.4; charset=utf-8`.
 */
import type Router from '@koa/router';
import type { Registry } from 'prom-client';
import { Readable } from 'node:stream';
import { renderScriptMetrics } from '../../helpers/prometheus/exposition.ts';
import type { ScriptMetrics } from '../../helpers/prometheus/script-metrics.ts';

/** The whole exposition text, in chunks. */
export async function* metricsText(registry: Registry, store: ScriptMetrics): AsyncGenerator<string> {
  yield await registry.metrics();
  yield* renderScriptMetrics(store);
}

export function mountMetricsRoute(router: Router, registry: Registry, store: ScriptMetrics): void {
  router.get('/metrics', (ctx) => {
    ctx.set('Content-Type', registry.contentType);
    ctx.set('Cache-Control', 'no-store');
    ctx.body = Readable.from(metricsText(registry, store), { objectMode: false });
  });
}
