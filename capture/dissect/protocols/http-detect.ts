/**
 * Recognising the start of an HTTP/1.x message: a request line begins with a known
 * method token and a space (RFC 9110 methods plus WebDAV, CalDAV, DeltaV, PURGE and
 * SSDP), a status line with "HTTP/1.". Used by `detect()` and by resynchronisation
 * after a gap. Byte compares only; no allocation.
 */

const METHODS = [
  'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH',
  'PROPFIND', 'PROPPATCH', 'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT',
  'MKACTIVITY', 'CHECKOUT', 'CHECKIN', 'UNCHECKOUT', 'MERGE', 'MKCALENDAR', 'ACL', 'BIND',
  'UNBIND', 'REBIND', 'LINK', 'UNLINK', 'VERSION-CONTROL', 'BASELINE-CONTROL', 'MKWORKSPACE',
  'MKREDIRECTREF', 'UPDATEREDIRECTREF', 'UPDATE', 'LABEL', 'ORDERPATCH', 'PURGE', 'QUERY',
  'M-SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE',
];

/** Method tokens as byte arrays, grouped by first byte for a quick reject. */
const BY_FIRST: (Uint8Array[] | undefined)[] = new Array(256);
for (const m of METHODS) {
  const bytes = Uint8Array.from(m, (c) => c.charCodeAt(0));
  (BY_FIRST[bytes[0]] ??= []).push(bytes);
}

const STATUS_PREFIX = Uint8Array.from('HTTP/1.', (c) => c.charCodeAt(0));

export const MATCH = 1;
export const NO_MATCH = 0;
/** The bytes end before a decision: they are a proper prefix of a message start. */
export const NEED_MORE = -1;

/** Does b[i, n) start with "<METHOD> "? */
export function matchRequestStart(b: Uint8Array, i: number, n: number): number {
  const list = i < n ? BY_FIRST[b[i]] : undefined;
  if (!list) return i < n ? NO_MATCH : NEED_MORE;
  let partial = false;
  for (const m of list) {
    const len = m.length;
    let j = 1;
    while (j < len && i + j < n && b[i + j] === m[j]) j++;
    if (j < len) {
      if (i + j === n) partial = true;
      continue;
    }
    if (i + len === n) partial = true;
    else if (b[i + len] === 32) return MATCH;
  }
  return partial ? NEED_MORE : NO_MATCH;
}

/** Does b[i, n) start with "HTTP/1."? */
export function matchResponseStart(b: Uint8Array, i: number, n: number): number {
  for (let j = 0; j < STATUS_PREFIX.length; j++) {
    if (i + j >= n) return NEED_MORE;
    if (b[i + j] !== STATUS_PREFIX[j]) return NO_MATCH;
  }
  return MATCH;
}

export function matchStart(b: Uint8Array, i: number, n: number, request: boolean): number {
  return request ? matchRequestStart(b, i, n) : matchResponseStart(b, i, n);
}

/**
 * `detect()` for HTTP/1.x: 1 for a method token + space from the client (or "HTTP/1."
 * from the server), a low score while the bytes are only a prefix of one, else 0.
 * Leading empty lines are skipped (RFC 9112 §2.2).
 */
export function detectHttp(bytes: Uint8Array, dir: 0 | 1): number {
  let i = 0;
  const n = bytes.length;
  while (i < n && (bytes[i] === 13 || bytes[i] === 10)) i++;
  if (i === n) return 0;
  const r = matchStart(bytes, i, n, dir === 0);
  return r === MATCH ? 1 : r === NEED_MORE ? 0.3 : 0;
}
