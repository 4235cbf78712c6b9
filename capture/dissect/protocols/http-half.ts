/**
 * One direction of an HTTP/1.x connection: message framing as a byte-scanning state
 * machine (RFC 9112 §6). The owner (http-parser.ts) decides the body framing of each
 * header section and receives complete messages.
 *
 * Buffers: header and trailer sections are parsed straight from the segment when they
 * arrive whole; otherwise they are copied into `carry` (at most `headCap` bytes). Body
 * bytes go to a BodySink, which borrows the segment and copies only when the message
 * spans segments. Nothing here throws on malformed input: anomalies are weirds, and an
 * unparseable stream resynchronises at the next message start (http-resync.ts) or, past
 * the resync budget or a cap, violates.
 */
import { BodySink } from './http-body.ts';
import { CHUNKED_BAD, CHUNKED_BUSY, CHUNKED_DONE, ChunkedBody } from './http-chunked.ts';
import type { BodyTarget } from './http-chunked.ts';
import { latin1Text } from '../byte-text.ts';
import { parseHead } from './http-head.ts';
import type { HttpHead } from './http-head.ts';
import { RESYNC_IN_CARRY, RESYNC_NONE, resyncScan } from './http-resync.ts';
import { SectionCarry, findSectionEnd } from './http-section.ts';

/** Body framing chosen by the owner for a header section. */
export const Body = { None: 0, Length: 1, Chunked: 2, Close: 3, Tunnel: 4, Interim: 5 } as const;
export type Body = (typeof Body)[keyof typeof Body];

/** Placeholder head of the reused RawMessage between messages (keeps no message alive). */
const NO_HEAD = null as unknown as HttpHead;

const IDLE = 0, HEAD = 1, LENGTH = 2, CHUNKED = 3, CLOSE = 4, RESYNC = 5, HOLD = 6, STOPPED = 7;

export interface HttpLimits {
  headCap: number;
  lineCap: number;
  bodyCap: number;
  resyncBudget: number;
}

/** A complete message as handed to `HalfOwner.onMessage`: read it during the call (the half reuses it). */
export interface RawMessage {
  head: HttpHead;
  tsMs: number;
  /** Body bytes on the wire (framing and trailers included, gap bytes included). */
  bodyWire: number;
  body: BodySink;
  /** Why the message is incomplete, or null. */
  error: string | null;
}

export interface HalfOwner {
  onHead(half: HttpHalf, head: HttpHead): Body;
  onMessage(half: HttpHalf, m: RawMessage): void;
  /** After a `Tunnel` message: the rest of the segment belongs to the next protocol. */
  onTunnel(half: HttpHalf, rest: Uint8Array, tsMs: number): void;
  /** Bytes arriving while the half holds (after an Upgrade/CONNECT request). A view. */
  onHeld(half: HttpHalf, bytes: Uint8Array, tsMs: number): void;
  weird(name: string): void;
  violate(reason: string): void;
}

export class HttpHalf implements BodyTarget {
  readonly request: boolean;
  head: HttpHead | null = null;
  readonly sink: BodySink;
  bodyWire = 0;
  lost = 0;
  private readonly owner: HalfOwner;
  private readonly lim: HttpLimits;
  private readonly carry = new SectionCarry();
  /** The message handed to the owner, reused for each one. */
  private readonly done: RawMessage;
  /** Chunked decoding state, created with the half's first chunked message. */
  private chunked: ChunkedBody | null = null;
  private phase = IDLE;
  private msgTs = 0;
  private remaining = 0;
  private resyncScanned = 0;

  constructor(request: boolean, owner: HalfOwner, lim: HttpLimits) {
    this.request = request;
    this.owner = owner;
    this.lim = lim;
    this.sink = new BodySink(lim.bodyCap);
    this.done = { head: NO_HEAD, tsMs: 0, bodyWire: 0, body: this.sink, error: null };
  }

