/**
 * Fixed-width time buckets (packet time) holding one aggregate each, bounded by count:
 * when a new bucket would exceed `maxBuckets`, the oldest goes. Data older than the
 * oldest kept bucket once the table is full has nowhere to go (`late`, counted).
 * A window query visits every bucket overlapping [from, to], oldest first — so window
 * edges are rounded out to whole buckets.
 */
export class TimeBuckets<T> {
  private readonly buckets = new Map<number, T>();
  /** Bucket starts, ascending. */
  private starts: number[] = [];
  /** Samples that arrived for a bucket already dropped. */
  late = 0;

  constructor(
    readonly bucketMs: number,
    readonly maxBuckets: number,
    private readonly create: (start: number) => T,
    /** Called with a bucket that stopped being the newest (e.g. to compact it). */
    private readonly onOlder?: (bucket: T) => void,
  ) {
    if (!(bucketMs > 0) || !(maxBuckets >= 1)) throw new RangeError(`time buckets need bucketMs > 0 and maxBuckets >= 1, got ${bucketMs}, ${maxBuckets}`);
  }

  get size(): number {
    return this.starts.length;
  }

  startOf(ts: number): number {
    return Math.floor(ts / this.bucketMs) * this.bucketMs;
  }

  /** The bucket for `ts` (created if needed), or null when it is older than what is kept. */
  at(ts: number): T | null {
    const start = this.startOf(ts);
    const b = this.buckets.get(start);
    if (b !== undefined) return b;
    const starts = this.starts;
    if (starts.length >= this.maxBuckets && start < starts[0]) {
      this.late++;
      return null;
    }
    const created = this.create(start);
    this.buckets.set(start, created);
    const newest = starts[starts.length - 1];
    if (newest === undefined || start > newest) {
      if (newest !== undefined && this.onOlder) this.onOlder(this.buckets.get(newest)!);
      starts.push(start);
    } else {
      if (this.onOlder) this.onOlder(created);
      let i = starts.length;
      while (i > 0 && starts[i - 1] > start) i--;
      starts.splice(i, 0, start);
    }
    while (starts.length > this.maxBuckets) this.buckets.delete(starts.shift()!);
    return created;
  }

  /** Buckets overlapping [from, to] (ms, inclusive), oldest first; null bounds are open. */
  *window(from: number | null, to: number | null): Iterable<T> {
    const lo = from === null ? -Infinity : this.startOf(from);
    const hi = to === null ? Infinity : to;
    for (const s of this.starts) if (s >= lo && s <= hi) yield this.buckets.get(s)!;
  }

  /** Start of the oldest kept bucket, or null. */
  get oldestStart(): number | null {
    return this.starts[0] ?? null;
  }
}
