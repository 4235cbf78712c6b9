/**
 * Kafka encoding from the same schemas the dissector decodes with (kafka-schemas.ts), for
 * test peers (the loopback broker responder), unit tests and synthetic traffic. Values are
 * plain objects keyed by field name; a missing field encodes as 0 / false / null / [].
 * `bytes` and `records` fields take a Uint8Array (or null). Also: record batches (magic 2,
 * uncompressed, CRC-32C) for Produce/Fetch bodies.
 */
import { isFlexible, kafkaApi, type KField, type KScalar } from './kafka-schemas.ts';

export class KWriter {
  buf = new Uint8Array(256);
  len = 0;

  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  i8(v: number): this {
    this.grow(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  i16(v: number): this {
    return this.i8(v >> 8).i8(v);
  }

  i32(v: number): this {
    return this.i16(v >> 16).i16(v & 0xffff);
  }

  i64(v: number): this {
    const hi = Math.floor(v / 4294967296);
    return this.i32(hi | 0).i32((v - hi * 4294967296) >>> 0);
  }

  uvarint(v: number): this {
    while (v >= 0x80) {
      this.i8((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    return this.i8(v);
  }

  varint(v: number): this {
    return this.uvarint(v >= 0 ? v * 2 : -v * 2 - 1);
  }

  raw(b: Uint8Array): this {
    this.grow(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  len16or32(n: number, compact: boolean, wide: boolean): this {
    return compact ? this.uvarint(n + 1) : wide ? this.i32(n) : this.i16(n);
  }

  str(s: string | null | undefined, compact: boolean): this {
    if (s === null || s === undefined) return this.len16or32(-1, compact, false);
    const b = Buffer.from(s, 'utf8');
    return this.len16or32(b.length, compact, false).raw(b);
  }

  bytes(b: Uint8Array | null | undefined, compact: boolean): this {
    if (b === null || b === undefined) return this.len16or32(-1, compact, true);
    return this.len16or32(b.length, compact, true).raw(b);
  }

  uuid(s: string | undefined): this {
    const hex = (s ?? '').replace(/-/g, '').padEnd(32, '0');
    for (let i = 0; i < 32; i += 2) this.i8(parseInt(hex.slice(i, i + 2), 16));
    return this;
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

type Obj = Record<string, unknown>;

function scalar(w: KWriter, t: KScalar, v: unknown, flex: boolean): void {
  switch (t) {
    case 'i8':
      return void w.i8(Number(v ?? 0));
    case 'i16':
      return void w.i16(Number(v ?? 0));
    case 'i32':
      return void w.i32(Number(v ?? 0));
    case 'i64':
      return void w.i64(Number(v ?? 0));
    case 'bool':
      return void w.i8(v ? 1 : 0);
    case 'uuid':
      return void w.uuid(v as string | undefined);
    case 'str':
      return void w.str(v as string | null | undefined, flex);
    case 'bytes':
    case 'records':
      return void w.bytes(v as Uint8Array | null | undefined, flex);
    default: {
      const el: KScalar = t === '[i32]' ? 'i32' : t === '[i64]' ? 'i64' : 'str';
      const a = v as unknown[] | null | undefined;
      if (a === null) return void w.len16or32(-1, flex, true);
      w.len16or32(a?.length ?? 0, flex, true);
      for (const x of a ?? []) scalar(w, el, x, flex);
    }
  }
}

export function encodeStruct(w: KWriter, fields: KField[], version: number, flex: boolean, o: Obj): void {
  for (const f of fields) {
    if (version < f.min || version > f.max) continue;
    const v = o[f.name];
    if (typeof f.type === 'string') scalar(w, f.type, v, flex);
    else {
      const a = v as Obj[] | null | undefined;
      if (a === null) w.len16or32(-1, flex, true);
      else {
        w.len16or32(a?.length ?? 0, flex, true);
        for (const e of a ?? []) encodeStruct(w, f.type, version, flex, e);
      }
    }
  }
  if (flex) w.uvarint(0);
}

function frame(w: KWriter): Uint8Array {
  const out = new Uint8Array(w.len + 4);
  new DataView(out.buffer).setInt32(0, w.len);
  out.set(w.buf.subarray(0, w.len), 4);
  return out;
}

export interface RequestSpec {
  apiKey: number;
  apiVersion: number;
  correlationId: number;
  clientId: string | null;
  body: Obj;
}

/** A complete request frame (size prefix, header v1 or v2, body). Unknown keys: `body.raw` bytes. */
export function encodeRequest(r: RequestSpec): Uint8Array {
  const w = new KWriter().i16(r.apiKey).i16(r.apiVersion).i32(r.correlationId).str(r.clientId, false);
  const flex = isFlexible(r.apiKey, r.apiVersion);
  if (flex) w.uvarint(0);
  const api = kafkaApi(r.apiKey);
  if (api) encodeStruct(w, api.request, r.apiVersion, flex, r.body);
  else if (r.body.raw instanceof Uint8Array) w.raw(r.body.raw);
  return frame(w);
}

/** A complete response frame to request `apiKey`/`apiVersion` (header v1 when flexible, except ApiVersions). */
export function encodeResponse(apiKey: number, apiVersion: number, correlationId: number, body: Obj): Uint8Array {
  const w = new KWriter().i32(correlationId);
  const flex = isFlexible(apiKey, apiVersion);
  if (flex && apiKey !== 18) w.uvarint(0);
  const api = kafkaApi(apiKey);
  if (api) encodeStruct(w, api.response, apiVersion, flex, body);
  else if (body.raw instanceof Uint8Array) w.raw(body.raw);
  return frame(w);
}

const CRC32C = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

function crc32c(b: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < b.length; i++) c = CRC32C[(c ^ b[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

export interface RecordSpec {
  key: string | null;
  value: string | null;
  headers?: Record<string, string>;
}

/** One uncompressed record batch (magic 2) holding `records`, first offset `baseOffset`. */
export function recordBatch(records: RecordSpec[], baseOffset: number, timestampMs: number): Uint8Array {
  const body = new KWriter();
  records.forEach((r, i) => {
    const rec = new KWriter().i8(0).varint(0).varint(i);
    const kv = (s: string | null) => (s === null ? rec.varint(-1) : (rec.varint(Buffer.byteLength(s)), rec.raw(Buffer.from(s))));
    kv(r.key);
    kv(r.value);
    const hs = Object.entries(r.headers ?? {});
    rec.varint(hs.length);
    for (const [k, v] of hs) {
      kv(k);
      kv(v);
    }
    body.varint(rec.len).raw(rec.done());
  });
  const tail = new KWriter().i16(0).i32(records.length - 1).i64(timestampMs).i64(timestampMs).i64(-1).i16(-1).i32(-1).i32(records.length).raw(body.done()).done();
  const w = new KWriter().i64(baseOffset).i32(tail.length + 9).i32(0).i8(2).i32(crc32c(tail) | 0).raw(tail);
  return w.done();
}
