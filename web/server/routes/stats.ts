/**
 * Node stats (docs/api.md; runtime/hub/node-stats.ts):
 *
 *   GET /api/stats → { node, role, uptimeS, packets, bytes, items, itemsPerSec, drops,
 *                      anomalies, flowsActive, scripts, store }
 */
import type Router from '@koa/router';
import type { DashboardContext } from './dashboard-context.ts';

export function mountStats(router: Router, d: DashboardContext): void {
  router.get('/api/stats', (ctx) => {
    ctx.body = d.stats();
  });
}
