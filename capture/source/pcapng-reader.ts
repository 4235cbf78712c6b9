/**
 * pcapng (https://www.ietf.org/archive/id/draft-ietf-opsawg-pcapng-02.html): a sequence of
 * blocks `type, total length, body, total length`. Read here:
 * - Section Header (SHB): byte order (from its byte-order magic) and version 1.x; a new
 *   SHB starts a new section whose interfaces are numbered after the previous ones, so
 *   `RawPacket.interfaceId` and `linkTypes` index a single list across sections.
 * - Interface Description (IDB): link type, snaplen, `if_tsresol` (10^-n or 2^-n seconds,
 *   default µs) and `if_tsoffset` (seconds added to every timestamp).
 * - Enhanced Packet (EPB), Simple Packet (SPB: interface 0, no timestamp) and the obsolete
 *   Packet Block (PB).
 * Every other block (name resolution, statistics, decryption secrets, custom) is skipped.
 */
import type { PacketCallback, RecordReader } from './pcap-record-reader.ts';
import { MAX_CAPLEN, PcapFormatError } from './pcap-format-error.ts';

export const SHB_TYPE = 0x0a0d0d0a;
const IDB = 1;
const PB = 2;
const SPB = 3;
const EPB = 6;
/** Larger blocks are not real captures (a packet block is bounded by MAX_CAPLEN anyway). */
const MAX_BLOCK = 16 * 1024 * 1024;
const TWO32 = 4294967296;

interface Iface {
  linkType: number;
  snaplen: number;
  /** Timestamp units per second. */
  units: number;
  /** Exact units per second when `units` is too large for the float path. */
  unitsBig: bigint;
  /** Seconds added to every timestamp (if_tsoffset). */
  offsetSec: number;
  /** Index in `linkTypes` (across sections). */
  id: number;
}

export class PcapngReader implements RecordReader {
  readonly format = 'pcapng';
  packets = 0;
  linkTypes: number[] = [];
  snaplen = 0;
  nanosecond = false;
  private le = true;
  private ifaces: Iface[] = [];
  private tsSec = 0;
  private tsNsec = 0;

  constructor(private readonly onPacket: PacketCallback) {}

  describePending(): string {
    return 'a pcapng block';
  }

  need(_buf: Uint8Array, view: DataView, off: number, avail: number, base: number): number {
    if (avail < 12) return 12;
    let le = this.le;
    if (view.getUint32(off, true) === SHB_TYPE) {
      const bom = view.getUint32(off + 8, true);
      if (bom === 0x1a2b3c4d) le = true;
      else if (bom === 0x4d3c2b1a) le = false;
      else throw PcapFormatError.corrupt(base + off, `section header has byte-order magic 0x${bom.toString(16)}`);
    }
    const len = view.getUint32(off + 4, le);
    if (len < 12 || len % 4 !== 0 || len > MAX_BLOCK) {
      throw PcapFormatError.corrupt(base + off, `block length ${len} (must be a multiple of 4 between 12 and ${MAX_BLOCK})`);
    }
    return len;
  }

  parse(buf: Uint8Array, view: DataView, off: number, end: number, base: number): number {
    while (end - off >= 12) {
      const len = this.need(buf, view, off, end - off, base);
      if (off + len > end) break;
      this.block(buf, view, off, len, base);
      off += len;
    }
    return off;
  }

  private block(buf: Uint8Array, view: DataView, off: number, len: number, base: number): void {
    const type = view.getUint32(off, this.le);
    if (type === SHB_TYPE) this.sectionHeader(view, off, len, base);
    if (view.getUint32(off + len - 4, this.le) !== len) {
      throw PcapFormatError.corrupt(base + off, `block's trailing length differs from its leading length ${len}`);
    }
    switch (type) {
      case IDB:
        return this.interfaceDescription(view, off, len, base);
      case EPB:
        return this.packet(buf, view, off, len, base, view.getUint32(off + 8, this.le), 28);
      case PB:
        return this.packet(buf, view, off, len, base, view.getUint16(off + 8, this.le), 28);
      case SPB:
        return this.simplePacket(buf, view, off, len, base);
    }
  }

  private sectionHeader(view: DataView, off: number, len: number, base: number): void {
    this.le = view.getUint32(off + 8, true) === 0x1a2b3c4d;
    if (len < 28) throw PcapFormatError.corrupt(base + off, `section header block of ${len} bytes (minimum 28)`);
    const major = view.getUint16(off + 12, this.le);
    if (major !== 1) throw PcapFormatError.corrupt(base + off, `unsupported pcapng version ${major} (expected 1.0)`);
    this.ifaces = [];
  }

