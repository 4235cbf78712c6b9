/**
 * Service maps (docs/api.md):
 *
 *   GET /api/maps/l4?from&to&group&filter  → { nodes, edges: L4Edge[] }   filter: KFL on endpoints
 *   GET /api/maps/l7?from&to&group&filter  → { nodes, edges: L7Edge[], protocols }   filter: KFL on items
 *
 * `group` is namespace (default) | node | pod | service. Windows are rounded out to the
 * aggregation buckets (config maps.bucketSeconds); no window = everything kept.
 */
import type Router from '@koa/router';
import type { MapQuery } from '../../../runtime/hub/maps/service-maps.ts';
import type { Context } from 'koa';
import type { DashboardContext } from './dashboard-context.ts';
import { filterParam, groupParam, timeParam } from './query-params.ts';

function mapQuery(ctx: Context): MapQuery {
  return { from: timeParam(ctx, 'from'), to: timeParam(ctx, 'to'), group: groupParam(ctx), filter: filterParam(ctx, 'filter') };
}

export function mountMaps(router: Router, d: DashboardContext): void {
  router.get('/api/maps/l4', (ctx) => {
    ctx.body = d.maps.l4Map(mapQuery(ctx));
  });
  router.get('/api/maps/l7', async (ctx) => {
    ctx.body = await d.maps.l7Map(mapQuery(ctx));
  });
}
