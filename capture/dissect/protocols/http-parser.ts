/**
 * HTTP/1.x flow parser: a request half (client → server) and a response half, plus what
 * ties them together:
 *  - body framing of responses depends on the request (HEAD, CONNECT) and the status
 *    (1xx interim responses are skipped; 204/304 have no body);
 *  - a response that completes while its request is still arriving (an early response
 *    during an upload) is held back until the request is emitted, so FIFO pairing
 *    stays right;
 *  - after an Upgrade or CONNECT request the client half holds its bytes until the
 *    response decides: `101 Switching Protocols` hands the flow to 'websocket' or
 *    'http2' (or stops quietly for other protocols and CONNECT tunnels), anything else
 *    releases the held bytes as HTTP.
 */
import type { Direction } from '../../flow/flow.ts';
import type { Message } from '../../item.ts';
import type { FlowParser, ParserContext } from '../descriptor.ts';
import { decodeContent } from './http-decode.ts';
import { requestFields, responseFields } from './http-fields.ts';
import { Body, HttpHalf } from './http-half.ts';
import type { HalfOwner, HttpLimits, RawMessage } from './http-half.ts';
import type { HttpHead } from './http-head.ts';
import { HTTP10_PROTOCOL } from './http-protocol.ts';
import { markGraphql } from './graphql.ts';

export interface HttpParserLimits extends HttpLimits {
  /** Output cap of content decoding (gzip, deflate, br), bytes. */
  decodeCap: number;
  /** Bytes the client half may hold while an Upgrade/CONNECT is pending. */
  holdCap: number;
}

interface PendingRequest {
  method: string;
  /** Upgrade protocol requested ('' if none). */
  upgrade: string;
}

function wantsUpgrade(h: HttpHead): boolean {
  return h.upgrade !== '' && h.connection.split(',').includes('upgrade');
}

/** Dissector id that takes over after `101 Switching Protocols` to `proto`, or ''. */
function switchTarget(proto: string): string {
  const p = proto.toLowerCase();
  if (p.startsWith('websocket')) return 'websocket';
  if (p.startsWith('h2c')) return 'http2';
  return '';
}

export class HttpParser implements FlowParser, HalfOwner {
  private readonly ctx: ParserContext;
  private readonly lim: HttpParserLimits;
  private readonly client: HttpHalf;
  private readonly server: HttpHalf;
  private readonly methods: PendingRequest[] = [];
  private requests = 0;
  private responses = 0;
  private deferred: Message[] = [];
  private held: { bytes: Uint8Array; tsMs: number }[] = [];
  private heldBytes = 0;
  private switchTo = '';
  private done = false;

  constructor(ctx: ParserContext, lim: HttpParserLimits) {
    this.ctx = ctx;
    this.lim = lim;
    this.client = new HttpHalf(true, this, lim);
    this.server = new HttpHalf(false, this, lim);
  }

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    if (!this.done) (dir === 0 ? this.client : this.server).push(bytes, tsMs);
  }

  gap(dir: Direction, length: number, tsMs: number): void {
    if (!this.done) (dir === 0 ? this.client : this.server).gap(length, tsMs);
  }

  end(_tsMs: number): void {
    if (this.done) return;
    if (this.client.holding) this.releaseHeld();
    this.client.end();
    this.server.end();
    this.flushDeferred();
    this.done = true;
  }

  // ── HalfOwner ──

  onHead(half: HttpHalf, h: HttpHead): Body {
    return half.request ? this.requestFraming(h) : this.responseFraming(h);
  }

  onMessage(half: HttpHalf, raw: RawMessage): void {
    const h = raw.head;
    const kept = raw.body.bytes();
    const body = h.contentEncoding ? decodeContent(kept, h.contentEncoding, this.lim.decodeCap, (n) => this.ctx.weird(n)) : kept;
    const m: Message = {
      kind: half.request ? 'request' : 'response',
      tsMs: raw.tsMs,
      size: h.size + raw.bodyWire,
      fields: half.request ? requestFields(h, body, raw.bodyWire) : responseFields(h, body, raw.bodyWire),
    };
    if (h.version === 'HTTP/1.0') m.protocol = HTTP10_PROTOCOL;
    if (half.request) markGraphql(m, 1);
    if (raw.error) m.error = { type: 'dissection', msg: raw.error };
    if (half.request) {
      this.requests++;
      this.ctx.message(m);
      this.flushDeferred();
      if (h.method === 'CONNECT' || wantsUpgrade(h)) half.hold();
    } else if (this.responses >= this.requests && this.client.inBody) {
      this.deferred.push(m);
    } else {
      this.responses++;
      this.ctx.message(m);
    }
  }

  onTunnel(_half: HttpHalf, rest: Uint8Array, tsMs: number): void {
    const id = this.switchTo;
    const initial = this.held.map((h) => ({ dir: 0 as Direction, bytes: h.bytes, tsMs: h.tsMs }));
    this.held = [];
    this.client.stop();
    this.server.stop();
    this.flushDeferred();
    this.done = true;
    if (id === '') return;
    if (rest.length > 0) initial.push({ dir: 1, bytes: rest, tsMs });
    this.ctx.handoff(id, initial);
  }

  onHeld(_half: HttpHalf, bytes: Uint8Array, tsMs: number): void {
    this.heldBytes += bytes.length;
    if (this.heldBytes > this.lim.holdCap) {
      // No response is coming soon: treat what follows as ordinary HTTP.
      this.releaseHeld();
      this.client.push(bytes, tsMs);
      return;
    }
    this.held.push({ bytes: bytes.slice(), tsMs });
  }

  weird(name: string): void {
    this.ctx.weird(name);
  }

  violate(reason: string): void {
    this.client.stop();
    this.server.stop();
    this.done = true;
    this.ctx.violate(reason);
  }

  // ── framing ──

  private requestFraming(h: HttpHead): Body {
    this.methods.push({ method: h.method, upgrade: wantsUpgrade(h) ? h.upgrade : '' });
    if (h.chunked) return Body.Chunked;
    if (h.transferEncoding) {
      this.ctx.weird('http_bad_transfer_encoding');
      return Body.Close;
    }
    return h.contentLength > 0 ? Body.Length : Body.None;
  }

  private responseFraming(h: HttpHead): Body {
    const s = h.status;
    if (s < 200) {
      if (s !== 101) return Body.Interim;
      const req = this.methods.shift();
      this.switchTo = switchTarget(h.upgrade || req?.upgrade || '');
      return Body.Tunnel;
    }
    const req = this.methods.shift();
    if (req?.method === 'CONNECT' && s < 300) {
      this.switchTo = '';
      return Body.Tunnel;
    }
    if (this.client.holding) this.releaseHeld();
    if (req?.method === 'HEAD' || s === 204 || s === 304) return Body.None;
    if (h.chunked) return Body.Chunked;
    if (h.transferEncoding) return Body.Close;
    return h.contentLength >= 0 ? Body.Length : Body.Close;
  }

  /** The Upgrade/CONNECT was refused: parse the held client bytes as HTTP. */
  private releaseHeld(): void {
    const held = this.held;
    this.held = [];
    this.heldBytes = 0;
    this.client.release();
    for (const h of held) this.client.push(h.bytes, h.tsMs);
  }

  private flushDeferred(): void {
    if (this.deferred.length === 0) return;
    const list = this.deferred;
    this.deferred = [];
    for (const m of list) {
      this.responses++;
      this.ctx.message(m);
    }
  }
}
