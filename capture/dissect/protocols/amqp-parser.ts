/**
 * AMQP 0-9-1 flow parser. Frames of both directions (amqp-frames.ts) become methods with
 * their fields (amqp-fields.ts); content-carrying methods wait for their content header
 * and body frames on the same channel and direction.
 *
 * Items:
 *  - a synchronous request and its answer pair on their channel ('key' pairing, key =
 *    channel; AMQP allows one outstanding synchronous request per channel): "queue
 *    declare" → "queue declare-ok", "connection start" (sent by the server) → "start-ok".
 *    A channel.close/connection.close from the peer of a pending request is its answer
 *    (how brokers refuse a request); the close-ok that follows is an item of its own;
 *  - asynchronous methods (basic publish/deliver/ack/nack/reject/return ..., or any
 *    request with no-wait) are items of their own with the method in `request`, as
 *    Kubeshark emits them;
 *  - heartbeats are not items.
 * A gap, a framing error or a protocol header other than 0-9-1 violates the flow.
 */
import type { Direction } from '../../flow/flow.ts';
import type { Message } from '../../item.ts';
import type { FlowParser, ParserContext } from '../descriptor.ts';
import { contentHeader, methodFields } from './amqp-fields.ts';
import { AmqpFrames, type AmqpFrameSink } from './amqp-frames.ts';
import { AReader } from './amqp-reader.ts';
import { amqpMethod, CHANNEL_CLOSE, CHANNEL_CLOSE_OK, CONNECTION_CLOSE, CONNECTION_CLOSE_OK, type AmqpMethod } from './amqp-spec.ts';

export interface AmqpLimits {
  /** Body bytes kept per message (base64 in `body`). */
  bodyCap: number;
  /** Largest frame payload accepted. */
  maxFrame: number;
}

interface Content {
  m: AmqpMethod;
  fields: Record<string, unknown>;
  tsMs: number;
  size: number;
  headerSeen: boolean;
  bodySize: number;
  got: number;
  kept: Uint8Array;
  keptLen: number;
}

export class AmqpParser implements FlowParser, AmqpFrameSink {
  private readonly ctx: ParserContext;
  private readonly lim: AmqpLimits;
  private readonly frames: [AmqpFrames, AmqpFrames];
  private readonly contents: [Map<number, Content>, Map<number, Content>] = [new Map(), new Map()];
  /** Channel → direction of its outstanding synchronous request. */
  private readonly pending = new Map<number, Direction>();
  /** Channels whose close answered a pending request: their close-ok stands alone. */
  private readonly closeAnswered = new Set<number>();
  private done = false;

