/**
 * HTTP/1.x header section parser: start line + header fields, decoded as latin1 (RFC 9112
 * §2.2). The section is decoded to one latin1 string once (one native call per section);
 * line feeds and colons are found with string search, single bytes are read from the
 * bytes (cheap to optimize), names and values are cut from the string with `slice`: no
 * native call or regex runs per field. Headers keep the name as sent; repeated names
 * are joined with ", "; common names come from http-header-names.ts as constants, and
 * the few names the framing and the item need are picked out while scanning.
 */
import { joinField, putField } from '../record-fields.ts';
import { indexIn, startLine } from './http-start-line.ts';
import { HeaderId, headerIdOf, knownHeader } from './http-header-names.ts';

export interface HttpHead {
  request: boolean;
  /** Request: method and request-target as on the wire. */
  method: string;
  target: string;
  /** Response: status code and reason phrase. */
  status: number;
  reason: string;
  /** "HTTP/1.1" / "HTTP/1.0". */
  version: string;
  headers: Record<string, string>;
  /** Each Set-Cookie value separately (they are joined in `headers`). */
  setCookies: string[] | null;
  /** -1 absent, -2 invalid or conflicting, else the length. */
  contentLength: number;
  /** Transfer-Encoding present; `chunked` when its last coding is chunked. */
  transferEncoding: boolean;
  chunked: boolean;
  contentType: string;
  contentEncoding: string;
  host: string;
  cookie: string;
  location: string;
  /** Lower-cased Connection tokens joined by ",". */
  connection: string;
  upgrade: string;
  expectContinue: boolean;
  /** Bytes of start line + header lines + the final CRLF. */
  size: number;
}

/** Where the parser counts anomalies (the HTTP half's owner). */
export interface HeadWeird {
  weird(name: string): void;
}

function newHead(request: boolean, size: number): HttpHead {
  return {
    request, method: '', target: '', status: 0, reason: '', version: '', headers: {}, setCookies: null,
    contentLength: -1, transferEncoding: false, chunked: false, contentType: '', contentEncoding: '', host: '',
    cookie: '', location: '', connection: '', upgrade: '', expectContinue: false, size,
  };
}

/** Record a header the framing or the item needs. */
function pick(h: HttpHead, id: HeaderId, v: string, sink: HeadWeird): void {
  switch (id) {
    case HeaderId.Host:
      h.host = v;
      break;
    case HeaderId.Cookie:
      h.cookie = h.cookie ? h.cookie + '; ' + v : v;
      break;
    case HeaderId.Expect:
      h.expectContinue = v.toLowerCase() === '100-continue';
      break;
    case HeaderId.Upgrade:
      h.upgrade = v;
      break;
    case HeaderId.Location:
      h.location = v;
      break;
    case HeaderId.SetCookie:
      (h.setCookies ??= []).push(v);
      break;
    case HeaderId.Connection:
      h.connection += (h.connection ? ',' : '') + v.toLowerCase().replace(/\s+/g, '');
      break;
    case HeaderId.ContentType:
      h.contentType = v;
      break;
    case HeaderId.ContentLength:
      contentLength(h, v, -1, sink);
      break;
    case HeaderId.ContentEncoding:
      h.contentEncoding = h.contentEncoding ? h.contentEncoding + ', ' + v : v;
      break;
    case HeaderId.TransferEncoding: {
      h.transferEncoding = true;
      const l = v.toLowerCase();
      h.chunked = l.slice(l.lastIndexOf(',') + 1).trim() === 'chunked';
      break;
    }
  }
}

