/**
 * HAR 1.2 (http://www.softwareishard.com/blog/har-12-spec/) from HTTP items (SCRIPT-API.md
 * §4). Items are untrusted JSON from a script: every field is read defensively; a value
 * of the wrong type becomes the HAR default instead of an error.
 */
import type { JsonValue } from './define-op.ts';

type Obj = Record<string, JsonValue>;
const HTTP_NAMES = new Set(['http', 'http2', 'grpc', 'gql', 'graphql']);

function o(v: JsonValue | undefined): Obj {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? v : {};
}

function s(v: JsonValue | undefined, d = ''): string {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : d;
}

function n(v: JsonValue | undefined, d = -1): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : d;
}

/** `{name: value}` (value a string or a list of strings) → `[{name, value}]`. */
function pairs(v: JsonValue | undefined): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  for (const [name, value] of Object.entries(o(v))) {
    if (Array.isArray(value)) for (const x of value) out.push({ name, value: s(x) });
    else out.push({ name, value: s(value) });
  }
  return out;
}

function header(headers: Obj, name: string): string {
  const key = Object.keys(headers).find((k) => k.toLowerCase() === name);
  const v = key === undefined ? undefined : headers[key];
  return Array.isArray(v) ? s(v[0]) : s(v);
}

function urlOf(item: Obj, req: Obj): string {
  const raw = s(req.url) || s(req.targetUri) || s(req.path) || '/';
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(raw)) return raw;
  const headers = o(req.headers);
  const dst = o(item.dst);
  const host = header(headers, ':authority') || header(headers, 'host') || s(dst.name) || `${s(dst.ip)}${s(dst.port) ? `:${s(dst.port)}` : ''}`;
  return `${item.tls === true ? 'https' : 'http'}://${host}${raw.startsWith('/') ? raw : `/${raw}`}`;
}

function entry(item: Obj): Obj | null {
  const req = o(item.request);
  if (!HTTP_NAMES.has(s(o(item.protocol).name)) || !Object.keys(req).length) return null;
  const res = o(item.response);
  const elapsed = Math.max(0, n(item.elapsedTime, 0));
  const post = o(req.postData);
  const content = o(res.content);
  const e: Obj = {
    startedDateTime: s(item.startTime) || new Date(n(item.timestamp, 0)).toISOString(),
    time: elapsed,
    request: {
      method: s(req.method, 'GET'),
      url: urlOf(item, req),
      httpVersion: s(req.httpVersion, 'HTTP/1.1'),
      cookies: pairs(req.cookies),
      headers: pairs(req.headers),
      queryString: pairs(req.queryString),
      ...(Object.keys(post).length && s(post.text) ? { postData: { mimeType: s(post.mimeType), text: s(post.text), params: Array.isArray(post.params) ? post.params : [] } } : {}),
      headersSize: n(req.headersSize),
      bodySize: n(req.bodySize),
    },
    response: {
      status: n(res.status, 0),
      statusText: s(res.statusText),
      httpVersion: s(res.httpVersion, s(req.httpVersion, 'HTTP/1.1')),
      cookies: pairs(res.cookies),
      headers: pairs(res.headers),
      content: {
        size: n(content.size, 0),
        mimeType: s(content.mimeType),
        ...(s(content.text) ? { text: s(content.text) } : {}),
        ...(s(content.encoding) ? { encoding: s(content.encoding) } : {}),
      },
      redirectURL: s(res.redirectURL),
      headersSize: n(res.headersSize),
      bodySize: n(res.bodySize),
    },
    cache: {},
    timings: { send: 0, wait: elapsed, receive: 0 },
  };
  const dst = o(item.dst);
  if (s(dst.ip)) e.serverIPAddress = s(dst.ip);
  if (s(item.stream)) e.connection = s(item.stream);
  return e;
}

export function buildHar(items: JsonValue[]): Obj {
  const entries: Obj[] = [];
  for (const it of items) {
    const e = entry(o(it));
    if (e) entries.push(e);
  }
  return { log: { version: '1.2', creator: { name: 'wirehook', version: '0.1.0' }, pages: [], entries } };
}
