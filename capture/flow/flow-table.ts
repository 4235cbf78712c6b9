/**
 * The flow table: maps every TCP/UDP/ICMP packet to its flow, orients flows (client/server),
 * keeps L4 counters, tracks TCP state, owns TCP reassembly and ends flows.
 *
 * Per packet, the pipeline does:
 *   const hit = table.lookup(pkt);               // find or create; counters; TCP state
 *   if (hit?.created) hit.flow.consumer = ...;   // attach the dissector session
 *   if (hit) table.deliver(hit.flow, hit.dir, pkt);  // reassembly → consumer
 * and calls `sweep(packetTimeMs)` now and then (e.g. every second of packet time), and
 * `endAll('eof')` at the end of the capture.
 *
 * Time is packet time only: the table never reads the clock. A flow leaves the table when
 * it has been idle longer than its class's timeout (TCP open / TCP closed-or-reset / UDP /
 * ICMP), when the table is full (the least recently seen flow goes), when a new SYN
 * reuses the key of a closed connection, or at `endAll`. Leaving ends its consumer once
 * (flushing reassembly) and calls `onEnd(flow, reason)`; a flow that closed with FIN or
 * RST keeps that reason whatever removes it.
 */
import { TcpFlag } from '../decode/decoded-packet.ts';
import type { DecodedPacket } from '../decode/decoded-packet.ts';
import { ReassemblyBudget } from '../tcp/reassembly-budget.ts';
import { TcpConnection } from '../tcp/tcp-connection.ts';
import type { TcpConnectionOptions } from '../tcp/tcp-connection.ts';
import type { TcpVerdict } from '../tcp/tcp-verdict.ts';
import { Weirds } from '../weird.ts';
import type { Direction, FlowEndReason } from './flow.ts';
import { transportOf } from './flow-key.ts';
import { FlowIndex, directionIn, flowHash } from './flow-index.ts';
import { Flow } from './flow-state.ts';
import { FlowTableStats } from './flow-table-stats.ts';
import { IdleList } from './idle-list.ts';
import { sourceIsClient } from './orientation.ts';
import { trackTcp } from './tcp-tracker.ts';
import type { ServerPortTest } from './orientation.ts';
import { DEFAULT_FLOW_TABLE_OPTIONS, FlowIdAllocator, validateFlowTableOptions } from './flow-table-options.ts';
import type { FlowTableOptions, FlowTimeouts } from './flow-table-options.ts';

/** Flag bits as module constants (read once, not per packet). */
const { SYN, ACK, FIN, RST } = TcpFlag;

export interface FlowLookup {
  flow: Flow;
  /** Direction of this packet within the flow. */
  dir: Direction;
  /** The flow was created by this packet. */
  created: boolean;
}

export class FlowTable {
  readonly stats = new FlowTableStats();
  /** Shared out-of-order memory of all TCP flows, and the reassembly loss counters. */
  readonly budget: ReassemblyBudget;
  readonly weirds: Weirds;
  readonly timeouts: FlowTimeouts;
  readonly maxFlows: number;
  private readonly flows = new FlowIndex();
  private readonly tcpOpen: IdleList<Flow>;
  private readonly tcpClosed: IdleList<Flow>;
  private readonly udp: IdleList<Flow>;
  private readonly icmp: IdleList<Flow>;
  private readonly lists: IdleList<Flow>[];
  private readonly isServerPort: ServerPortTest | undefined;
  private readonly onEnd: ((flow: Flow, reason: FlowEndReason) => void) | undefined;
  /** One options object for every TCP connection of the table. */
  private readonly tcpOptions: TcpConnectionOptions;
  private readonly hit: FlowLookup = { flow: undefined as unknown as Flow, dir: 0, created: false };
  private readonly ids: FlowIdAllocator;
  /** The flow of the previous packet (fast path of lookup). */
  private last: Flow | null = null;

