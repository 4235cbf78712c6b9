/**
 * A live flow as the flow table keeps it: the shared read-only `FlowInfo` plus mutable L4
 * state. Dissectors see it as `FlowInfo`; metrics and the L4 map read the counters.
 */
import type { TcpConnection } from '../tcp/tcp-connection.ts';
import type { DirectionStats, Endpoint, FlowConsumer, FlowEndReason, FlowInfo, Transport } from './flow.ts';
import { streamNameOf } from './flow.ts';
import type { IdleLinks, IdleList } from './idle-list.ts';

/** TCP connection state as seen from the wire (null for UDP/ICMP). */
export type TcpState = 'syn_sent' | 'syn_received' | 'established' | 'closing' | 'closed' | 'reset';

export function emptyDirectionStats(): DirectionStats {
  return { packets: 0, bytes: 0, payloadBytes: 0, retransmissions: 0, outOfOrder: 0, zeroWindow: 0 };
}

export interface FlowInit {
  id: number;
  transport: Transport;
  ipVersion: 4 | 6;
  client: Endpoint;
  server: Endpoint;
  firstSeenMs: number;
  /** Hash of the flow's endpoints in the table's index (flow-index.ts). */
  tableHash: number;
}

export class Flow implements FlowInfo, IdleLinks<Flow> {
  readonly id: number;
  readonly transport: Transport;
  readonly ipVersion: 4 | 6;
  readonly client: Endpoint;
  readonly server: Endpoint;
  readonly firstSeenMs: number;
  lastSeenMs: number;
  /** Per direction: [client → server, server → client]. */
  readonly stats: [DirectionStats, DirectionStats] = [emptyDirectionStats(), emptyDirectionStats()];

  /** TCP state; null for UDP/ICMP. */
  tcpState: TcpState | null = null;
  /** Time of the client's first SYN (epoch ms), or null when the handshake was not seen. */
  synTsMs: number | null = null;
  /** Client-side delay SYN → SYN/ACK (ms), or null. */
  synAckMs: number | null = null;
  /** SYN → the client's ACK completing the handshake (ms), or null. */
  handshakeRttMs: number | null = null;
  /** RST packets seen (both directions). */
  resets = 0;
  /** FIN seen per direction. */
  readonly finSeen: [boolean, boolean] = [false, false];
  /** Initial sequence numbers from SYN and SYN/ACK, or -1. */
  clientIsn = -1;
  serverIsn = -1;

  /** The dissector session fed with this flow's data (set by the pipeline). */
  consumer?: FlowConsumer;
  /** TCP reassembly state (TCP flows only). */
  tcp?: TcpConnection;
  /** Why the flow ended or closed (FIN, RST) — null while it is live. */
  endReason: FlowEndReason | null = null;
  /** Removed from its table; `onEnd` was called. */
  ended = false;

  /** @internal the table's index: hash of the endpoints, next flow with the same hash. */
  readonly tableHash: number;
  tableNext: Flow | null = null;
  /** @internal idle-list links (owned by the table). */
  idlePrev: Flow | null = null;
  idleNext: Flow | null = null;
  idleList: IdleList<Flow> | null = null;
  private consumerEnded = false;
  /** Stream name while the conversation is open (made on first use, dropped when it closes). */
  private name: string | null = null;

  constructor(init: FlowInit) {
    this.id = init.id;
    this.transport = init.transport;
    this.ipVersion = init.ipVersion;
    this.client = init.client;
    this.server = init.server;
    this.firstSeenMs = init.firstSeenMs;
    this.lastSeenMs = init.firstSeenMs;
    this.tableHash = init.tableHash;
  }

  /**
   * Stream name as on items. Made on first use and kept while the conversation is open; a
   * closed flow (lingering for late retransmissions) holds no copy and makes it when asked.
   */
  get streamName(): string {
    if (this.name !== null) return this.name;
    const n = streamNameOf(this.id, this.transport);
    if (!this.ended && this.tcpState !== 'closed' && this.tcpState !== 'reset') this.name = n;
    return n;
  }

  /** @internal the flow closed or left the table: drop what only a live flow needs. */
  released(): void {
    this.name = null;
  }

  /**
   * Tell the consumer the flow is over, exactly once (TCP: flush reassembly first). A flow
   * that already closed (FIN/RST) keeps that reason.
   */
  finish(reason: FlowEndReason, tsMs: number): void {
    if (this.endReason === null) this.endReason = reason;
    if (this.tcp) {
      this.tcp.end(this.endReason, tsMs);
    } else if (!this.consumerEnded) {
      this.consumerEnded = true;
      const consumer = this.consumer;
      this.consumer = undefined;
      consumer?.end(this.endReason, tsMs);
    }
  }
}
