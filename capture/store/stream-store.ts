/**
 * The stream store (DESIGN.md §6): every packet of every flow, recorded by stream, so
 * `pcap.path(stream)`, `pcap.snapshot()` and recordings can rebuild captures later.
 *
 *   pipeline ──tap(flow, raw)──► open segment of the packet's link type (append-only pcap)
 *                               └► index: stream name → (segment, offset, length) per packet
 *
 * Per packet: one WeakMap lookup (skipped for consecutive packets of one flow), one copy
 * into the segment writer's batch, three numbers into the index. Never waits: when more
 * than `maxPendingBytes` wait for the disk, packets are dropped and counted.
 *
 * Segments roll at `segmentBytes` or `segmentMs`; sealed segments are evicted oldest first
 * while the store is over `maxBytes`, or when written more than `maxAgeMs` ago (wall time).
 * Eviction removes their packets from the index (counted); a stream left with no packets
 * leaves the index. The index lives in memory: segments of an earlier run cannot be
 * addressed (flow ids restart), so `open()` clears the directory.
 *
 * Caveats: stream names are per flow table, so two sources of one node reuse names — their
 * packets then share an index entry (`stats.nameReuse`). An IP datagram that arrived in
 * fragments is recorded as its last fragment (the one that completed it).
 */
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { FlowInfo } from '../flow/flow.ts';
import type { RawPacket } from '../source/raw-packet.ts';
import { mergeToPcap, type MergeResult } from './pcap-merge.ts';
import { RECORD_HEADER, Segment } from './segment.ts';
import { locationsPull, segmentsPull, type CountingPull } from './store-pull.ts';
import { StreamIndex, type StreamEntry } from './stream-index.ts';
import { StreamStoreStats } from './stream-store-stats.ts';

export interface StreamStoreOptions {
  /** Directory of the segment files (cleared at open). */
  dir: string;
  /** Disk used by segments, bytes. */
  maxBytes: number;
  /** Sealed segments last written longer ago are evicted, ms. */
  maxAgeMs: number;
  /** Segment size, bytes (capped at maxBytes / 4, at least 64 KiB). */
  segmentBytes: number;
  /** A segment is sealed after this long, ms. */
  segmentMs: number;
  /** Bytes waiting for the disk before new packets are dropped. */
  maxPendingBytes: number;
  /** Wall clock (default Date.now). */
  now?: () => number;
  /** Maintenance (time rolls, age eviction) interval, ms (default 1000; 0 = call maintain() yourself). */
  maintainMs?: number;
  log?: (line: string) => void;
  /** A stream left the index (all its packets were evicted). */
  onStreamEvicted?: (name: string) => void;
}

/** A stream's packets [from, end) as of the moment `slice` was called. */
export interface StreamSlice {
  name: string;
  from: number;
  end: number;
  linkType: number;
  locs: Uint32Array;
}

export class StreamStore {
  readonly stats = new StreamStoreStats();
  readonly index = new StreamIndex();
  private readonly segments = new Map<number, Segment>();
  private readonly lanes = new Map<number, Segment>();
  private readonly byFlow = new WeakMap<FlowInfo, StreamEntry>();
  private readonly o: Required<Omit<StreamStoreOptions, 'onStreamEvicted' | 'log'>> & Pick<StreamStoreOptions, 'onStreamEvicted' | 'log'>;
  private laneType = -1;
  private lane: Segment | null = null;
  private lastFlow: FlowInfo | null = null;
  private lastEntry: StreamEntry | null = null;
  private nextId = 1;
  /** Bytes of sealed segments still waiting for the disk (updated at rolls and maintenance). */
  private sealedPending = 0;
  private nowMs: number;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private readonly removals = new Set<Promise<void>>();

  private constructor(o: StreamStoreOptions) {
    const segmentBytes = Math.max(64 * 1024, Math.min(o.segmentBytes, Math.floor(o.maxBytes / 4)));
    this.o = { now: Date.now, maintainMs: 1000, ...o, segmentBytes };
    this.nowMs = this.o.now();
    this.stats.sizes = () => ({ segments: this.segments.size, diskBytes: this.diskBytes(), streams: this.index.size });
  }

  /** Creates (and empties) the directory and starts maintenance. */
  static async open(o: StreamStoreOptions): Promise<StreamStore> {
    await mkdir(o.dir, { recursive: true });
    for (const f of await readdir(o.dir)) if (f.endsWith('.pcap') || f.endsWith('.partial')) await rm(path.join(o.dir, f), { force: true });
    const s = new StreamStore(o);
    if (s.o.maintainMs > 0) {
      s.timer = setInterval(() => s.maintain(), s.o.maintainMs);
      s.timer.unref();
    }
    return s;
  }

  /** The pipeline hook (Pipeline `onFlowPacket`): record `raw` under its flow's stream. */
  readonly tap = (flow: FlowInfo, raw: RawPacket): void => {
    if (this.closed) return;
    let seg = raw.linkType === this.laneType ? this.lane! : this.laneFor(raw.linkType);
    if (seg.pendingBytes + this.sealedPending > this.o.maxPendingBytes || seg.error !== null) {
      this.stats.droppedPackets++;
      return;
    }
    if (seg.bytes >= this.o.segmentBytes || this.nowMs - seg.openedMs >= this.o.segmentMs) seg = this.roll(raw.linkType);
    let e = flow === this.lastFlow ? this.lastEntry! : this.byFlow.get(flow);
    if (e === undefined || e.evicted) e = this.openEntry(flow, raw.linkType, e);
    const len = RECORD_HEADER + raw.data.length;
    const off = seg.append(raw, this.nowMs);
    e.push(seg.id, off, len);
    if (e.lastSegment !== seg.id) {
      e.lastSegment = seg.id;
      seg.streams.add(e);
    }
    this.stats.packets++;
    this.stats.bytes += len;
  };

