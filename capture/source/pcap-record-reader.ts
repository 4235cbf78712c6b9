/**
 * The contract between PcapParser (chunking, carry buffer, errors) and the format readers
 * (classic pcap, pcapng). A reader sees bytes only through these two calls, always with
 * `buf[off, end)` being unparsed input that starts at a record boundary; `base` is the
 * stream offset of buf[0], for error offsets.
 */
import type { RawPacket } from './raw-packet.ts';

export type PacketCallback = (p: RawPacket) => void;

export interface RecordReader {
  readonly format: 'pcap' | 'pcapng';
  /** Packets delivered so far. */
  readonly packets: number;
  /** Link type per interface (classic pcap: one). */
  readonly linkTypes: number[];
  /** Snapshot length of the first interface (0 until known). */
  readonly snaplen: number;
  /** True if timestamps are finer than microseconds (ns pcap, pcapng if_tsresol > 6). */
  readonly nanosecond: boolean;
  /**
   * Size of the record starting at buf[off] given `avail` bytes of it: its full length once
   * its header is visible, else the header length (> avail). Throws PcapFormatError for an
   * impossible length.
   */
  need(buf: Uint8Array, view: DataView, off: number, avail: number, base: number): number;
  /** Handle every complete record in buf[off, end); returns the offset after the last one. */
  parse(buf: Uint8Array, view: DataView, off: number, end: number, base: number): number;
  /** What an incomplete record at the end of the stream is, for the truncation message. */
  describePending(): string;
}
