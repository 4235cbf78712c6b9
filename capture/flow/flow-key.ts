/**
 * Canonical flow keys as text (logs, tests, external maps; the flow table itself indexes
 * flows by a numeric hash, see flow-index.ts). Both directions of a conversation map to the
 * same key: the two endpoints are written "low" endpoint first, where low = smaller IP
 * string, then smaller port. ICMP flows are keyed by the two addresses only (the decoder
 * exposes no ICMP identifier).
 */
import { IpProto } from '../decode/decoded-packet.ts';
import type { DecodedPacket } from '../decode/decoded-packet.ts';
import type { Transport } from './flow.ts';

/** Transport of an IP protocol number, or null for protocols that do not form flows. */
export function transportOf(ipProto: number): Transport | null {
  switch (ipProto) {
    case IpProto.TCP:
      return 'tcp';
    case IpProto.UDP:
      return 'udp';
    case IpProto.ICMP:
    case IpProto.ICMPV6:
      return 'icmp';
    default:
      return null;
  }
}

/** The packet's source is the canonical low endpoint (true also when both ends are equal). */
export function sourceIsLow(pkt: DecodedPacket, transport: Transport): boolean {
  if (pkt.srcIp !== pkt.dstIp) return pkt.srcIp < pkt.dstIp;
  return transport === 'icmp' || pkt.srcPort <= pkt.dstPort;
}

/** Canonical key: transport tag, then low endpoint, then high endpoint. */
export function flowKey(pkt: DecodedPacket, transport: Transport, srcLow: boolean): string {
  if (transport === 'icmp') return srcLow ? `i ${pkt.srcIp} ${pkt.dstIp}` : `i ${pkt.dstIp} ${pkt.srcIp}`;
  const tag = transport === 'tcp' ? 't' : 'u';
  return srcLow
    ? `${tag} ${pkt.srcIp} ${pkt.srcPort} ${pkt.dstIp} ${pkt.dstPort}`
    : `${tag} ${pkt.dstIp} ${pkt.dstPort} ${pkt.srcIp} ${pkt.srcPort}`;
}
