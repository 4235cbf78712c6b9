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
 *    with ERR_IDENTITY_FILE);
 *  - `kubernetes.enabled`: informers (kube-watch.ts) feed the same state; pod events reach
 *    scripts' `onPodEvent(event, pod)` (events of the initial list are held until the
 *    start-up scripts run). Start does not wait for an unreachable API: it logs and
 *    retries in the background.
 * Ended identities are pruned after `kubernetes.historyMinutes`.
 */
import type { KubernetesObject } from '@kubernetes/client-node';
import { defineFeature } from '../../runtime/roles/feature.ts';
import type { WirehookNode } from '../../runtime/roles/node.ts';
import { ClusterState } from './cluster-state.ts';
import { DnsNames } from './dns-names.ts';
import type { KubeKind, KubeObject, WatchEventType } from './identity.ts';
import { IdentityResolver } from './identity-enricher.ts';
import { loadKubeConfig } from './kube-config.ts';
import { KubeWatch } from './kube-watch.ts';
import { nameHistoryOf } from './name-history.ts';
import { loadStaticIdentity } from './static-identity.ts';
import { Targeting } from './targeting.ts';

/** What the identity feature installed on a node (for other features and tests). */
export interface NodeIdentity {
  cluster: ClusterState;
  dns: DnsNames;
  resolver: IdentityResolver;
  targeting: Targeting;
  /** Present when kubernetes.enabled. */
  watch: KubeWatch | null;
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
    node.enrichers.push(resolver.enrich);
    node.flowEnrichers.push(resolver.enrichFlow);
    node.items.subscribe((item) => dns.learn(item));
    node.services.nameHistory = nameHistoryOf(cluster, dns);
    node.services.targets = targeting;
    if (targeting.active) node.dissectFilter = targeting.shouldDissect;

    if (cfg.identity.file) {
      const n = await loadStaticIdentity(cfg.identity.file, cluster);
      node.log(`wirehook: identities from ${cfg.identity.file}: ${n.Pod} pods, ${n.Service} services, ${n.Node} nodes`);
    }
    let watch: KubeWatch | null = null;
    if (cfg.kubernetes.enabled) {
      // Pod events seen before the start-up scripts run (the initial list) wait for them.
      let early: [WatchEventType, KubeObject][] | null = [];
      const podEvent = (type: WatchEventType, pod: KubeObject): void => void node.runtime.dispatcher.invokeHook('onPodEvent', [type, pod]);
      node.onScriptsStarted(() => {
        const q = early ?? [];
        early = null;
        for (const [type, pod] of q) podEvent(type, pod);
      });
      const onEvent = (kind: KubeKind, type: WatchEventType, obj: KubernetesObject): void => {
        const o = cluster.apply(kind, type, obj);
        if (kind !== 'Pod') return;
        if (early !== null) early.push([type, o]);
        else podEvent(type, o);
      };
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
    installed.set(node, { cluster, dns, resolver, targeting, watch });
  },
});
