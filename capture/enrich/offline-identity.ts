/**
 * Identity for the offline tools (`wirehook dissect` and `wirehook run` with `--identity
 * FILE` or `identity.file`): the same cluster state, DNS-learned names and resolver as the
 * identity feature of a running node, loaded from an identity file, without a node.
 *
 *   const id = await loadOfflineIdentity(file, config.capture.targeting);
 *   new Pipeline({ enrichers: [(item) => id.reach(item.timestamp), ...id.enrichers], … });
 *
 * `reach(t)` applies the file's timed events up to packet time `t` and returns them (a
 * script runner turns the pod events into `onPodEvent`). `enrichers` resolve both
 * endpoints of an item and then learn names from DNS answers.
 */
import type { Item } from '../item.ts';
import type { Enricher } from '../pipeline.ts';
import type { NameHistory } from '../store/dns-name-history.ts';
import { ClusterState } from './cluster-state.ts';
import { DnsNames } from './dns-names.ts';
import { applyIdentityEvent, IdentityTimeline, type IdentityEvent } from './identity-events.ts';
import type { KubeKind, KubeObject } from './identity.ts';
import { IdentityResolver } from './identity-enricher.ts';
import { nameHistoryOf } from './name-history.ts';
import { loadIdentityFile } from './static-identity.ts';
import { Targeting, type TargetingRules } from './targeting.ts';

export interface AppliedEvent extends IdentityEvent {
  /** The object as the cluster state holds it (what onPodEvent receives). */
  applied: KubeObject;
}

export interface OfflineIdentity {
  cluster: ClusterState;
  counts: Record<KubeKind, number>;
  /** Timed events in the file. */
  events: number;
  enrichers: Enricher[];
  /** Services for script ops: pcap.nameResolutionHistory and hub.targeted. */
  services: { nameHistory: NameHistory; targets: Targeting };
  /** Apply the events due by packet time `t`; returns them in order. */
  reach(t: number): AppliedEvent[];
}

export async function loadOfflineIdentity(file: string, rules: TargetingRules): Promise<OfflineIdentity> {
  const cluster = new ClusterState();
  const { counts, events } = await loadIdentityFile(file, cluster);
  const dns = new DnsNames();
  const resolver = new IdentityResolver(cluster, dns);
  const timeline = new IdentityTimeline(events);
  return {
    cluster,
    counts,
    events: events.length,
    enrichers: [resolver.enrich, (item: Item) => dns.learn(item)],
    services: { nameHistory: nameHistoryOf(cluster, dns), targets: new Targeting(rules, cluster) },
    reach(t) {
      if (t < timeline.nextAt) return [];
      return timeline.due(t).map((e) => ({ ...e, applied: applyIdentityEvent(cluster, e) }));
    },
  };
}
