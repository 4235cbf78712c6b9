/**
 * Response shaping of the dashboard API (mounted on node.router before the routes):
 * - error bodies: HttpError → `{code, message}`; KFL errors add where the query went wrong
 *   (`line, column, offset, length, snippet, expected`); script store errors get their
 *   status and `hint`; `ApiError` adds the fields a route documents (e.g. a script load
 *   error's `line` and `column`). Other errors go on to the app's handler (500, no detail).
 * - JSON bodies are written with `<`, `>` and `&` escaped (`\u003c` …): the same data for
 *   any JSON parser, but never markup, even if something renders the response as HTML.
 * - every response is `nosniff`.
 */
import type { Middleware } from 'koa';
import { Readable } from 'node:stream';
import { KflError } from '../../../capture/kfl/index.ts';
import { ScriptStoreError } from '../../../scripts/store.ts';
import { HttpError } from '../http-server.ts';

export class ApiError extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(status, code, message);
  }
}

/** The 400 body of a bad KFL query. */
export function kflErrorBody(e: KflError): Record<string, unknown> {
  return { code: e.code, message: e.message, line: e.line, column: e.column, offset: e.offset, length: e.length, snippet: e.snippet, expected: e.expected };
}

const UNSAFE = /[<>&\u2028\u2029]/g;
const ESCAPES: Record<string, string> = { '<': '\\u003c', '>': '\\u003e', '&': '\\u0026', '\u2028': '\\u2028', '\u2029': '\\u2029' };

/** JSON text with markup characters escaped (parses to the same value). */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, (c) => ESCAPES[c]);
}

const STORE_STATUS: Record<ScriptStoreError['code'], number> = { ERR_SCRIPT_ID: 400, ERR_SCRIPT_NOT_FOUND: 404, ERR_SCRIPT_READ: 503 };

function isJsonBody(body: unknown): boolean {
  return body !== null && typeof body === 'object' && !Buffer.isBuffer(body) && !(body instanceof Readable);
}

export function apiResponses(): Middleware {
  return async (ctx, next) => {
    ctx.set('X-Content-Type-Options', 'nosniff');
    try {
      await next();
    } catch (e) {
      if (e instanceof KflError) {
        ctx.status = 400;
        ctx.body = kflErrorBody(e);
      } else if (e instanceof HttpError) {
        ctx.status = e.status;
        ctx.body = { code: e.code, message: e.message, ...(e instanceof ApiError ? e.details : {}) };
      } else if (e instanceof ScriptStoreError) {
        ctx.status = STORE_STATUS[e.code];
        ctx.body = { code: e.code, message: e.message, hint: e.hint };
      } else throw e;
    }
    if (isJsonBody(ctx.body)) {
      const status = ctx.status;
      ctx.body = safeJson(ctx.body);
      ctx.type = 'application/json';
      ctx.status = status;
    }
  };
}
