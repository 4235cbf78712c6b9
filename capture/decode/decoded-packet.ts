import type { RawPacket } from '../source/raw-packet.ts';

/** IP protocol numbers the pipeline treats specially. */
export const IpProto = { ICMP: 1, TCP: 6, UDP: 17, ICMPV6: 58 } as const;

/** TCP flag bits (as in the TCP header's flags byte, plus ECE/CWR). */
export const TcpFlag = { FIN: 0x01, SYN: 0x02, RST: 0x04, PSH: 0x08, ACK: 0x10, URG: 0x20, ECE: 0x40, CWR: 0x80 } as const;

/**
 * One packet decoded in place. The decoder fills a single reused instance per pipeline
 * (no per-packet allocation beyond the address strings and the payload view); consumers
 * read it synchronously and copy what they keep. `payload` is a view into the raw buffer.
 *
 * Lifecycle: `reset()` → decoder fills L2, L3, L4 fields in order; a field of a layer that
 * was not reached keeps its reset value.
 */
export class DecodedPacket {
  raw!: RawPacket;
  /** Capture time, epoch ms (float). */
  tsMs = 0;

  // ── L2 ──
  /** Outermost 802.1Q VLAN id, or -1. */
  vlan = -1;

  // ── L3 ──
  /** 0 = not IP (ARP, unknown ethertype ...). */
  ipVersion: 0 | 4 | 6 = 0;
  srcIp = '';
  dstIp = '';
  /**
   * 32-bit hash keys of the two addresses (`ipv4Key`/`ipv6Key` in ip-address.ts), set by the
   * decoder along with the text, so the flow table can hash without reading the text.
   * 0 = not set (a hand-built packet): derive it with `ipAddressKeyOfText`, which always
   * gives the same value as a set key.
   */
  srcIpKey = 0;
  dstIpKey = 0;
  /** Transport protocol number (after IPv6 extension headers). */
  ipProto = 0;
  ttl = 0;
  /** True if this packet was an IP fragment or was reassembled from fragments. */
  fragmented = false;
  /** Length of the IP packet per its header (total length), for byte counters. */
  ipLength = 0;

  // ── L4 ──
  srcPort = 0;
  dstPort = 0;
  /** TCP sequence / acknowledgement numbers (unsigned 32-bit). */
  tcpSeq = 0;
  tcpAck = 0;
  /** TCP flags byte (see TcpFlag). */
  tcpFlags = 0;
  /** Raw (unscaled) TCP window. */
  tcpWindow = 0;
  /** Window scale shift from the SYN's option, or -1 if absent. */
  tcpWindowScale = -1;
  /** MSS option value, or -1. */
  tcpMss = -1;
  /** SACK-permitted option seen. */
  tcpSackPermitted = false;
  /** SACK blocks as [left, right, left, right ...] (unsigned 32-bit), empty if none. */
  tcpSack: number[] = [];
  /** ICMP / ICMPv6 type and code, or -1. */
  icmpType = -1;
  icmpCode = -1;

  /** Transport payload (TCP/UDP data, ICMP body). View into raw.data (or the defrag buffer). */
  payload: Uint8Array = EMPTY;
  /**
   * Payload bytes on the wire according to the headers. Larger than payload.length when
   * the capture truncated the packet (snaplen) — TCP reassembly treats the missing tail
   * as a gap.
   */
  payloadWireLength = 0;
  /** Captured length < wire length, or a header claimed more bytes than were present. */
  truncated = false;

  reset(raw: RawPacket, tsMs: number): void {
    this.raw = raw;
    this.tsMs = tsMs;
    this.vlan = -1;
    this.ipVersion = 0;
    this.srcIp = '';
    this.dstIp = '';
    this.srcIpKey = 0;
    this.dstIpKey = 0;
    this.ipProto = 0;
    this.ttl = 0;
    this.fragmented = false;
    this.ipLength = 0;
    this.srcPort = 0;
    this.dstPort = 0;
    this.tcpSeq = 0;
    this.tcpAck = 0;
    this.tcpFlags = 0;
    this.tcpWindow = 0;
    this.tcpWindowScale = -1;
    this.tcpMss = -1;
    this.tcpSackPermitted = false;
    if (this.tcpSack.length) this.tcpSack = [];
    this.icmpType = -1;
    this.icmpCode = -1;
    this.payload = EMPTY;
    this.payloadWireLength = 0;
    this.truncated = raw.data.length < raw.origLen;
  }
}

const EMPTY = new Uint8Array(0);
