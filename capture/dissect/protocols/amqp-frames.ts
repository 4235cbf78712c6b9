/**
 * AMQP 0-9-1 framing for one direction of a connection: an optional 8-byte protocol
 * header ("AMQP" 0 0 9 1) at the start, then frames of
 *   type (1) · channel (2) · size (4) · payload (size) · frame-end 0xCE.
 * Method, header and heartbeat payloads are handed out whole (a view when the frame lies
 * inside one chunk, else a copy in a reused buffer); body payloads are streamed in pieces
 * as they arrive, so a large message body is never buffered here. A payload above
 * `maxFrame`, a bad frame end or an unknown frame type stops the assembler with a weird.
 */
import type { Direction } from '../../flow/flow.ts';

/** Receives the frames of both directions (each call names its direction). */
export interface AmqpFrameSink {
  onProtocolHeader(dir: Direction, b: Uint8Array): void;
  /** Method (1), content header (2) or heartbeat (8) frame; the payload excludes the 8 framing bytes. */
  onFrame(dir: Direction, type: number, channel: number, payload: Uint8Array, tsMs: number): void;
  /** A piece of a body frame's payload; `first` marks the frame's first piece. */
  onBody(dir: Direction, channel: number, piece: Uint8Array, first: boolean): void;
  onFail(weird: string): void;
}

const PROTO = 0;
const HEAD = 1;
const PAYLOAD = 2;
const END = 3;

export class AmqpFrames {
  private readonly sink: AmqpFrameSink;
  private readonly dir: Direction;
  private readonly maxFrame: number;
  private state = PROTO;
  private readonly head = new Uint8Array(8);
  private headLen = 0;
  private type = 0;
  private channel = 0;
  private size = 0;
  private have = 0;
  private buf = new Uint8Array(512);
  private tsMs = 0;
  stopped = false;

  constructor(sink: AmqpFrameSink, dir: Direction, maxFrame: number) {
    this.sink = sink;
    this.dir = dir;
    this.maxFrame = maxFrame;
  }

  get partial(): boolean {
    return this.state === PAYLOAD || this.state === END || this.headLen > 0;
  }

  reset(): void {
    this.state = HEAD;
    this.headLen = 0;
  }

  push(b: Uint8Array, tsMs: number): void {
    const n = b.length;
    let p = 0;
    while (p < n && !this.stopped) {
      switch (this.state) {
        case PROTO:
          if (this.headLen === 0 && b[p] !== 0x41) {
            this.state = HEAD;
            break;
          }
          p = this.fillHead(b, p, 8);
          if (this.headLen === 8) {
            this.headLen = 0;
            this.state = HEAD;
            this.sink.onProtocolHeader(this.dir, this.head);
          }
          break;
        case HEAD: {
          // Fast path: a whole non-body frame inside this chunk.
          if (this.headLen === 0 && n - p >= 8) {
            const size = ((b[p + 3] << 24) | (b[p + 4] << 16) | (b[p + 5] << 8) | b[p + 6]) >>> 0;
            const t = b[p];
            if (t !== 3 && size <= this.maxFrame && n - p >= size + 8) {
              if (b[p + 7 + size] !== 0xce) return this.fail('amqp_bad_frame_end');
              if (t !== 1 && t !== 2 && t !== 8) return this.fail('amqp_bad_frame_type');
              this.sink.onFrame(this.dir, t, (b[p + 1] << 8) | b[p + 2], b.subarray(p + 7, p + 7 + size), tsMs);
              p += size + 8;
              break;
            }
          }
          p = this.fillHead(b, p, 7);
          if (this.headLen === 7) this.beginFrame(tsMs);
          break;
        }
        case PAYLOAD: {
          const take = Math.min(this.size - this.have, n - p);
          if (this.type === 3) this.sink.onBody(this.dir, this.channel, b.subarray(p, p + take), this.have === 0);
          else this.buf.set(b.subarray(p, p + take), this.have);
          this.have += take;
          p += take;
          if (this.have === this.size) this.state = END;
          break;
        }
        default: {
          if (b[p++] !== 0xce) return this.fail('amqp_bad_frame_end');
          this.state = HEAD;
          if (this.type !== 3) this.sink.onFrame(this.dir, this.type, this.channel, this.buf.subarray(0, this.size), this.tsMs);
        }
      }
    }
  }

  private fillHead(b: Uint8Array, p: number, want: number): number {
    const take = Math.min(want - this.headLen, b.length - p);
    this.head.set(b.subarray(p, p + take), this.headLen);
    this.headLen += take;
    return p + take;
  }

  private beginFrame(tsMs: number): void {
    const h = this.head;
    this.headLen = 0;
    this.type = h[0];
    this.channel = (h[1] << 8) | h[2];
    this.size = ((h[3] << 24) | (h[4] << 16) | (h[5] << 8) | h[6]) >>> 0;
    this.have = 0;
    this.tsMs = tsMs;
    if (this.type !== 1 && this.type !== 2 && this.type !== 3 && this.type !== 8) return this.fail('amqp_bad_frame_type');
    if (this.size > this.maxFrame) return this.fail('amqp_frame_too_large');
    if (this.type !== 3 && this.buf.length < this.size) this.buf = new Uint8Array(this.size);
    this.state = this.size === 0 ? END : PAYLOAD;
  }

  private fail(weird: string): void {
    this.stopped = true;
    this.sink.onFail(weird);
  }
}
