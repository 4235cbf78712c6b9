/**
 * The start line of an HTTP/1.x header section (RFC 9112 §3, §4): a request line
 * `METHOD SP request-target SP HTTP/1.d` or a status line `HTTP/1.d SP ddd [SP reason]`.
 * Read from the bytes, cut from the section's latin1 text; the common method, version
 * and reason strings come out as shared constants.
 */
import type { HttpHead } from './http-head.ts';

function isVersion(b: Uint8Array, s: number, e: number): boolean {
  return e - s === 8 && b[s] === 72 && b[s + 1] === 84 && b[s + 2] === 84 && b[s + 3] === 80 && b[s + 4] === 47
    && b[s + 5] === 49 && b[s + 6] === 46 && b[s + 7] >= 48 && b[s + 7] <= 57;
}

/** The version at b[s, s+8) (checked by isVersion), as a shared constant when common. */
function versionText(b: Uint8Array, s: number, t: string, o: number): string {
  const minor = b[s + 7];
  return minor === 49 ? 'HTTP/1.1' : minor === 48 ? 'HTTP/1.0' : t.slice(s - o, s - o + 8);
}

function isTokenChar(c: number): boolean {
  // RFC 9110 tchar, approximated: visible ASCII except delimiters.
  return c > 32 && c < 127 && c !== 40 && c !== 41 && c !== 44 && c !== 47 && c !== 58 && c !== 59 && c !== 60
    && c !== 61 && c !== 62 && c !== 63 && c !== 64 && c !== 91 && c !== 92 && c !== 93 && c !== 123 && c !== 125 && c !== 34;
}

/** Method at b[s, e) (token chars checked), as a shared constant when common. */
function methodText(b: Uint8Array, s: number, e: number, t: string, o: number): string {
  const n = e - s;
  if (n === 3 && b[s] === 71 && b[s + 1] === 69 && b[s + 2] === 84) return 'GET';
  if (n === 4 && b[s] === 80 && b[s + 1] === 79 && b[s + 2] === 83 && b[s + 3] === 84) return 'POST';
  return t.slice(s - o, e - o);
}

/**
 * Byte offset of the first `c` at or after byte `from`, searching the section text `t`
 * that starts at byte `o` (string search is a fast native scan), or -1.
 */
export function indexIn(t: string, c: string, from: number, o: number): number {
  const i = t.indexOf(c, from - o);
  return i < 0 ? -1 : i + o;
}

/** Parse the start line b[s, e) (no CRLF); `t` is the section text starting at byte `o`. False when malformed. */
export function startLine(h: HttpHead, b: Uint8Array, s: number, e: number, t: string, o: number): boolean {
  if (h.request) {
    const sp = indexIn(t, ' ', s, o);
    if (sp <= s || sp >= e || sp - s > 32) return false;
    for (let i = s; i < sp; i++) if (!isTokenChar(b[i])) return false;
    let last = t.lastIndexOf(' ', e - 1 - o);
    last = last < 0 ? -1 : last + o;
    if (last <= sp || !isVersion(b, last + 1, e)) return false;
    let ts = sp + 1;
    while (ts < last && b[ts] === 32) ts++;
    while (last > ts && b[last - 1] === 32) last--;
    if (ts >= last) return false;
    h.method = methodText(b, s, sp, t, o);
    h.target = t.slice(ts - o, last - o);
    h.version = versionText(b, e - 8, t, o);
    return true;
  }
  if (e - s < 12 || !isVersion(b, s, s + 8) || b[s + 8] !== 32) return false;
  const d0 = b[s + 9] - 48, d1 = b[s + 10] - 48, d2 = b[s + 11] - 48;
  if (d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) return false;
  if (e > s + 12 && b[s + 12] !== 32) return false;
  h.version = versionText(b, s, t, o);
  h.status = d0 * 100 + d1 * 10 + d2;
  h.reason = e > s + 13 ? (e - s === 15 && b[s + 13] === 79 && b[s + 14] === 75 ? 'OK' : t.slice(s + 13 - o, e - o)) : '';
  return true;
}
