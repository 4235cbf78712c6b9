/**
 * Items API (docs/api.md): the traffic table's pages and one item's detail.
 *
 *   GET /api/items?filter=KFL&from=&to=&limit=&cursor=  → { rows, nextCursor, scanned }
 *   GET /api/items/:id                                   → { item, scripts }
 *
 * Pages are newest first; `nextCursor` continues with older items (stable while new ones
 * arrive) and is also returned when the scan budget ran out before `limit` rows were found
 * (fewer rows, keep paging). Opening an item fires `onItemQueried` in the scripts.
 */
import type Router from '@koa/router';
import { decodeCursor, encodeCursor } from '../../../runtime/hub/item-cursor.ts';
import { toItemRow } from '../../../runtime/hub/item-row.ts';
import { queryItem } from '../../../runtime/hub/query-item.ts';
import { HttpError } from '../http-server.ts';
import type { DashboardContext } from './dashboard-context.ts';
import { badParam, filterParam, intParam, param, timeParam } from './query-params.ts';

/** Rows per page at most (api.md). */
export const MAX_PAGE = 500;
const MAX_ID_LENGTH = 512;
const CONTROL = /\p{Cc}/u;

/** Item ids are `<worker>/<stream>-<index>`; anything printable up to 512 characters is looked up. */
export function checkItemId(id: string): string {
  if (!id || id.length > MAX_ID_LENGTH || CONTROL.test(id)) throw new HttpError(400, 'ERR_BAD_ID', `not an item id (printable text up to ${MAX_ID_LENGTH} characters, URL-encoded)`);
  return id;
}

export function mountItems(router: Router, d: DashboardContext): void {
  router.get('/api/items', async (ctx) => {
    const filter = filterParam(ctx, 'filter');
    const from = timeParam(ctx, 'from');
    const to = timeParam(ctx, 'to');
    const limit = intParam(ctx, 'limit', { min: 1, max: MAX_PAGE, def: 100 });
    const c = param(ctx, 'cursor');
    let before: number | null = null;
    if (c) {
      before = decodeCursor(c);
      if (before === null) throw badParam('cursor', 'is not a cursor from a previous page');
    }
    const page = await d.store.query({ filter, from, to, limit, before });
    ctx.body = {
      rows: page.items.map((s) => toItemRow(s.item)),
      nextCursor: page.next === null ? null : encodeCursor(page.next),
      scanned: page.scanned,
    };
  });

  router.get('/api/items/:id', async (ctx) => {
    const id = checkItemId(ctx.params.id);
    const item = await d.store.get(id);
    if (!item) throw new HttpError(404, 'ERR_ITEM_NOT_FOUND', `no item "${id}" in the store (it may have been evicted)`);
    ctx.body = await queryItem(d.node.runtime.dispatcher, item);
  });
}
