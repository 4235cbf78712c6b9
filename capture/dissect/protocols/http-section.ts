/**
 * Header/trailer sections that span segments. `SectionCarry` is the per-direction copy
 * of a section's bytes received so far (bounded by the caller's cap); `findSectionEnd`
 * finds the empty line that ends a section.
 */

/**
 * Index just after the empty line ending a section in b[from, to) — the first LF followed
 * by LF or CRLF — or -1. `from` must be at or before the LF that precedes the empty line.
 */
export function findSectionEnd(b: Uint8Array, from: number, to: number): number {
  let i = b.indexOf(10, from);
  while (i >= 0 && i < to) {
    const c1 = i + 1 < to ? b[i + 1] : -1;
    if (c1 === 10) return i + 2;
    if (c1 === 13 && i + 2 < to && b[i + 2] === 10) return i + 3;
    i = b.indexOf(10, i + 1);
  }
  return -1;
}

/** Storage above this size is dropped when the carry empties, so idle flows stay small. */
const KEEP_BYTES = 16384;

export class SectionCarry {
  private buf: Uint8Array | null = null;
  /** Bytes held. Setting it lower truncates (storage is kept). */
  len = 0;

  append(b: Uint8Array, s: number, e: number): void {
    const n = e - s;
    if (n <= 0) return;
    this.ensure(this.len + n);
    this.buf!.set(b.subarray(s, e), this.len);
    this.len += n;
  }

  /**
   * Append b[p, n) — at most enough to exceed `cap` by a few bytes — and look for the end
   * of the section. Returns the end offset within the carry, or -1 (then `len > cap`
   * means the section is too large).
   */
  gather(b: Uint8Array, p: number, n: number, cap: number): number {
    const old = this.len;
    const take = Math.max(0, Math.min(n - p, cap + 4 - old));
    this.append(b, p, p + take);
    return findSectionEnd(this.bytes(), old > 3 ? old - 3 : 0, this.len);
  }

  /** Start a trailer section: a virtual LF so that an immediate empty line ends it. */
  seedLineFeed(): void {
    this.ensure(1);
    this.buf![0] = 10;
    this.len = 1;
  }

  hasLineFeed(): boolean {
    return this.len > 0 && this.bytes().indexOf(10) >= 0;
  }

  bytes(): Uint8Array {
    return this.buf ? this.buf.subarray(0, this.len) : EMPTY;
  }

  /** Keep only bytes [from, to), moved to the front. */
  retain(from: number, to: number): void {
    if (!this.buf || from >= to) {
      this.len = 0;
      return;
    }
    if (from > 0) this.buf.copyWithin(0, from, to);
    this.len = to - from;
  }

  /** Empty the carry, dropping large storage. */
  reset(): void {
    this.len = 0;
    if (this.buf && this.buf.length > KEEP_BYTES) this.buf = null;
  }

  private ensure(n: number): void {
    const cur = this.buf;
    if (cur && cur.length >= n) return;
    let size = cur ? cur.length * 2 : 1024;
    while (size < n) size *= 2;
    const next = new Uint8Array(size);
    if (cur && this.len) next.set(cur.subarray(0, this.len));
    this.buf = next;
  }
}

const EMPTY = new Uint8Array(0);
