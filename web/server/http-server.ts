/**
 * The node's HTTP server: a Koa app with one router that features mount routes on
 * (/metrics, /api/…, the dashboard), JSON errors as `{code, message}` with a proper status,
 * and /healthz. Binds to 127.0.0.1 unless configured otherwise.
 */
import Router from '@koa/router';
import Koa from 'koa';
import type { AddressInfo } from 'node:net';
import http from 'node:http';

/** An error a route throws on purpose: status + stable code + message for the client. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export function createApp(router: Router, health: () => Record<string, unknown>): Koa {
  const app = new Koa();
  app.proxy = false;
  app.use(async (ctx, next) => {
    try {
      await next();
      if (ctx.status === 404 && ctx.body === undefined) throw new HttpError(404, 'ERR_NOT_FOUND', `no route for ${ctx.method} ${ctx.path}`);
    } catch (e) {
      const err = e as Error & { status?: number; code?: string; expose?: boolean };
      const status = err instanceof HttpError ? err.status : typeof err.status === 'number' ? err.status : 500;
      ctx.status = status;
      ctx.body = {
        code: err instanceof HttpError || (err.code && String(err.code).startsWith('ERR_')) ? err.code : status >= 500 ? 'ERR_INTERNAL' : 'ERR_REQUEST',
        message: status >= 500 && !(err instanceof HttpError) ? 'internal error (see the server log)' : err.message,
      };
      if (status >= 500 && !(err instanceof HttpError)) ctx.app.emit('error', err, ctx);
    }
  });
  router.get('/healthz', (ctx) => {
    ctx.body = { ok: true, ...health() };
  });
  app.use(router.routes());
  app.use(router.allowedMethods());
  app.on('error', () => undefined);
  return app;
}

export interface Listening {
  server: http.Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

export function listen(app: Koa, bind: string, port: number): Promise<Listening> {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app.callback());
    server.once('error', reject);
    server.listen(port, bind, () => {
      const p = (server.address() as AddressInfo).port;
      const host = bind.includes(':') ? `[${bind}]` : bind;
      resolve({
        server,
        port: p,
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${p}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