  constructor(opts: FlowTableOptions = {}) {
    validateFlowTableOptions(opts);
    this.timeouts = { ...DEFAULT_FLOW_TABLE_OPTIONS.timeouts, ...opts.timeouts };
    this.maxFlows = opts.maxFlows ?? DEFAULT_FLOW_TABLE_OPTIONS.maxFlows;
    this.budget = opts.budget ?? new ReassemblyBudget();
    this.weirds = opts.weirds ?? new Weirds();
    this.tcpOptions = {
      budget: this.budget,
      maxBufferedPerStream: opts.maxBufferedPerStream ?? DEFAULT_FLOW_TABLE_OPTIONS.maxBufferedPerStream,
      weirds: this.weirds,
    };
    this.isServerPort = opts.isServerPort;
    this.onEnd = opts.onEnd;
    this.ids = opts.flowIds ?? new FlowIdAllocator();
    this.tcpOpen = new IdleList('tcp', this.timeouts.tcpMs);
    this.tcpClosed = new IdleList('tcp_closed', this.timeouts.tcpClosedMs);
    this.udp = new IdleList('udp', this.timeouts.udpMs);
    this.icmp = new IdleList('icmp', this.timeouts.icmpMs);
    this.lists = [this.tcpClosed, this.icmp, this.udp, this.tcpOpen];
  }

  /** Flows currently in the table. */
  get size(): number {
    return this.flows.size;
  }

  /** Live flows, in no particular order (for the L4 map and metrics). */
  values(): IterableIterator<Flow> {
    return this.flows.values();
  }

  /**
   * Find or create the packet's flow and account the packet to it (counters, TCP state,
   * idle time). Returns null for packets that form no flow (not IP, or not TCP/UDP/ICMP).
   * The returned object is reused by the next call: read it, don't keep it.
   */
  lookup(pkt: DecodedPacket): FlowLookup | null {
    const transport = transportOf(pkt.ipProto);
    if (transport === null || pkt.ipVersion === 0) {
      this.stats.ignoredPackets++;
      return null;
    }
    let flow: Flow | undefined;
    let dir: Direction = 0;
    let created = false;
    // Fast path: packets of one conversation come in runs (data, then its ACK), so try the
    // previous packet's flow before hashing. Address strings come from the decoder's
    // cache, so these comparisons are mostly pointer checks.
    const last = this.last;
    if (last !== null && !last.ended && last.transport === transport) {
      const d = directionIn(last, pkt);
      if (d !== -1 && !(transport === 'tcp' && this.isNewConnection(last, pkt))) {
        flow = last;
        dir = d;
      }
    }
    if (flow === undefined) {
      const hash = flowHash(pkt, transport);
      flow = this.flows.find(pkt, transport, hash);
      if (flow !== undefined && transport === 'tcp' && this.isNewConnection(flow, pkt)) {
        this.stats.portReuses++;
        this.remove(flow, 'fin', pkt.tsMs);
        flow = undefined;
      }
      if (flow === undefined) {
        created = true;
        flow = this.create(pkt, transport, hash);
        dir = flow.client.ip === pkt.srcIp && flow.client.port === pkt.srcPort ? 0 : 1;
      } else dir = this.flows.dir;
      this.last = flow;
    }
    this.account(flow, pkt, dir);
    const hit = this.hit;
    hit.flow = flow;
    hit.dir = dir;
    hit.created = created;
    return hit;
  }

  /**
   * Feed the packet's payload to the flow's consumer: TCP through reassembly (the verdict
   * updates the retransmission / out-of-order counters), UDP and ICMP as one datagram.
   */
  deliver(flow: Flow, dir: Direction, pkt: DecodedPacket): TcpVerdict | 'datagram' {
    if (flow.tcp !== undefined) {
      const v = flow.tcp.packet(pkt, dir);
      if (v === 'retransmission' || v === 'overlap') {
        flow.stats[dir].retransmissions++;
        this.stats.retransmissions++;
      } else if (v === 'out_of_order') {
        flow.stats[dir].outOfOrder++;
        this.stats.outOfOrder++;
      }
      return v;
    }
    if (!flow.ended) flow.consumer?.data(dir, pkt.payload, pkt.tsMs);
    return 'datagram';
  }

  /** End flows idle for longer than their timeout at packet time `nowMs`; returns how many. */
  sweep(nowMs: number): number {
    let n = 0;
    for (const list of this.lists) {
      for (let f = list.expired(nowMs); f !== null; f = list.expired(nowMs)) {
        this.remove(f, 'idle', nowMs);
        n++;
      }
    }
    return n;
  }

  /** End every flow (end of capture). `nowMs` defaults to each flow's last packet time. */
  endAll(reason: FlowEndReason = 'eof', nowMs?: number): void {
    for (const list of this.lists) {
      while (list.head !== null) this.remove(list.head, reason, nowMs ?? list.head.lastSeenMs);
    }
  }

