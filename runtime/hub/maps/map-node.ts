/**
 * Grouping of endpoints into map nodes (docs/api.md `MapNode`). Pure: the same identity and
 * grouping always give the same node id, so the UI can cache layout positions by id.
 *
 *   namespace → `ns:<namespace>`          node → `node:<node>` ("?" when unknown)
 *   pod       → `pod:<namespace>/<pod>`   service → `svc:<namespace>/<service>`
 *   a Kubernetes node's own address, any grouping → `node:<node>`
 *   external (no namespace), any grouping → `ext:<DNS name or IP>`
 */
import type { EndpointIdentity } from './endpoint-identity.ts';

export const MAP_GROUPS = ['namespace', 'node', 'pod', 'service'] as const;
export type MapGroup = (typeof MAP_GROUPS)[number];

export interface MapNode {
  id: string;
  label: string;
  kind: MapGroup | 'external';
  namespace?: string;
  node?: string;
  external: boolean;
}

export function isMapGroup(v: string): v is MapGroup {
  return (MAP_GROUPS as readonly string[]).includes(v);
}

export function mapNodeOf(e: EndpointIdentity, group: MapGroup): MapNode {
  if (!e.namespace) {
    // The node itself (kubelet probes, host-network pods): part of the cluster, not outside it.
    if (e.node && e.name === e.node) return { id: `node:${e.node}`, label: e.node, kind: 'node', node: e.node, external: false };
    const label = e.name || e.ip || '(unknown)';
    return { id: `ext:${label}`, label, kind: 'external', external: true };
  }
  const ns = e.namespace;
  switch (group) {
    case 'namespace':
      return { id: `ns:${ns}`, label: ns, kind: 'namespace', namespace: ns, external: false };
    case 'node':
      return { id: `node:${e.node || '?'}`, label: e.node || '(unknown node)', kind: 'node', ...(e.node ? { node: e.node } : {}), external: false };
    case 'pod': {
      const name = e.pod || e.name || e.ip;
      return { id: `pod:${ns}/${name}`, label: name, kind: 'pod', namespace: ns, ...(e.node ? { node: e.node } : {}), external: false };
    }
    case 'service': {
      const name = e.service || e.name || e.ip;
      return { id: `svc:${ns}/${name}`, label: name, kind: 'service', namespace: ns, external: false };
    }
  }
}
