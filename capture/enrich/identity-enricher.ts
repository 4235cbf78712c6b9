/**
 * The identity enricher: resolves both endpoints of every item (and of every L4 flow
 * sample) as of the item's / sample's packet time — Kubernetes identity first (cluster
 * state), then names learned from DNS — and sets the legacy top-level `namespace` (dst,
 * else src). Unknown endpoints keep their empty defaults. Per item: two history lookups;
 * the identity objects are shared, not copied.
 */
import type { Item } from '../item.ts';
import type { FlowSample } from '../l4-report.ts';
import type { ClusterState } from './cluster-state.ts';
import type { DnsNames } from './dns-names.ts';
import { applyToFlowEndpoint, applyToItemEndpoint, type EndpointIdentity } from './identity.ts';

export class IdentityResolver {
  constructor(
    readonly cluster: ClusterState,
    readonly dns: DnsNames,
  ) {}

  /** What `ip` was at `t` (epoch ms), or null. */
  resolve(ip: string, t: number): EndpointIdentity | null {
    return this.cluster.resolve(ip, t) ?? this.dns.resolve(ip, t);
  }

  /** Enricher (node.enrichers). */
  readonly enrich = (item: Item): void => {
    const t = item.timestamp;
    const s = this.resolve(item.src.ip, t);
    if (s !== null) applyToItemEndpoint(item.src, s);
    const d = this.resolve(item.dst.ip, t);
    if (d !== null) applyToItemEndpoint(item.dst, d);
    item.namespace = item.dst.namespace || item.src.namespace;
  };

  /** Flow-sample enricher (node.flowEnrichers): names for the cluster-wide L4 map. */
  readonly enrichFlow = (sample: FlowSample): void => {
    const s = this.resolve(sample.src.ip, sample.tsMs);
    if (s !== null) applyToFlowEndpoint(sample.src, s);
    const d = this.resolve(sample.dst.ip, sample.tsMs);
    if (d !== null) applyToFlowEndpoint(sample.dst, d);
  };
}
