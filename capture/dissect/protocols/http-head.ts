/**
 * HTTP/1.x header section parser: start line + header fields, decoded as latin1 (RFC 9112
 * §2.2), scanning bytes with `indexOf` (no regex). The input is one complete header
 * section (start line through the empty line). Headers keep the name as sent; repeated
 * names are joined with ", "; the few names the framing and the item need are picked
 * out by length + case-insensitive compare while scanning.
 */
import { joinField } from '../record-fields.ts';

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

export type HeadWeird = (name: string) => void;

function isVersion(b: Uint8Array, s: number, e: number): boolean {
  return e - s === 8 && b[s] === 72 && b[s + 1] === 84 && b[s + 2] === 84 && b[s + 3] === 80 && b[s + 4] === 47
    && b[s + 5] === 49 && b[s + 6] === 46 && b[s + 7] >= 48 && b[s + 7] <= 57;
}

function isTokenChar(c: number): boolean {
  // RFC 9110 tchar, approximated: visible ASCII except delimiters.
  return c > 32 && c < 127 && c !== 40 && c !== 41 && c !== 44 && c !== 47 && c !== 58 && c !== 59 && c !== 60
    && c !== 61 && c !== 62 && c !== 63 && c !== 64 && c !== 91 && c !== 92 && c !== 93 && c !== 123 && c !== 125 && c !== 34;
}

function newHead(request: boolean, size: number): HttpHead {
  return {
    request, method: '', target: '', status: 0, reason: '', version: '', headers: {}, setCookies: null,
    contentLength: -1, transferEncoding: false, chunked: false, contentType: '', contentEncoding: '', host: '',
    cookie: '', location: '', connection: '', upgrade: '', expectContinue: false, size,
  };
}

