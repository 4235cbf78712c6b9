/**
 * Finding the next HTTP/1.x message start in a byte range after a gap or garbage
 * (resynchronisation). A message may start mid-line: the previous body need not end
 * with a newline. So the search keys on the most distinctive token and confirms it:
 *  - responses: "HTTP/1.<d> <ddd>" anywhere;
 *  - requests: "<METHOD> <target> HTTP/1.<d>" followed by CR or LF, found from the
 *    " HTTP/1." that ends the request line, then walked back to a known method token.
 * A candidate whose confirming bytes are not all present is skipped: the caller keeps
 * the bytes after the last line feed and searches them again with the next segment.
 */
import { MATCH, matchRequestStart } from './http-detect.ts';
import type { SectionCarry } from './http-section.ts';

const STATUS = Buffer.from('HTTP/1.', 'latin1');
const REQUEST_END = Buffer.from(' HTTP/1.', 'latin1');

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function findResponse(buf: Buffer, from: number, to: number): number {
  let i = buf.indexOf(STATUS, from);
  while (i >= 0 && i + 12 <= to) {
    if (isDigit(buf[i + 7]) && buf[i + 8] === 32 && isDigit(buf[i + 9]) && isDigit(buf[i + 10]) && isDigit(buf[i + 11])) return i;
    i = buf.indexOf(STATUS, i + 1);
  }
  return -1;
}

/** Method start for the request line whose " HTTP/1." is at `v`, or -1. */
function requestLineStart(buf: Buffer, from: number, v: number): number {
  const lf = buf.lastIndexOf(10, v);
  const ls = Math.max(from, lf + 1);
  // The target has no spaces: the method ends at the space before it.
  let sp = v - 1;
  while (sp >= ls && buf[sp] !== 32) sp--;
  if (sp <= ls) return -1;
  // Junk (a body without a final newline) may precede the method: try each suffix.
  let m = sp - 1;
  while (m > ls && buf[m - 1] !== 32 && sp - (m - 1) <= 20) m--;
  for (let k = m; k < sp; k++) if (matchRequestStart(buf, k, sp + 1) === MATCH && buf[sp] === 32) return k;
  return -1;
}

function findRequest(buf: Buffer, from: number, to: number): number {
  let v = buf.indexOf(REQUEST_END, from);
  while (v >= 0 && v + 10 <= to) {
    const after = buf[v + 9];
    if (isDigit(buf[v + 8]) && (after === 13 || after === 10)) {
      const s = requestLineStart(buf, from, v);
      if (s >= 0) return s;
    }
    v = buf.indexOf(REQUEST_END, v + 1);
  }
  return -1;
}

/** Index of the first confirmed message start in b[from, to), or -1. */
export function findMessageStart(b: Uint8Array, from: number, to: number, request: boolean): number {
  const buf = Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
  return request ? findRequest(buf, from, to) : findResponse(buf, from, to);
}

/** `resyncScan` found nothing; the bytes after the last line feed stay in the carry. */
export const RESYNC_NONE = -1;
/** The message starts in the carry, which now holds its first bytes. */
export const RESYNC_IN_CARRY = -2;

/**
 * Scan b[p, n) for a message start, continuing the tail kept in `carry` (bytes after the
 * previous segment's last line feed, at most `lineCap`). Returns the index in `b` where
 * a message starts, RESYNC_IN_CARRY, or RESYNC_NONE.
 */
export function resyncScan(b: Uint8Array, p: number, n: number, carry: SectionCarry, request: boolean, lineCap: number): number {
  if (carry.len > 0) {
    const tail = carry.len;
    const upto = Math.min(n, p + lineCap);
    carry.append(b, p, upto);
    const at = findMessageStart(carry.bytes(), 0, carry.len, request);
    if (at >= 0 && at < tail) {
      carry.retain(at, tail);
      return RESYNC_IN_CARRY;
    }
    if (upto === n && b.indexOf(10, p) < 0) {
      // Still one unterminated line: the carry is the new tail.
      carry.retain(Math.max(0, carry.len - lineCap), carry.len);
      return RESYNC_NONE;
    }
    carry.reset();
  }
  const at = findMessageStart(b, p, n, request);
  if (at >= 0) return at;
  const lf = b.lastIndexOf(10, n - 1);
  carry.append(b, Math.max(lf + 1, p, n - lineCap), n);
  return RESYNC_NONE;
}
