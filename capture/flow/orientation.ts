/**
 * Who is the client of a new flow, decided once from its first packet and never flipped:
 *  1. TCP SYN without ACK: its sender is the client. SYN/ACK: its sender is the server.
 *  2. ICMP: the sender of an echo request is the client, of an echo reply the server;
 *     otherwise the first packet's sender.
 *  3. Otherwise ports: a port the dissector table knows (`isServerPort`) is the server's;
 *     else a port below 1024 against one at or above it; else the lower port; on a tie the
 *     first packet's destination.
 */
import { TcpFlag } from '../decode/decoded-packet.ts';
import type { DecodedPacket } from '../decode/decoded-packet.ts';
import type { Transport } from './flow.ts';

/** Flag bits as module constants (read once, not per packet). */
const { SYN, ACK } = TcpFlag;

/** True when `port` is a known server port (the lead passes the dissector port table). */
export type ServerPortTest = (port: number) => boolean;

/** ICMP (0) and ICMPv6 (129) echo reply types: their sender is the server. */
const ICMP_ECHO_REPLY = new Set([0, 129]);

export function sourceIsClient(pkt: DecodedPacket, transport: Transport, isServerPort: ServerPortTest | undefined): boolean {
  if (transport === 'tcp') {
    const synAck = pkt.tcpFlags & (SYN | ACK);
    if (synAck === SYN) return true;
    if (synAck === (SYN | ACK)) return false;
  } else if (transport === 'icmp') {
    return !ICMP_ECHO_REPLY.has(pkt.icmpType);
  }
  return serverByPort(pkt.srcPort, pkt.dstPort, isServerPort) === 'dst';
}

/** Which end of a packet the port heuristic names the server. */
export function serverByPort(srcPort: number, dstPort: number, isServerPort: ServerPortTest | undefined): 'src' | 'dst' {
  if (isServerPort) {
    const s = isServerPort(srcPort);
    const d = isServerPort(dstPort);
    if (s !== d) return s ? 'src' : 'dst';
  }
  const sWell = srcPort < 1024;
  const dWell = dstPort < 1024;
  if (sWell !== dWell) return sWell ? 'src' : 'dst';
  return srcPort < dstPort ? 'src' : 'dst';
}
