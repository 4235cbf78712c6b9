/**
 * Identity tables across the cluster (DESIGN.md §1: the hub watches the Kubernetes API once
 * and pushes identity tables to workers). The identity provider (capture/enrich, the
 * Kubernetes engineer's feature) offers this interface as `node.services.clusterIdentity`
 * on both roles:
 *  - on the hub, `version()` changes whenever the tables change (0 = nothing known yet:
 *    nothing is pushed, so workers keep e.g. a static identity file) and `snapshot()`
 *    returns them as JSON; the hub sends the snapshot to every worker on connect and
 *    whenever the version changes (checked every IDENTITY_POLL_MS);
 *  - on a worker, `apply(tables)` replaces its local tables with the hub's.
 * identity-sync.ts provides it from the identity feature's ClusterState; without the
 * service the hub pushes nothing and workers keep their own identity sources.
 */
import type { JsonValue } from '../../helpers/define-op.ts';

export interface ClusterIdentity {
  /** Changes whenever the tables change (e.g. a counter); 0 while there is nothing to push. */
  version(): number | string;
  /** The current tables, JSON-serialisable. */
  snapshot(): JsonValue;
  /** Replace the local tables with a snapshot from the hub. */
  apply(tables: JsonValue): void;
}

declare module '../../helpers/define-op.ts' {
  interface OpServices {
    /** Identity tables shared between hub and workers (runtime/cluster/identity-link.ts). */
    clusterIdentity: ClusterIdentity;
  }
}

export const IDENTITY_POLL_MS = 2000;