  /** A SYN (no ACK) with a new ISN on a closed or reset connection starts a new one. */
  private isNewConnection(flow: Flow, pkt: DecodedPacket): boolean {
    if ((pkt.tcpFlags & (SYN | ACK | RST)) !== SYN) return false;
    if (pkt.tcpSeq === flow.clientIsn) return false;
    if (flow.tcpState === 'closed' || flow.tcpState === 'reset') return true;
    if (flow.tcpState !== 'syn_sent') this.weirds.add('tcp_syn_inside_connection');
    return false;
  }

  private create(pkt: DecodedPacket, transport: Flow['transport'], hash: number): Flow {
    if (this.flows.size >= this.maxFlows) this.evictLeastRecent(pkt.tsMs);
    const srcIsClient = sourceIsClient(pkt, transport, this.isServerPort);
    const src = { ip: pkt.srcIp, port: pkt.srcPort };
    const dst = { ip: pkt.dstIp, port: pkt.dstPort };
    const flow = new Flow({
      id: this.ids.take(),
      transport,
      ipVersion: pkt.ipVersion === 6 ? 6 : 4,
      client: srcIsClient ? src : dst,
      server: srcIsClient ? dst : src,
      firstSeenMs: pkt.tsMs,
      tableHash: hash,
    });
    if (transport === 'tcp') flow.tcp = new TcpConnection(flow, this.tcpOptions);
    this.flows.add(flow);
    this.stats.flowsCreated++;
    this.stats.active = this.flows.size;
    return flow;
  }

  private account(flow: Flow, pkt: DecodedPacket, dir: Direction): void {
    const s = flow.stats[dir];
    const t = this.stats;
    const payload = pkt.payloadWireLength > pkt.payload.length ? pkt.payloadWireLength : pkt.payload.length;
    s.packets++;
    s.bytes += pkt.ipLength;
    s.payloadBytes += payload;
    t.packets++;
    t.bytes += pkt.ipLength;
    t.payloadBytes += payload;
    if (pkt.tsMs > flow.lastSeenMs) flow.lastSeenMs = pkt.tsMs;
    if (flow.transport === 'tcp') this.accountTcp(flow, pkt, dir);
    const list = this.listFor(flow);
    if (flow.idleList === list) list.touch(flow);
    else {
      flow.idleList?.remove(flow);
      list.push(flow);
      if (list === this.tcpClosed) flow.released();
    }
  }

  private accountTcp(flow: Flow, pkt: DecodedPacket, dir: Direction): void {
    const f = pkt.tcpFlags;
    if (f & RST) this.stats.resets++;
    else if (pkt.tcpWindow === 0 && (f & (SYN | FIN)) === 0) {
      flow.stats[dir].zeroWindow++;
      this.stats.zeroWindow++;
    }
    const hadRtt = flow.handshakeRttMs !== null;
    trackTcp(flow, pkt, dir);
    if (!hadRtt && flow.handshakeRttMs !== null) {
      const rtt = flow.handshakeRttMs;
      this.stats.handshakes++;
      this.stats.handshakeRttSumMs += rtt;
      if (rtt > this.stats.handshakeRttMaxMs) this.stats.handshakeRttMaxMs = rtt;
    }
  }

  private listFor(flow: Flow): IdleList<Flow> {
    if (flow.transport === 'udp') return this.udp;
    if (flow.transport === 'icmp') return this.icmp;
    return flow.tcpState === 'closed' || flow.tcpState === 'reset' ? this.tcpClosed : this.tcpOpen;
  }

  /** Make room: end the least recently seen flow of all classes. */
  private evictLeastRecent(nowMs: number): void {
    let oldest: Flow | null = null;
    for (const list of this.lists) {
      const h = list.head;
      if (h !== null && (oldest === null || h.lastSeenMs < oldest.lastSeenMs)) oldest = h;
    }
    if (oldest === null) return;
    this.stats.capEvictions++;
    this.remove(oldest, 'evicted', nowMs);
  }

  private remove(flow: Flow, cause: FlowEndReason, nowMs: number): void {
    const reason = flow.endReason ?? cause;
    this.flows.remove(flow);
    flow.idleList?.remove(flow);
    flow.ended = true;
    this.stats.active = this.flows.size;
    this.stats.flowsEnded[reason]++;
    flow.finish(reason, nowMs);
    flow.released();
    this.onEnd?.(flow, reason);
  }
}
