/**
 * Test helper: a small pcapng encoder, in either byte order, for reader tests — sections,
 * interfaces with if_tsresol / if_tsoffset, EPB / SPB / obsolete PB, and arbitrary other
 * blocks (name resolution, statistics, custom, unknown types) that a reader must skip.
 *
 *   new PcapngBuilder().shb().idb({ linkType: 1 }).epb(0, 1_700_000_000_123456n, frame).toBuffer()
 */

export interface NgInterfaceSpec {
  linkType: number;
  snaplen?: number;
  /** Raw if_tsresol byte (6 = µs, 9 = ns, 0x80 | n = 2^-n); omitted = µs default. */
  tsresol?: number;
  /** if_tsoffset in seconds. */
  tsoffset?: number;
  /** Also write an if_name option (exercises option skipping). */
  name?: string;
}

export const BlockType = { SHB: 0x0a0d0d0a, IDB: 1, PB: 2, SPB: 3, NRB: 4, ISB: 5, EPB: 6, DSB: 10, CUSTOM: 0xbad } as const;

export class PcapngBuilder {
  private readonly parts: Uint8Array[] = [];

  constructor(private le = true) {}

  /** Section header (switches the byte order of this and later blocks when `le` is given). */
  shb(le: boolean = this.le): this {
    this.le = le;
    const body = this.bytes(16, (v) => {
      v.setUint32(0, 0x1a2b3c4d, this.le);
      v.setUint16(4, 1, this.le);
      v.setUint16(6, 0, this.le);
      v.setInt32(8, -1, this.le); // section length unknown (-1 as 64 bits)
      v.setInt32(12, -1, this.le);
    });
    return this.block(BlockType.SHB, body);
  }

  idb(spec: NgInterfaceSpec): this {
    const opts: Uint8Array[] = [];
    if (spec.name !== undefined) opts.push(this.option(2, new TextEncoder().encode(spec.name)));
    if (spec.tsresol !== undefined) opts.push(this.option(9, new Uint8Array([spec.tsresol])));
    if (spec.tsoffset !== undefined) {
      opts.push(this.option(14, this.bytes(8, (v) => v.setBigInt64(0, BigInt(spec.tsoffset!), this.le))));
    }
    if (opts.length) opts.push(this.option(0, new Uint8Array(0)));
    const head = this.bytes(8, (v) => {
      v.setUint16(0, spec.linkType, this.le);
      v.setUint32(4, spec.snaplen ?? 262144, this.le);
    });
    return this.block(BlockType.IDB, concat([head, ...opts]));
  }

  /** Enhanced packet; `ts` in the interface's units. */
  epb(iface: number, ts: bigint, data: Uint8Array, origLen = data.length): this {
    return this.packetBlock(BlockType.EPB, iface, ts, data, origLen);
  }

  /** Obsolete packet block (16-bit interface id and drops count). */
  pb(iface: number, ts: bigint, data: Uint8Array, origLen = data.length): this {
    return this.packetBlock(BlockType.PB, iface, ts, data, origLen);
  }

  spb(data: Uint8Array, origLen = data.length): this {
    const head = this.bytes(4, (v) => v.setUint32(0, origLen, this.le));
    return this.block(BlockType.SPB, concat([head, pad4(data)]));
  }

  /** Any block: type and body (padded to 4 bytes); the lengths are added. */
  block(type: number, body: Uint8Array): this {
    const padded = pad4(body);
    const total = 12 + padded.length;
    this.parts.push(
      this.bytes(8, (v) => {
        v.setUint32(0, type, this.le);
        v.setUint32(4, total, this.le);
      }),
      padded,
      this.bytes(4, (v) => v.setUint32(0, total, this.le)),
    );
    return this;
  }

  toBuffer(): Uint8Array {
    return concat(this.parts);
  }

  private packetBlock(type: number, iface: number, ts: bigint, data: Uint8Array, origLen: number): this {
    const head = this.bytes(20, (v) => {
      if (type === BlockType.PB) {
        v.setUint16(0, iface, this.le);
        v.setUint16(2, 0, this.le);
      } else v.setUint32(0, iface, this.le);
      v.setUint32(4, Number(ts >> 32n), this.le);
      v.setUint32(8, Number(ts & 0xffffffffn), this.le);
      v.setUint32(12, data.length, this.le);
      v.setUint32(16, origLen, this.le);
    });
    const comment = this.option(1, new TextEncoder().encode('test'));
    return this.block(type, concat([head, pad4(data), comment, this.option(0, new Uint8Array(0))]));
  }

  private option(code: number, value: Uint8Array): Uint8Array {
    const head = this.bytes(4, (v) => {
      v.setUint16(0, code, this.le);
      v.setUint16(2, value.length, this.le);
    });
    return concat([head, pad4(value)]);
  }

  private bytes(n: number, fill: (v: DataView) => void): Uint8Array {
    const b = new Uint8Array(n);
    fill(new DataView(b.buffer));
    return b;
  }
}

function pad4(b: Uint8Array): Uint8Array {
  if (b.length % 4 === 0) return b;
  const out = new Uint8Array((b.length + 3) & ~3);
  out.set(b);
  return out;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