  /** A message's header section has been parsed and its body is still arriving. */
  get inBody(): boolean {
    return this.phase === LENGTH || this.phase === CHUNKED || this.phase === CLOSE;
  }

  get holding(): boolean {
    return this.phase === HOLD;
  }

  /** Hold further bytes for the owner (after an Upgrade or CONNECT request). */
  hold(): void {
    if (this.phase === IDLE) this.phase = HOLD;
  }

  /** Stop holding: parse normally again. */
  release(): void {
    if (this.phase === HOLD) this.phase = IDLE;
  }

  /** Stop parsing for good (tunnel, handoff, violation). */
  stop(): void {
    this.phase = STOPPED;
    this.head = null;
    this.sink.reset();
  }

  push(b: Uint8Array, ts: number): void {
    const n = b.length;
    let p = 0;
    while (p < n) {
      switch (this.phase) {
        case IDLE:
          while (p < n && (b[p] === 13 || b[p] === 10)) p++;
          if (p < n) {
            this.phase = HEAD;
            this.msgTs = ts;
          }
          break;
        case HEAD:
          p = this.readHead(b, p, n, ts);
          break;
        case LENGTH: {
          const take = Math.min(this.remaining, n - p);
          this.sink.add(b, p, p + take);
          this.bodyWire += take;
          this.remaining -= take;
          p += take;
          if (this.remaining === 0) this.complete(null);
          break;
        }
        case CHUNKED:
          p = this.readChunked(b, p, n);
          break;
        case CLOSE:
          this.sink.add(b, p, n);
          this.bodyWire += n - p;
          p = n;
          break;
        case RESYNC:
          p = this.resync(b, p, n, ts);
          break;
        case HOLD:
          this.owner.onHeld(this, p === 0 ? b : b.subarray(p), ts);
          p = n;
          break;
        default:
          p = n;
      }
    }
    // A message still in progress must not keep a view of this segment.
    this.sink.own();
  }

  /** `length` bytes lost in this direction. */
  gap(length: number, _ts: number): void {
    switch (this.phase) {
      case LENGTH:
        if (length <= this.remaining) {
          this.remaining -= length;
          this.lost += length;
          this.bodyWire += length;
          if (this.remaining === 0) this.complete(null);
          return;
        }
        this.lost += this.remaining;
        this.bodyWire += this.remaining;
        this.complete('message cut by a capture gap');
        break;
      case CHUNKED:
        if (this.chunked!.gap(length, this)) return;
        this.lost += length;
        this.complete('message cut by a capture gap');
        break;
      case CLOSE:
        this.lost += length;
        this.bodyWire += length;
        return;
      case HEAD:
        this.owner.weird('http_gap_in_head');
        break;
      case HOLD:
      case STOPPED:
        return;
    }
    this.startResync();
  }

  /** End of flow: a close-delimited body completes; anything else partial is emitted with an error. */
  end(): void {
    if (this.phase === CLOSE) this.complete(null);
    else if (this.phase === LENGTH || this.phase === CHUNKED) this.complete('message incomplete at the end of the flow');
    else if (this.phase === HEAD) this.owner.weird('http_partial_head');
    this.phase = STOPPED;
  }

  // ── header section ──

  private readHead(b: Uint8Array, p: number, n: number, ts: number): number {
    const c = this.carry;
    const cap = this.lim.headCap;
    if (c.len === 0) {
      const e = findSectionEnd(b, p, n);
      if (e >= 0) return e - p > cap ? this.tooLarge(n) : this.headDone(b, p, e, b, e, ts);
      if (n - p > cap) return this.tooLarge(n);
      c.append(b, p, n);
      return this.checkFirstLine(n);
    }
    const old = c.len;
    const e = c.gather(b, p, n, cap);
    if (e < 0) return c.len > cap ? this.tooLarge(n) : this.checkFirstLine(n);
    if (e > cap) return this.tooLarge(n);
    const next = p + (e - old);
    // The view stays intact after reset (which only forgets the length) while the head is parsed.
    const sec = c.bytes();
    c.reset();
    return this.headDone(sec, 0, e, b, next, ts);
  }

