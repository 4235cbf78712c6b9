/**
 * The L4 and L7 service maps of a node: aggregates fed by the node's flow samples and
 * items, and window queries that turn them into graph models (graph.ts).
 *
 * - L4: pair totals of the window; an optional KFL filter is evaluated per endpoint pair on
 *   `{src, dst, transport, protocol}` where `src`/`dst` have `ip, port, name, namespace,
 *   node` (so `src.namespace == "shop"`, `dst.port == "6379"`, `tcp`, `udp` work).
 * - L7: pair totals of the window; with a KFL filter on items the map is computed from the
 *   item store instead (the items of the window that match, up to `maxScan` examined —
 *   `truncated` says the budget ran out before the window did).
 */
import type { CompiledFilter } from '../../../capture/kfl/index.ts';
import type { FlowSample } from '../../../capture/l4-report.ts';
import type { Item } from '../../../capture/item.ts';
import type { ItemStore } from '../item-store.ts';
import { buildL4Graph, buildL7Graph, type L4Graph, type L7Graph } from './graph.ts';
import { L4Aggregator, type AggregatorOptions, type L4PairTotals } from './l4-aggregator.ts';
import { L7Aggregator, L7PairTable } from './l7-aggregator.ts';
import type { MapGroup } from './map-node.ts';

export interface MapQuery {
  from: number | null;
  to: number | null;
  group: MapGroup;
  filter: CompiledFilter | null;
}

export interface L7MapResult extends L7Graph {
  /** Items examined (filtered maps only). */
  scanned?: number;
  /** The scan budget ran out before the window did (filtered maps only). */
  truncated?: boolean;
}

export interface ServiceMapsStats {
  flowSamples: number;
  items: number;
  l4Buckets: number;
  l7Buckets: number;
  /** Samples/items dropped: bucket already gone, or too many pairs in a bucket. */
  late: number;
  droppedPairs: number;
}

/** Items examined for one filtered L7 map. */
const DEFAULT_MAX_SCAN = 200_000;

export class ServiceMaps {
  readonly l4: L4Aggregator;
  readonly l7: L7Aggregator;

  constructor(
    o: AggregatorOptions,
    private readonly store: ItemStore | null,
    private readonly maxScan = DEFAULT_MAX_SCAN,
  ) {
    this.l4 = new L4Aggregator(o);
    this.l7 = new L7Aggregator(o);
  }

  addFlow(s: FlowSample): void {
    this.l4.add(s);
  }

  addItem(item: Item): void {
    this.l7.add(item);
  }

  l4Map(q: MapQuery): L4Graph {
    let pairs = this.l4.totals(q.from, q.to);
    const f = q.filter;
    if (f) pairs = pairs.filter((p) => f.match(l4View(p)));
    return buildL4Graph(pairs, q.group);
  }

  async l7Map(q: MapQuery): Promise<L7MapResult> {
    if (!q.filter) return buildL7Graph(this.l7.totals(q.from, q.to), q.group);
    const table = new L7PairTable();
    let scanned = 0;
    let before: number | null = null;
    let truncated = false;
    for (;;) {
      const budget = this.maxScan - scanned;
      if (!this.store || budget <= 0) {
        truncated = this.store !== null;
        break;
      }
      const page = await this.store.query({ filter: q.filter, from: q.from, to: q.to, limit: budget, before, maxScan: budget });
      for (const s of page.items) table.add(s.item);
      scanned += page.scanned;
      if (page.next === null) break;
      before = page.next;
    }
    return { ...buildL7Graph(table.totals(), q.group), scanned, truncated };
  }

  stats(): ServiceMapsStats {
    return {
      flowSamples: this.l4.samples,
      items: this.l7.items,
      l4Buckets: this.l4.buckets.size,
      l7Buckets: this.l7.buckets.size,
      late: this.l4.buckets.late + this.l7.buckets.late,
      droppedPairs: this.l4.droppedPairs + this.l7.droppedPairs,
    };
  }
}

/** What an L4 map filter sees for one endpoint pair. */
function l4View(p: L4PairTotals): object {
  return { src: p.src, dst: p.dst, transport: p.transport, protocol: { name: p.transport, macro: p.transport, layer4: p.transport } };
}
