/**
 * Script consoles (docs/api.md): the last lines a script wrote, oldest first. Live lines
 * stream over the WebSocket (`consoles` subscription).
 *
 *   GET /api/scripts/:id/console?limit=  → { lines: [{ts, level, text}] }
 */
import type Router from '@koa/router';
import type { ConsoleLine } from '../../../runtime/console.ts';
import type { DashboardContext } from './dashboard-context.ts';
import { intParam } from './query-params.ts';

export interface ConsoleLineView {
  ts: number;
  level: 'log' | 'error';
  text: string;
}

export function consoleLineView(l: ConsoleLine): ConsoleLineView {
  return { ts: l.time, level: l.level, text: l.text };
}

export function mountConsoles(router: Router, d: DashboardContext): void {
  router.get('/api/scripts/:id/console', (ctx) => {
    const id = d.node.scripts.get(ctx.params.id).id;
    const c = d.node.runtime.console(id);
    const limit = intParam(ctx, 'limit', { min: 1, max: c.capacity, def: Math.min(500, c.capacity) });
    const lines = c.lines();
    ctx.body = { lines: lines.slice(Math.max(0, lines.length - limit)).map(consoleLineView) };
  });
}
