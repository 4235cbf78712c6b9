/**
 * Dashboard authentication: every state-changing call (POST/PUT/PATCH/DELETE) and the
 * WebSocket need the node's token, as `Authorization: Bearer <token>` (or, for browsers'
 * WebSocket and downloads, `?token=<token>`). Read-only GETs are open on the bound address
 * (127.0.0.1 by default). No CORS headers are ever sent, so other origins cannot call in.
 */
import { timingSafeEqual } from 'node:crypto';
import type { Middleware } from 'koa';
import { HttpError } from './http-server.ts';

export function tokenMatches(expected: string, given: string | undefined | null): boolean {
  if (!given) return false;
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The token a request carries (Authorization header first, then ?token=). */
export function requestToken(headers: Record<string, string | string[] | undefined>, url: string): string | null {
  const h = headers.authorization;
  const auth = Array.isArray(h) ? h[0] : h;
  if (auth && auth.startsWith('Bearer ')) return auth.slice(7).trim();
  const q = new URL(url, 'http://x').searchParams.get('token');
  return q;
}

/** Reject requests without the token (401 ERR_UNAUTHORIZED). */
export function requireToken(token: string): Middleware {
  return async (ctx, next) => {
    if (!tokenMatches(token, requestToken(ctx.headers, ctx.url))) {
      throw new HttpError(401, 'ERR_UNAUTHORIZED', 'this call changes state: send the dashboard token as "Authorization: Bearer <token>"');
    }
    await next();
  };
}

/** Require the token for every method except GET/HEAD/OPTIONS. */
export function requireTokenForChanges(token: string): Middleware {
  const check = requireToken(token);
  return (ctx, next) => (ctx.method === 'GET' || ctx.method === 'HEAD' || ctx.method === 'OPTIONS' ? next() : check(ctx, next));
}

/** Read a JSON body (at most `limit` bytes); 400 ERR_BAD_JSON / 413 ERR_TOO_LARGE. */
export async function readJson<T = unknown>(req: NodeJS.ReadableStream, limit = 1 << 20): Promise<T> {
  const text = await readText(req, limit);
  try {
    return JSON.parse(text) as T;
  } catch (e) {
    throw new HttpError(400, 'ERR_BAD_JSON', `request body is not JSON: ${(e as Error).message}`);
  }
}

export async function readText(req: NodeJS.ReadableStream, limit = 1 << 20): Promise<string> {
  const chunks: Buffer[] = [];
  let n = 0;
  for await (const c of req) {
    const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
    n += b.length;
    if (n > limit) throw new HttpError(413, 'ERR_TOO_LARGE', `request body over ${limit} bytes`);
    chunks.push(b);
  }
  return Buffer.concat(chunks).toString('utf8');
}
