/**
 * The item store of a single or hub node (DESIGN.md §6): what the dashboard and the items
 * API query. Every item published on the node's bus gets the next store seq (arrival
 * order, which follows capture time closely) and is kept
 *  - in memory: the newest items, bounded by count and serialised bytes (item-ring.ts);
 *  - on disk: all of them, in segments bounded by size and age (item-segments.ts).
 * An item is gone ("evicted", counted) once it left both. Without a folder (diskMb 0 or
 * an I/O error) the store is memory only.
 *
 * `add` never blocks and never throws (bus subscriber): items are serialised and appended
 * to disk in batches — at the next macrotask or when `BATCH` are pending — and memory is
 * trimmed then. Items must not be mutated after they were added. Queries: item-query.ts.
 */
import type { Item } from '../../capture/item.ts';
import { queryItems, type ItemPage, type ItemQuery } from './item-query.ts';
import { ItemRing, type RingEntry } from './item-ring.ts';
import { ItemSegments, type SegmentInfo } from './item-segments.ts';
import { formatLine, itemJson, lineItem } from './segment-line.ts';

export type { ItemPage, ItemQuery, StoredItem } from './item-query.ts';

export interface ItemStoreOptions {
  /** Segment folder (`<dataDir>/items`); null = memory only. */
  dir: string | null;
  /** Newest items kept in memory. */
  memoryItems: number;
  /** Serialised size of the items kept in memory, bytes (characters). */
  memoryBytes: number;
  /** Total size of the on-disk segments, bytes. */
  diskBytes: number;
  /** Size of one segment, bytes. */
  segmentBytes: number;
  /** Segments last written longer ago than this are deleted, ms. */
  maxAgeMs: number;
  /** Wall clock (segment age). Default Date.now. */
  now?: () => number;
  /** Operator log (disk errors). */
  log?: (line: string) => void;
}

export interface ItemStoreStats {
  /** Items that can still be queried (memory ∪ disk). */
  items: number;
  memoryItems: number;
  memoryBytes: number;
  diskBytes: number;
  segments: number;
  /** Items that left the store for good. */
  evicted: number;
  /** Items that could not be serialised, and lines on disk that could not be read back. */
  corrupt: number;
  diskErrors: number;
}

/** Items serialised per batch. */
const BATCH = 2048;

export class ItemStore {
  private readonly ring: ItemRing;
  private readonly byId = new Map<string, RingEntry>();
  private segments: ItemSegments | null;
  /** Seq of the first entry not yet serialised. */
  private unsaved: number;
  private scheduled = false;
  private evicted = 0;
  private corrupt = 0;
  private diskErrors = 0;
  private closed = false;

  constructor(private readonly o: ItemStoreOptions) {
    this.segments = null;
    if (o.dir) {
      try {
        this.segments = ItemSegments.open({
          dir: o.dir,
          segmentBytes: Math.max(4096, Math.min(o.segmentBytes, Math.floor(o.diskBytes / 4))),
          maxBytes: o.diskBytes,
          maxAgeMs: o.maxAgeMs,
          now: o.now ?? Date.now,
        });
      } catch (e) {
        this.diskFailed(e);
      }
    }
    this.ring = new ItemRing(Math.max(1, o.memoryItems), this.segments?.nextSeq ?? 1);
    this.unsaved = this.ring.nextSeq;
  }

