/**
 * One stream-store segment: a classic pcap file (nanosecond timestamps, one link type)
 * that packets of every flow are appended to, in arrival order. Records are batched by the
 * PcapWriter and written by an AppendFile (no fsync per packet); a record's offset is
 * known when it is appended, so the index can point at it at once.
 *
 * Lifecycle: open (receives packets) → sealed (rolled: no more packets, file complete) →
 * evicted (removed from the index; the file is unlinked once no reader holds it).
 */
import { unlink } from 'node:fs/promises';
import { PcapWriter } from '../source/pcap-writer.ts';
import type { RawPacket } from '../source/raw-packet.ts';
import { AppendFile } from './append-file.ts';
import type { StreamEntry } from './stream-index.ts';

/** Size of a pcap record header. */
export const RECORD_HEADER = 16;
/** Size of the pcap file header. */
export const FILE_HEADER = 24;

/** Size of the write batches (and of the pooled buffers). */
export const SEGMENT_BATCH = 256 * 1024;
const pool: Buffer[] = [];

function takeBuffer(n: number): Buffer {
  return (n <= SEGMENT_BATCH ? pool.pop() : undefined) ?? Buffer.allocUnsafeSlow(Math.max(n, SEGMENT_BATCH));
}

function giveBuffer(b: Buffer): void {
  if (b.length === SEGMENT_BATCH && pool.length < 256) pool.push(b);
}

export class Segment {
  /** Packets appended. */
  packets = 0;
  /** Wall time of the first / last packet appended (epoch ms). */
  readonly openedMs: number;
  lastWriteMs: number;
  sealed = false;
  evicted = false;
  /** Streams with packets in this segment (for index eviction). */
  readonly streams = new Set<StreamEntry>();
  private readonly file: AppendFile;
  private readonly writer: PcapWriter;
  private readers = 0;
  private unlinkWhenFree = false;
  private sealing: Promise<void> | null = null;

  constructor(
    readonly id: number,
    readonly path: string,
    readonly linkType: number,
    nowMs: number,
    batchBytes = SEGMENT_BATCH,
  ) {
    this.openedMs = nowMs;
    this.lastWriteMs = nowMs;
    const file = new AppendFile(path);
    file.on('error', () => undefined);
    this.file = file;
    // The writer reuses one batch buffer; each full batch is copied into a pooled buffer that
    // goes back to the pool once written (fresh 256 KiB buffers per batch cost page faults and GC).
    this.writer = new PcapWriter({
      linkType,
      nanosecond: true,
      batchBytes,
      sink: (chunk) => {
        const b = takeBuffer(chunk.length);
        b.set(chunk);
        file.write(b.subarray(0, chunk.length), () => giveBuffer(b));
      },
    });
    this.writer.writeHeader();
  }

  /** Bytes of the file (written or still batched). */
  get bytes(): number {
    return this.writer.bytesWritten;
  }

  /** Bytes not yet handed to the OS. */
  get pendingBytes(): number {
    return this.writer.bytesWritten - this.file.written;
  }

  /** The write error that stopped this segment, if any. */
  get error(): Error | null {
    return this.file.errored ?? null;
  }

  /** Called once if writing the file fails (disk full, I/O error). */
  onError(fn: (e: Error) => void): void {
    this.file.once('error', fn);
  }

  /** Append one packet; returns the offset of its record in the file. */
  append(raw: RawPacket, nowMs: number): number {
    const off = this.writer.bytesWritten;
    this.writer.write(raw.tsSec, raw.tsNsec, raw.data, raw.origLen);
    this.packets++;
    this.lastWriteMs = nowMs;
    return off;
  }

  /**
   * Make the first `upTo` bytes readable from the file (flushes the writer's batch when
   * the range reaches into it).
   */
  async readable(upTo: number): Promise<void> {
    if (upTo > this.file.accepted) this.writer.flush();
    await this.file.settled(upTo);
  }

  /** No more packets: flush and close the file (resolves when it is complete). */
  seal(): Promise<void> {
    if (this.sealing === null) {
      this.sealed = true;
      this.writer.flush();
      this.sealing = this.file.close();
    }
    return this.sealing;
  }

  /** Hold the file while reading it (an evicted segment is unlinked after the last release). */
  retain(): void {
    this.readers++;
  }

  release(): void {
    this.readers--;
    if (this.readers === 0 && this.unlinkWhenFree) void this.remove();
  }

  /** Called once by the store when the segment leaves the index; resolves when the file is gone (or left to the last reader). */
  evict(): Promise<void> {
    this.evicted = true;
    this.streams.clear();
    if (this.readers === 0) return this.remove();
    this.unlinkWhenFree = true;
    return Promise.resolve();
  }

  private async remove(): Promise<void> {
    this.unlinkWhenFree = false;
    await this.seal().catch(() => undefined);
    await unlink(this.path).catch(() => undefined);
  }
}
