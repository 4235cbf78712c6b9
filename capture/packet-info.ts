/**
 * The `onPacketCaptured` argument (SCRIPT-API.md §2). Built only when some script defines
 * the hook: the pipeline never pays for it otherwise.
 */
import type { DecodedPacket } from './decode/decoded-packet.ts';
import { IpProto } from './decode/decoded-packet.ts';

export interface PacketInfo {
  /** Capture time, RFC3339 with nanoseconds, UTC. */
  timestamp: string;
  captureLength: number;
  length: number;
  truncated: boolean;
  fragmented: boolean;
  src: { ip: string; port: number };
  dst: { ip: string; port: number };
  transport: 'tcp' | 'udp' | 'icmp' | 'other';
  /** Set TCP flags as letters in header order: F S R P A U E C (e.g. "SA"); "" otherwise. */
  tcpFlags: string;
  /** TCP sequence number (0 for other transports): with payloadLength, retransmissions show. */
  tcpSeq: number;
  /** Transport payload bytes on the wire (TCP/UDP data, ICMP body). */
  payloadLength: number;
}

const FLAG_LETTERS = 'FSRPAUEC';

export function tcpFlagLetters(flags: number): string {
  let s = '';
  for (let i = 0; i < 8; i++) if (flags & (1 << i)) s += FLAG_LETTERS[i];
  return s;
}

/** RFC3339 with 9 fractional digits from seconds + nanoseconds. */
export function rfc3339Nano(tsSec: number, tsNsec: number): string {
  const base = new Date(tsSec * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  return `${base.slice(0, 19)}.${String(tsNsec).padStart(9, '0')}Z`;
}

export function packetInfoOf(p: DecodedPacket): PacketInfo {
  const proto = p.ipProto;
  const transport = proto === IpProto.TCP ? 'tcp' : proto === IpProto.UDP ? 'udp' : proto === IpProto.ICMP || proto === IpProto.ICMPV6 ? 'icmp' : 'other';
  return {
    timestamp: rfc3339Nano(p.raw.tsSec, p.raw.tsNsec),
    captureLength: p.raw.data.length,
    length: p.raw.origLen,
    truncated: p.truncated,
    fragmented: p.fragmented,
    src: { ip: p.srcIp, port: p.srcPort },
    dst: { ip: p.dstIp, port: p.dstPort },
    transport,
    tcpFlags: transport === 'tcp' ? tcpFlagLetters(p.tcpFlags) : '',
    tcpSeq: transport === 'tcp' ? p.tcpSeq : 0,
    payloadLength: p.payloadWireLength,
  };
}
