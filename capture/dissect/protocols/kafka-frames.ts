/**
 * Reassembles size-prefixed frames (a 4-byte big-endian length, then that many bytes) from
 * one direction of a TCP stream, as Kafka uses them. A frame that lies entirely inside
 * one delivered chunk is handed out as a view (no copy); one that spans chunks is copied
 * into a buffer that is reused. Of a frame longer than `keepCap` only the first `keepCap`
 * bytes are kept (the rest is skipped as it arrives) and the frame is handed out with
 * `whole = false`. A declared length above `maxFrame` or below `minFrame` is a framing
 * error: `onBadLength` is called once and the assembler stops.
 */
import type { Direction } from '../../flow/flow.ts';

/** Receives the frames of both directions (each call names its direction). */
export interface FrameSink {
  /** `frame` excludes the prefix; `size` is the declared length. View: copy what you keep. */
  onFrame(dir: Direction, frame: Uint8Array, size: number, tsMs: number, whole: boolean): void;
  onBadLength(dir: Direction, size: number): void;
}

export interface FrameLimits {
  keepCap: number;
  maxFrame: number;
  minFrame: number;
}

export class FrameAssembler {
  private readonly sink: FrameSink;
  private readonly dir: Direction;
  private readonly lim: FrameLimits;
  private readonly head = new Uint8Array(4);
  private headLen = 0;
  /** Declared size of the frame being read; -1 while reading the prefix. */
  private size = -1;
  private buf = new Uint8Array(0);
  private have = 0;
  private keep = 0;
  private tsMs = 0;
  stopped = false;

  constructor(sink: FrameSink, dir: Direction, lim: FrameLimits) {
    this.sink = sink;
    this.dir = dir;
    this.lim = lim;
  }

  /** Bytes of an unfinished frame are held (or being skipped). */
  get partial(): boolean {
    return this.headLen > 0 || this.size >= 0;
  }

  reset(): void {
    this.headLen = 0;
    this.size = -1;
    this.have = 0;
  }

  push(b: Uint8Array, tsMs: number): void {
    const n = b.length;
    let p = 0;
    while (p < n && !this.stopped) {
      if (this.size < 0) {
        // Fast path: prefix and whole frame inside this chunk.
        if (this.headLen === 0 && n - p >= 4) {
          const size = ((b[p] << 24) | (b[p + 1] << 16) | (b[p + 2] << 8) | b[p + 3]) >>> 0;
          if (!this.checkSize(size)) return;
          if (size <= this.lim.keepCap && n - p - 4 >= size) {
            this.sink.onFrame(this.dir, b.subarray(p + 4, p + 4 + size), size, tsMs, true);
            p += 4 + size;
            continue;
          }
          p += 4;
          this.begin(size, tsMs);
          continue;
        }
        const take = Math.min(4 - this.headLen, n - p);
        this.head.set(b.subarray(p, p + take), this.headLen);
        this.headLen += take;
        p += take;
        if (this.headLen < 4) return;
        if (this.headLen === 4 && this.size < 0) {
          const h = this.head;
          const size = ((h[0] << 24) | (h[1] << 16) | (h[2] << 8) | h[3]) >>> 0;
          this.headLen = 0;
          if (!this.checkSize(size)) return;
          this.begin(size, tsMs);
        }
        continue;
      }
      const take = Math.min(this.size - this.have, n - p);
      const room = this.keep - Math.min(this.have, this.keep);
      if (room > 0) this.buf.set(b.subarray(p, p + Math.min(room, take)), this.have);
      this.have += take;
      p += take;
      if (this.have === this.size) {
        const size = this.size;
        this.size = -1;
        this.sink.onFrame(this.dir, this.buf.subarray(0, this.keep), size, this.tsMs, this.keep === size);
        // Do not pin a large buffer to an idle flow.
        if (this.buf.length > 256 * 1024) this.buf = new Uint8Array(0);
      }
    }
  }

  private checkSize(size: number): boolean {
    if (size >= this.lim.minFrame && size <= this.lim.maxFrame) return true;
    this.stopped = true;
    this.sink.onBadLength(this.dir, size);
    return false;
  }

  private begin(size: number, tsMs: number): void {
    this.size = size;
    this.have = 0;
    this.tsMs = tsMs;
    this.keep = Math.min(size, this.lim.keepCap);
    if (this.buf.length < this.keep) this.buf = new Uint8Array(Math.max(this.keep, 1024));
    if (size === 0) {
      this.size = -1;
      this.sink.onFrame(this.dir, this.buf.subarray(0, 0), 0, tsMs, true);
    }
  }
}
