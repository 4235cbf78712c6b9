/**
 * HTTP/2 framing (RFC 9113 §4, §6) for one direction of a connection: the client's
 * connection preface, then 9-octet frame headers and payloads.
 *
 * Contract with the sink:
 *  - non-DATA frames are delivered whole (`frame`); the payload is a view into the input
 *    when the frame arrived in one piece, else a copy assembled here — valid only during
 *    the call either way;
 *  - DATA frames are streamed (`dataStart`, `dataChunk`* with padding removed, `dataEnd`),
 *    so a large body is never buffered twice;
 *  - frames larger than `maxFrame` (non-DATA) and frames of unknown type are skipped
 *    (`skipped`), after an `http2_frame_too_large` anomaly for the former;
 *  - a gap inside a DATA payload is reported (`dataGap`) and parsing goes on; any other
 *    gap loses the framing: `gap()` returns false and the reader stops.
 */
import type { Direction } from '../../flow/flow.ts';

export const FRAME_DATA = 0;
export const FRAME_HEADERS = 1;
export const FRAME_PRIORITY = 2;
export const FRAME_RST_STREAM = 3;
export const FRAME_SETTINGS = 4;
export const FRAME_PUSH_PROMISE = 5;
export const FRAME_PING = 6;
export const FRAME_GOAWAY = 7;
export const FRAME_WINDOW_UPDATE = 8;
export const FRAME_CONTINUATION = 9;

export const FLAG_END_STREAM = 0x1;
export const FLAG_ACK = 0x1;
export const FLAG_END_HEADERS = 0x4;
export const FLAG_PADDED = 0x8;
export const FLAG_PRIORITY = 0x20;

export const FRAME_HEADER_LEN = 9;

/** "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" */
export const PREFACE = Uint8Array.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n', (c) => c.charCodeAt(0));

/** Big-endian unsigned 32-bit integer at b[at]. */
export function u32(b: Uint8Array, at: number): number {
  return ((b[at] << 24) >>> 0) + ((b[at + 1] << 16) | (b[at + 2] << 8) | b[at + 3]);
}

export interface FrameSink {
  frame(dir: Direction, type: number, flags: number, stream: number, payload: Uint8Array, tsMs: number): void;
  dataStart(dir: Direction, stream: number, flags: number, length: number, tsMs: number): void;
  dataChunk(dir: Direction, stream: number, bytes: Uint8Array, tsMs: number): void;
  dataGap(dir: Direction, stream: number, length: number, tsMs: number): void;
  dataEnd(dir: Direction, stream: number, flags: number, tsMs: number): void;
  skipped(dir: Direction, type: number, stream: number, length: number, tsMs: number): void;
  /** The framing of `dir` is lost for good (bad preface). */
  lost(dir: Direction, reason: string, tsMs: number): void;
  weird(name: string): void;
}

const S_PREFACE = 0;
const S_HEADER = 1;
const S_PAYLOAD = 2;
const S_PAD_LEN = 3;
const S_DATA = 4;
const S_SKIP = 5;
const S_DEAD = 6;

export class FrameReader {
  private readonly dir: Direction;
  private readonly sink: FrameSink;
  private readonly maxFrame: number;
  private state: number;
  private readonly hdr = new Uint8Array(FRAME_HEADER_LEN);
  private have = 0;
  // Current frame.
  private type = 0;
  private flags = 0;
  private stream = 0;
  private length = 0;
  /** Payload bytes of the current frame still to come (S_PAYLOAD, S_DATA, S_SKIP). */
  private left = 0;
  /** DATA: trailing padding octets within `left`. */
  private pad = 0;
  private buf: Uint8Array | null = null;

  /** `preface`: this is the client direction and starts with the connection preface. */
  constructor(dir: Direction, sink: FrameSink, preface: boolean, maxFrame: number) {
    this.dir = dir;
    this.sink = sink;
    this.maxFrame = maxFrame;
    this.state = preface ? S_PREFACE : S_HEADER;
  }

  get dead(): boolean {
    return this.state === S_DEAD;
  }

  push(b: Uint8Array, tsMs: number): void {
    let i = 0;
    const n = b.length;
    while (i < n) {
      switch (this.state) {
        case S_PREFACE:
          i = this.preface(b, i, tsMs);
          break;
        case S_HEADER: {
          if (this.have === 0 && n - i >= FRAME_HEADER_LEN) {
            this.header(b, i, tsMs);
            i += FRAME_HEADER_LEN;
            break;
          }
          const take = Math.min(FRAME_HEADER_LEN - this.have, n - i);
          this.hdr.set(b.subarray(i, i + take), this.have);
          this.have += take;
          i += take;
          if (this.have === FRAME_HEADER_LEN) {
            this.have = 0;
            this.header(this.hdr, 0, tsMs);
          }
          break;
        }
        case S_PAYLOAD:
          i = this.payload(b, i, tsMs);
          break;
        case S_PAD_LEN:
          this.pad = b[i++];
          this.left--;
          if (this.pad > this.left) {
            this.sink.weird('http2_bad_padding');
            this.pad = this.left;
          }
          this.state = S_DATA;
          if (this.left === 0) this.endData(tsMs);
          break;
        case S_DATA: {
          const take = Math.min(this.left, n - i);
          const dataLeft = this.left - this.pad;
          const d = Math.min(take, dataLeft);
          if (d > 0) this.sink.dataChunk(this.dir, this.stream, b.subarray(i, i + d), tsMs);
          this.left -= take;
          i += take;
          if (this.left === 0) this.endData(tsMs);
          break;
        }
        case S_SKIP: {
          const take = Math.min(this.left, n - i);
          this.left -= take;
          i += take;
          if (this.left === 0) this.state = S_HEADER;
          break;
        }
        default:
          return;
      }
    }
  }

