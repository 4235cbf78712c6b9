/**
 * The out-of-order bytes of one TCP direction: copies of segment data that arrived after a
 * hole, as chunks sorted by sequence number that never overlap. Ordering is relative to a
 * `base` (the stream's next expected sequence number), so it is safe across the 2^32 wrap;
 * every chunk lies after `base` and within 2^31 of it.
 *
 * Overlap policy, first copy wins: `insert` copies only the parts of a segment that no
 * chunk covers yet, so bytes already buffered are never replaced.
 */
import { seqAdd, seqDiff } from './seq.ts';

export interface Chunk {
  seq: number;
  data: Uint8Array;
}

export class OutOfOrderBuffer {
  /** Bytes held (sum of chunk lengths). */
  bytes = 0;
  private readonly chunks: Chunk[] = [];

  get length(): number {
    return this.chunks.length;
  }

  /** The first (lowest) chunk, or undefined when empty. */
  first(): Chunk | undefined {
    return this.chunks[0];
  }

  /** Remove the first chunk. */
  shift(): Chunk | undefined {
    const c = this.chunks.shift();
    if (c !== undefined) this.bytes -= c.data.length;
    return c;
  }

  /**
   * Copy the parts of [seq, seq + bytes.length) that no chunk covers; `seq` must not be
   * before `base`. Returns the number of bytes added.
   */
  insert(base: number, seq: number, bytes: Uint8Array): number {
    const chunks = this.chunks;
    const s = seqDiff(seq, base);
    const e = s + bytes.length;
    let lo = 0;
    let hi = chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (seqDiff(chunks[mid].seq, base) + chunks[mid].data.length <= s) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    let cur = s;
    let added = 0;
    while (cur < e) {
      const cs = i < chunks.length ? seqDiff(chunks[i].seq, base) : e;
      if (cs <= cur) {
        const ce = cs + chunks[i].data.length;
        if (ce > cur) cur = ce;
        i++;
        continue;
      }
      const pieceEnd = cs < e ? cs : e;
      chunks.splice(i, 0, { seq: seqAdd(base, cur), data: bytes.slice(cur - s, pieceEnd - s) });
      added += pieceEnd - cur;
      i++;
      cur = pieceEnd;
    }
    this.bytes += added;
    return added;
  }

  /** Drop every buffered byte at or after sequence number `end`; returns bytes dropped. */
  truncateAt(base: number, end: number): number {
    const chunks = this.chunks;
    const limit = seqDiff(end, base);
    let dropped = 0;
    while (chunks.length > 0) {
      const last = chunks[chunks.length - 1];
      const over = seqDiff(last.seq, base) + last.data.length - limit;
      if (over <= 0) break;
      if (over >= last.data.length) {
        chunks.pop();
        dropped += last.data.length;
      } else {
        last.data = last.data.subarray(0, last.data.length - over);
        dropped += over;
      }
    }
    this.bytes -= dropped;
    return dropped;
  }

  /** Drop everything; returns bytes dropped. */
  clear(): number {
    const n = this.bytes;
    this.chunks.length = 0;
    this.bytes = 0;
    return n;
  }
}