  constructor(ctx: ParserContext, lim: AmqpLimits) {
    this.ctx = ctx;
    this.lim = lim;
    this.frames = [new AmqpFrames(this, 0, lim.maxFrame), new AmqpFrames(this, 1, lim.maxFrame)];
  }

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    if (!this.done) this.frames[dir].push(bytes, tsMs);
  }

  gap(_dir: Direction, _length: number, _tsMs: number): void {
    this.fail('amqp_gap', 'AMQP lost its framing in a capture gap');
  }

  end(_tsMs: number): void {
    if (this.done) return;
    for (const dir of [0, 1] as const) {
      for (const [ch, c] of this.contents[dir]) {
        this.ctx.weird('amqp_truncated');
        this.finish(dir, ch, c, { type: 'dissection', msg: `content incomplete: ${c.got} of ${c.bodySize} body bytes` });
      }
    }
    this.done = true;
  }

  private fail(weird: string, why: string): void {
    if (this.done) return;
    this.done = true;
    this.ctx.weird(weird);
    this.ctx.violate(why);
  }

  onFail(weird: string): void {
    this.fail(weird, 'not AMQP 0-9-1 framing');
  }

  onProtocolHeader(_dir: Direction, b: Uint8Array): void {
    const ok = b[0] === 0x41 && b[1] === 0x4d && b[2] === 0x51 && b[3] === 0x50 && b[4] === 0 && b[5] === 0 && b[6] === 9 && b[7] === 1;
    if (!ok) this.fail('amqp_unsupported_version', 'not AMQP 0-9-1');
  }

  onFrame(dir: Direction, type: number, ch: number, payload: Uint8Array, tsMs: number): void {
    if (this.done || type === 8) return;
    const r = new AReader(payload);
    if (type === 2) {
      const c = this.contents[dir].get(ch);
      if (c === undefined || c.headerSeen) return this.ctx.weird('amqp_unexpected_header');
      const h = contentHeader(r);
      if (r.bad) this.ctx.weird('amqp_malformed_header');
      c.headerSeen = true;
      c.bodySize = h.bodySize;
      c.size += payload.length + 8;
      c.fields.properties = h.properties;
      if (h.bodySize === 0) this.finish(dir, ch, c, null);
      return;
    }
    const classId = r.u16();
    const methodId = r.u16();
    const m = amqpMethod(classId, methodId);
    if (m === undefined) return this.ctx.weird(r.bad ? 'amqp_malformed_method' : 'amqp_unknown_method');
    const fields = methodFields(r, m, ch);
    if (r.bad) this.ctx.weird('amqp_malformed_method');
    if (!m.content) return this.dispatch(dir, ch, m, fields, tsMs, payload.length + 8, null);
    const prev = this.contents[dir].get(ch);
    if (prev !== undefined) {
      this.ctx.weird('amqp_content_interrupted');
      this.finish(dir, ch, prev, { type: 'dissection', msg: 'content interrupted by a new method' });
    }
    this.contents[dir].set(ch, { m, fields, tsMs, size: payload.length + 8, headerSeen: false, bodySize: 0, got: 0, kept: new Uint8Array(0), keptLen: 0 });
  }

  onBody(dir: Direction, ch: number, piece: Uint8Array, first: boolean): void {
    if (this.done) return;
    const c = this.contents[dir].get(ch);
    if (c === undefined || !c.headerSeen) {
      if (first) this.ctx.weird('amqp_unexpected_body');
      return;
    }
    if (first) c.size += 8;
    c.size += piece.length;
    const keep = Math.min(piece.length, Math.min(c.bodySize, this.lim.bodyCap) - c.keptLen);
    if (keep > 0) {
      if (c.kept.length === 0) c.kept = new Uint8Array(Math.min(c.bodySize, this.lim.bodyCap));
      c.kept.set(piece.subarray(0, keep), c.keptLen);
      c.keptLen += keep;
    }
    c.got += piece.length;
    if (c.got >= c.bodySize) this.finish(dir, ch, c, null);
  }

  private finish(dir: Direction, ch: number, c: Content, error: Message['error'] | null): void {
    this.contents[dir].delete(ch);
    c.fields.body = Buffer.from(c.kept.buffer, c.kept.byteOffset, c.keptLen).toString('base64');
    c.fields.bodySize = c.bodySize;
    this.dispatch(dir, ch, c.m, c.fields, c.tsMs, c.size, error);
  }

  private dispatch(dir: Direction, ch: number, m: AmqpMethod, fields: Record<string, unknown>, tsMs: number, size: number, error: Message['error'] | null): void {
    const id = m.classId * 65536 + m.methodId;
    const role = m.role === 'req' && fields.noWait === true ? 'async' : m.role;
    const msg: Message = { kind: 'request', key: ch, tsMs, size, fields };
    if (error) msg.error = error;
    if (role === 'async') return this.ctx.item({ request: msg, response: null });
    if (role === 'req') {
      const waiting = this.pending.get(ch);
      if ((id === CHANNEL_CLOSE || id === CONNECTION_CLOSE) && waiting !== undefined && waiting !== dir) {
        this.pending.delete(ch);
        this.closeAnswered.add(ch);
        msg.kind = 'response';
      } else this.pending.set(ch, dir);
      return this.ctx.message(msg);
    }
    msg.kind = 'response';
    if ((id === CHANNEL_CLOSE_OK || id === CONNECTION_CLOSE_OK) && this.closeAnswered.delete(ch)) return this.ctx.item({ request: null, response: msg });
    if (this.pending.delete(ch)) return this.ctx.message(msg);
    this.ctx.item({ request: null, response: msg });
  }
}
