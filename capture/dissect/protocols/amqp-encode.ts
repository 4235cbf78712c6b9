/**
 * AMQP 0-9-1 encoding from the method table in amqp-spec.ts, for unit tests and synthetic
 * traffic: the protocol header, method frames (arguments by name; a missing one encodes as
 * 0 / "" / false / {}), content headers with basic properties, body frames split at a
 * frame size, heartbeats. Field-table values are typed by their JS type: string → S,
 * integer → I (l beyond 32 bits), other number → d, boolean → t, null → V, array → A,
 * object → F.
 */
import { amqpMethods, type AmqpMethod } from './amqp-spec.ts';

class AWriter {
  private parts: number[] = [];

  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v >> 8).u8(v);
  }
  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }
  u64(v: number): this {
    const hi = Math.floor(v / 4294967296);
    return this.u32(hi >>> 0).u32((v - hi * 4294967296) >>> 0);
  }
  raw(b: Uint8Array): this {
    for (const x of b) this.parts.push(x);
    return this;
  }
  shortstr(s: string): this {
    const b = Buffer.from(s);
    return this.u8(b.length).raw(b);
  }
  longstr(s: string | Uint8Array): this {
    const b = typeof s === 'string' ? Buffer.from(s) : s;
    return this.u32(b.length).raw(b);
  }
  table(o: Record<string, unknown>): this {
    const inner = new AWriter();
    for (const [k, v] of Object.entries(o)) inner.shortstr(k).value(v);
    return this.longstr(inner.done());
  }
  value(v: unknown): this {
    if (typeof v === 'string') return this.u8(0x53).longstr(v);
    if (typeof v === 'boolean') return this.u8(0x74).u8(v ? 1 : 0);
    if (typeof v === 'number') {
      if (Number.isInteger(v) && v >= -(2 ** 31) && v < 2 ** 31) return this.u8(0x49).u32(v >>> 0);
      if (Number.isInteger(v)) return this.u8(0x6c).u64(v);
      const b = new Uint8Array(8);
      new DataView(b.buffer).setFloat64(0, v);
      return this.u8(0x64).raw(b);
    }
    if (v === null || v === undefined) return this.u8(0x56);
    if (Array.isArray(v)) {
      const inner = new AWriter();
      for (const x of v) inner.value(x);
      return this.u8(0x41).longstr(inner.done());
    }
    return this.u8(0x46).table(v as Record<string, unknown>);
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

const BY_NAME = new Map<string, AmqpMethod>();
for (const m of amqpMethods()) BY_NAME.set(m.name, m);

function frame(type: number, channel: number, payload: Uint8Array): Uint8Array {
  const out = new Uint8Array(payload.length + 8);
  out[0] = type;
  out[1] = channel >> 8;
  out[2] = channel & 0xff;
  new DataView(out.buffer).setUint32(3, payload.length);
  out.set(payload, 7);
  out[out.length - 1] = 0xce;
  return out;
}

export const AMQP_PROTOCOL_HEADER = Uint8Array.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]);

/** A method frame for method `name` ("queue declare") with arguments from `args`. */
export function methodFrame(channel: number, name: string, args: Record<string, unknown> = {}): Uint8Array {
  const m = BY_NAME.get(name);
  if (!m) throw new Error(`unknown AMQP method "${name}"`);
  const w = new AWriter().u16(m.classId).u16(m.methodId);
  let bits = 0;
  let bit = -1;
  const flush = () => {
    if (bit >= 0) w.u8(bits);
    bits = 0;
    bit = -1;
  };
  for (const [argName, type] of m.args) {
    const v = args[argName];
    if (type === 'b') {
      if (bit === 7) flush();
      bit++;
      if (v) bits |= 1 << bit;
      continue;
    }
    flush();
    if (type === 'o') w.u8(Number(v ?? 0));
    else if (type === 's') w.u16(Number(v ?? 0));
    else if (type === 'l') w.u32(Number(v ?? 0));
    else if (type === 'L') w.u64(Number(v ?? 0));
    else if (type === 'S') w.shortstr(String(v ?? ''));
    else if (type === 'T') w.longstr(String(v ?? ''));
    else w.table((v as Record<string, unknown>) ?? {});
  }
  flush();
  return frame(1, channel, w.done());
}

const PROPS = ['contentType', 'contentEncoding', 'headers', 'deliveryMode', 'priority', 'correlationId', 'replyTo', 'expiration', 'messageId', 'timestamp', 'type', 'userId', 'appId', 'clusterId'];

/** A basic-class content header for a body of `bodySize` bytes with `props`. */
export function contentHeaderFrame(channel: number, bodySize: number, props: Record<string, unknown> = {}): Uint8Array {
  const w = new AWriter().u16(60).u16(0).u64(bodySize);
  let flags = 0;
  PROPS.forEach((p, i) => {
    if (props[p] !== undefined) flags |= 1 << (15 - i);
  });
  w.u16(flags);
  for (const p of PROPS) {
    const v = props[p];
    if (v === undefined) continue;
    if (p === 'headers') w.table(v as Record<string, unknown>);
    else if (p === 'deliveryMode' || p === 'priority') w.u8(Number(v));
    else if (p === 'timestamp') w.u64(Number(v));
    else w.shortstr(String(v));
  }
  return frame(2, channel, w.done());
}

/** Body frames carrying `body`, each payload at most `frameMax − 8` bytes. */
export function bodyFrames(channel: number, body: Uint8Array | string, frameMax = 131072): Uint8Array {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  const parts: Uint8Array[] = [];
  const max = frameMax - 8;
  for (let p = 0; p < b.length; p += max) parts.push(frame(3, channel, b.subarray(p, p + max)));
  return Buffer.concat(parts);
}

/** Method + content header + body: a complete publish/deliver/return/get-ok. */
export function contentMethod(channel: number, name: string, args: Record<string, unknown>, body: Uint8Array | string, props: Record<string, unknown> = {}, frameMax?: number): Uint8Array {
  const b = typeof body === 'string' ? Buffer.from(body) : body;
  return Buffer.concat([methodFrame(channel, name, args), contentHeaderFrame(channel, b.length, props), bodyFrames(channel, b, frameMax)]);
}

export const HEARTBEAT_FRAME = Uint8Array.from([8, 0, 0, 0, 0, 0, 0, 0xce]);
