/**
 * The dashboard UI's static files (built by the UI into `web/ui/dist/`):
 *
 *   GET /               → index.html
 *   GET /assets/<path>  → dist/assets/<path>
 *
 * Content types by extension, `nosniff`, no directory listings, and no way out of the
 * folder: a path that resolves outside `dist/assets` (`..`, encoded or not) or holds a NUL
 * is a 404 like any missing file. The folder is looked up per request, so a UI built
 * while the node runs is served without a restart; without one, `/` answers 404
 * ERR_UI_NOT_BUILT and the API keeps working. An optional `prepare` step (the UI's
 * on-demand build) runs once, before the first file is served.
 */
import type Router from '@koa/router';
import type { Context } from 'koa';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { HttpError } from './http-server.ts';

export const UI_DIST = fileURLToPath(new URL('../ui/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function contentTypeOf(file: string): string {
  return TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** `rel` inside `root`, or null when it would leave it. */
export function resolveInside(root: string, rel: string): string | null {
  if (rel.includes('\0')) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, rel);
  return file.startsWith(base + path.sep) ? file : null;
}

async function send(ctx: Context, file: string | null): Promise<boolean> {
  if (!file) return false;
  try {
    const st = await stat(file);
    if (!st.isFile()) return false;
    ctx.set('X-Content-Type-Options', 'nosniff');
    ctx.set('Cache-Control', 'no-cache');
    ctx.type = contentTypeOf(file);
    ctx.length = st.size;
    ctx.body = createReadStream(file);
    return true;
  } catch {
    return false;
  }
}

export interface StaticOptions {
  /** Built UI folder (default web/ui/dist). */
  dist?: string;
  /**
   * Brings `dist` up to date before the first file is served (the UI's on-demand build,
   * web/ui/build.ts `ensureUiBuilt`); runs once. If it fails, what `dist` holds is served
   * and the failure is logged.
   */
  prepare?: () => Promise<unknown>;
  log?: (line: string) => void;
}

export function mountStatic(router: Router, o: StaticOptions = {}): void {
  const dist = o.dist ?? UI_DIST;
  let ready: Promise<void> | null = null;
  const prepared = (): Promise<void> =>
    (ready ??= o.prepare
      ? o.prepare().then(
          () => undefined,
          (e: Error) => o.log?.(`wirehook: the dashboard UI could not be built (${e.message.split('\n')[0]}); serving ${dist} as it is`),
        )
      : Promise.resolve());
  const index = async (ctx: Context) => {
    await prepared();
    if (await send(ctx, path.join(dist, 'index.html'))) {
      ctx.set('X-Frame-Options', 'DENY');
      ctx.set('Referrer-Policy', 'no-referrer');
      return;
    }
    throw new HttpError(404, 'ERR_UI_NOT_BUILT', `the dashboard UI is not built (${path.join(dist, 'index.html')} is missing); build web/ui, the API works without it`);
  };
  router.get('/', index);
  router.get('/index.html', index);
  router.get('/assets/*path', async (ctx) => {
    await prepared();
    const rel = String(ctx.params.path ?? '');
    if (!(await send(ctx, resolveInside(path.join(dist, 'assets'), rel)))) throw new HttpError(404, 'ERR_NOT_FOUND', `no UI asset "${rel.slice(0, 200)}"`);
  });
}
