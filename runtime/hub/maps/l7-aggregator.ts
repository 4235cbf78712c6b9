/**
 * L7 map aggregation from items: per (client identity, server identity, protocol) pair,
 * requests, errors (as the traffic table marks them: capture/item-summary.ts), request
 * and response bytes, and latency. `L7PairTable` is one table of pairs — a time bucket of
 * `L7Aggregator`, or the result of scanning the item store with a KFL filter.
 */
import type { Item } from '../../../capture/item.ts';
import { summarizeItem } from '../../../capture/item-summary.ts';
import { identityKey, itemIdentity, type EndpointIdentity } from './endpoint-identity.ts';
import type { AggregatorOptions } from './l4-aggregator.ts';
import { TimeBuckets } from './time-buckets.ts';

export interface L7Protocol {
  abbr: string;
  macro: string;
  backgroundColor: string;
}

export interface L7PairTotals {
  src: EndpointIdentity;
  dst: EndpointIdentity;
  protocol: L7Protocol;
  requests: number;
  errors: number;
  requestBytes: number;
  responseBytes: number;
  /** Sum and count of response latencies (items that have a response). */
  latencyMsSum: number;
  latencyCount: number;
}

const text = (v: unknown): string => (typeof v === 'string' ? v : '');
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

export class L7PairTable {
  private readonly pairs = new Map<string, L7PairTotals>();
  /** Items not counted because the table had `maxPairs` pairs. */
  dropped = 0;

  constructor(private readonly maxPairs = Infinity) {}

  get size(): number {
    return this.pairs.size;
  }

  add(item: Item): void {
    const on = text(item.node?.name);
    const src = itemIdentity(item.src, on, false);
    const dst = itemIdentity(item.dst, on, false);
    const p = item.protocol;
    const abbr = text(p?.abbr);
    const key = `${identityKey(src)}>${identityKey(dst)}>${abbr}`;
    let pair = this.pairs.get(key);
    if (pair === undefined) {
      if (this.pairs.size >= this.maxPairs) {
        this.dropped++;
        return;
      }
      pair = {
        src,
        dst,
        protocol: { abbr, macro: text(p?.macro), backgroundColor: text(p?.backgroundColor) },
        requests: 0,
        errors: 0,
        requestBytes: 0,
        responseBytes: 0,
        latencyMsSum: 0,
        latencyCount: 0,
      };
      this.pairs.set(key, pair);
    }
    pair.requests++;
    if (isError(item)) pair.errors++;
    pair.requestBytes += num(item.requestSize);
    pair.responseBytes += num(item.responseSize);
    if (item.response !== null && item.response !== undefined) {
      pair.latencyMsSum += num(item.elapsedTime);
      pair.latencyCount++;
    }
  }

  /** Adds this table's pairs into `into` (keyed the same way). */
  mergeInto(into: Map<string, L7PairTotals>): void {
    for (const [key, p] of this.pairs) {
      const t = into.get(key);
      if (t === undefined) into.set(key, { ...p });
      else {
        t.requests += p.requests;
        t.errors += p.errors;
        t.requestBytes += p.requestBytes;
        t.responseBytes += p.responseBytes;
        t.latencyMsSum += p.latencyMsSum;
        t.latencyCount += p.latencyCount;
      }
    }
  }

  totals(): L7PairTotals[] {
    return [...this.pairs.values()];
  }
}

function isError(item: Item): boolean {
  try {
    return summarizeItem(item).isError;
  } catch {
    return item.error !== null && item.error !== undefined;
  }
}

export class L7Aggregator {
  readonly buckets: TimeBuckets<L7PairTable>;
  items = 0;

  constructor(o: AggregatorOptions) {
    this.buckets = new TimeBuckets(o.bucketMs, o.buckets, () => new L7PairTable(o.maxPairsPerBucket));
  }

  /** Bus subscriber. Never throws on odd items. */
  add(item: Item): void {
    const bucket = this.buckets.at(num(item.timestamp));
    if (bucket === null) return;
    this.items++;
    bucket.add(item);
  }

  get droppedPairs(): number {
    let n = 0;
    for (const b of this.buckets.window(null, null)) n += b.dropped;
    return n;
  }

  totals(from: number | null, to: number | null): L7PairTotals[] {
    const out = new Map<string, L7PairTotals>();
    for (const b of this.buckets.window(from, to)) b.mergeInto(out);
    return [...out.values()];
  }
}
