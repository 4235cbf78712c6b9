/**
 * Redis flow parser: a RESP reader per direction (the client's also accepts inline
 * commands). Commands and replies pair in order ('fifo'), which is how RESP pipelining
 * works. Out-of-band replies do not consume a pending command and become items of their
 * own (response only): RESP3 pushes, pub/sub `message`/`pmessage`/`smessage` arrays once
 * the connection subscribed, and the extra confirmations of a (P|S)SUBSCRIBE with several
 * channels (the first confirmation answers the command).
 *
 * A capture gap loses the framing for good (a reply could be missing): the flow is
 * violated and continues as raw TCP. So is a stream that is not RESP.
 */
import type { Direction } from '../../flow/flow.ts';
import type { Message } from '../../item.ts';
import type { FlowParser, ParserContext } from '../descriptor.ts';
import { commandFields, isCommand, replyFields, replyKind, type RedisFields } from './redis-fields.ts';
import { RespReader, type RespLimits, type RespSink, type RespValue } from './redis-reader.ts';

const PUBSUB_MESSAGES = new Set(['message', 'pmessage', 'smessage']);
const SUBSCRIBE_ACKS = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe']);
const SUBSCRIBE_COMMANDS = new Set(['SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE']);

interface SubscribeWait {
  /** Confirmations still expected for this command. */
  left: number;
  /** The first one (which answers the command) was seen. */
  answered: boolean;
}

export class RedisParser implements FlowParser, RespSink {
  private readonly ctx: ParserContext;
  private readonly readers: [RespReader, RespReader];
  private readonly subWaits: SubscribeWait[] = [];
  private subscribed = false;
  private done = false;

  constructor(ctx: ParserContext, lim: RespLimits) {
    this.ctx = ctx;
    this.readers = [new RespReader(this, lim, true), new RespReader(this, lim, false)];
  }

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    if (!this.done) this.readers[dir].push(bytes, tsMs);
  }

  gap(dir: Direction, _length: number, _tsMs: number): void {
    if (this.done) return;
    this.readers[dir].reset();
    this.ctx.weird('redis_gap');
    this.done = true;
    this.ctx.violate('Redis lost its framing in a capture gap');
  }

  end(_tsMs: number): void {
    if (this.done) return;
    if (this.readers[0].partial || this.readers[1].partial) this.ctx.weird('redis_truncated');
    this.done = true;
  }

  onValue(client: boolean, v: RespValue, type: string, size: number, tsMs: number): void {
    if (client) this.onCommand(v, type, size, tsMs);
    else this.onReply(v, type, size, tsMs);
  }

  onFail(weird: string): void {
    if (this.done) return;
    this.done = true;
    this.ctx.weird(weird);
    this.ctx.violate('not RESP');
  }

  private onCommand(v: RespValue, t: string, size: number, tsMs: number): void {
    let fields: RedisFields;
    if (isCommand(v)) {
      fields = commandFields(v, t);
      if (SUBSCRIBE_COMMANDS.has(fields.command)) this.subWaits.push({ left: Math.max(1, v.declared - 1), answered: false });
    } else {
      this.ctx.weird('redis_request_not_command');
      fields = replyFields(v, t);
    }
    this.ctx.message({ kind: 'request', tsMs, size, fields });
  }

  private onReply(v: RespValue, t: string, size: number, tsMs: number): void {
    const m: Message = { kind: 'response', tsMs, size, fields: replyFields(v, t) };
    if (t === '>') return this.alone(m);
    if (t === '*') {
      const kind = replyKind(v);
      if (kind !== '' && this.subscribed && PUBSUB_MESSAGES.has(kind)) return this.alone(m);
      if (kind !== '' && SUBSCRIBE_ACKS.has(kind)) {
        this.subscribed = true;
        const w = this.subWaits.length > 0 ? this.subWaits[0] : null;
        if (w === null) return this.alone(m);
        if (--w.left <= 0) this.subWaits.shift();
        if (w.answered) return this.alone(m);
        w.answered = true;
      }
    }
    this.ctx.message(m);
  }

  private alone(m: Message): void {
    this.ctx.item({ request: null, response: m });
  }
}
