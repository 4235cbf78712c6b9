/**
 * The stream store's index: stream name → where its packets are, as (segment id, record
 * offset, record length) triples in arrival order — no object per packet; long streams
 * keep them in a growable Uint32Array (12 bytes per packet).
 *
 * Packets are numbered per stream from 0 in arrival order for as long as the store runs
 * ("absolute" numbers): when a segment is evicted its packets leave the front of the
 * list and `base` grows, so a reader that remembers "I have packets up to N" (the
 * recorder between partial archives) stays correct.
 */
/** Packets a stream keeps in a plain array before its locations move to a Uint32Array. */
const SMALL = 256;

export class StreamEntry {
  /** Absolute number of the first packet still indexed. */
  base = 0;
  /** Packets indexed (locs holds 3 × count numbers). */
  count = 0;
  /**
   * (segment, offset, length) per packet. Most streams are short: they start as a plain
   * array (allocating a typed array per stream costs more than the stream's packets) and
   * switch to a compact Uint32Array past SMALL packets.
   */
  locs: number[] | Uint32Array = [];
  /** Id of the segment the last packet went to (fast path for the segment's stream set). */
  lastSegment = -1;
  /** Removed from the index (all its packets were evicted). */
  evicted = false;
  /** Absolute packet count when pcap.path last wrote this stream's file (-1 = never). */
  materialized = -1;

  constructor(
    readonly name: string,
    readonly linkType: number,
  ) {}

  /** Absolute number one past the last packet. */
  get end(): number {
    return this.base + this.count;
  }

  push(segment: number, offset: number, length: number): void {
    let l = this.locs;
    let i = this.count * 3;
    if (Array.isArray(l)) {
      if (this.count < SMALL) {
        l.push(segment, offset, length);
        this.count++;
        return;
      }
      this.locs = l = Uint32Array.from(l);
    }
    if (i + 3 > l.length) {
      const bigger = new Uint32Array(Math.max(3 * SMALL, l.length * 2));
      bigger.set(l);
      this.locs = l = bigger;
    }
    l[i++] = segment;
    l[i++] = offset;
    l[i] = length;
    this.count++;
  }

  /** Drops every packet stored in `segment`; returns how many were dropped. */
  dropSegment(segment: number): number {
    const l = this.locs;
    let w = 0;
    let dropped = 0;
    let leading = true;
    for (let r = 0; r < this.count; r++) {
      if (l[r * 3] === segment) {
        dropped++;
        if (leading) this.base++;
        continue;
      }
      leading = false;
      if (w !== r) l.copyWithin(w * 3, r * 3, r * 3 + 3);
      w++;
    }
    this.count = w;
    if (Array.isArray(l)) l.length = w * 3;
    else if (w * 3 * 4 < l.length) this.locs = l.slice(0, Math.max(3 * SMALL, w * 6));
    return dropped;
  }

  /** Copy of the locations of absolute packets [from, end) (clamped to what is indexed). */
  slice(from: number): { from: number; locs: Uint32Array } {
    const start = Math.max(0, from - this.base);
    const first = Math.min(start, this.count);
    const part = this.locs.slice(first * 3, this.count * 3);
    return { from: this.base + first, locs: part instanceof Uint32Array ? part : Uint32Array.from(part) };
  }
}

export class StreamIndex {
  private readonly byName = new Map<string, StreamEntry>();

  get size(): number {
    return this.byName.size;
  }

  get(name: string): StreamEntry | undefined {
    return this.byName.get(name);
  }

  /** The live entry of `name`, created when absent. `created` tells which. */
  open(name: string, linkType: number): { entry: StreamEntry; created: boolean } {
    const e = this.byName.get(name);
    if (e !== undefined) return { entry: e, created: false };
    const entry = new StreamEntry(name, linkType);
    this.byName.set(name, entry);
    return { entry, created: true };
  }

  delete(entry: StreamEntry): void {
    entry.evicted = true;
    if (this.byName.get(entry.name) === entry) this.byName.delete(entry.name);
  }

  names(): IterableIterator<string> {
    return this.byName.keys();
  }

  values(): IterableIterator<StreamEntry> {
    return this.byName.values();
  }
}
