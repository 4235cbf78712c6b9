/**
 * Push-based incremental reader for classic pcap (both byte orders, µs and ns) and pcapng.
 * Feed it chunks of any size with `push`; every complete packet is delivered synchronously
 * to `onPacket` before `push` returns; call `end` when the input is over.
 *
 * Buffer ownership: `RawPacket.data` is a view into the pushed chunk whenever the record
 * lies inside it — valid only during the callback (copy what you keep). A record that
 * spans chunks is assembled in a carry buffer that is reused and grows to the largest
 * record seen (at most one pcapng block, 16 MiB); only those bytes are copied. Two carry
 * buffers alternate, so a carried record stays intact until the next `push`, like the
 * records of the chunk (readers that batch a chunk's packets rely on that).
 *
 * Errors: a PcapFormatError (ERR_PCAP_BAD_MAGIC / ERR_PCAP_CORRUPT from `push`,
 * ERR_PCAP_TRUNCATED from `end`) carries the byte offset of the bad record; every packet
 * before it was delivered. After an error — or an exception thrown by `onPacket` — the
 * parser is failed and rethrows that error from every later call. Every call consumes
 * input or stops, so no input can make it loop forever.
 */
import type { PacketCallback, RecordReader } from './pcap-record-reader.ts';
import { ClassicPcapReader } from './classic-pcap-reader.ts';
import { PcapngReader, SHB_TYPE } from './pcapng-reader.ts';
import { PcapFormatError } from './pcap-format-error.ts';

export { PcapFormatError } from './pcap-format-error.ts';
export type { PcapErrorCode } from './pcap-format-error.ts';
export type { PacketCallback } from './pcap-record-reader.ts';

const MAGIC_LEN = 4;

export class PcapParser {
  private reader: RecordReader | undefined;
  private carry = new Uint8Array(64 * 1024);
  private carryView = new DataView(this.carry.buffer);
  /** The other carry buffer: the chunk's tail goes there once a carried record was delivered. */
  private spare = new Uint8Array(64 * 1024);
  private carryLen = 0;
  /** Stream offset of the first unparsed byte (carry[0] while carrying). */
  private offset = 0;
  private failure: unknown;

  constructor(private readonly onPacket: PacketCallback) {}

  /** 'pcap' or 'pcapng' once the first bytes were seen. */
  get format(): 'pcap' | 'pcapng' | undefined {
    return this.reader?.format;
  }
  /** Bytes of input fully parsed (records delivered or skipped). */
  get bytesConsumed(): number {
    return this.offset;
  }
  /** Packets delivered so far. */
  get packets(): number {
    return this.reader?.packets ?? 0;
  }
  /** Link type per interface id (classic pcap: exactly one once the header was read). */
  get linkTypes(): number[] {
    return this.reader?.linkTypes ?? [];
  }
  /** Timestamps finer than microseconds (ns pcap, or a pcapng if_tsresol above 6 digits). */
  get nanosecond(): boolean {
    return this.reader?.nanosecond ?? false;
  }
  /** Snapshot length from the file header (pcapng: the first interface), 0 until known. */
  get snaplen(): number {
    return this.reader?.snaplen ?? 0;
  }

  /** Parse as many complete records as `chunk` (plus any carried bytes) holds. */
  push(chunk: Uint8Array): void {
    if (this.failure !== undefined) throw this.failure;
    try {
      this.pushChunk(chunk.constructor === Uint8Array ? chunk : new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (err) {
      this.failure = err;
      throw err;
    }
  }

  /** The input is over: throws ERR_PCAP_TRUNCATED if it stopped inside a record (or before the header). */
  end(): void {
    if (this.failure !== undefined) throw this.failure;
    if (this.reader === undefined || this.carryLen > 0) {
      const what = this.reader?.describePending() ?? 'the file header';
      this.failure = PcapFormatError.truncated(this.offset, what);
      throw this.failure;
    }
  }

  private pushChunk(chunk: Uint8Array): void {
    let pos = 0;
    if (this.carryLen > 0) {
      pos = this.completeCarried(chunk);
      if (pos < 0) return;
    }
    const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    const base = this.offset - pos;
    const end = this.parseFrom(chunk, view, pos, chunk.length, base);
    this.offset = base + end;
    if (end < chunk.length) this.keep(chunk, end, chunk.length);
  }

  /**
   * Move bytes from `chunk` into the carry buffer until it holds a whole record, parse it,
   * and repeat until nothing is carried. Returns how many chunk bytes were taken, or -1 if
   * all were and a record is still incomplete.
   */
  private completeCarried(chunk: Uint8Array): number {
    let pos = 0;
    while (this.carryLen > 0) {
      const need = this.need(this.carry, this.carryView, 0, this.carryLen);
      if (need > this.carryLen) {
        const take = Math.min(need - this.carryLen, chunk.length - pos);
        if (take === 0) return -1;
        this.keep(chunk, pos, pos + take);
        pos += take;
        continue;
      }
      const used = this.parseFrom(this.carry, this.carryView, 0, this.carryLen, this.offset);
      if (used === 0) throw PcapFormatError.corrupt(this.offset, 'record could not be parsed');
      this.offset += used;
      this.carry.copyWithin(0, used, this.carryLen);
      this.carryLen -= used;
    }
    const delivered = this.carry;
    this.carry = this.spare;
    this.carryView = new DataView(this.carry.buffer);
    this.spare = delivered;
    return pos;
  }

  private need(buf: Uint8Array, view: DataView, off: number, avail: number): number {
    if (this.reader === undefined) {
      if (avail < MAGIC_LEN) return MAGIC_LEN;
      this.reader = this.detect(view, buf, off);
    }
    return this.reader.need(buf, view, off, avail, this.offset - off);
  }

  private parseFrom(buf: Uint8Array, view: DataView, off: number, end: number, base: number): number {
    if (this.reader === undefined) {
      if (end - off < MAGIC_LEN) return off;
      this.reader = this.detect(view, buf, off);
    }
    return this.reader.parse(buf, view, off, end, base);
  }

  private detect(view: DataView, buf: Uint8Array, off: number): RecordReader {
    const m = view.getUint32(off, true);
    if (m === SHB_TYPE) return new PcapngReader(this.onPacket);
    if (m === 0xa1b2c3d4 || m === 0xa1b23c4d) return new ClassicPcapReader(this.onPacket, true, m === 0xa1b23c4d);
    const mb = view.getUint32(off, false);
    if (mb === 0xa1b2c3d4 || mb === 0xa1b23c4d) return new ClassicPcapReader(this.onPacket, false, mb === 0xa1b23c4d);
    throw PcapFormatError.badMagic(buf.subarray(off, off + MAGIC_LEN));
  }

  /** Append buf[from, to) to the carry buffer, growing it if needed. */
  private keep(buf: Uint8Array, from: number, to: number): void {
    const n = to - from;
    if (this.carryLen + n > this.carry.length) {
      const grown = new Uint8Array(Math.max(this.carry.length * 2, this.carryLen + n));
      grown.set(this.carry.subarray(0, this.carryLen));
      this.carry = grown;
      this.carryView = new DataView(grown.buffer);
    }
    this.carry.set(buf.subarray(from, to), this.carryLen);
    this.carryLen += n;
  }
}