  /** Bus subscriber: stores the item (never throws). */
  add(item: Item): void {
    if (this.closed) return;
    const ring = this.ring;
    if (ring.full && ring.firstSeq >= this.unsaved) this.flush();
    if (ring.full) this.drop(ring.shift()!);
    const ts = typeof item.timestamp === 'number' && Number.isFinite(item.timestamp) ? Math.floor(item.timestamp) : 0;
    const e: RingEntry = { seq: ring.nextSeq, ts, item, bytes: 0 };
    ring.push(e);
    if (typeof item.id === 'string') this.byId.set(item.id, e);
    if (ring.nextSeq - this.unsaved >= BATCH) this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  /** Serialises pending items, appends them to disk and trims memory to its bounds. */
  flush(): void {
    this.scheduled = false;
    const ring = this.ring;
    const end = ring.nextSeq;
    if (this.unsaved < end) {
      let lines = '';
      let minTs = Infinity;
      let maxTs = -Infinity;
      for (let seq = this.unsaved; seq < end; seq++) {
        const e = ring.at(seq)!;
        const json = itemJson(e.item);
        if (json === null) {
          this.corrupt++;
          continue;
        }
        ring.sized(e, json.length);
        if (this.segments) lines += formatLine(seq, e.ts, json);
        if (e.ts < minTs) minTs = e.ts;
        if (e.ts > maxTs) maxTs = e.ts;
      }
      if (this.segments) {
        try {
          if (lines) this.segments.append(lines, this.unsaved, end - 1, minTs, maxTs);
        } catch (e) {
          this.diskFailed(e);
        }
      }
      this.unsaved = end;
    }
    this.enforceDisk();
    while (ring.size > 1 && ring.bytes > this.o.memoryBytes) this.drop(ring.shift()!);
  }

  /** An item by id: memory first, then the segments, newest first. */
  async get(id: string): Promise<Item | undefined> {
    const e = this.byId.get(id);
    if (e) return e.item;
    if (!this.segments) return undefined;
    const needle = `"id":${JSON.stringify(id)}`;
    for (const seg of this.segments.newestFirst()) {
      const lines = await this.segments.lines(seg);
      for (let i = lines.length - 1; i >= 0; i--) {
        if (!lines[i].includes(needle)) continue;
        const item = this.parse(lines[i]);
        if (item?.id === id) return item;
      }
    }
    return undefined;
  }

  /** Newest first from `before` (item-query.ts). */
  query(q: ItemQuery): Promise<ItemPage> {
    return queryItems({ ring: this.ring, segments: this.segments, parse: (line) => this.parse(line) }, q);
  }

  stats(): ItemStoreStats {
    const ring = this.ring;
    const diskOldest = this.segments?.oldestSeq ?? null;
    const oldest = diskOldest === null ? ring.firstSeq : Math.min(diskOldest, ring.firstSeq);
    return {
      items: ring.nextSeq - oldest,
      memoryItems: ring.size,
      memoryBytes: ring.bytes,
      diskBytes: this.segments?.totalBytes ?? 0,
      segments: this.segments ? this.segments.sealed.length + (this.segments.current ? 1 : 0) : 0,
      evicted: this.evicted,
      corrupt: this.corrupt,
      diskErrors: this.diskErrors,
    };
  }

  /** Writes what is pending and seals the open segment. Later adds are ignored. */
  close(): void {
    this.flush();
    this.closed = true;
    this.segments?.close();
  }

  /** An entry leaves memory; it is evicted unless a segment still holds it. */
  private drop(e: RingEntry): void {
    if (this.byId.get(e.item.id) === e) this.byId.delete(e.item.id);
    const diskOldest = this.segments?.oldestSeq ?? null;
    if (diskOldest === null || e.seq < diskOldest) this.evicted++;
  }

  private enforceDisk(): void {
    if (!this.segments) return;
    let gone: SegmentInfo[];
    try {
      gone = this.segments.enforce();
    } catch (e) {
      return this.diskFailed(e);
    }
    for (const seg of gone) this.evicted += Math.max(0, Math.min(seg.last + 1, this.ring.firstSeq) - seg.first);
  }

  private parse(line: string): Item | undefined {
    const item = lineItem(line);
    if (!item) this.corrupt++;
    return item;
  }

  /** The disk is unusable: keep serving from memory. */
  private diskFailed(e: unknown): void {
    this.diskErrors++;
    if (this.segments) {
      try {
        this.segments.close();
      } catch {
        // Already broken.
      }
    }
    this.segments = null;
    this.o.log?.(`wirehook: item store: on-disk segments disabled (${(e as Error).message}); keeping items in memory only`);
  }
}
