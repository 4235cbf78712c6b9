/**
 * A FIFO of serialised messages (JSON texts) bounded by count and by characters. When a
 * push would exceed a bound, the OLDEST entries are dropped and counted, so after an outage
 * the hub receives the most recent window. Push and take are O(1) amortised (a head index
 * with occasional compaction; no per-entry allocation besides the string itself).
 */
export interface QueueLimits {
  /** Most entries kept. */
  maxEntries: number;
  /** Most characters kept (JSON is mostly ASCII: about bytes). */
  maxChars: number;
}

export class BoundedQueue {
  private buf: string[] = [];
  private head = 0;
  /** Characters currently queued. */
  chars = 0;
  /** Entries dropped because a bound was reached (cumulative). */
  dropped = 0;

  constructor(readonly limits: QueueLimits) {
    if (!(limits.maxEntries >= 1) || !(limits.maxChars >= 1)) throw new RangeError('BoundedQueue: maxEntries and maxChars must be ≥ 1');
  }

  get size(): number {
    return this.buf.length - this.head;
  }

  push(text: string): void {
    if (text.length > this.limits.maxChars) {
      this.dropped++;
      return;
    }
    this.buf.push(text);
    this.chars += text.length;
    while (this.size > this.limits.maxEntries || this.chars > this.limits.maxChars) {
      this.chars -= this.buf[this.head].length;
      this.head++;
      this.dropped++;
    }
    this.compact();
  }

  /**
   * Removes and returns up to `maxEntries` entries from the front, stopping before the
   * characters would exceed `maxChars` (at least one entry when any is queued).
   */
  take(maxEntries: number, maxChars: number): string[] {
    const out: string[] = [];
    let chars = 0;
    while (this.head < this.buf.length && out.length < maxEntries) {
      const s = this.buf[this.head];
      if (out.length > 0 && chars + s.length > maxChars) break;
      out.push(s);
      chars += s.length;
      this.head++;
    }
    this.chars -= chars;
    this.compact();
    return out;
  }

  clear(): void {
    this.dropped += this.size;
    this.buf = [];
    this.head = 0;
    this.chars = 0;
  }

  private compact(): void {
    if (this.head === this.buf.length) {
      this.buf = [];
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.buf.length) {
      this.buf = this.buf.slice(this.head);
      this.head = 0;
    }
  }
}