/** Parse the start line in b[s, e) (no CRLF). Returns false when malformed. */
function startLine(h: HttpHead, buf: Buffer, s: number, e: number): boolean {
  if (h.request) {
    const sp = buf.indexOf(32, s);
    if (sp <= s || sp >= e || sp - s > 32) return false;
    for (let i = s; i < sp; i++) if (!isTokenChar(buf[i])) return false;
    let last = buf.lastIndexOf(32, e - 1);
    if (last <= sp || !isVersion(buf, last + 1, e)) return false;
    let ts = sp + 1;
    while (ts < last && buf[ts] === 32) ts++;
    while (last > ts && buf[last - 1] === 32) last--;
    if (ts >= last) return false;
    h.method = buf.toString('latin1', s, sp);
    h.target = buf.toString('latin1', ts, last);
    h.version = buf.toString('latin1', last + 1, e);
    return true;
  }
  if (e - s < 12 || !isVersion(buf, s, s + 8) || buf[s + 8] !== 32) return false;
  const d0 = buf[s + 9] - 48, d1 = buf[s + 10] - 48, d2 = buf[s + 11] - 48;
  if (d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  if (e > s + 12 && buf[s + 12] !== 32) return false;
  h.version = buf.toString('latin1', s, s + 8);
  h.status = d0 * 100 + d1 * 10 + d2;
  h.reason = e > s + 13 ? buf.toString('latin1', s + 13, e) : '';
  return true;
}

function lower(s: string): string {
  return s.toLowerCase();
}

/** Record a header the framing or the item needs. `n` is the name as sent. */
function pick(h: HttpHead, n: string, v: string, weird: HeadWeird): void {
  switch (n.length) {
    case 4:
      if (lower(n) === 'host') h.host = v;
      break;
    case 6: {
      const l = lower(n);
      if (l === 'cookie') h.cookie = h.cookie ? h.cookie + '; ' + v : v;
      else if (l === 'expect') h.expectContinue = lower(v) === '100-continue';
      break;
    }
    case 7:
      if (lower(n) === 'upgrade') h.upgrade = v;
      break;
    case 8:
      if (lower(n) === 'location') h.location = v;
      break;
    case 10: {
      const l = lower(n);
      if (l === 'set-cookie') (h.setCookies ??= []).push(v);
      else if (l === 'connection') h.connection += (h.connection ? ',' : '') + lower(v).replace(/\s+/g, '');
      break;
    }
    case 12:
      if (lower(n) === 'content-type') h.contentType = v;
      break;
    case 14:
      if (lower(n) === 'content-length') contentLength(h, v, weird);
      break;
    case 16:
      if (lower(n) === 'content-encoding') h.contentEncoding = h.contentEncoding ? h.contentEncoding + ', ' + v : v;
      break;
    case 17:
      if (lower(n) === 'transfer-encoding') {
        h.transferEncoding = true;
        const l = lower(v);
        h.chunked = l.slice(l.lastIndexOf(',') + 1).trim() === 'chunked';
      }
      break;
  }
}

function digitsValue(v: string): number {
  if (v.length === 0 || v.length > 15) return -1;
  let n = 0;
  for (let i = 0; i < v.length; i++) {
    const d = v.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function contentLength(h: HttpHead, v: string, weird: HeadWeird): void {
  const fast = digitsValue(v);
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
  if (n === -2) weird('http_bad_content_length');
  h.contentLength = n;
}

/**
 * Parse the header section buf[s, e) (e is just after the empty line). Returns null when
 * the start line is malformed or a line is longer than `lineCap`.
 */
export function parseHead(buf: Buffer, s: number, e: number, request: boolean, lineCap: number, weird: HeadWeird): HttpHead | null {
  const h = newHead(request, e - s);
  let lf = buf.indexOf(10, s);
  if (lf < 0 || lf >= e) return null;
  let le = lf > s && buf[lf - 1] === 13 ? lf - 1 : lf;
  if (lf - s > lineCap) {
    weird('http_line_too_long');
    return null;
  }
  if (!startLine(h, buf, s, le)) return null;
  let lastName = '';
  let p = lf + 1;
  while (p < e) {
    lf = buf.indexOf(10, p);
    if (lf < 0 || lf >= e) break;
    le = lf > p && buf[lf - 1] === 13 ? lf - 1 : lf;
    if (le === p) break;
    if (lf - p > lineCap) {
      weird('http_line_too_long');
      return null;
    }
    const c0 = buf[p];
    if (c0 === 32 || c0 === 9) {
      // obs-fold: continuation of the previous field value.
      weird('http_obs_fold');
      if (lastName) {
        let vs = p;
        while (vs < le && (buf[vs] === 32 || buf[vs] === 9)) vs++;
        if (vs < le) joinFold(h, lastName, buf.toString('latin1', vs, le));
      }
      p = lf + 1;
      continue;
    }
    const colon = buf.indexOf(58, p);
    if (colon <= p || colon >= le) {
      weird('http_bad_header_line');
      p = lf + 1;
      continue;
    }
    let ne = colon;
    if (buf[ne - 1] === 32 || buf[ne - 1] === 9) {
      weird('http_space_before_colon');
      while (ne > p && (buf[ne - 1] === 32 || buf[ne - 1] === 9)) ne--;
    }
    let vs = colon + 1;
    let ve = le;
    while (vs < ve && (buf[vs] === 32 || buf[vs] === 9)) vs++;
    while (ve > vs && (buf[ve - 1] === 32 || buf[ve - 1] === 9)) ve--;
    const name = buf.toString('latin1', p, ne);
    const value = vs < ve ? buf.toString('latin1', vs, ve) : '';
    joinField(h.headers, name, value);
    pick(h, name, value, weird);
    lastName = name;
    p = lf + 1;
  }
  return h;
}

function joinFold(h: HttpHead, name: string, more: string): void {
  const prev = h.headers[name];
  if (typeof prev === 'string') h.headers[name] = prev + ' ' + more;
}

/** Parse trailer lines buf[s, e) (no start line) into `h.headers`; returns the field count. */
export function parseTrailers(buf: Buffer, s: number, e: number, h: HttpHead, weird: HeadWeird): number {
  let p = s;
  let n = 0;
  while (p < e) {
    const lf = buf.indexOf(10, p);
    if (lf < 0 || lf >= e) break;
    const le = lf > p && buf[lf - 1] === 13 ? lf - 1 : lf;
    if (le === p) break;
    const colon = buf.indexOf(58, p);
    if (colon <= p || colon >= le) weird('http_bad_trailer_line');
    else {
      let vs = colon + 1;
      while (vs < le && (buf[vs] === 32 || buf[vs] === 9)) vs++;
      joinField(h.headers, buf.toString('latin1', p, colon).trim(), buf.toString('latin1', vs, le).trim());
      n++;
    }
    p = lf + 1;
  }
  return n;
}