  /** `length` bytes lost. Returns false when the framing is lost (the reader is dead). */
  gap(length: number, tsMs: number): boolean {
    if (this.state === S_DATA && length <= this.left) {
      const dataLeft = this.left - this.pad;
      this.sink.dataGap(this.dir, this.stream, Math.min(length, dataLeft), tsMs);
      this.left -= length;
      if (this.left === 0) this.endData(tsMs);
      return true;
    }
    if (this.state === S_SKIP && length <= this.left) {
      this.left -= length;
      if (this.left === 0) this.state = S_HEADER;
      return true;
    }
    this.state = S_DEAD;
    this.buf = null;
    return false;
  }

  /** Bytes of a partial frame (or preface) pending at the end of the flow. */
  get pending(): number {
    if (this.state === S_HEADER) return this.have;
    if (this.state === S_PAYLOAD || this.state === S_DATA || this.state === S_SKIP || this.state === S_PAD_LEN) return this.left + 1;
    if (this.state === S_PREFACE) return this.have;
    return 0;
  }

  private preface(b: Uint8Array, i: number, tsMs: number): number {
    if (this.have === 0 && b[i] !== PREFACE[0]) {
      // No preface (capture started late): frames from the first byte.
      this.sink.weird('http2_missing_preface');
      this.state = S_HEADER;
      return i;
    }
    while (i < b.length && this.have < PREFACE.length) {
      if (b[i] !== PREFACE[this.have]) {
        this.sink.weird('http2_bad_preface');
        this.state = S_DEAD;
        this.sink.lost(this.dir, 'bad connection preface', tsMs);
        return b.length;
      }
      i++;
      this.have++;
    }
    if (this.have === PREFACE.length) {
      this.have = 0;
      this.state = S_HEADER;
    }
    return i;
  }

  private header(h: Uint8Array, at: number, tsMs: number): void {
    this.length = (h[at] << 16) | (h[at + 1] << 8) | h[at + 2];
    this.type = h[at + 3];
    this.flags = h[at + 4];
    this.stream = ((h[at + 5] & 0x7f) * 0x1000000 + (h[at + 6] << 16)) + ((h[at + 7] << 8) | h[at + 8]);
    this.left = this.length;
    if (this.type === FRAME_DATA) {
      this.sink.dataStart(this.dir, this.stream, this.flags, this.length, tsMs);
      this.pad = 0;
      if (this.flags & FLAG_PADDED) {
        if (this.length === 0) {
          this.sink.weird('http2_bad_padding');
          this.endData(tsMs);
        } else this.state = S_PAD_LEN;
      } else if (this.length === 0) this.endData(tsMs);
      else this.state = S_DATA;
      return;
    }
    if (this.type > FRAME_CONTINUATION || this.length > this.maxFrame) {
      if (this.type <= FRAME_CONTINUATION) this.sink.weird('http2_frame_too_large');
      this.sink.skipped(this.dir, this.type, this.stream, this.length, tsMs);
      this.state = this.length === 0 ? S_HEADER : S_SKIP;
      return;
    }
    this.buf = null;
    this.state = S_PAYLOAD;
    if (this.length === 0) this.deliver(new Uint8Array(0), tsMs);
  }

  private payload(b: Uint8Array, i: number, tsMs: number): number {
    const n = b.length;
    if (this.buf === null && n - i >= this.left) {
      const end = i + this.left;
      this.deliver(b.subarray(i, end), tsMs);
      return end;
    }
    if (this.buf === null) this.buf = new Uint8Array(this.length);
    const take = Math.min(this.left, n - i);
    this.buf.set(b.subarray(i, i + take), this.length - this.left);
    this.left -= take;
    if (this.left === 0) {
      const p = this.buf;
      this.buf = null;
      this.deliver(p, tsMs);
    }
    return i + take;
  }

  private deliver(p: Uint8Array, tsMs: number): void {
    this.left = 0;
    this.state = S_HEADER;
    this.sink.frame(this.dir, this.type, this.flags, this.stream, p, tsMs);
  }

  private endData(tsMs: number): void {
    this.state = S_HEADER;
    this.sink.dataEnd(this.dir, this.stream, this.flags, tsMs);
  }
}
