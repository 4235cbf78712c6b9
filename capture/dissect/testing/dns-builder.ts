/**
 * DNS message builder for tests, with RFC 1035 name compression (every name suffix
 * written once is reused through a pointer, as real servers do). Record data is written
 * by small functions so names inside rdata are compressed too.
 */

export class DnsWriter {
  private buf = new Uint8Array(512);
  len = 0;
  private readonly names = new Map<string, number>();
  compress = true;

  u8(v: number): this {
    this.grow(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    return this.u8(v >> 8).u8(v);
  }

  u32(v: number): this {
    return this.u16(v >>> 16).u16(v & 0xffff);
  }

  /** Overwrite the 16-bit value at `at` (e.g. an RDLENGTH written before its data). */
  patchU16(at: number, v: number): void {
    this.buf[at] = v >> 8;
    this.buf[at + 1] = v & 0xff;
  }

  bytes(b: Uint8Array | number[]): this {
    const a = b instanceof Uint8Array ? b : Uint8Array.from(b);
    this.grow(a.length);
    this.buf.set(a, this.len);
    this.len += a.length;
    return this;
  }

  /** A domain name ("a.b.c", "." for the root), compressed against earlier names. */
  name(n: string): this {
    const labels = n === '.' || n === '' ? [] : n.split('.');
    for (let i = 0; i < labels.length; i++) {
      const suffix = labels.slice(i).join('.').toLowerCase();
      const at = this.names.get(suffix);
      if (this.compress && at !== undefined) return this.u16(0xc000 | at);
      if (this.len < 0x3fff) this.names.set(suffix, this.len);
      const l = Buffer.from(labels[i], 'latin1');
      this.u8(l.length).bytes(l);
    }
    return this.u8(0);
  }

  done(): Uint8Array {
    return this.buf.slice(0, this.len);
  }

  private grow(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const next = new Uint8Array(Math.max(this.buf.length * 2, this.len + n));
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }
}

export type Rdata = (w: DnsWriter) => void;

export interface RR {
  name: string;
  type: number;
  cls?: number;
  ttl?: number;
  data: Rdata;
}

export interface DnsMessageSpec {
  id: number;
  response?: boolean;
  opcode?: number;
  rcode?: number;
  /** Extra flag bits (AA 0x0400, TC 0x0200, RD 0x0100, RA 0x0080). */
  flags?: number;
  questions?: { name: string; type: number; cls?: number }[];
  answers?: RR[];
  authorities?: RR[];
  additionals?: RR[];
  compress?: boolean;
}

export function dnsMessage(m: DnsMessageSpec): Uint8Array {
  const w = new DnsWriter();
  w.compress = m.compress ?? true;
  const flags = (m.response ? 0x8000 : 0) | ((m.opcode ?? 0) << 11) | (m.flags ?? 0x0100) | ((m.rcode ?? 0) & 0x0f);
  const qs = m.questions ?? [];
  const an = m.answers ?? [];
  const ns = m.authorities ?? [];
  const ar = m.additionals ?? [];
  w.u16(m.id).u16(flags).u16(qs.length).u16(an.length).u16(ns.length).u16(ar.length);
  for (const q of qs) w.name(q.name).u16(q.type).u16(q.cls ?? 1);
  for (const r of [...an, ...ns, ...ar]) {
    w.name(r.name).u16(r.type).u16(r.cls ?? 1).u32(r.ttl ?? 300);
    const lenAt = w.len;
    w.u16(0);
    r.data(w);
    w.patchU16(lenAt, w.len - lenAt - 2);
  }
  return w.done();
}

/** 2-byte length prefix for DNS over TCP. */
export function tcpFrame(msg: Uint8Array): Uint8Array {
  const out = new Uint8Array(msg.length + 2);
  out[0] = msg.length >> 8;
  out[1] = msg.length & 0xff;
  out.set(msg, 2);
  return out;
}

// ── rdata writers ──

export const rd = {
  a: (ip: string): Rdata => (w) => void w.bytes(ip.split('.').map(Number)),
  aaaa: (groups: number[]): Rdata => (w) => groups.forEach((g) => w.u16(g)),
  name: (n: string): Rdata => (w) => void w.name(n),
  mx: (pref: number, exchange: string): Rdata => (w) => void w.u16(pref).name(exchange),
  txt: (parts: string[]): Rdata => (w) => parts.forEach((p) => { const b = Buffer.from(p, 'utf8'); w.u8(b.length).bytes(b); }),
  soa: (mname: string, rname: string, nums: [number, number, number, number, number]): Rdata => (w) => {
    w.name(mname).name(rname);
    nums.forEach((n) => w.u32(n));
  },
  srv: (priority: number, weight: number, port: number, target: string): Rdata => (w) => void w.u16(priority).u16(weight).u16(port).name(target),
  /** EDNS0 options as [code, bytes]. */
  opt: (options: [number, number[]][]): Rdata => (w) => options.forEach(([c, d]) => w.u16(c).u16(d.length).bytes(d)),
  uri: (priority: number, weight: number, target: string): Rdata => (w) => void w.u16(priority).u16(weight).bytes(Buffer.from(target)),
  caa: (flags: number, tag: string, value: string): Rdata => (w) => void w.u8(flags).u8(tag.length).bytes(Buffer.from(tag)).bytes(Buffer.from(value)),
  svcb: (priority: number, target: string, params: number[]): Rdata => (w) => void w.u16(priority).name(target).bytes(params),
  raw: (bytes: number[]): Rdata => (w) => void w.bytes(bytes),
};

/** OPT pseudo-record: UDP payload size in the class, ext-RCODE/version/DO in the TTL. */
export function optRecord(udpSize: number, opts: { extRcode?: number; version?: number; dnssecOk?: boolean; options?: [number, number[]][] } = {}): RR {
  const ttl = (((opts.extRcode ?? 0) << 24) | ((opts.version ?? 0) << 16) | (opts.dnssecOk ? 0x8000 : 0)) >>> 0;
  return { name: '.', type: 41, cls: udpSize, ttl, data: rd.opt(opts.options ?? []) };
}
