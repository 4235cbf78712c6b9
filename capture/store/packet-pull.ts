/**
 * Pull sources of packets for merging (pcap-merge.ts): each yields its packets in batches,
 * in its own time order. Packets handed out are never reused by the source (each batch
 * owns its bytes), so a merge may hold heads of many sources at once.
 *
 * - `pcapFilePull(path)`: any pcap or pcapng file, through the project's PcapParser
 *   (packets copied out of the parser's chunk views).
 * - `recordsIn(...)`: records of the stream store's own segment format (classic pcap,
 *   little-endian, nanoseconds) at known offsets of a buffer.
 */
import { open, type FileHandle } from 'node:fs/promises';
import { PcapParser } from '../source/pcap-parser.ts';
import { RECORD_HEADER } from './segment.ts';

export interface PulledPacket {
  tsSec: number;
  tsNsec: number;
  origLen: number;
  data: Uint8Array;
  linkType: number;
  /** Arrival order in the stream store (segment id · 2³² + offset): orders packets with equal timestamps. */
  seq?: number;
}

export interface PacketPull {
  /** The next batch (never empty), or null when the source is over. */
  nextBatch(): Promise<PulledPacket[] | null>;
  /** Release files; safe to call more than once. */
  close(): Promise<void>;
}

const CHUNK = 1024 * 1024;

/** Every packet of a pcap/pcapng file, in file order. Rejects with PcapFormatError on a bad file. */
export function pcapFilePull(path: string): PacketPull {
  let fh: FileHandle | null = null;
  let done = false;
  let position = 0;
  let batch: PulledPacket[] = [];
  const parser = new PcapParser((p) => {
    batch.push({ tsSec: p.tsSec, tsNsec: p.tsNsec, origLen: p.origLen, data: p.data.slice(), linkType: p.linkType });
  });
  const close = async (): Promise<void> => {
    done = true;
    const f = fh;
    fh = null;
    await f?.close();
  };
  return {
    async nextBatch() {
      if (done) return null;
      fh ??= await open(path, 'r');
      while (batch.length === 0) {
        const buf = Buffer.allocUnsafe(CHUNK);
        const { bytesRead } = await fh.read(buf, 0, CHUNK, position);
        if (bytesRead === 0) {
          parser.end();
          await close();
          return null;
        }
        position += bytesRead;
        parser.push(buf.subarray(0, bytesRead));
      }
      const out = batch;
      batch = [];
      return out;
    },
    close,
  };
}

/**
 * Parse the store-format record at `buf[off]` (within `buf[0, end)`) into `out`; returns
 * the offset after it, or -1 when the record does not fit (or is malformed). `seq` is the
 * record's arrival order in the store.
 */
export function recordAt(buf: Buffer, off: number, end: number, linkType: number, out: PulledPacket[], seq: number): number {
  if (off + RECORD_HEADER > end) return -1;
  const caplen = buf.readUInt32LE(off + 8);
  const next = off + RECORD_HEADER + caplen;
  if (next > end) return -1;
  out.push({
    tsSec: buf.readUInt32LE(off),
    tsNsec: buf.readUInt32LE(off + 4),
    origLen: buf.readUInt32LE(off + 12),
    data: buf.subarray(off + RECORD_HEADER, next),
    linkType,
    seq,
  });
  return next;
}

/** A source over a fixed list of batches (tests, in-memory merges). */
export function arrayPull(batches: PulledPacket[][]): PacketPull {
  let i = 0;
  return {
    nextBatch: async () => {
      while (i < batches.length && batches[i].length === 0) i++;
      return i < batches.length ? batches[i++] : null;
    },
    close: async () => undefined,
  };
}
