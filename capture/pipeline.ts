/**
 * The worker's data path (DESIGN.md §2) for one packet source:
 *
 *   RawPacket → decode in place → [onPacket] → flow table (L4 stats, TCP reassembly)
 *             → flow session (dissector selection, parsing, pairing) → item → enrich → onItem
 *
 * `push` is synchronous and never waits for a consumer; time is packet time (idle flows are
 * swept every `sweepIntervalMs` of packet time). `finish()` ends every flow (flushing
 * partial messages as items) at the end of a capture. Every stage counts what it drops.
 */
import { DecodedPacket } from './decode/decoded-packet.ts';
import { PacketDecoder } from './decode/packet-decoder.ts';
import type { FlowEndReason, FlowInfo } from './flow/flow.ts';
import type { Flow } from './flow/flow-state.ts';
import { FlowTable } from './flow/flow-table.ts';
import type { FlowTableOptions } from './flow/flow-table-options.ts';
import { builtinDissectors, builtinFallback } from './dissect/manifest.ts';
import { createIcmpSession, icmpPacket } from './dissect/protocols/icmp.ts';
import { createRegistry, type DissectorRegistry } from './dissect/registry.ts';
import { createFlowSession } from './dissect/session.ts';
import type { Item, ItemOrigin } from './item.ts';
import { packetInfoOf, type PacketInfo } from './packet-info.ts';
import { packetTimeMs, type RawPacket } from './source/raw-packet.ts';
import { Weirds } from './weird.ts';

export type { PacketInfo } from './packet-info.ts';

/** Mutates an item in place (names, Kubernetes identity …). Must not keep the item. */
export type Enricher = (item: Item) => void;

export interface PipelineOptions {
  /** Identity stamped on items (defaults: worker "local", node name "local", IP ""). */
  origin?: Partial<ItemOrigin>;
  /** Receives every item after enrichment. Must not throw and must not block. */
  onItem(item: Item): void;
  /** Set only when some script defines onPacketCaptured: called per decoded IP packet. */
  onPacket?: (info: PacketInfo, tsMs: number) => void;
  /**
   * Called for every packet that belongs to a flow, right after the flow lookup (before
   * reassembly and dissection), e.g. to record packets by stream. `raw.data` is a view
   * valid only during the call. Absent = no per-packet cost.
   */
  onFlowPacket?: (flow: Flow, raw: RawPacket) => void;
  /** Called when a flow leaves the table (L4 statistics for maps and metrics). */
  onFlowEnd?: (flow: Flow, reason: FlowEndReason) => void;
  /**
   * Capture targeting: consulted once when a flow is created; false = the flow is not
   * dissected (no items), while its L4 statistics and samples go on. Absent = dissect all.
   */
  shouldDissect?: (flow: FlowInfo) => boolean;
  /** Ordered enrichers; a throwing enricher is counted and the item goes on. */
  enrichers?: Enricher[];
  /** Dissector registry (default: the built-in manifest). */
  registry?: DissectorRegistry;
  flowTable?: Omit<FlowTableOptions, 'onEnd' | 'isServerPort' | 'weirds'>;
  /** Packet-time interval between idle sweeps (default 1000 ms). */
  sweepIntervalMs?: number;
}

export class PipelineStats {
  packets = 0;
  /** Wire bytes (original lengths). */
  bytes = 0;
  notIp = 0;
  decodeErrors = 0;
  fragmentsHeld = 0;
  items = 0;
  enrichErrors = 0;
  readonly itemsByProtocol = new Map<string, number>();
  firstPacketMs = 0;
  lastPacketMs = 0;
}

export class Pipeline {
  readonly weirds = new Weirds();
  readonly stats = new PipelineStats();
  readonly flows: FlowTable;
  readonly registry: DissectorRegistry;
  readonly origin: ItemOrigin;
  private readonly decoder: PacketDecoder;
  private readonly pkt = new DecodedPacket();
  private readonly opts: PipelineOptions;
  private readonly sweepInterval: number;
  private readonly emit: (item: Item) => void;
  private readonly onFlowPacket: ((flow: Flow, raw: RawPacket) => void) | undefined;
  private readonly shouldDissect: ((flow: FlowInfo) => boolean) | undefined;
  private nextSweepMs = 0;

  constructor(opts: PipelineOptions) {
    this.opts = opts;
    this.origin = { worker: opts.origin?.worker ?? 'local', nodeName: opts.origin?.nodeName ?? 'local', nodeIp: opts.origin?.nodeIp ?? '' };
    this.registry = opts.registry ?? createRegistry(builtinDissectors, { fallback: builtinFallback });
    this.decoder = new PacketDecoder(this.weirds);
    this.sweepInterval = opts.sweepIntervalMs ?? 1000;
    const registry = this.registry;
    this.flows = new FlowTable({
      ...opts.flowTable,
      weirds: this.weirds,
      isServerPort: (port) => registry.isServerPort(port),
      onEnd: opts.onFlowEnd,
    });
    this.emit = (item) => this.deliverItem(item);
    this.onFlowPacket = opts.onFlowPacket;
    this.shouldDissect = opts.shouldDissect;
  }

  /** Process one packet. `raw.data` may be reused by the caller once this returns. */
  push(raw: RawPacket): void {
    const st = this.stats;
    st.packets++;
    st.bytes += raw.origLen;
    const ts = packetTimeMs(raw);
    if (st.firstPacketMs === 0) st.firstPacketMs = ts;
    st.lastPacketMs = ts;
    const p = this.pkt;
    const status = this.decoder.decode(raw, p);
    if (status !== 'ok') {
      if (status === 'not-ip') st.notIp++;
      else if (status === 'fragment') st.fragmentsHeld++;
      else st.decodeErrors++;
    } else {
      if (this.opts.onPacket !== undefined) this.opts.onPacket(packetInfoOf(p), ts);
      const hit = this.flows.lookup(p);
      if (hit !== null) {
        const flow = hit.flow;
        if (this.onFlowPacket !== undefined) this.onFlowPacket(flow, raw);
        if (hit.created && (this.shouldDissect === undefined || this.shouldDissect(flow))) {
          const session = { registry: this.registry, flow, origin: this.origin, weirds: this.weirds, onItem: this.emit };
          flow.consumer = flow.transport === 'icmp' ? createIcmpSession(session) : createFlowSession(session);
        }
        // ICMP items need the decoded type/code, so ICMP packets skip the datagram delivery.
        if (flow.transport === 'icmp') icmpPacket(flow.consumer, hit.dir, p);
        else this.flows.deliver(flow, hit.dir, p);
      }
    }
    if (ts >= this.nextSweepMs) {
      if (this.nextSweepMs !== 0) this.flows.sweep(ts);
      this.nextSweepMs = ts + this.sweepInterval;
    }
  }

  /** End of capture: end every flow (partial messages become items) and drop fragments. */
  finish(): void {
    this.flows.endAll('eof', this.stats.lastPacketMs);
    this.decoder.finish();
  }

  private deliverItem(item: Item): void {
    const enrichers = this.opts.enrichers;
    if (enrichers !== undefined) {
      for (let i = 0; i < enrichers.length; i++) {
        try {
          enrichers[i](item);
        } catch {
          this.stats.enrichErrors++;
        }
      }
    }
    const st = this.stats;
    st.items++;
    const abbr = item.protocol.abbr;
    st.itemsByProtocol.set(abbr, (st.itemsByProtocol.get(abbr) ?? 0) + 1);
    this.opts.onItem(item);
  }
}
