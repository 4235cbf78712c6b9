/**
 * HTTP/2 connection parser (RFC 9113): two frame readers, one HPACK decoder per direction,
 * and the open streams. Each stream becomes one item (`ctx.item`) when both halves have
 * ended (END_STREAM), when it is reset, refused by GOAWAY, or at the end of the flow:
 *  - HEADERS (+ CONTINUATION) → headers, then trailers; 1xx response blocks are interim;
 *  - DATA → bodies (copied, capped per stream and per connection) and gRPC counters;
 *  - PUSH_PROMISE → a server-initiated stream whose request came from the server;
 *  - RST_STREAM → error `connection` (NO_ERROR after a complete response is no error);
 *  - GOAWAY → streams above the last processed id fail with error `connection`; streams
 *    still open at the end of the flow mention it;
 *  - a response on a stream whose request was never seen (stream 1 after an h2c Upgrade,
 *    or a capture that started late) is emitted with `request: null`.
 * A capture gap inside a DATA payload is skipped (the item gets a `dissection` error);
 * any other gap loses the framing: open streams are emitted with an error and the flow is
 * violated. Anomalies are `http2_*` and `hpack_*` names.
 */
import type { Direction } from '../../flow/flow.ts';
import type { ItemError, Message } from '../../item.ts';
import type { FlowParser, ParserContext } from '../descriptor.ts';
import { markGraphql } from './graphql.ts';
import { GRPC_PROTOCOL, GrpcCounter, isGrpcContentType } from './grpc.ts';
import { HpackDecoder } from './hpack.ts';
import * as F from './http2-frames.ts';
import { requestFields, responseFields } from './http2-fields.ts';
import { HTTP2_PROTOCOL } from './http2-protocol.ts';
import { HeaderBlocks } from './http2-header-blocks.ts';
import type { HeaderBlockOwner } from './http2-header-blocks.ts';
import { BodyBudget, H2Stream, headerValue } from './http2-stream.ts';

export interface Http2Limits {
  /** Body octets kept per message. */
  bodyCap: number;
  /** Output cap of content decoding (gzip, deflate, br). */
  decodeCap: number;
  /** Body octets kept per connection, all streams together. */
  connectionBodyCap: number;
  /** Largest non-DATA frame payload (and assembled header block) buffered. */
  maxFrame: number;
  /** Concurrently open streams tracked; beyond it the oldest is emitted unfinished. */
  maxStreams: number;
}

const ERRORS = ['NO_ERROR', 'PROTOCOL_ERROR', 'INTERNAL_ERROR', 'FLOW_CONTROL_ERROR', 'SETTINGS_TIMEOUT', 'STREAM_CLOSED', 'FRAME_SIZE_ERROR',
  'REFUSED_STREAM', 'CANCEL', 'COMPRESSION_ERROR', 'CONNECT_ERROR', 'ENHANCE_YOUR_CALM', 'INADEQUATE_SECURITY', 'HTTP_1_1_REQUIRED'];

export function h2ErrorName(code: number): string {
  return `${ERRORS[code] ?? 'UNKNOWN'} (${code})`;
}

const SIDE = ['client', 'server'];



export class Http2Parser implements FlowParser, F.FrameSink, HeaderBlockOwner {
  private readonly ctx: ParserContext;
  private readonly lim: Http2Limits;
  private readonly readers: [F.FrameReader, F.FrameReader];
  private readonly hpack: [HpackDecoder, HpackDecoder];
  private readonly streams = new Map<number, H2Stream>();
  /** Highest stream id opened so far: [even (server), odd (client)]. */
  private readonly maxSeen = [0, 0];
  private readonly blocks: HeaderBlocks;
  private readonly cur: [H2Stream | null, H2Stream | null] = [null, null];
  private readonly budget: BodyBudget;
  private readonly weirdFn: (name: string) => void;
  private goawayNote = '';
  private done = false;

