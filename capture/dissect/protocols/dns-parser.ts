/**
 * DNS flow parser. UDP: one message per datagram. TCP (RFC 1035 §4.2.2): each message is
 * prefixed by a 2-byte length; a segment may hold several messages and a message may span
 * segments (partial messages are copied into a per-direction carry). Messages are keyed
 * by their id for pairing. A TCP gap loses the framing for good: the flow is violated.
 */
import type { Direction } from '../../flow/flow.ts';
import type { Message } from '../../item.ts';
import type { FlowParser, ParserContext } from '../descriptor.ts';
import { parseDnsMessage } from './dns-message.ts';

class Carry {
  buf: Uint8Array = new Uint8Array(0);
  len = 0;
  tsMs = 0;

  append(b: Uint8Array, s: number, e: number): void {
    const need = this.len + (e - s);
    if (this.buf.length < need) {
      const next = new Uint8Array(Math.max(need, this.buf.length * 2, 512));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(b.subarray(s, e), this.len);
    this.len = need;
  }
}

export class DnsParser implements FlowParser {
  private readonly ctx: ParserContext;
  private readonly tcp: boolean;
  private readonly carries: [Carry, Carry] | null;
  private readonly weirdFn: (n: string) => void;
  private done = false;

  constructor(ctx: ParserContext, tcp: boolean) {
    this.ctx = ctx;
    this.tcp = tcp;
    this.carries = tcp ? [new Carry(), new Carry()] : null;
    this.weirdFn = (n) => ctx.weird(n);
  }

  data(dir: Direction, bytes: Uint8Array, tsMs: number): void {
    if (this.done) return;
    if (!this.tcp) {
      this.emit(bytes, bytes.length, tsMs, true);
      return;
    }
    const c = this.carries![dir];
    const n = bytes.length;
    let p = 0;
    // Complete the message held in the carry first.
    while (c.len > 0 && p < n) {
      const want = c.len < 2 ? 2 : 2 + ((c.buf[0] << 8) | c.buf[1]);
      const take = Math.min(n - p, want - c.len);
      c.append(bytes, p, p + take);
      p += take;
      if (c.len >= 2 && c.len === 2 + ((c.buf[0] << 8) | c.buf[1])) {
        this.emitFramed(c.buf.subarray(0, c.len), c.tsMs);
        c.len = 0;
      }
    }
    while (p + 2 <= n) {
      const len = (bytes[p] << 8) | bytes[p + 1];
      if (p + 2 + len > n) break;
      this.emitFramed(bytes.subarray(p, p + 2 + len), tsMs);
      p += 2 + len;
    }
    if (p < n) {
      c.append(bytes, p, n);
      c.tsMs = tsMs;
    }
  }

  gap(dir: Direction, _length: number, _tsMs: number): void {
    if (this.done || !this.tcp) return;
    this.carries![dir].len = 0;
    this.ctx.weird('dns_tcp_gap');
    this.done = true;
    this.ctx.violate('DNS over TCP lost its framing in a capture gap');
  }

  end(_tsMs: number): void {
    if (this.done || !this.carries) return;
    for (const c of this.carries) {
      if (c.len > 2) {
        this.ctx.weird('dns_truncated');
        this.emit(c.buf.subarray(2, c.len), c.len, c.tsMs, false);
      }
      c.len = 0;
    }
    this.done = true;
  }

  /** One length-prefixed TCP message (prefix included). */
  private emitFramed(framed: Uint8Array, tsMs: number): void {
    if (framed.length === 2) {
      this.ctx.weird('dns_tcp_zero_length');
      return;
    }
    this.emit(framed.subarray(2), framed.length, tsMs, true);
  }

  private emit(b: Uint8Array, size: number, tsMs: number, whole: boolean): void {
    const m = parseDnsMessage(b, this.weirdFn);
    if (!m) {
      this.ctx.weird('dns_too_short');
      return;
    }
    const msg: Message = { kind: m.response ? 'response' : 'request', key: m.id, tsMs, size, fields: m.fields };
    if (!m.complete || !whole) msg.error = { type: 'dissection', msg: 'truncated or malformed DNS message' };
    this.ctx.message(msg);
  }
}
