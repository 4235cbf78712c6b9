/**
 * vendor.webhook(method, url, body, headers?) (SCRIPT-API.md §3): one HTTP request, the
 * response body back as a string. A non-2xx answer is returned like any other (scripts
 * check it themselves); transport errors, time-outs and refused URLs throw.
 * Decided: a string body is sent as is (no Content-Type added); any other value except
 * null is JSON-encoded and sent with `Content-Type: application/json` unless the headers
 * set one; null or "" sends no body. Header values are converted with String().
 */
import { any, args, obj, optional, str } from '../args.ts';
import { defineOp, type JsonValue } from '../define-op.ts';
import { vendorCall } from './vendor-gate.ts';
import { VendorError } from './vendor-http.ts';

/** Header object from a script: string values, names as given. */
export function headerValues(op: string, headers: Record<string, JsonValue> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers ?? {})) {
    if (v !== null && typeof v === 'object') throw new VendorError('ERR_VENDOR_ARGUMENT', `${op}: header ${JSON.stringify(k)} must be a string, got ${Array.isArray(v) ? 'an array' : 'an object'}`);
    out[k] = String(v);
  }
  return out;
}

function hasHeader(h: Record<string, string>, name: string): boolean {
  return Object.keys(h).some((k) => k.toLowerCase() === name);
}

export const webhookOps = [
  defineOp({
    name: 'vendor.webhook',
    kind: 'async',
    args: args([str('method', { nonEmpty: true, maxLength: 32 }), str('url', { nonEmpty: true, maxLength: 8192 }), any('body'), optional(obj('headers'))]),
    signature: '(method: string, url: string, body: string | object, headers?: Record<string, string>): string',
    doc:
      'Sends an HTTP request (http/https only) and returns the response body as a string — also for non-2xx answers; connection errors, time-outs (`vendor.timeoutMs`, default 10 s) and the per-script rate limit (`vendor.callsPerMinute`) throw. ' +
      'A string `body` is sent as is; objects are JSON-encoded with `Content-Type: application/json` (unless `headers` sets one). Responses over `vendor.maxResponseBytes` (default 1 MiB) are cut, with a note in the console.',
    async run(ctx, method, url, body, headers) {
      const op = 'vendor.webhook';
      if (!/^[A-Za-z]+$/.test(method)) throw new VendorError('ERR_VENDOR_ARGUMENT', `${op}: invalid HTTP method ${JSON.stringify(method)}`);
      const h = headerValues(op, headers);
      let payload: string | undefined;
      if (typeof body === 'string') payload = body === '' ? undefined : body;
      else if (body !== null) {
        payload = JSON.stringify(body);
        if (!hasHeader(h, 'content-type')) h['Content-Type'] = 'application/json';
      }
      const res = await vendorCall(ctx, op, { method: method.toUpperCase(), url, headers: h, body: payload });
      return res.body;
    },
  }),
];
