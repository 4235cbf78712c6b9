/**
 * Header names for the HTTP/1.x head parser (http-head.ts):
 *  - `knownHeader` maps a common name, exactly as sent (canonical or lower case), to a
 *    constant string and its id. Item headers are keyed by name, so a constant (an
 *    internalized string the engine already knows as a property key) spares a string-table
 *    lookup per stored header, and equal header sets share object shapes. A known name is
 *    found in the section text without cutting it out first.
 *  - `headerIdOf` tells which of the names the framing and the item need a name is,
 *    compared case-insensitively (RFC 9110 §5.1), without allocating.
 */

/** Names the parser picks out; Other for the rest. */
export const HeaderId = {
  Other: 0,
  Host: 1,
  Cookie: 2,
  Expect: 3,
  Upgrade: 4,
  Location: 5,
  SetCookie: 6,
  Connection: 7,
  ContentType: 8,
  ContentLength: 9,
  ContentEncoding: 10,
  TransferEncoding: 11,
} as const;
export type HeaderId = (typeof HeaderId)[keyof typeof HeaderId];

const COMMON = [
  'Host', 'User-Agent', 'Accept', 'Accept-Encoding', 'Accept-Language', 'Accept-Ranges', 'Connection', 'Keep-Alive',
  'Content-Type', 'Content-Length', 'Content-Encoding', 'Transfer-Encoding', 'Cookie', 'Set-Cookie', 'Date', 'Server',
  'Cache-Control', 'Pragma', 'Expires', 'Last-Modified', 'ETag', 'Vary', 'Location', 'Upgrade', 'Expect',
  'Authorization', 'Referer', 'Origin', 'If-None-Match', 'If-Modified-Since', 'X-Forwarded-For', 'X-Forwarded-Proto',
  'X-Request-Id', 'X-Powered-By', 'Access-Control-Allow-Origin', 'Traceparent', 'Via', 'Age', 'Range',
];

/** A common header name: the shared constant and which picked header it is. */
export interface KnownHeader {
  name: string;
  id: HeaderId;
}

/**
 * Common names in buckets by length, first and last character: a lookup costs two
 * `charCodeAt`, an array index and usually one string compare (a Map or object lookup
 * would hash and intern the freshly cut name first, which costs more).
 */
const BUCKETS = 1024;
const known: (KnownHeader[] | undefined)[] = new Array(BUCKETS);

function bucketOf(length: number, first: number, last: number): number {
  return ((length << 5) ^ (first << 2) ^ last) & (BUCKETS - 1);
}

/**
 * The common header whose name, exactly as sent (canonical or lower case), is
 * text[at, at + length), or undefined. `first` and `last` are the name's first and last
 * character codes (the caller has the bytes). Nothing is allocated.
 */
export function knownHeader(text: string, at: number, length: number, first: number, last: number): KnownHeader | undefined {
  const list = known[bucketOf(length, first, last)];
  if (list === undefined) return undefined;
  for (let i = 0; i < list.length; i++) {
    const k = list[i];
    if (k.name.length === length && text.startsWith(k.name, at)) return k;
  }
  return undefined;
}

/** `name` equals the lower-case `lower` ignoring ASCII case. */
function equalsLower(name: string, lower: string): boolean {
  for (let i = 0; i < lower.length; i++) {
    const c = name.charCodeAt(i);
    const l = lower.charCodeAt(i);
    if (c !== l && (l < 97 || l > 122 || c !== l - 32)) return false;
  }
  return true;
}

/** Which picked header `name` is (any case). */
export function headerIdOf(name: string): HeaderId {
  switch (name.length) {
    case 4:
      return equalsLower(name, 'host') ? HeaderId.Host : HeaderId.Other;
    case 6:
      if (equalsLower(name, 'cookie')) return HeaderId.Cookie;
      return equalsLower(name, 'expect') ? HeaderId.Expect : HeaderId.Other;
    case 7:
      return equalsLower(name, 'upgrade') ? HeaderId.Upgrade : HeaderId.Other;
    case 8:
      return equalsLower(name, 'location') ? HeaderId.Location : HeaderId.Other;
    case 10:
      if (equalsLower(name, 'set-cookie')) return HeaderId.SetCookie;
      return equalsLower(name, 'connection') ? HeaderId.Connection : HeaderId.Other;
    case 12:
      return equalsLower(name, 'content-type') ? HeaderId.ContentType : HeaderId.Other;
    case 14:
      return equalsLower(name, 'content-length') ? HeaderId.ContentLength : HeaderId.Other;
    case 16:
      return equalsLower(name, 'content-encoding') ? HeaderId.ContentEncoding : HeaderId.Other;
    case 17:
      return equalsLower(name, 'transfer-encoding') ? HeaderId.TransferEncoding : HeaderId.Other;
    default:
      return HeaderId.Other;
  }
}

for (const canonical of COMMON) {
  for (const name of new Set([canonical, canonical.toLowerCase()])) (known[bucketOf(name.length, name.charCodeAt(0), name.charCodeAt(name.length - 1))] ??= []).push({ name, id: headerIdOf(name) });
}
