/**
 * Pull sources over the stream store's segments:
 * - `locationsPull`: the packets of one stream (index locations), read in runs — records
 *   of the same segment that lie close together are read with one positional read (at
 *   most RUN_MAX bytes), so a stream costs a few reads, not one per packet;
 * - `segmentsPull`: every record of a list of segments, sequentially (snapshot of all).
 * Segments are retained while read and made readable first (the open segment's batch is
 * flushed). Packets of a segment evicted in between are skipped and counted in `missing`.
 */
import { open } from 'node:fs/promises';
import { FILE_HEADER, type Segment } from './segment.ts';
import { recordAt, type PacketPull, type PulledPacket } from './packet-pull.ts';

const RUN_MAX = 4 * 1024 * 1024;
const GAP_MAX = 64 * 1024;
/** Sequence numbers: segment id · 2³² + file offset (exact in a double for 2²¹ segments). */
const SEQ_SEGMENT = 2 ** 32;

export type SegmentLookup = (id: number) => Segment | undefined;

export interface CountingPull extends PacketPull {
  /** Packets that could not be read (segment evicted, short file). */
  readonly missing: number;
}

interface Run {
  segment: number;
  start: number;
  end: number;
  /** Index (in loc triples) of the first and one-past-last record. */
  first: number;
  last: number;
}

function runsOf(locs: Uint32Array): Run[] {
  const runs: Run[] = [];
  let cur: Run | null = null;
  for (let i = 0; i * 3 < locs.length; i++) {
    const seg = locs[i * 3];
    const off = locs[i * 3 + 1];
    const end = off + locs[i * 3 + 2];
    if (cur !== null && cur.segment === seg && off >= cur.end && off - cur.end <= GAP_MAX && end - cur.start <= RUN_MAX) {
      cur.end = end;
      cur.last = i + 1;
      continue;
    }
    cur = { segment: seg, start: off, end, first: i, last: i + 1 };
    runs.push(cur);
  }
  return runs;
}

async function readRange(seg: Segment, start: number, end: number): Promise<Buffer> {
  seg.retain();
  try {
    await seg.readable(end);
    const fh = await open(seg.path, 'r');
    try {
      const buf = Buffer.allocUnsafe(end - start);
      const { bytesRead } = await fh.read(buf, 0, buf.length, start);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } finally {
    seg.release();
  }
}

/** The packets at `locs` (segment, offset, length triples) in that order. */
export function locationsPull(locs: Uint32Array, segments: SegmentLookup): CountingPull {
  const runs = runsOf(locs);
  let r = 0;
  let missing = 0;
  return {
    get missing() {
      return missing;
    },
    async nextBatch() {
      while (r < runs.length) {
        const run = runs[r++];
        const seg = segments(run.segment);
        const n = run.last - run.first;
        if (seg === undefined || seg.evicted) {
          missing += n;
          continue;
        }
        let buf: Buffer;
        try {
          buf = await readRange(seg, run.start, run.end);
        } catch {
          missing += n;
          continue;
        }
        const out: PulledPacket[] = [];
        for (let i = run.first; i < run.last; i++) {
          const off = locs[i * 3 + 1];
          if (recordAt(buf, off - run.start, buf.length, seg.linkType, out, seg.id * SEQ_SEGMENT + off) < 0) missing++;
        }
        if (out.length > 0) return out;
      }
      return null;
    },
    close: async () => undefined,
  };
}

/** Every record of `segments` (in order), each up to the size it had when listed. */
export function segmentsPull(segments: { segment: Segment; upTo: number }[]): CountingPull {
  let s = 0;
  let pos = FILE_HEADER;
  let missing = 0;
  return {
    get missing() {
      return missing;
    },
    async nextBatch() {
      while (s < segments.length) {
        const { segment, upTo } = segments[s];
        if (pos >= upTo || segment.evicted) {
          s++;
          pos = FILE_HEADER;
          continue;
        }
        let buf: Buffer;
        try {
          buf = await readRange(segment, pos, Math.min(upTo, pos + RUN_MAX));
        } catch {
          s++;
          pos = FILE_HEADER;
          continue;
        }
        const out: PulledPacket[] = [];
        let off = 0;
        for (;;) {
          const next = recordAt(buf, off, buf.length, segment.linkType, out, segment.id * SEQ_SEGMENT + pos + off);
          if (next < 0) break;
          off = next;
        }
        if (off === 0) {
          // Records are at most 256 KiB (snaplen), far below RUN_MAX: the file is short.
          missing++;
          s++;
          pos = FILE_HEADER;
          continue;
        }
        pos += off;
        if (out.length > 0) return out;
      }
      return null;
    },
    close: async () => undefined,
  };
}