/** Value of the decimal digits b[s, e) (1 to 15 of them, nothing else), else -1. */
function digitsValue(b: Uint8Array, s: number, e: number): number {
  if (e <= s || e - s > 15) return -1;
  let n = 0;
  for (let i = s; i < e; i++) {
    const d = b[i] - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

/** Content-Length `v`; `fast` is its value when it is plain digits, else -1. */
function contentLength(h: HttpHead, v: string, fast: number, sink: HeadWeird): void {
  if (fast >= 0 && (h.contentLength === -1 || h.contentLength === fast)) {
    h.contentLength = fast;
    return;
  }
  // A list of identical values is allowed (RFC 9110 §8.6); anything else is invalid.
  let n = -1;
  for (const part of v.split(',')) {
    const t = part.trim();
    if (!/^\d{1,15}$/.test(t)) n = -2;
    else if (n === -1) n = Number(t);
    else if (n !== Number(t)) n = -2;
    if (n === -2) break;
  }
  if (h.contentLength !== -1 && h.contentLength !== n) n = -2;
  if (n === -2) sink.weird('http_bad_content_length');
  h.contentLength = n;
}

/**
 * The first names stored in the section being parsed (parsing never re-enters), so a
 * repeated name is found by comparing strings instead of probing the object; past
 * SEEN_MAX names the object itself is probed.
 */
const SEEN_MAX = 32;
const seen: string[] = [];

function isBlank(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Parse a complete header section b[s, e) (start line through the empty line); `t` is the
 * same bytes as latin1 text. Line feeds and colons are found in `t`, single bytes are read
 * from `b`, names and values are cut from `t`. Returns null when the start line is
 * malformed or a line is longer than `lineCap`.
 */
export function parseHead(b: Uint8Array, s: number, e: number, t: string, request: boolean, lineCap: number, sink: HeadWeird): HttpHead | null {
  const h = newHead(request, e - s);
  let lf = indexIn(t, '\n', s, s);
  if (lf < 0) return null;
  let le = lf > s && b[lf - 1] === 13 ? lf - 1 : lf;
  if (lf - s > lineCap) {
    sink.weird('http_line_too_long');
    return null;
  }
  if (!startLine(h, b, s, le, t, s)) return null;
  const headers = h.headers;
  let count = 0;
  let lastName = '';
  let p = lf + 1;
  while (p < e) {
    lf = indexIn(t, '\n', p, s);
    if (lf < 0) break;
    le = lf > p && b[lf - 1] === 13 ? lf - 1 : lf;
    if (le === p) break;
    if (lf - p > lineCap) {
      sink.weird('http_line_too_long');
      return null;
    }
    if (isBlank(b[p])) {
      // obs-fold: continuation of the previous field value.
      sink.weird('http_obs_fold');
      if (lastName) {
        let vs = p;
        while (vs < le && isBlank(b[vs])) vs++;
        const prev = headers[lastName];
        if (vs < le && typeof prev === 'string') headers[lastName] = prev + ' ' + t.slice(vs - s, le - s);
      }
      p = lf + 1;
      continue;
    }
    const colon = indexIn(t, ':', p, s);
    if (colon <= p || colon >= le) {
      sink.weird('http_bad_header_line');
      p = lf + 1;
      continue;
    }
    let ne = colon;
    if (isBlank(b[ne - 1])) {
      sink.weird('http_space_before_colon');
      while (ne > p && isBlank(b[ne - 1])) ne--;
    }
    let vs = colon + 1;
    let ve = le;
    while (vs < ve && isBlank(b[vs])) vs++;
    while (ve > vs && isBlank(b[ve - 1])) ve--;
    const known = knownHeader(t, p - s, ne - p, b[p], b[ne - 1]);
    const name = known !== undefined ? known.name : t.slice(p - s, ne - s);
    const value = vs < ve ? t.slice(vs - s, ve - s) : '';
    if (count < SEEN_MAX) {
      let i = 0;
      while (i < count && seen[i] !== name) i++;
      if (i < count) headers[name] = headers[name] + ', ' + value;
      else {
        seen[count++] = name;
        putField(headers, name, value);
      }
    } else joinField(headers, name, value);
    const id = known !== undefined ? known.id : headerIdOf(name);
    if (id === HeaderId.ContentLength) contentLength(h, value, digitsValue(b, vs, ve), sink);
    else if (id !== HeaderId.Other) pick(h, id, value, sink);
    lastName = name;
    p = lf + 1;
  }
  return h;
}

/** Parse trailer lines (no start line), given as latin1 text, into `h.headers`; returns the field count. */
export function parseTrailers(t: string, h: HttpHead, sink: HeadWeird): number {
  const e = t.length;
  let p = 0;
  let n = 0;
  while (p < e) {
    const lf = t.indexOf('\n', p);
    if (lf < 0) break;
    const le = lf > p && t.charCodeAt(lf - 1) === 13 ? lf - 1 : lf;
    if (le === p) break;
    const colon = t.indexOf(':', p);
    if (colon <= p || colon >= le) sink.weird('http_bad_trailer_line');
    else {
      let vs = colon + 1;
      while (vs < le && isBlank(t.charCodeAt(vs))) vs++;
      joinField(h.headers, t.slice(p, colon).trim(), t.slice(vs, le).trim());
      n++;
    }
    p = lf + 1;
  }
  return n;
}
