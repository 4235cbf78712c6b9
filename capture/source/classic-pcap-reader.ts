/**
 * Classic pcap (libpcap format): a 24-byte file header — magic, version 2.4, zone, sigfigs,
 * snaplen, link type — then records of a 16-byte header (seconds, µs or ns fraction,
 * captured length, original length) and the captured bytes. The magic's byte order is the
 * file's byte order; magic 0xa1b23c4d means nanosecond fractions.
 *
 * Tolerated quirks: an original length below the captured length is raised to it; a
 * fraction of a second beyond one second carries into the seconds.
 */
import type { PacketCallback, RecordReader } from './pcap-record-reader.ts';
import { MAX_CAPLEN, PcapFormatError } from './pcap-format-error.ts';

const FILE_HEADER = 24;
const RECORD_HEADER = 16;

export class ClassicPcapReader implements RecordReader {
  readonly format = 'pcap';
  packets = 0;
  linkTypes: number[] = [];
  snaplen = 0;
  private headerDone = false;
  private linkType = 0;
  /** Multiplier from the header's fraction to nanoseconds (1000 or 1). */
  private readonly fracToNs: number;
  private readonly fracPerSec: number;

  constructor(
    private readonly onPacket: PacketCallback,
    private readonly le: boolean,
    readonly nanosecond: boolean,
  ) {
    this.fracToNs = nanosecond ? 1 : 1000;
    this.fracPerSec = nanosecond ? 1e9 : 1e6;
  }

  need(_buf: Uint8Array, view: DataView, off: number, avail: number, base: number): number {
    if (!this.headerDone) return FILE_HEADER;
    if (avail < RECORD_HEADER) return RECORD_HEADER;
    return RECORD_HEADER + this.caplen(view, off, base);
  }

  describePending(): string {
    return this.headerDone ? 'a packet record' : 'the pcap file header';
  }

  parse(buf: Uint8Array, view: DataView, off: number, end: number, base: number): number {
    if (!this.headerDone) {
      if (end - off < FILE_HEADER) return off;
      this.readHeader(view, off, base);
      off += FILE_HEADER;
    }
    const le = this.le;
    const linkType = this.linkType;
    while (end - off >= RECORD_HEADER) {
      const caplen = this.caplen(view, off, base);
      const next = off + RECORD_HEADER + caplen;
      if (next > end) break;
      let sec = view.getUint32(off, le);
      let frac = view.getUint32(off + 4, le);
      if (frac >= this.fracPerSec) {
        const carry = Math.floor(frac / this.fracPerSec);
        sec += carry;
        frac -= carry * this.fracPerSec;
      }
      const origLen = view.getUint32(off + 12, le);
      this.packets++;
      this.onPacket({
        linkType,
        tsSec: sec,
        tsNsec: frac * this.fracToNs,
        origLen: origLen < caplen ? caplen : origLen,
        data: buf.subarray(off + RECORD_HEADER, next),
        interfaceId: 0,
      });
      off = next;
    }
    return off;
  }

  private caplen(view: DataView, off: number, base: number): number {
    const caplen = view.getUint32(off + 8, this.le);
    if (caplen > MAX_CAPLEN) {
      throw PcapFormatError.corrupt(base + off, `packet record claims ${caplen} captured bytes (limit ${MAX_CAPLEN})`);
    }
    return caplen;
  }

  private readHeader(view: DataView, off: number, base: number): void {
    const major = view.getUint16(off + 4, this.le);
    if (major !== 2) throw PcapFormatError.corrupt(base + off, `unsupported pcap version ${major} (expected 2.4)`);
    this.snaplen = view.getUint32(off + 16, this.le);
    this.linkType = view.getUint32(off + 20, this.le) & 0xffff;
    this.linkTypes = [this.linkType];
    this.headerDone = true;
  }
}
