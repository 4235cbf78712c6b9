/**
 * L4 flow samples for the cluster-wide L4 map and flow metrics. Every flow on the node is
 * sampled, dissected or not (capture targeting never hides flows from the L4 map): a sample
 * carries what moved since the flow's previous sample, and a final one when it ends.
 *
 * Lifecycle: the owner calls `sample(flows, nowMs)` periodically (live flows with traffic
 * since their last sample) and `ended(flow, nowMs)` from the pipeline's onFlowEnd.
 */
import type { Flow } from './flow/flow-state.ts';
import type { ItemOrigin } from './item.ts';

export interface FlowEndpoint {
  ip: string;
  port: string;
  /** Filled by enrichment: workload name, DNS name for external endpoints, or "". */
  name: string;
  namespace: string;
  /** Kubernetes node of the endpoint's pod, when known. */
  node?: string;
  /** Pod labels (identity for the map), when known. */
  labels?: Record<string, string>;
}

export interface FlowSample {
  /** `<worker>/<stream>` — stable per flow. */
  id: string;
  worker: string;
  transport: 'tcp' | 'udp' | 'icmp';
  src: FlowEndpoint;
  dst: FlowEndpoint;
  /** Packet time of the flow's latest packet covered by this sample, epoch ms. */
  tsMs: number;
  /** Since the previous sample of this flow: [client → server, server → client]. */
  packets: [number, number];
  bytes: [number, number];
  retransmissions: number;
  /** First handshake RTT of the flow (ms), reported once. */
  handshakeRttMs?: number;
  resets: number;
  /** The flow is over (final sample). */
  ended: boolean;
}

interface Mark {
  p0: number;
  p1: number;
  b0: number;
  b1: number;
  rt: number;
  rs: number;
  rtt: boolean;
}

export class L4Reporter {
  private readonly marks = new WeakMap<Flow, Mark>();

  constructor(
    private readonly origin: ItemOrigin,
    private readonly onSample: (s: FlowSample) => void,
  ) {}

  /** Emit a delta sample for every flow that moved since its last sample. */
  sample(flows: Iterable<Flow>, nowMs: number): void {
    for (const f of flows) this.emit(f, nowMs, false);
  }

  /** Final sample of a flow (from the pipeline's onFlowEnd). */
  ended(flow: Flow, nowMs: number): void {
    this.emit(flow, nowMs, true);
  }

  private emit(f: Flow, nowMs: number, ended: boolean): void {
    const m = this.marks.get(f) ?? { p0: 0, p1: 0, b0: 0, b1: 0, rt: 0, rs: 0, rtt: false };
    const [a, b] = f.stats;
    const rt = a.retransmissions + b.retransmissions;
    const moved = a.packets !== m.p0 || b.packets !== m.p1;
    if (!moved && !ended) return;
    const s: FlowSample = {
      id: `${this.origin.worker}/${f.streamName}`,
      worker: this.origin.worker,
      transport: f.transport,
      src: { ip: f.client.ip, port: String(f.client.port), name: '', namespace: '' },
      dst: { ip: f.server.ip, port: String(f.server.port), name: '', namespace: '' },
      tsMs: f.lastSeenMs || nowMs,
      packets: [a.packets - m.p0, b.packets - m.p1],
      bytes: [a.bytes - m.b0, b.bytes - m.b1],
      retransmissions: rt - m.rt,
      resets: f.resets - m.rs,
      ended,
    };
    if (!m.rtt && f.handshakeRttMs !== null) {
      s.handshakeRttMs = f.handshakeRttMs;
      m.rtt = true;
    }
    m.p0 = a.packets;
    m.p1 = b.packets;
    m.b0 = a.bytes;
    m.b1 = b.bytes;
    m.rt = rt;
    m.rs = f.resets;
    if (ended) this.marks.delete(f);
    else this.marks.set(f, m);
    this.onSample(s);
  }
}
