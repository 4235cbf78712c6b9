/**
 * The ClusterIdentity (identity-link.ts) of a node running the identity feature
 * (capture/enrich): its ClusterState's current pods, services, EndpointSlices, nodes and
 * namespaces. On the hub, `snapshot()` lists them (version = the state's change counter);
 * on a worker, `apply(tables)` makes the local state equal to the hub's through the same
 * `ClusterState.apply` the informers use — objects gone from the hub are DELETED, new ones
 * ADDED, changed ones (other resourceVersion, else other content) MODIFIED — so items are
 * enriched on the worker at capture time. Objects without a creationTimestamp (static
 * identity files) are valid for any packet time, as on the hub.
 *
 * Snapshots are whole tables: fine for small and medium clusters; large, busy clusters
 * would want deltas (events since a version), which the protocol can add as a new message.
 */
import type { ClusterState } from '../../capture/enrich/cluster-state.ts';
import { nodeIdentity } from '../../capture/enrich/identity-feature.ts';
import type { KubeKind, KubeObject } from '../../capture/enrich/identity.ts';
import { createdAt, keyOf } from '../../capture/enrich/k8s-objects.ts';
import type { JsonValue } from '../../helpers/define-op.ts';
import type { WirehookNode } from '../roles/node.ts';
import type { ClusterIdentity } from './identity-link.ts';

type Tables = Record<KubeKind, KubeObject[]>;

const KINDS: KubeKind[] = ['Namespace', 'Node', 'Service', 'EndpointSlice', 'Pod'];

function tablesOf(c: ClusterState): Record<KubeKind, Map<string, KubeObject>> {
  return { Pod: c.pods, Service: c.services, EndpointSlice: c.slices, Node: c.nodes, Namespace: c.namespaces };
}

function same(a: KubeObject, b: KubeObject): boolean {
  const ra = a.metadata?.resourceVersion;
  const rb = b.metadata?.resourceVersion;
  if (ra !== undefined && rb !== undefined) return ra === rb;
  return JSON.stringify(a) === JSON.stringify(b);
}

export function clusterStateIdentity(cluster: ClusterState): ClusterIdentity {
  return {
    version: () => cluster.version,
    snapshot() {
      const t = tablesOf(cluster);
      const out = {} as Tables;
      for (const k of KINDS) out[k] = [...t[k].values()];
      return out as unknown as JsonValue;
    },
    apply(tables) {
      if (tables === null || typeof tables !== 'object' || Array.isArray(tables)) return;
      const incoming = tables as unknown as Partial<Tables>;
      const local = tablesOf(cluster);
      for (const kind of KINDS) {
        const list = Array.isArray(incoming[kind]) ? incoming[kind]! : [];
        const want = new Map(list.filter((o) => o && typeof o === 'object').map((o) => [keyOf(o), o]));
        for (const [key, obj] of [...local[kind]]) if (!want.has(key)) cluster.apply(kind, 'DELETED', obj);
        for (const [key, obj] of want) {
          const have = local[kind].get(key);
          // Objects without a creation time (static identity files) hold for any packet time.
          const times = createdAt(obj) === undefined ? { from: -Infinity } : {};
          if (!have) cluster.apply(kind, 'ADDED', obj, times);
          else if (!same(have, obj)) cluster.apply(kind, 'MODIFIED', obj, times);
        }
      }
    },
  };
}

/** Offers the node's identity state as `services.clusterIdentity`, unless something else already does. */
export function provideClusterIdentity(node: WirehookNode): void {
  const id = nodeIdentity(node);
  if (id && !node.services.clusterIdentity) node.services.clusterIdentity = clusterStateIdentity(id.cluster);
}
