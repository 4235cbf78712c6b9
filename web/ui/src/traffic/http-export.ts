/**
 * "Copy as curl" and "Copy as HAR" for HTTP items. Pure: the item in, text out.
 * Header values and bodies are quoted for a POSIX shell; a binary request body is
 * piped through `base64 -d` so the command reproduces the exact bytes.
 */
import type { ItemFull } from '../api/types.ts';

export interface NameValue {
  name: string;
  value: string;
}

/** Headers in any shape the dissectors produce: record (value or list) or [{name, value}]. */
export function headerList(h: unknown): NameValue[] {
  if (Array.isArray(h)) {
    return h.filter((x) => x && typeof x === 'object' && 'name' in x).map((x) => ({ name: String(x.name), value: String(x.value ?? '') }));
  }
  if (!h || typeof h !== 'object') return [];
  const out: NameValue[] = [];
  for (const [name, v] of Object.entries(h as Record<string, unknown>)) {
    if (Array.isArray(v)) for (const x of v) out.push({ name, value: String(x) });
    else out.push({ name, value: v === null || v === undefined ? '' : String(v) });
  }
  return out;
}

export function isHttpItem(item: ItemFull): boolean {
  const req = item.request as Record<string, unknown> | null;
  return !!req && typeof req.method === 'string' && (item.protocol.name === 'http' || /^http/.test(item.protocol.macro ?? ''));
}

/** `'…'` for a POSIX shell. */
export function shellQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

const SKIP_CURL = new Set(['content-length', 'transfer-encoding', 'connection']);

export function toCurl(item: ItemFull): string {
  const req = (item.request ?? {}) as Record<string, any>;
  const method = String(req.method ?? 'GET');
  const url = String(req.url ?? req.path ?? '/');
  const parts = ['curl'];
  if (String(req.httpVersion ?? '').startsWith('HTTP/2')) parts.push('--http2-prior-knowledge');
  if (method !== 'GET' || req.postData?.text) parts.push('-X', shellQuote(method));
  parts.push(shellQuote(url));
  for (const h of headerList(req.headers)) {
    if (h.name.startsWith(':') || SKIP_CURL.has(h.name.toLowerCase())) continue;
    parts.push('-H', shellQuote(`${h.name}: ${h.value}`));
  }
  const pd = req.postData as { text?: string; encoding?: string } | undefined;
  if (pd?.text) {
    if (pd.encoding === 'base64') return `printf %s ${shellQuote(pd.text)} | base64 -d | ${parts.join(' ')} --data-binary @-`;
    parts.push('--data-raw', shellQuote(pd.text));
  }
  return parts.join(' ');
}

function queryList(q: unknown): NameValue[] {
  return headerList(q);
}

/** One-entry HAR 1.2 log of the exchange. */
export function toHar(item: ItemFull): object {
  const req = (item.request ?? {}) as Record<string, any>;
  const res = (item.response ?? null) as Record<string, any> | null;
  const started = item.startTime ?? new Date(item.timestamp).toISOString();
  const entry: Record<string, unknown> = {
    startedDateTime: started,
    time: item.elapsedTime,
    request: {
      method: String(req.method ?? 'GET'),
      url: String(req.url ?? req.path ?? '/'),
      httpVersion: String(req.httpVersion ?? 'HTTP/1.1'),
      headers: headerList(req.headers),
      queryString: queryList(req.queryString),
      cookies: headerList(req.cookies),
      headersSize: typeof req.headersSize === 'number' ? req.headersSize : -1,
      bodySize: typeof req.bodySize === 'number' ? req.bodySize : -1,
      ...(req.postData?.text
        ? { postData: { mimeType: String(req.postData.mimeType ?? ''), text: String(req.postData.text), ...(req.postData.encoding ? { encoding: req.postData.encoding } : {}) } }
        : {}),
    },
    response: res
      ? {
          status: Number(res.status ?? 0),
          statusText: String(res.statusText ?? ''),
          httpVersion: String(res.httpVersion ?? 'HTTP/1.1'),
          headers: headerList(res.headers),
          cookies: headerList(res.cookies),
          content: {
            size: Number(res.content?.size ?? res.bodySize ?? 0),
            mimeType: String(res.content?.mimeType ?? ''),
            ...(res.content?.text ? { text: String(res.content.text) } : {}),
            ...(res.content?.encoding ? { encoding: String(res.content.encoding) } : {}),
          },
          redirectURL: String(res.redirectURL ?? ''),
          headersSize: typeof res.headersSize === 'number' ? res.headersSize : -1,
          bodySize: typeof res.bodySize === 'number' ? res.bodySize : -1,
        }
      : { status: 0, statusText: '', httpVersion: '', headers: [], cookies: [], content: { size: 0, mimeType: '' }, redirectURL: '', headersSize: -1, bodySize: -1 },
    cache: {},
    timings: { send: 0, wait: item.elapsedTime, receive: 0 },
    serverIPAddress: item.dst.ip,
  };
  return { log: { version: '1.2', creator: { name: 'wirehook', version: '0.1.0' }, entries: [entry] } };
}