  /** Parse a complete header section sec[s, e); `next` is where `b` continues. */
  private headDone(sec: Uint8Array, s: number, e: number, b: Uint8Array, next: number, ts: number): number {
    const head = parseHead(sec, s, e, latin1Text(sec, s, e), this.request, this.lim.lineCap, this.owner);
    if (!head) {
      this.owner.weird(this.request ? 'http_bad_request_line' : 'http_bad_status_line');
      this.startResync();
      return next;
    }
    this.head = head;
    this.bodyWire = 0;
    this.lost = 0;
    this.sink.reset();
    const mode = this.owner.onHead(this, head);
    if (this.phase === STOPPED) return b.length;
    switch (mode) {
      case Body.Length:
        this.remaining = head.contentLength;
        if (this.remaining > 0) this.phase = LENGTH;
        else this.complete(null);
        break;
      case Body.Chunked:
        this.phase = CHUNKED;
        (this.chunked ??= new ChunkedBody(this.carry, this.lim.headCap, this.owner)).start();
        break;
      case Body.Close:
        this.phase = CLOSE;
        break;
      case Body.Interim:
        this.head = null;
        this.phase = IDLE;
        break;
      case Body.Tunnel:
        this.complete(null);
        this.phase = STOPPED;
        this.owner.onTunnel(this, b.subarray(next), ts);
        return b.length;
      default:
        this.complete(null);
    }
    return next;
  }

  private tooLarge(n: number): number {
    this.owner.weird('http_header_too_large');
    this.fail('header section larger than the cap');
    return n;
  }

  /** A first line longer than the line cap is not HTTP. */
  private checkFirstLine(n: number): number {
    const c = this.carry;
    if (c.len > this.lim.lineCap && !c.hasLineFeed()) {
      this.owner.weird('http_line_too_long');
      this.fail('request/status line longer than the cap');
    }
    return n;
  }

  private fail(reason: string): void {
    this.stop();
    this.carry.reset();
    this.owner.violate(reason);
  }

  // ── body, completion, resynchronisation ──

  private readChunked(b: Uint8Array, p: number, n: number): number {
    const ch = this.chunked!;
    const next = ch.feed(b, p, n, this);
    if (ch.status === CHUNKED_BUSY) return next;
    if (ch.status === CHUNKED_DONE) {
      this.complete(null);
      return next;
    }
    if (ch.status === CHUNKED_BAD) {
      this.owner.weird('http_bad_chunk_size');
      this.complete('malformed chunked encoding');
      this.startResync();
      return ch.badAt;
    }
    return this.tooLarge(n);
  }

  private complete(error: string | null): void {
    const head = this.head;
    this.phase = IDLE;
    if (!head) return;
    this.head = null;
    if (error === null && this.lost > 0) error = `${this.lost} body bytes lost in capture gaps`;
    const m = this.done;
    m.head = head;
    m.tsMs = this.msgTs;
    m.bodyWire = this.bodyWire;
    m.error = error;
    this.owner.onMessage(this, m);
    m.head = NO_HEAD;
    this.sink.reset();
  }

  private startResync(): void {
    this.owner.weird('http_resync');
    this.phase = RESYNC;
    this.head = null;
    this.carry.reset();
    this.resyncScanned = 0;
  }

  private resync(b: Uint8Array, p: number, n: number, ts: number): number {
    const at = resyncScan(b, p, n, this.carry, this.request, this.lim.lineCap);
    if (at === RESYNC_IN_CARRY) {
      this.phase = HEAD;
      this.msgTs = ts;
      return p;
    }
    if (at !== RESYNC_NONE) {
      this.phase = IDLE;
      return at;
    }
    this.resyncScanned += n - p;
    if (this.resyncScanned > this.lim.resyncBudget) this.fail('no HTTP message start found after a gap');
    return n;
  }
}
