/**
 * Feature 'identity': endpoint identity for every item and L4 flow sample of the node.
 *
 * install(node):
 *  - cluster state + DNS names → `node.enrichers` (items) and `node.flowEnrichers` (L4 map);
 *    an item-bus subscriber learns names from DNS answers;
 *  - services for scripts: `nameHistory` (pcap.nameResolutionHistory) and `targets`
 *    (hub.targeted); capture targeting (`capture.targeting.*`) becomes the node's
 *    `dissectFilter` when a rule is set;
 *  - `identity.file`: static objects, loaded before sources start (a bad file fails start
 *    with ERR_IDENTITY_FILE); its timed `events` (identity-events.ts) are applied as the
 *    packet time of items and flow samples reaches them;
 *  - `watchEvent(kind, type, obj, times)`: the informer path, also for other event sources
 *    (the demo's pod restarts) — the cluster state, then `onPodEvent` for pods;
 *  - `kubernetes.enabled`: informers (kube-watch.ts) feed the same state; pod events reach
 *    scripts' `onPodEvent(event, pod)` (events of the initial list are held until the
 *    start-up scripts run). Start does not wait for an unreachable API: it logs and
 *    retries in the background.
 * Ended identities are pruned after `kubernetes.historyMinutes`.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { defineFeature } from '../../runtime/roles/feature.ts';
import type { WirehookNode } from '../../runtime/roles/node.ts';
import { ClusterState, type ApplyTimes } from './cluster-state.ts';
import { IdentityTimeline } from './identity-events.ts';
import { DnsNames } from './dns-names.ts';
import type { KubeKind, KubeObject, WatchEventType } from './identity.ts';
import { IdentityResolver } from './identity-enricher.ts';
import { loadKubeConfig } from './kube-config.ts';
import { KubeWatch } from './kube-watch.ts';
import { nameHistoryOf } from './name-history.ts';
import { loadIdentityFile } from './static-identity.ts';
import { Targeting } from './targeting.ts';

/** What the identity feature installed on a node (for other features and tests). */
export interface NodeIdentity {
  cluster: ClusterState;
  dns: DnsNames;
  resolver: IdentityResolver;
  targeting: Targeting;
  /** Present when kubernetes.enabled. */
  watch: KubeWatch | null;
  /**
   * Apply a watch event as the informers do: to the cluster state (at `times.at`, default
   * now), then, for pods, to scripts' `onPodEvent` (held until the start-up scripts run).
   */
  watchEvent(kind: KubeKind, type: WatchEventType, obj: unknown, times?: ApplyTimes): KubeObject;
}

const installed = new WeakMap<WirehookNode, NodeIdentity>();

/** The identity state of a node, when the feature is installed. */
export function nodeIdentity(node: WirehookNode): NodeIdentity | undefined {
  return installed.get(node);
}

const PRUNE_EVERY_MS = 60_000;

export const identityFeature = defineFeature({
  name: 'identity',
  async install(node) {
    const cfg = node.config;
    const cluster = new ClusterState();
    const dns = new DnsNames();
    const resolver = new IdentityResolver(cluster, dns);
    const targeting = new Targeting(cfg.capture.targeting, cluster);
    // Pod events seen before the start-up scripts run (an informer's initial list) wait for them.
    let early: [WatchEventType, KubeObject][] | null = [];
    const podEvent = (type: WatchEventType, pod: KubeObject): void => void node.runtime.dispatcher.invokeHook('onPodEvent', [type, pod]);
    node.onScriptsStarted(() => {
      const q = early ?? [];
      early = null;
      for (const [type, pod] of q) podEvent(type, pod);
    });
    const watchEvent = (kind: KubeKind, type: WatchEventType, obj: unknown, times?: ApplyTimes): KubeObject => {
      const o = cluster.apply(kind, type, obj, times);
      if (kind === 'Pod') {
        if (early !== null) early.push([type, o]);
        else podEvent(type, o);
      }
      return o;
    };

    if (cfg.identity.file) {
      const { counts: n, events } = await loadIdentityFile(cfg.identity.file, cluster);
      node.log(`wirehook: identities from ${cfg.identity.file}: ${n.Pod} pods, ${n.Service} services, ${n.Node} nodes${events.length ? `, ${events.length} timed events` : ''}`);
      if (events.length) {
        const timeline = new IdentityTimeline(events);
        const reach = (t: number): void => {
          if (t < timeline.nextAt) return;
          for (const e of timeline.due(t)) watchEvent(e.kind, e.type, e.object, { at: e.at, from: e.at });
        };
        node.enrichers.push((item) => reach(item.timestamp));
        node.flowEnrichers.push((sample) => reach(sample.tsMs));
      }
    }
    node.enrichers.push(resolver.enrich);
    node.flowEnrichers.push(resolver.enrichFlow);
    node.items.subscribe((item) => dns.learn(item));
    node.services.nameHistory = nameHistoryOf(cluster, dns);
    node.services.targets = targeting;
    if (targeting.active) node.dissectFilter = targeting.shouldDissect;

    let watch: KubeWatch | null = null;
    if (cfg.kubernetes.enabled) {
      const onEvent = (kind: KubeKind, type: WatchEventType, obj: KubernetesObject): void => void watchEvent(kind, type, obj);
      const w = new KubeWatch(loadKubeConfig(cfg.kubernetes), { onEvent, log: node.log });
      watch = w;
      node.onStop(() => w.stop());
      void w.start();
    }
    const historyMs = cfg.kubernetes.historyMinutes * 60_000;
    const pruner = setInterval(() => {
      const before = Date.now() - historyMs;
      cluster.prune(before);
      dns.prune(before);
    }, PRUNE_EVERY_MS);
    pruner.unref();
    node.onStop(() => clearInterval(pruner));
    installed.set(node, { cluster, dns, resolver, targeting, watch, watchEvent });
  },
});
