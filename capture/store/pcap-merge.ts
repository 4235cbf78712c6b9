/**
 * Merge packet sources into one classic pcap file in time order (like mergecap): a k-way
 * merge over the sources' heads with a binary heap, each source assumed time-ordered in
 * itself. Equal timestamps keep the order the stream store received the packets in (so a
 * merge of streams reproduces the capture's order), else the order of the sources. Written with the project's PcapWriter (nanosecond
 * timestamps) to a temporary `<out>.<unique>.partial`, renamed to `out` when complete, so
 * a reader never sees a half-written file and concurrent merges to one path do not mix.
 *
 * A classic pcap has one link type: the first packet's. Packets of another link type are
 * skipped and counted (`skippedLinkType`). With no packet at all the file holds only the
 * header, with `linkType` (default Ethernet).
 */
import { createWriteStream } from 'node:fs';
import { rename, unlink } from 'node:fs/promises';
import { LinkType } from '../source/link-types.ts';
import { PcapWriter } from '../source/pcap-writer.ts';
import type { PacketPull, PulledPacket } from './packet-pull.ts';

export interface MergeResult {
  packets: number;
  /** File size in bytes. */
  bytes: number;
  skippedLinkType: number;
  /** First / last packet time (epoch ms), 0 when empty. */
  firstMs: number;
  lastMs: number;
}

let tmpCounter = 0;

class Cursor {
  batch: PulledPacket[] = [];
  i = 0;
  constructor(
    readonly pull: PacketPull,
    readonly order: number,
  ) {}

  get head(): PulledPacket {
    return this.batch[this.i];
  }

  /** Advance; false when the source is over. */
  async next(): Promise<boolean> {
    if (++this.i < this.batch.length) return true;
    const b = await this.pull.nextBatch();
    if (b === null) return false;
    this.batch = b;
    this.i = 0;
    return true;
  }
}

function before(a: Cursor, b: Cursor): boolean {
  const x = a.head;
  const y = b.head;
  if (x.tsSec !== y.tsSec) return x.tsSec < y.tsSec;
  if (x.tsNsec !== y.tsNsec) return x.tsNsec < y.tsNsec;
  if (x.seq !== undefined && y.seq !== undefined) return x.seq < y.seq;
  return a.order < b.order;
}

function siftDown(h: Cursor[], i: number): void {
  const n = h.length;
  for (;;) {
    const l = 2 * i + 1;
    if (l >= n) return;
    const r = l + 1;
    const m = r < n && before(h[r], h[l]) ? r : l;
    if (!before(h[m], h[i])) return;
    [h[m], h[i]] = [h[i], h[m]];
    i = m;
  }
}

/** Merge `pulls` into the pcap file `out`; the sources are closed either way. */
export async function mergeToPcap(pulls: PacketPull[], out: string, opts: { linkType?: number } = {}): Promise<MergeResult> {
  const tmp = `${out}.${process.pid}-${++tmpCounter}.partial`;
  const stream = createWriteStream(tmp);
  let writer: PcapWriter | null = null;
  let linkType = -1;
  const res: MergeResult = { packets: 0, bytes: 0, skippedLinkType: 0, firstMs: 0, lastMs: 0 };
  try {
    const heap: Cursor[] = [];
    for (let i = 0; i < pulls.length; i++) {
      const b = await pulls[i].nextBatch();
      if (b === null) continue;
      const c = new Cursor(pulls[i], i);
      c.batch = b;
      heap.push(c);
    }
    for (let i = (heap.length >> 1) - 1; i >= 0; i--) siftDown(heap, i);
    while (heap.length > 0) {
      const c = heap[0];
      const p = c.head;
      if (writer === null) {
        linkType = p.linkType;
        writer = new PcapWriter({ linkType, nanosecond: true, sink: stream, batchBytes: 1024 * 1024 });
      }
      if (p.linkType !== linkType) {
        res.skippedLinkType++;
      } else {
        const ms = p.tsSec * 1000 + p.tsNsec / 1e6;
        if (res.packets === 0) res.firstMs = ms;
        res.lastMs = ms;
        res.packets++;
        if (!writer.write(p.tsSec, p.tsNsec, p.data, p.origLen)) await writer.drained();
      }
      if (await c.next()) siftDown(heap, 0);
      else {
        const last = heap.pop()!;
        if (heap.length > 0 && last !== c) {
          heap[0] = last;
          siftDown(heap, 0);
        }
      }
    }
    writer ??= new PcapWriter({ linkType: opts.linkType ?? LinkType.ETHERNET, nanosecond: true, sink: stream });
    await writer.end();
    res.bytes = writer.bytesWritten;
    await rename(tmp, out);
    return res;
  } catch (e) {
    stream.destroy();
    await unlink(tmp).catch(() => undefined);
    throw e;
  } finally {
    await Promise.all(pulls.map((p) => p.close().catch(() => undefined)));
  }
}
