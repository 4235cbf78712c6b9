/**
 * Kubeshark-shaped `request` / `response` fields of an HTTP/2 stream (SCRIPT-API.md §4),
 * the same shape as HTTP/1.x (http-fields.ts) with these differences:
 *  - `headers` hold every field as received, pseudo headers included (`:method`, `:path`,
 *    `:scheme`, `:authority`, `:status`); repeated names are joined with ", " (`cookie`
 *    crumbs with "; ", RFC 9113 §8.2.3); response trailers are merged in as well;
 *  - `trailers` holds the trailer fields alone ({} when none);
 *  - `httpVersion` is "HTTP/2.0"; `statusText` is the standard reason phrase;
 *  - `url` is `<:scheme>://<:authority><:path>`; `headersSize` is the encoded (HPACK)
 *    header block size; `bodySize` counts DATA octets without padding;
 *  - gRPC calls get `grpc` objects (grpc.ts), GraphQL requests the fields of graphql.ts.
 */
import { STATUS_CODES } from 'node:http';
import { joinField, putField } from '../record-fields.ts';
import { grpcMessageText, grpcMethodOf } from './grpc.ts';
import type { GrpcCounter } from './grpc.ts';
import { decodeContent } from './http-decode.ts';
import { parseQuery } from './http-fields.ts';
import type { H2Stream, StreamHalf } from './http2-stream.ts';
import { headerValue } from './http2-stream.ts';

const TEXTUAL = /json|^text\/|xml|x-www-form-urlencoded|graphql|javascript|ecmascript|yaml/i;

/** Flat header list(s) → record; `cookie` crumbs joined with "; ". */
export function headerRecord(list: string[] | null, extra: string[] | null = null): Record<string, string> {
  const out: Record<string, string> = {};
  for (const l of [list, extra]) {
    if (l === null) continue;
    for (let i = 0; i < l.length; i += 2) {
      const name = l[i];
      if (name === 'cookie' && Object.prototype.hasOwnProperty.call(out, 'cookie')) out.cookie += '; ' + l[i + 1];
      else joinField(out, name, l[i + 1]);
    }
  }
  return out;
}

function cookiesOf(list: string[] | null, response: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  if (list === null) return out;
  const want = response ? 'set-cookie' : 'cookie';
  for (let i = 0; i < list.length; i += 2) {
    if (list[i] !== want) continue;
    const v = list[i + 1];
    const parts = response ? [v.split(';')[0]] : v.split(';');
    for (const part of parts) {
      const eq = part.indexOf('=');
      const name = (eq < 0 ? part : part.slice(0, eq)).trim();
      if (name) putField(out, name, eq < 0 ? '' : part.slice(eq + 1).trim());
    }
  }
  return out;
}

function segments(path: string): string[] {
  return path.split('/').filter((s) => s !== '');
}

function bodyOf(h: StreamHalf, headers: Record<string, string>, decodeCap: number, weird: (n: string) => void): Uint8Array {
  const kept = h.body.bytes();
  const ce = headers['content-encoding'];
  return ce && kept.length > 0 ? decodeContent(kept, ce.toLowerCase(), decodeCap, weird) : kept;
}

function grpcJson(c: GrpcCounter | null): Record<string, unknown> | null {
  return c === null ? null : c.toJSON();
}

export function requestFields(s: H2Stream, decodeCap: number, weird: (n: string) => void): Record<string, any> {
  const h = s.req;
  const list = h.headers;
  const headers = headerRecord(list, null);
  const target = headerValue(list, ':path');
  const scheme = headerValue(list, ':scheme') || 'http';
  const authority = headerValue(list, ':authority') || headerValue(list, 'host');
  const hash = target.indexOf('#');
  const noHash = hash < 0 ? target : target.slice(0, hash);
  const q = noHash.indexOf('?');
  const path = q < 0 ? noHash : noHash.slice(0, q);
  const mimeType = headers['content-type'] ?? '';
  const body = bodyOf(h, headers, decodeCap, weird);
  const postData: Record<string, any> = { mimeType, text: '', params: [] };
  if (body.length > 0) {
    const buf = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
    if (TEXTUAL.test(mimeType)) {
      postData.text = buf.toString('utf8');
      if (/x-www-form-urlencoded/i.test(mimeType)) {
        postData.params = Object.entries(parseQuery(postData.text)).flatMap(([name, v]) => (Array.isArray(v) ? v : [v]).map((value) => ({ name, value })));
      }
    } else {
      postData.text = buf.toString('base64');
      postData.encoding = 'base64';
    }
  }
  const f: Record<string, any> = {
    method: headerValue(list, ':method'),
    url: authority !== '' ? `${scheme}://${authority}${target}` : target,
    targetUri: target,
    path,
    pathSegments: segments(path),
    queryString: parseQuery(q < 0 ? '' : noHash.slice(q + 1)),
    headers,
    cookies: cookiesOf(list, false),
    headersSize: h.headerBytes,
    bodySize: h.body.size,
    postData,
    httpVersion: 'HTTP/2.0',
    trailers: headerRecord(h.trailers),
  };
  if (h.grpc !== null || s.res.grpc !== null) {
    const [service, method] = grpcMethodOf(path);
    f.grpc = { service, method, ...grpcJson(h.grpc) };
  }
  return f;
}

export function responseFields(s: H2Stream, decodeCap: number, weird: (n: string) => void): Record<string, any> {
  const h = s.res;
  const headers = headerRecord(h.headers, h.trailers);
  const status = Number(headers[':status'] ?? 0) || 0;
  const body = bodyOf(h, headers, decodeCap, weird);
  const text = body.length > 0 ? Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('base64') : '';
  const f: Record<string, any> = {
    status,
    statusText: STATUS_CODES[status] ?? '',
    httpVersion: 'HTTP/2.0',
    headers,
    cookies: cookiesOf(h.headers, true),
    content: { encoding: 'base64', mimeType: headers['content-type'] ?? '', size: body.length, text },
    redirectURL: headers.location ?? '',
    headersSize: h.headerBytes,
    bodySize: h.body.size,
    trailers: headerRecord(h.trailers),
  };
  if (h.grpc !== null || s.req.grpc !== null) {
    const st = headers['grpc-status'];
    const code = st !== undefined && /^\d+$/.test(st) ? Number(st) : null;
    f.grpc = { ...grpcJson(h.grpc), status: code, message: grpcMessageText(headers['grpc-message'] ?? '') };
  }
  return f;
}
