/**
 * Incremental parser of one chunk-size line (RFC 9112 §7.1): hex size, optional
 * whitespace and `;extensions` (ignored), CRLF or bare LF. Fed byte ranges as they
 * arrive; keeps only scalars, so a line split at any byte boundary costs nothing.
 */

/** 13 hex digits = 2^52: beyond that a size is not a safe integer. */
const MAX_DIGITS = 13;
const MAX_EXTENSION = 4096;

const DIGITS = 0, EXTENSION = 1, CR = 2;

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const l = c | 32;
  return l >= 97 && l <= 102 ? l - 87 : -1;
}

export class ChunkSizeLine {
  size = 0;
  /** The line is malformed (set when `feed` returns -1 because of it), at index `badAt`. */
  bad = false;
  badAt = 0;
  /** Significant hex digits so far (leading zeros do not count). */
  private digits = 0;
  private seenDigit = false;
  private state = DIGITS;
  private ext = 0;

  reset(): void {
    this.size = 0;
    this.bad = false;
    this.digits = 0;
    this.seenDigit = false;
    this.state = DIGITS;
    this.ext = 0;
  }

  /** Consume b[p, n). Returns the index just after the line's LF, or -1 (more needed, or `bad`). */
  feed(b: Uint8Array, p: number, n: number): number {
    for (; p < n; p++) {
      const c = b[p];
      if (this.state === DIGITS) {
        const d = hexValue(c);
        if (d >= 0) {
          if (this.size > 0 || d > 0) this.digits++;
          if (this.digits > MAX_DIGITS) return this.fail(p);
          this.size = this.size * 16 + d;
          this.seenDigit = true;
          continue;
        }
        if (!this.seenDigit) return this.fail(p);
        if (c === 59 || c === 32 || c === 9) this.state = EXTENSION;
        else if (c === 13) this.state = CR;
        else if (c === 10) return p + 1;
        else return this.fail(p);
      } else if (this.state === EXTENSION) {
        if (c === 10) return p + 1;
        if (c === 13) this.state = CR;
        else if (++this.ext > MAX_EXTENSION) return this.fail(p);
      } else {
        if (c === 10) return p + 1;
        return this.fail(p);
      }
    }
    return -1;
  }

  private fail(at: number): number {
    this.bad = true;
    this.badAt = at;
    return -1;
  }
}