  private interfaceDescription(view: DataView, off: number, len: number, base: number): void {
    if (len < 20) throw PcapFormatError.corrupt(base + off, `interface description block of ${len} bytes (minimum 20)`);
    const iface: Iface = {
      linkType: view.getUint16(off + 8, this.le),
      snaplen: view.getUint32(off + 12, this.le),
      units: 1e6,
      unitsBig: 1_000_000n,
      offsetSec: 0,
      id: this.linkTypes.length,
    };
    const end = off + len - 4;
    for (let o = off + 16; o + 4 <= end; ) {
      const code = view.getUint16(o, this.le);
      const olen = view.getUint16(o + 2, this.le);
      if (code === 0 || o + 4 + olen > end) break;
      if (code === 9 && olen >= 1) {
        const v = view.getUint8(o + 4);
        const exp = v & 0x7f;
        iface.unitsBig = v & 0x80 ? 1n << BigInt(exp) : 10n ** BigInt(exp);
        iface.units = Number(iface.unitsBig);
      } else if (code === 14 && olen >= 8) {
        const hi = view.getInt32(o + 4 + (this.le ? 4 : 0), this.le);
        const lo = view.getUint32(o + 4 + (this.le ? 0 : 4), this.le);
        iface.offsetSec = hi * TWO32 + lo;
      }
      o += 4 + ((olen + 3) & ~3);
    }
    if (iface.units > 1e6) this.nanosecond = true;
    if (this.linkTypes.length === 0) this.snaplen = iface.snaplen;
    this.ifaces.push(iface);
    this.linkTypes.push(iface.linkType);
  }

  /** EPB and PB: interface id, timestamp high/low at +12/+16, caplen +20, origlen +24, data at +28. */
  private packet(buf: Uint8Array, view: DataView, off: number, len: number, base: number, ifId: number, dataAt: number): void {
    if (len < 32) throw PcapFormatError.corrupt(base + off, `packet block of ${len} bytes (minimum 32)`);
    const iface = this.ifaces[ifId];
    if (iface === undefined) throw PcapFormatError.corrupt(base + off, `packet block names interface ${ifId}, which was not described`);
    const caplen = view.getUint32(off + 20, this.le);
    if (caplen > MAX_CAPLEN || dataAt + caplen + 4 > len) {
      throw PcapFormatError.corrupt(base + off, `packet block claims ${caplen} captured bytes in a ${len}-byte block`);
    }
    const origLen = view.getUint32(off + 24, this.le);
    this.timestamp(view.getUint32(off + 12, this.le), view.getUint32(off + 16, this.le), iface);
    this.packets++;
    this.onPacket({
      linkType: iface.linkType,
      tsSec: this.tsSec,
      tsNsec: this.tsNsec,
      origLen: origLen < caplen ? caplen : origLen,
      data: buf.subarray(off + dataAt, off + dataAt + caplen),
      interfaceId: iface.id,
    });
  }

  private simplePacket(buf: Uint8Array, view: DataView, off: number, len: number, base: number): void {
    if (len < 16) throw PcapFormatError.corrupt(base + off, `simple packet block of ${len} bytes (minimum 16)`);
    const iface = this.ifaces[0];
    if (iface === undefined) throw PcapFormatError.corrupt(base + off, 'simple packet block before any interface description');
    const origLen = view.getUint32(off + 8, this.le);
    let caplen = Math.min(origLen, len - 16);
    if (iface.snaplen > 0 && caplen > iface.snaplen) caplen = iface.snaplen;
    if (caplen > MAX_CAPLEN) throw PcapFormatError.corrupt(base + off, `simple packet block of ${caplen} captured bytes`);
    this.packets++;
    this.onPacket({
      linkType: iface.linkType,
      tsSec: 0,
      tsNsec: 0,
      origLen,
      data: buf.subarray(off + 12, off + 12 + caplen),
      interfaceId: iface.id,
    });
  }

  /** Split the 64-bit unit count high:low into tsSec/tsNsec without losing precision. */
  private timestamp(high: number, low: number, iface: Iface): void {
    const d = iface.units;
    if (d === 1e6 && high < 0x200000) {
      const t = high * TWO32 + low;
      const s = Math.floor(t / 1e6);
      this.tsSec = s + iface.offsetSec;
      this.tsNsec = (t - s * 1e6) * 1000;
      return;
    }
    if (d <= 0x40000000) {
      // Long division in 16-bit steps keeps every intermediate below 2^53.
      const qh = Math.floor(high / d);
      const x = (high - qh * d) * 65536 + (low >>> 16);
      const q2 = Math.floor(x / d);
      const y = (x - q2 * d) * 65536 + (low & 0xffff);
      const q3 = Math.floor(y / d);
      const r = y - q3 * d;
      this.tsSec = qh * TWO32 + q2 * 65536 + q3 + iface.offsetSec;
      this.tsNsec = d === 1e9 ? r : Math.floor((r * 1e9) / d);
      return;
    }
    const t = (BigInt(high) << 32n) | BigInt(low);
    const s = t / iface.unitsBig;
    this.tsSec = Number(s) + iface.offsetSec;
    this.tsNsec = Number(((t - s * iface.unitsBig) * 1_000_000_000n) / iface.unitsBig);
  }
}
