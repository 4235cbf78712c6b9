/**
 * The newest items in memory: a circular buffer of contiguous store seqs (the oldest kept
 * item has `firstSeq`, the newest `firstSeq + size - 1`), so lookup by seq is O(1). The
 * owner decides when to evict (count and byte bounds live in the item store); `bytes`
 * sums the serialised sizes the owner reports per entry.
 */
import type { Item } from '../../capture/item.ts';

export interface RingEntry {
  seq: number;
  /** Item timestamp (epoch ms), for window checks without touching the item. */
  ts: number;
  item: Item;
  /** Serialised size in characters, 0 until the item was serialised. */
  bytes: number;
}

export class ItemRing {
  private readonly buf: (RingEntry | undefined)[];
  private start = 0;
  size = 0;
  bytes = 0;
  /** Seq of the oldest entry (the seq the next entry gets when empty). */
  firstSeq: number;

  constructor(
    readonly capacity: number,
    nextSeq: number,
  ) {
    this.buf = new Array(capacity);
    this.firstSeq = nextSeq;
  }

  get full(): boolean {
    return this.size === this.capacity;
  }

  /** Seq the next pushed entry must have. */
  get nextSeq(): number {
    return this.firstSeq + this.size;
  }

  /** Adds the newest entry; the caller makes room first (`full` → `shift`). */
  push(e: RingEntry): void {
    this.buf[(this.start + this.size) % this.capacity] = e;
    this.size++;
  }

  /** Removes and returns the oldest entry. */
  shift(): RingEntry | undefined {
    if (this.size === 0) return undefined;
    const e = this.buf[this.start]!;
    this.buf[this.start] = undefined;
    this.start = (this.start + 1) % this.capacity;
    this.size--;
    this.firstSeq++;
    this.bytes -= e.bytes;
    return e;
  }

  oldest(): RingEntry | undefined {
    return this.size ? this.buf[this.start] : undefined;
  }

  /** The entry with `seq`, if still in memory. */
  at(seq: number): RingEntry | undefined {
    const i = seq - this.firstSeq;
    if (i < 0 || i >= this.size) return undefined;
    return this.buf[(this.start + i) % this.capacity];
  }

  /** Records the serialised size of an entry. */
  sized(e: RingEntry, bytes: number): void {
    this.bytes += bytes - e.bytes;
    e.bytes = bytes;
  }
}
