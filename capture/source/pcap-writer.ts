/**
 * Classic pcap writer (little-endian, µs magic 0xa1b2c3d4 or ns magic 0xa1b23c4d). Records
 * are batched into large buffers (default 1 MiB) before they reach the sink, so writing
 * millions of packets costs a handful of sink calls.
 *
 * Sinks:
 * - a Writable: each full batch is `write()`n; `write` returns false while the stream is
 *   over its highWaterMark — await `drained()` before writing more; `end()` flushes, ends
 *   the stream and resolves once it finished.
 * - a function: called synchronously with each batch (e.g. `c => fs.writeSync(fd, c)`); the
 *   batch buffer is reused afterwards, so the function must consume or copy it.
 * - none: batches are kept in memory; `toBuffer()` returns the file so far.
 * The file header is written by `writeHeader()` or, at the latest, by the first `write()`.
 */
import type { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { LinkType } from './link-types.ts';

export interface PcapWriterOptions {
  /** LINKTYPE_* of every packet (default LinkType.ETHERNET). */
  linkType?: number;
  /** Nanosecond timestamps (magic 0xa1b23c4d) instead of microseconds (default false). */
  nanosecond?: boolean;
  /** Snapshot length written in the header (default 262144). */
  snaplen?: number;
  /** Destination (default: memory). */
  sink?: Writable | ((chunk: Uint8Array) => void);
  /** Bytes per batch handed to the sink (default 1 MiB, at least 64 KiB). */
  batchBytes?: number;
}

/** One record for encodePcap. */
export interface PcapRecord {
  tsSec: number;
  /** Nanoseconds within the second (default 0). */
  tsNsec?: number;
  data: Uint8Array;
  /** Length on the wire (default data.length). */
  origLen?: number;
}

const HEADER = 24;
const RECORD = 16;

export class PcapWriter {
  /** Records written. */
  packets = 0;
  /** Bytes produced so far (header and records, flushed or still batched). */
  bytesWritten = 0;
  private batch: Buffer;
  private used = 0;
  private headerDone = false;
  private readonly chunks: Buffer[] = [];
  private readonly stream: Writable | undefined;
  private readonly fn: ((chunk: Uint8Array) => void) | undefined;
  private readonly linkType: number;
  private readonly nanosecond: boolean;
  private readonly snaplen: number;
  private readonly batchBytes: number;

  constructor(opts: PcapWriterOptions = {}) {
    this.linkType = opts.linkType ?? LinkType.ETHERNET;
    this.nanosecond = opts.nanosecond ?? false;
    this.snaplen = opts.snaplen ?? 262144;
    this.batchBytes = Math.max(64 * 1024, opts.batchBytes ?? 1024 * 1024);
    if (!Number.isInteger(this.linkType) || this.linkType < 0 || this.linkType > 0xffff) {
      throw new RangeError(`PcapWriter: linkType must be an integer 0..65535, got ${opts.linkType}`);
    }
    if (typeof opts.sink === 'function') this.fn = opts.sink;
    else this.stream = opts.sink;
    this.batch = Buffer.allocUnsafe(this.batchBytes);
  }

  /** Write the 24-byte file header (once; later calls do nothing). */
  writeHeader(): void {
    if (this.headerDone) return;
    this.headerDone = true;
    const b = this.batch;
    const o = this.used;
    b.writeUInt32LE(this.nanosecond ? 0xa1b23c4d : 0xa1b2c3d4, o);
    b.writeUInt16LE(2, o + 4);
    b.writeUInt16LE(4, o + 6);
    b.writeInt32LE(0, o + 8);
    b.writeUInt32LE(0, o + 12);
    b.writeUInt32LE(this.snaplen, o + 16);
    b.writeUInt32LE(this.linkType, o + 20);
    this.used += HEADER;
    this.bytesWritten += HEADER;
  }

  /**
   * Append one record. Returns false when a stream sink wants the caller to await
   * `drained()` before writing more (the record is accepted either way).
   */
  write(tsSec: number, tsNsec: number, data: Uint8Array, origLen: number = data.length): boolean {
    if (!this.headerDone) this.writeHeader();
    const need = RECORD + data.length;
    if (this.used + need > this.batch.length) {
      this.flush();
      if (need > this.batch.length) this.batch = Buffer.allocUnsafe(need);
    }
    const b = this.batch;
    const o = this.used;
    b.writeUInt32LE(tsSec >>> 0, o);
    b.writeUInt32LE(this.nanosecond ? tsNsec : Math.floor(tsNsec / 1000), o + 4);
    b.writeUInt32LE(data.length, o + 8);
    b.writeUInt32LE(origLen, o + 12);
    b.set(data, o + RECORD);
    this.used += need;
    this.bytesWritten += need;
    this.packets++;
    return this.stream === undefined || !this.stream.writableNeedDrain;
  }

  /** Resolves when a stream sink can take more (immediately for other sinks). */
  drained(): Promise<void> {
    const s = this.stream;
    if (s === undefined || !s.writableNeedDrain) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const done = (err?: Error): void => {
        s.off('drain', done);
        s.off('error', done);
        s.off('close', done);
        if (err) reject(err);
        else resolve();
      };
      s.on('drain', done).on('error', done).on('close', done);
    });
  }

  /** Hand the current batch to the sink. */
  flush(): void {
    if (this.used === 0) return;
    const chunk = this.batch.subarray(0, this.used);
    this.used = 0;
    if (this.fn) {
      this.fn(chunk);
      return;
    }
    if (this.stream) this.stream.write(chunk);
    else this.chunks.push(chunk);
    this.batch = Buffer.allocUnsafe(this.batchBytes);
  }

  /** Flush; for a stream sink also end it and resolve once it has finished. */
  async end(): Promise<void> {
    if (!this.headerDone) this.writeHeader();
    this.flush();
    if (this.stream) {
      this.stream.end();
      await finished(this.stream);
    }
  }

  /** Memory sink: the complete file written so far (header included). */
  toBuffer(): Buffer {
    if (!this.headerDone) this.writeHeader();
    this.flush();
    return this.chunks.length === 1 ? this.chunks[0] : Buffer.concat(this.chunks);
  }
}

/** Encode packets as one classic pcap file in memory (one allocation). */
export function encodePcap(
  opts: { linkType?: number; nanosecond?: boolean; snaplen?: number },
  packets: readonly PcapRecord[],
): Buffer {
  let size = HEADER;
  for (const p of packets) size += RECORD + p.data.length;
  const w = new PcapWriter({ ...opts, batchBytes: size });
  for (const p of packets) w.write(p.tsSec, p.tsNsec ?? 0, p.data, p.origLen);
  return w.toBuffer();
}
