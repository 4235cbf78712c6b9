/**
 * L4 map aggregation from flow samples (every flow, dissected or not): per time bucket,
 * one aggregate per (client identity, server identity incl. port, transport) pair with
 * bytes and packets in each direction and flow counts. ICMP samples are not map edges.
 *
 * Flows in a window (an approximation that needs no per-flow history across buckets):
 * the distinct flows active in the window's first bucket, plus the flows that started in
 * each later bucket. A flow that started before the window and only moved in its later
 * buckets is not counted. Distinct-flow sets are kept only while a bucket is the newest.
 */
import type { FlowSample } from '../../../capture/l4-report.ts';
import { flowIdentity, identityKey, type EndpointIdentity } from './endpoint-identity.ts';
import { TimeBuckets } from './time-buckets.ts';

export interface L4PairTotals {
  src: EndpointIdentity;
  dst: EndpointIdentity;
  transport: 'tcp' | 'udp';
  /** [client → server, server → client] */
  bytes: [number, number];
  packets: [number, number];
  flows: number;
}

interface L4Pair extends L4PairTotals {
  /** Flows whose first sample fell in this bucket. */
  started: number;
  /** Distinct flows sampled in this bucket (null once compacted). */
  ids: Set<string> | null;
}

type Bucket = Map<string, L4Pair>;

export interface AggregatorOptions {
  bucketMs: number;
  buckets: number;
  maxPairsPerBucket: number;
}

export class L4Aggregator {
  readonly buckets: TimeBuckets<Bucket>;
  /** Flow id → start of the bucket of its latest sample (to know a flow's first sample). */
  private readonly seen = new Map<string, number>();
  /** Samples dropped because their bucket had `maxPairsPerBucket` pairs. */
  droppedPairs = 0;
  /** Samples aggregated. */
  samples = 0;

  constructor(private readonly o: AggregatorOptions) {
    this.buckets = new TimeBuckets<Bucket>(o.bucketMs, o.buckets, () => new Map(), (b) => this.compact(b));
  }

  /** Flow listener (node.flowListeners). Never throws on odd samples. */
  add(s: FlowSample): void {
    if ((s?.transport !== 'tcp' && s?.transport !== 'udp') || !Array.isArray(s.packets) || !Array.isArray(s.bytes)) return;
    if (!(s.packets[0] || s.packets[1])) {
      // A final sample with nothing new (the flow left the table later): no traffic here.
      if (s.ended) this.seen.delete(s.id);
      return;
    }
    const bucket = this.buckets.at(Number(s.tsMs) || 0);
    if (bucket === null) return;
    const src = flowIdentity(s.src, s.worker, false);
    const dst = flowIdentity(s.dst, s.worker, true);
    const key = `${identityKey(src)}>${identityKey(dst)}>${s.transport}`;
    let pair = bucket.get(key);
    if (pair === undefined) {
      if (bucket.size >= this.o.maxPairsPerBucket) {
        this.droppedPairs++;
        return;
      }
      pair = { src, dst, transport: s.transport, bytes: [0, 0], packets: [0, 0], flows: 0, started: 0, ids: new Set() };
      bucket.set(key, pair);
    }
    this.samples++;
    pair.bytes[0] += s.bytes[0] || 0;
    pair.bytes[1] += s.bytes[1] || 0;
    pair.packets[0] += s.packets[0] || 0;
    pair.packets[1] += s.packets[1] || 0;
    const first = !this.seen.has(s.id);
    if (first) pair.started++;
    if (pair.ids === null) {
      if (first) pair.flows++;
    } else if (!pair.ids.has(s.id)) {
      pair.ids.add(s.id);
      pair.flows++;
    }
    if (s.ended) this.seen.delete(s.id);
    else this.seen.set(s.id, this.buckets.startOf(s.tsMs));
  }

  /** Pair totals over the buckets overlapping [from, to]. */
  totals(from: number | null, to: number | null): L4PairTotals[] {
    const out = new Map<string, L4PairTotals>();
    let firstBucket = true;
    for (const bucket of this.buckets.window(from, to)) {
      for (const [key, p] of bucket) {
        const flows = firstBucket ? p.flows : p.started;
        const t = out.get(key);
        if (t === undefined) {
          out.set(key, { src: p.src, dst: p.dst, transport: p.transport, bytes: [p.bytes[0], p.bytes[1]], packets: [p.packets[0], p.packets[1]], flows });
        } else {
          t.bytes[0] += p.bytes[0];
          t.bytes[1] += p.bytes[1];
          t.packets[0] += p.packets[0];
          t.packets[1] += p.packets[1];
          t.flows += flows;
        }
      }
      firstBucket = false;
    }
    return [...out.values()];
  }

  /** A bucket stopped being the newest: drop its flow sets and forget flows gone quiet. */
  private compact(bucket: Bucket): void {
    for (const p of bucket.values()) p.ids = null;
    const oldest = this.buckets.oldestStart;
    if (oldest === null) return;
    for (const [id, start] of this.seen) if (start < oldest) this.seen.delete(id);
  }
}