  constructor(ctx: ParserContext, lim: Http2Limits) {
    this.ctx = ctx;
    this.lim = lim;
    this.weirdFn = (n) => ctx.weird(n);
    this.readers = [new F.FrameReader(0, this, true, lim.maxFrame), new F.FrameReader(1, this, false, lim.maxFrame)];
    this.hpack = [new HpackDecoder(this.weirdFn), new HpackDecoder(this.weirdFn)];
    this.budget = new BodyBudget(lim.connectionBodyCap);
    this.blocks = new HeaderBlocks(lim.maxFrame, this);
  }

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    if (!this.done) this.readers[dir].push(bytes, tsMs);
  }

  gap(dir: Direction, length: number, tsMs: number): void {
    if (this.done || this.readers[dir].gap(length, tsMs)) return;
    this.ctx.weird('http2_gap');
    this.lost(dir, 'capture gap', tsMs);
  }

  end(_tsMs: number): void {
    if (this.done) return;
    if (this.readers[0].pending > 0 || this.readers[1].pending > 0) this.ctx.weird('http2_truncated_frame');
    this.flushAll('flow ended');
    this.done = true;
  }

  // ── FrameSink ──

  weird(name: string): void {
    this.ctx.weird(name);
  }

  lost(_dir: Direction, reason: string, _tsMs: number): void {
    if (this.done) return;
    this.flushAll(`HTTP/2 framing lost (${reason})`, 'dissection');
    this.done = true;
    this.ctx.violate(reason);
  }

  frame(dir: Direction, type: number, flags: number, stream: number, p: Uint8Array, tsMs: number): void {
    this.blocks.interrupt(dir, type);
    switch (type) {
      case F.FRAME_HEADERS:
      case F.FRAME_PUSH_PROMISE:
      case F.FRAME_CONTINUATION:
        this.blocks.frame(dir, type, flags, stream, p, tsMs);
        break;
      case F.FRAME_RST_STREAM:
        if (p.length !== 4 || stream === 0) this.ctx.weird('http2_bad_rst_stream');
        else this.reset(dir, stream, F.u32(p, 0));
        break;
      case F.FRAME_SETTINGS:
        this.settings(dir, flags, stream, p);
        break;
      case F.FRAME_GOAWAY:
        if (p.length < 8 || stream !== 0) this.ctx.weird('http2_bad_goaway');
        else this.goaway(dir, F.u32(p, 0) & 0x7fffffff, F.u32(p, 4));
        break;
      case F.FRAME_PING:
        if (p.length !== 8 || stream !== 0) this.ctx.weird('http2_bad_ping');
        break;
      case F.FRAME_WINDOW_UPDATE:
        if (p.length !== 4) this.ctx.weird('http2_bad_window_update');
        break;
      case F.FRAME_PRIORITY:
        if (p.length !== 5 || stream === 0) this.ctx.weird('http2_bad_priority');
        break;
    }
  }

  dataStart(dir: Direction, id: number, _flags: number, length: number, tsMs: number): void {
    const s = this.streams.get(id) ?? null;
    this.cur[dir] = s;
    if (s === null) {
      if (id === 0 || !this.isClosed(id)) this.ctx.weird(id === 0 ? 'http2_bad_stream_id' : 'http2_data_unknown_stream');
      return;
    }
    const h = dir === 0 ? s.req : s.res;
    h.wire += F.FRAME_HEADER_LEN + length;
    if (h.tsMs === 0) h.tsMs = tsMs;
  }

  dataChunk(dir: Direction, _id: number, bytes: Uint8Array, _tsMs: number): void {
    const s = this.cur[dir];
    if (s === null) return;
    const h = dir === 0 ? s.req : s.res;
    h.body.add(bytes, this.lim.bodyCap, this.budget);
    if (h.grpc !== null) h.grpc.feed(bytes);
  }

  dataGap(dir: Direction, _id: number, length: number, _tsMs: number): void {
    const s = this.cur[dir];
    this.ctx.weird('http2_gap_in_data');
    if (s === null) return;
    const h = dir === 0 ? s.req : s.res;
    h.body.size += length;
    h.body.lost += length;
    if (h.grpc !== null) h.grpc.skip(length);
    s.error ??= { type: 'dissection', msg: `${length} body bytes lost in a capture gap` };
  }

  dataEnd(dir: Direction, _id: number, flags: number, tsMs: number): void {
    const s = this.cur[dir];
    this.cur[dir] = null;
    if (s !== null && flags & F.FLAG_END_STREAM) this.endHalf(s, dir, tsMs);
  }

  skipped(dir: Direction, type: number, stream: number, _length: number, _tsMs: number): void {
    if (type === F.FRAME_HEADERS || type === F.FRAME_PUSH_PROMISE || type === F.FRAME_CONTINUATION) {
      // The HPACK state of this direction can no longer be trusted.
      this.ctx.weird('http2_header_block_skipped');
      this.blocks.drop(dir);
      this.failStream(stream, 'header block too large to decode');
    }
  }

  // ── frames ──

  /** A complete header block (HeaderBlockOwner). */
  headerBlock(dir: Direction, id: number, flags: number, promised: number, block: Uint8Array, wire: number, tsMs: number): void {
    const list = this.hpack[dir].decode(block, 0, block.length);
    if (promised !== 0) {
      if (this.streams.has(promised)) return this.ctx.weird('http2_bad_push_promise');
      const s = this.open(promised);
      s.pushed = true;
      s.req.headers = list ?? [];
      s.req.tsMs = tsMs;
      s.req.headerBytes = block.length;
      s.req.wire = wire;
      s.req.ended = true;
      if (list === null) s.error = { type: 'dissection', msg: 'undecodable header block (HPACK)' };
      return;
    }
    let s = this.streams.get(id);
    if (s === undefined) {
      if (this.isClosed(id)) return this.ctx.weird('http2_headers_on_closed_stream');
      s = this.open(id);
      // A response to a request we never saw (h2c Upgrade stream 1, late capture start).
      if (dir === 1) s.req.ended = true;
    }
    const h = dir === 0 ? s.req : s.res;
    h.wire += wire;
    if (list === null) s.error ??= { type: 'dissection', msg: 'undecodable header block (HPACK)' };
    if (h.headers === null) {
      if (dir === 1 && list !== null && headerValue(list, ':status').charCodeAt(0) === 49 && !(flags & F.FLAG_END_STREAM)) {
        h.interim++;
        if (h.tsMs === 0) h.tsMs = tsMs;
        return;
      }
      h.headers = list ?? [];
      if (h.tsMs === 0) h.tsMs = tsMs;
      h.headerBytes = block.length;
      if (s.req.grpc === null && isGrpcContentType(headerValue(h.headers, 'content-type'))) {
        s.req.grpc = new GrpcCounter(this.weirdFn);
        s.res.grpc = new GrpcCounter(this.weirdFn);
      }
    } else if (h.trailers === null) h.trailers = list ?? [];
    else {
      this.ctx.weird('http2_extra_header_block');
      if (list !== null) h.trailers.push(...list);
    }
    if (flags & F.FLAG_END_STREAM) this.endHalf(s, dir, tsMs);
  }

  private settings(dir: Direction, flags: number, stream: number, p: Uint8Array): void {
    if (stream !== 0 || p.length % 6 !== 0 || (flags & F.FLAG_ACK && p.length !== 0)) {
      this.ctx.weird('http2_bad_settings');
      return;
    }
    for (let i = 0; i < p.length; i += 6) {
      // SETTINGS_HEADER_TABLE_SIZE bounds the table the *peer's* encoder may use.
      if (((p[i] << 8) | p[i + 1]) === 1) {
        const dec = this.hpack[(dir ^ 1) as Direction];
        dec.maxTableSize = Math.max(dec.maxTableSize, F.u32(p, i + 2));
      }
    }
  }

  private reset(dir: Direction, id: number, code: number): void {
    const s = this.streams.get(id);
    if (s === undefined) return;
    if (code === 0 && s.res.ended) {
      s.req.ended = true;
      this.emit(s);
      return;
    }
    s.error = { type: 'connection', msg: `RST_STREAM ${h2ErrorName(code)} from ${SIDE[dir]}` };
    this.emit(s);
  }

  private goaway(dir: Direction, last: number, code: number): void {
    // Streams initiated by the receiver of the GOAWAY above `last` were not processed.
    const parity = dir === 1 ? 1 : 0;
    this.goawayNote = ` after GOAWAY ${h2ErrorName(code)} from ${SIDE[dir]}`;
    for (const s of [...this.streams.values()]) {
      if (s.id % 2 === parity && s.id > last) {
        s.error = { type: 'connection', msg: `GOAWAY ${h2ErrorName(code)} from ${SIDE[dir]}: stream ${s.id} not processed` };
        this.emit(s);
      }
    }
  }

  // ── streams ──

  private isClosed(id: number): boolean {
    return id <= this.maxSeen[id & 1] && !this.streams.has(id);
  }

  private open(id: number): H2Stream {
    const s = new H2Stream(id);
    this.streams.set(id, s);
    if (id > this.maxSeen[id & 1]) this.maxSeen[id & 1] = id;
    if (this.streams.size > this.lim.maxStreams) {
      const oldest = this.streams.values().next().value as H2Stream;
      this.ctx.weird('http2_too_many_streams');
      oldest.error ??= { type: 'pair-not-found', msg: `more than ${this.lim.maxStreams} concurrent streams` };
      this.emit(oldest);
    }
    return s;
  }

  private endHalf(s: H2Stream, dir: Direction, _tsMs: number): void {
    const h = dir === 0 ? s.req : s.res;
    if (h.ended) this.ctx.weird('http2_frame_after_end_stream');
    h.ended = true;
    if (h.grpc !== null) h.grpc.finish();
    if (s.complete) this.emit(s);
  }

  failStream(id: number, msg: string): void {
    const s = this.streams.get(id);
    if (s !== undefined) s.error ??= { type: 'dissection', msg };
  }

  private flushAll(why: string, type = 'pair-not-found'): void {
    for (const s of [...this.streams.values()]) {
      if (s.error === null) {
        const t = this.goawayNote !== '' ? 'connection' : s.res.headers === null ? type : 'dissection';
        s.error = { type: t, msg: `stream ${s.id} incomplete: ${why}${this.goawayNote}` };
      }
      this.emit(s);
    }
  }

  private emit(s: H2Stream): void {
    this.streams.delete(s.id);
    for (const d of [0, 1] as const) if (this.cur[d] === s) this.cur[d] = null;
    const weird = this.weirdFn;
    const req: Message | null = s.req.headers === null ? null : {
      kind: 'request', key: s.id, tsMs: s.req.tsMs, size: s.req.wire, fields: requestFields(s, this.lim.decodeCap, weird),
    };
    const res: Message | null = s.res.headers === null ? null : {
      kind: 'response', key: s.id, tsMs: s.res.tsMs, size: s.res.wire, fields: responseFields(s, this.lim.decodeCap, weird),
    };
    if (req === null && res === null) {
      this.ctx.weird('http2_stream_without_headers');
      return;
    }
    let protocol = s.req.grpc !== null ? GRPC_PROTOCOL : HTTP2_PROTOCOL;
    if (req !== null && s.req.grpc === null) {
      markGraphql(req, 2);
      if (req.protocol) protocol = req.protocol;
    }
    const error: ItemError | null = s.error;
    this.ctx.item({ protocol, request: req, response: res, error });
  }
}
