/**
 * TCP connection state from the wire, per packet: handshake timing, FINs, RSTs. It never
 * looks at payload and never rejects a packet; it only records what it saw.
 *
 *   (first packet) SYN → syn_sent; SYN/ACK → syn_received; anything else → established
 *   syn_sent      + server SYN/ACK  → syn_received   (synAckMs = SYN → SYN/ACK)
 *   syn_received  + client ACK      → established    (handshakeRttMs = SYN → that ACK)
 *   any open state + FIN           → closing; FINs from both sides → closed (reason 'fin')
 *   any state but closed + RST     → reset (reason 'rst')
 */
import { TcpFlag } from '../decode/decoded-packet.ts';
import type { DecodedPacket } from '../decode/decoded-packet.ts';
import type { Direction } from './flow.ts';
import type { Flow } from './flow-state.ts';

/** Flag bits as module constants (read once, not per packet). */
const { SYN, ACK, FIN, RST } = TcpFlag;

export function trackTcp(flow: Flow, pkt: DecodedPacket, dir: Direction): void {
  const f = pkt.tcpFlags;
  const ts = pkt.tsMs;
  const synAck = f & (SYN | ACK);
  if (flow.tcpState === null) {
    flow.tcpState = synAck === SYN ? 'syn_sent' : synAck === (SYN | ACK) ? 'syn_received' : 'established';
  }
  if (f & RST) {
    flow.resets++;
    if (flow.tcpState !== 'closed') flow.tcpState = 'reset';
    if (flow.endReason === null) flow.endReason = 'rst';
    return;
  }
  if (synAck === SYN) {
    if (dir === 0 && flow.clientIsn < 0) {
      flow.clientIsn = pkt.tcpSeq;
      flow.synTsMs = ts;
    }
  } else if (synAck === (SYN | ACK)) {
    if (dir === 1 && flow.serverIsn < 0) {
      flow.serverIsn = pkt.tcpSeq;
      if (flow.synTsMs !== null) flow.synAckMs = ts - flow.synTsMs;
      if (flow.tcpState === 'syn_sent') flow.tcpState = 'syn_received';
    }
  } else if (synAck === ACK && dir === 0 && flow.tcpState === 'syn_received') {
    flow.tcpState = 'established';
    if (flow.synTsMs !== null) flow.handshakeRttMs = ts - flow.synTsMs;
  }
  if (f & FIN) {
    flow.finSeen[dir] = true;
    if (flow.tcpState !== 'closed' && flow.tcpState !== 'reset') {
      if (flow.finSeen[0] && flow.finSeen[1]) {
        flow.tcpState = 'closed';
        if (flow.endReason === null) flow.endReason = 'fin';
      } else {
        flow.tcpState = 'closing';
      }
    }
  }
}
