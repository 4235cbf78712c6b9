/**
 * Totals over all flows a table has seen (for metrics and the L4 map): the sums of the
 * per-flow direction counters plus flow lifecycle counts. Monotonic counters, except
 * `active` which the table keeps current.
 */
import type { FlowEndReason } from './flow.ts';

export class FlowTableStats {
  /** Flows currently in the table. */
  active = 0;
  flowsCreated = 0;
  /** Flows removed from the table, by final reason (a FIN-closed flow counts as 'fin' however it left). */
  readonly flowsEnded: Record<FlowEndReason, number> = { fin: 0, rst: 0, idle: 0, eof: 0, evicted: 0 };
  /** Flows pushed out because the table was full (`maxFlows`). */
  capEvictions = 0;
  /** A new SYN reused the key of a closed connection: old flow ended, new one created. */
  portReuses = 0;
  /** Packets that belong to no flow (not IP, or not TCP/UDP/ICMP). */
  ignoredPackets = 0;

  packets = 0;
  /** IP-level bytes. */
  bytes = 0;
  /** Transport payload bytes (as on the wire). */
  payloadBytes = 0;
  retransmissions = 0;
  outOfOrder = 0;
  zeroWindow = 0;
  /** RST packets. */
  resets = 0;

  /** Completed handshakes with a measured RTT, and their sum/max (ms). */
  handshakes = 0;
  handshakeRttSumMs = 0;
  handshakeRttMaxMs = 0;

  /** Mean handshake RTT in ms, or 0 when none was measured. */
  get handshakeRttMeanMs(): number {
    return this.handshakes === 0 ? 0 : this.handshakeRttSumMs / this.handshakes;
  }
}
