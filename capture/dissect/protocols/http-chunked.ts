/**
 * Chunked transfer coding (RFC 9112 §7.1) for one message: size lines (extensions
 * ignored), chunk data, the CRLF after each chunk, the last chunk and the trailer
 * section. Trailer fields are merged into the message's headers (repeats joined with
 * ", "). Chunk data goes to the message's BodySink; every byte of framing counts in
 * `bodyWire`. Split at any byte boundary, it only keeps scalars (and the trailer bytes
 * in the shared section carry).
 */
import type { BodySink } from './http-body.ts';
import { ChunkSizeLine } from './http-chunk-line.ts';
import { latin1Text } from '../byte-text.ts';
import { parseTrailers } from './http-head.ts';
import type { HeadWeird, HttpHead } from './http-head.ts';
import type { SectionCarry } from './http-section.ts';

/** The message a body decoder writes into. */
export interface BodyTarget {
  head: HttpHead | null;
  sink: BodySink;
  bodyWire: number;
  lost: number;
}

const SIZE = 0, DATA = 1, CRLF = 2, TRAILERS = 3;

export const CHUNKED_BUSY = 0;
export const CHUNKED_DONE = 1;
/** Malformed size line or chunk terminator. */
export const CHUNKED_BAD = 2;
/** Trailer section above the header cap. */
export const CHUNKED_TOO_LARGE = 3;

export class ChunkedBody {
  /** CHUNKED_* outcome after `feed`. */
  status = CHUNKED_BUSY;
  /** Where the malformed byte is, when `status` is CHUNKED_BAD. */
  badAt = 0;
  private state = SIZE;
  private remaining = 0;
  private crSeen = false;
  private readonly line = new ChunkSizeLine();
  private readonly carry: SectionCarry;
  private readonly headCap: number;
  private readonly weird: HeadWeird;

  constructor(carry: SectionCarry, headCap: number, weird: HeadWeird) {
    this.carry = carry;
    this.headCap = headCap;
    this.weird = weird;
  }

  start(): void {
    this.status = CHUNKED_BUSY;
    this.state = SIZE;
    this.line.reset();
  }

  /** Consume b[p, n) into `m`; returns the new position. Check `status` afterwards. */
  feed(b: Uint8Array, p: number, n: number, m: BodyTarget): number {
    while (p < n && this.status === CHUNKED_BUSY) {
      switch (this.state) {
        case SIZE: {
          const r = this.line.feed(b, p, n);
          m.bodyWire += (r < 0 ? n : r) - p;
          if (r < 0) {
            if (this.line.bad) return this.bad(this.line.badAt);
            return n;
          }
          p = r;
          if (this.line.size === 0) {
            this.state = TRAILERS;
            this.carry.seedLineFeed();
          } else {
            this.remaining = this.line.size;
            this.state = DATA;
          }
          this.line.reset();
          break;
        }
        case DATA: {
          const take = Math.min(this.remaining, n - p);
          m.sink.add(b, p, p + take);
          m.bodyWire += take;
          this.remaining -= take;
          p += take;
          if (this.remaining === 0) this.afterData();
          break;
        }
        case CRLF: {
          const c = b[p];
          if (c === 13 && !this.crSeen) this.crSeen = true;
          else if (c === 10) this.state = SIZE;
          else return this.bad(p);
          m.bodyWire++;
          p++;
          break;
        }
        default:
          p = this.trailers(b, p, n, m);
      }
    }
    return p;
  }

  /** `length` bytes lost: true when they fall inside chunk data (framing intact). */
  gap(length: number, m: BodyTarget): boolean {
    if (this.state !== DATA || length > this.remaining) return false;
    this.remaining -= length;
    m.lost += length;
    m.bodyWire += length;
    if (this.remaining === 0) this.afterData();
    return true;
  }

  private afterData(): void {
    this.state = CRLF;
    this.crSeen = false;
  }

  private trailers(b: Uint8Array, p: number, n: number, m: BodyTarget): number {
    const c = this.carry;
    const old = c.len;
    const e = c.gather(b, p, n, this.headCap);
    if (e < 0) {
      m.bodyWire += n - p;
      if (c.len > this.headCap) this.status = CHUNKED_TOO_LARGE;
      return n;
    }
    const used = e - old;
    m.bodyWire += used;
    if (m.head) parseTrailers(latin1Text(c.bytes(), 1, e), m.head, this.weird);
    c.reset();
    this.status = CHUNKED_DONE;
    return p + used;
  }

  private bad(at: number): number {
    this.status = CHUNKED_BAD;
    this.badAt = at;
    return at;
  }
}