  has(name: string): boolean {
    return this.index.get(name) !== undefined;
  }

  /** The stream's packets from absolute number `from` on, as of now (null if unknown). */
  slice(name: string, from = 0): StreamSlice | null {
    const e = this.index.get(name);
    if (e === undefined) return null;
    const s = e.slice(from);
    return { name, from: s.from, end: e.end, linkType: e.linkType, locs: s.locs };
  }

  /** A pull source over a slice (for merges). */
  pull(slice: StreamSlice): CountingPull {
    return locationsPull(slice.locs, (id) => this.segments.get(id));
  }

  /** Merge slices into one pcap at `out` (time order); `missing` = packets evicted meanwhile. */
  async writeSlices(slices: StreamSlice[], out: string): Promise<MergeResult & { missing: number }> {
    const pulls = slices.map((s) => this.pull(s));
    const res = await mergeToPcap(pulls, out, { linkType: slices[0]?.linkType });
    return { ...res, missing: pulls.reduce((n, p) => n + p.missing, 0) };
  }

  /** Every stored packet (all streams) merged into one pcap at `out`. */
  async writeAll(out: string): Promise<MergeResult & { missing: number }> {
    const byLane = new Map<number, { segment: Segment; upTo: number }[]>();
    for (const seg of this.segments.values()) {
      if (seg.error !== null) continue;
      let list = byLane.get(seg.linkType);
      if (!list) byLane.set(seg.linkType, (list = []));
      list.push({ segment: seg, upTo: seg.bytes });
    }
    const pulls = [...byLane.values()].map((l) => segmentsPull(l));
    const res = await mergeToPcap(pulls, out);
    return { ...res, missing: pulls.reduce((n, p) => n + p.missing, 0) };
  }

  /** Time-based rolls and eviction (runs every maintainMs). */
  maintain(): void {
    if (this.closed) return;
    this.nowMs = this.o.now();
    for (const [lt, seg] of this.lanes) {
      if (seg.error !== null || (seg.packets > 0 && this.nowMs - seg.openedMs >= this.o.segmentMs)) this.roll(lt);
    }
    this.evict();
    this.sealedPending = this.pendingOfSealed();
  }

  /** Bytes of segment files on disk (or batched for them). */
  diskBytes(): number {
    let n = 0;
    for (const s of this.segments.values()) n += s.bytes;
    return n;
  }

  /** Seal every segment and stop maintenance (the files stay until the next open). */
  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all([...this.segments.values()].map((s) => s.seal().catch(() => undefined)));
    await Promise.all([...this.removals]);
  }

  private openEntry(flow: FlowInfo, linkType: number, previous: StreamEntry | undefined): StreamEntry {
    const { entry, created } = this.index.open(flow.streamName, linkType);
    if (!created) this.stats.nameReuse++;
    else if (previous !== undefined) entry.base = previous.end;
    this.byFlow.set(flow, entry);
    this.lastFlow = flow;
    this.lastEntry = entry;
    return entry;
  }

  private laneFor(linkType: number): Segment {
    const seg = this.lanes.get(linkType) ?? this.roll(linkType);
    this.laneType = linkType;
    this.lane = seg;
    return seg;
  }

  private roll(linkType: number): Segment {
    const old = this.lanes.get(linkType);
    if (old !== undefined) {
      old.seal().catch(() => undefined);
      // A segment that failed before holding a packet (disk full) is not kept around.
      if (old.error !== null && old.packets === 0) this.evictSegment(old);
    }
    const id = this.nextId++;
    const seg = new Segment(id, path.join(this.o.dir, `${String(id).padStart(8, '0')}-lt${linkType}.pcap`), linkType, this.nowMs);
    seg.onError((e) => this.writeFailed(seg, e));
    this.segments.set(id, seg);
    this.lanes.set(linkType, seg);
    if (this.laneType === linkType) this.lane = seg;
    if (old !== undefined) {
      this.evict();
      this.sealedPending = this.pendingOfSealed();
    }
    return seg;
  }

  private pendingOfSealed(): number {
    let n = 0;
    for (const s of this.segments.values()) if (s.sealed) n += s.pendingBytes;
    return n;
  }

  private writeFailed(seg: Segment, e: Error): void {
    this.stats.writeErrors++;
    this.o.log?.(`wirehook: stream store: writing ${seg.path} failed (${e.message}); new packets are dropped until a new segment can be written`);
  }

  private evict(): void {
    const now = this.nowMs;
    let disk = this.diskBytes();
    for (const seg of this.segments.values()) {
      if (!seg.sealed) continue;
      const old = now - seg.lastWriteMs > this.o.maxAgeMs;
      if (disk <= this.o.maxBytes && !old) break;
      disk -= seg.bytes;
      this.evictSegment(seg);
    }
  }

  private evictSegment(seg: Segment): void {
    const st = this.stats;
    for (const e of seg.streams) {
      st.evictedPackets += e.dropSegment(seg.id);
      if (e.count === 0) {
        this.index.delete(e);
        st.evictedStreams++;
        this.o.onStreamEvicted?.(e.name);
      }
    }
    this.segments.delete(seg.id);
    st.evictedSegments++;
    st.evictedBytes += seg.bytes;
    const removal = seg.evict().finally(() => this.removals.delete(removal));
    this.removals.add(removal);
  }
}
