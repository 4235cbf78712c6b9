/**
 * The node's vital signs for the dashboard (`GET /api/stats`, WebSocket `stats`): capture
 * counters summed over the node's sources, item rate, every stage's drops, per-script
 * stats and the item store's occupancy. Reading them allocates a small object and never
 * blocks capture.
 */
import type { WirehookNode } from '../roles/node.ts';
import type { ItemStoreStats } from './item-store.ts';
import type { ServiceMapsStats } from './maps/service-maps.ts';

export interface ScriptStatsRow {
  id: string;
  title: string;
  state: string;
  calls: number;
  errors: number;
  drops: number;
  cpuMsPerCall: number;
  heapBytes: number;
}

export interface NodeStats {
  node: string;
  role: string;
  uptimeS: number;
  packets: number;
  bytes: number;
  items: number;
  itemsPerSec: number;
  /** What each stage dropped or lost, since start. */
  drops: {
    decodeErrors: number;
    reassemblyGaps: number;
    flowEvictions: number;
    enrichErrors: number;
    busErrors: number;
    scripts: number;
    store: number;
    maps: number;
    websocket: number;
  };
  anomalies: number;
  flowsActive: number;
  scripts: ScriptStatsRow[];
  store: Pick<ItemStoreStats, 'items' | 'evicted' | 'memoryItems' | 'diskBytes'>;
}

/** Items per second over the last few one-second samples of a counter. */
export class RateMeter {
  private readonly samples: { t: number; n: number }[] = [];

  constructor(private readonly keep = 6) {}

  sample(count: number, nowMs: number): void {
    this.samples.push({ t: nowMs, n: count });
    if (this.samples.length > this.keep) this.samples.shift();
  }

  perSec(): number {
    const s = this.samples;
    if (s.length < 2) return 0;
    const a = s[0];
    const b = s[s.length - 1];
    return b.t > a.t ? Math.round(((b.n - a.n) * 1000 * 10) / (b.t - a.t)) / 10 : 0;
  }
}

export interface StatsSources {
  startedAt: number;
  rate: RateMeter;
  store: () => ItemStoreStats;
  maps: () => ServiceMapsStats;
  /** Rows the WebSocket dropped for slow clients. */
  websocketDrops: () => number;
}

export function collectStats(node: WirehookNode, s: StatsSources, now = Date.now()): NodeStats {
  let packets = 0;
  let bytes = 0;
  let decodeErrors = 0;
  let gaps = 0;
  let evictions = 0;
  let enrich = 0;
  let anomalies = 0;
  let flowsActive = 0;
  for (const run of node.sources) {
    const p = run.pipeline;
    packets += p.stats.packets;
    bytes += p.stats.bytes;
    decodeErrors += p.stats.decodeErrors;
    enrich += p.stats.enrichErrors;
    gaps += p.flows.budget.stats.gaps;
    evictions += p.flows.stats.capEvictions;
    anomalies += p.weirds.total;
    flowsActive += p.flows.stats.active;
  }
  const scripts: ScriptStatsRow[] = [];
  let scriptDrops = 0;
  for (const st of node.scripts.list()) {
    const x = st.stats;
    scriptDrops += x?.drops ?? 0;
    scripts.push({
      id: st.id,
      title: st.title,
      state: st.state,
      calls: x?.calls ?? 0,
      errors: x?.errors ?? 0,
      drops: x?.drops ?? 0,
      cpuMsPerCall: x ? Math.round(x.cpuUsPerCall) / 1000 : 0,
      heapBytes: x?.heapUsedBytes ?? 0,
    });
  }
  const store = s.store();
  const maps = s.maps();
  return {
    node: node.origin.nodeName,
    role: node.role,
    uptimeS: Math.floor((now - s.startedAt) / 1000),
    packets,
    bytes,
    items: node.items.published,
    itemsPerSec: s.rate.perSec(),
    drops: {
      decodeErrors,
      reassemblyGaps: gaps,
      flowEvictions: evictions,
      enrichErrors: enrich,
      busErrors: node.items.subscriberErrors,
      scripts: scriptDrops,
      store: store.evicted,
      maps: maps.late + maps.droppedPairs,
      websocket: s.websocketDrops(),
    },
    anomalies,
    flowsActive,
    scripts,
    store: { items: store.items, evicted: store.evicted, memoryItems: store.memoryItems, diskBytes: store.diskBytes },
  };
}
