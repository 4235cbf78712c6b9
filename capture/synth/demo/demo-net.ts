/**
 * The demo's network: where conversations go on the wire. It hands out ephemeral client
 * ports per address, initial sequence numbers and round-trip times (same node, across
 * nodes, to the internet), spawns TCP connections and DNS lookups into the scheduler, and
 * counts the connections started (what `wirehook generate --connections` bounds).
 */
import { UdpConversation } from '../datagram.ts';
import { dnsMessage } from '../dns.ts';
import { monotonic } from '../interleave.ts';
import type { FrameSink } from '../tcp-conversation.ts';
import { FrameOrder } from './frame-order.ts';
import { DemoScheduler, type Conversation } from './scheduler.ts';
import { tcpCall, type Endpoint, type TcpCallOptions } from './tcp-call.ts';

/** Where a packet leaves from: a pod, a node (kubelet probes) or the internet. */
export interface Host {
  ip: string;
  /** Node name for RTT purposes ("" = outside the cluster). */
  node: string;
}

export const KUBE_DNS: Endpoint = { ip: '10.96.0.10', port: 53 };

export interface DnsAnswer {
  type: number;
  data: number[];
}

export class DemoNet {
  /** TCP connections and UDP sockets started. */
  connections = 0;
  readonly scheduler: DemoScheduler;
  private readonly ports = new Map<string, number>();
  private readonly sink: FrameSink;

  constructor(
    sink: FrameSink,
    readonly rand: () => number,
    startMs: number,
    /** Probability of retransmitting a data segment, per server app (default 0.002). */
    private readonly retransmitRate: (serverIp: string) => number,
  ) {
    this.scheduler = new DemoScheduler(startMs);
    const order = new FrameOrder(monotonic(sink), () => this.scheduler.now);
    this.scheduler.onAdvance = (t) => order.flush(t);
    this.sink = order;
  }

  /** The next ephemeral port of `ip` (32768–60999, per address). */
  port(ip: string): number {
    let p = this.ports.get(ip);
    if (p === undefined) {
      let h = 0;
      for (let i = 0; i < ip.length; i++) h = (h * 31 + ip.charCodeAt(i)) >>> 0;
      p = 32768 + (h % 20000);
    }
    p = p >= 60999 ? 32768 : p + 1;
    this.ports.set(ip, p);
    return p;
  }

  /** Round trip between two hosts, ms. */
  rtt(a: Host, b: Host): number {
    const r = this.rand();
    if (a.node === '' || b.node === '') return 12 + r * 30;
    if (a.node === b.node) return 0.04 + r * 0.06;
    return 0.25 + r * 0.35;
  }

  isn(): [number, number] {
    return [Math.floor(this.rand() * 0xffffffff) >>> 0, Math.floor(this.rand() * 0xffffffff) >>> 0];
  }

  /** Start a TCP connection (options as tcpCall, minus the shared parts). */
  tcp(o: Omit<TcpCallOptions, 'isn' | 'rand' | 'retransmit'> & { retransmit?: number }): void {
    this.connections++;
    const rand = this.rand;
    const opts: TcpCallOptions = { ...o, isn: this.isn(), rand, retransmit: o.retransmit ?? this.retransmitRate(o.server.ip) };
    this.scheduler.spawn(o.t0, tcpCall(this.sink, opts));
  }

  /**
   * A DNS lookup from `from` to kube-dns at `t`: one query per (name, type), answered after
   * `serverMs`. Returns when the last answer arrived.
   */
  dns(from: Host, t: number, questions: { name: string; type: number; answers: DnsAnswer[]; rcode?: number }[]): number {
    this.connections++;
    const client = { ip: from.ip, port: this.port(from.ip) };
    const ids = questions.map(() => Math.floor(this.rand() * 65536));
    const delays = questions.map(() => 0.15 + this.rand() * 0.6);
    let end = t;
    questions.forEach((_, i) => (end += delays[i] + 0.05));
    this.scheduler.spawn(t, this.dnsConversation(client, t, questions, ids, delays));
    return end;
  }

  private *dnsConversation(client: Endpoint, t: number, qs: { name: string; type: number; answers: DnsAnswer[]; rcode?: number }[], ids: number[], delays: number[]): Conversation {
    const u = new UdpConversation(this.sink, client, KUBE_DNS);
    for (let i = 0; i < qs.length; i++) {
      const q = qs[i];
      u.send(0, dnsMessage(ids[i], q.name, q.type), t);
      yield (t += delays[i]);
      u.send(1, dnsMessage(ids[i], q.name, q.type, q.answers, q.rcode ?? 0), t);
      yield (t += 0.05);
    }
  }
}

/** An A record answer. */
export function aRecord(ip: string): DnsAnswer {
  return { type: 1, data: ip.split('.').map(Number) };
}
