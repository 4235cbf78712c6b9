/**
 * The map's view model, built by one pure function from the server's graph and the
 * user's view choices: hidden namespaces/nodes removed, namespaces (and external
 * endpoints, by subnet or domain) collapsed into one group node each — the largest first,
 * until the map has at most `collapseAbove` nodes (groups the user expanded stay open),
 * parallel edges merged, focus narrowing to a node (or namespace) and its neighbours,
 * and every edge's value, width, colour and label computed.
 */
import type { L4Edge, L4Map, L7Edge, L7Map, MapNode } from '../api/types.ts';
import { edgeWidth, l4Label, l4Title, l4Value, l7Label, l7Title, l7Value, type MapSettings } from './edge-metrics.ts';

export type MapKind = 'l4' | 'l7';

export interface ViewOptions {
  settings: MapSettings;
  /** Collapse groups (largest first) while more nodes than this are visible. */
  collapseAbove: number;
  /** Group keys (`groupKeyOf`) the user expanded. */
  expanded: ReadonlySet<string>;
  /** Hidden: node ids, `ns:<namespace>`, `node:<k8s node>`. */
  hidden: ReadonlySet<string>;
  /** A view node id, or `ns:<namespace>`: show it and its neighbours only. */
  focus: string | null;
}

export interface ViewNode {
  id: string;
  label: string;
  kind: MapNode['kind'] | 'group';
  external: boolean;
  namespace?: string;
  node?: string;
  /** Workloads inside a collapsed group (0 for a single node). */
  members: number;
  /** The group this node is (kind 'group') or collapses into when the map is large. */
  groupKey?: string;
}

export interface ViewEdge {
  id: string;
  source: string;
  target: string;
  color: string;
  width: number;
  label: string;
  title: string;
  value: number;
  errors: number;
}

export interface ViewGraph {
  nodes: ViewNode[];
  edges: ViewEdge[];
  legend: { label: string; color: string }[];
  /** Nodes of the server's graph that are hidden. */
  hiddenCount: number;
  collapsedGroups: number;
}

export const TRANSPORT_COLORS: Record<string, string> = { tcp: '#3b82f6', udp: '#f59e0b', icmp: '#a855f7' };

/** View id of a collapsed group (`groupKeyOf`). */
export function groupId(key: string): string {
  return `group:${key}`;
}

/** The group an external endpoint's label falls in: an IPv4 /24, an IPv6 /64, a DNS domain. */
export function externalGroup(label: string): string {
  const v4 = /^(\d{1,3}\.\d{1,3}\.\d{1,3})\.\d{1,3}$/.exec(label);
  if (v4) return `${v4[1]}.*`;
  if (label.includes(':')) return `${label.split(':').slice(0, 4).join(':')}::/64`;
  const parts = label.split('.').filter(Boolean);
  return parts.length > 2 ? `*.${parts.slice(-2).join('.')}` : label;
}

/**
 * Which group a node collapses into when the map is large: its namespace (pods,
 * services), or for external endpoints `ext:<subnet or domain>`; null = never collapsed.
 */
export function groupKeyOf(n: MapNode): string | null {
  if ((n.kind === 'pod' || n.kind === 'service') && n.namespace) return n.namespace;
  if (n.kind === 'external') return `ext:${externalGroup(n.label)}`;
  return null;
}

export function isHidden(n: MapNode, hidden: ReadonlySet<string>): boolean {
  return hidden.has(n.id) || (!!n.namespace && hidden.has(`ns:${n.namespace}`)) || (!!n.node && hidden.has(`node:${n.node}`));
}

function mergeL7(a: L7Edge, b: L7Edge): L7Edge {
  const requests = a.requests + b.requests;
  return {
    ...a,
    requests,
    errors: a.errors + b.errors,
    requestBytes: a.requestBytes + b.requestBytes,
    responseBytes: a.responseBytes + b.responseBytes,
    latencyMsAvg: requests > 0 ? (a.latencyMsAvg * a.requests + b.latencyMsAvg * b.requests) / requests : 0,
  };
}

function mergeL4(a: L4Edge, b: L4Edge): L4Edge {
  return {
    ...a,
    bytes: [a.bytes[0] + b.bytes[0], a.bytes[1] + b.bytes[1]],
    packets: [a.packets[0] + b.packets[0], a.packets[1] + b.packets[1]],
    flows: a.flows + b.flows,
  };
}

function single(n: MapNode): ViewNode {
  return { id: n.id, label: n.label, kind: n.kind, external: n.external, namespace: n.namespace, node: n.node, members: 0, groupKey: groupKeyOf(n) ?? undefined };
}

/**
 * Node id → view node id (itself, or its group), for the visible nodes. Above the
 * threshold the largest groups collapse first, only as many as it takes to get within it:
 * a big block of external addresses folds into one node while the namespaces keep
 * showing their services.
 */
function collapse(nodes: MapNode[], o: ViewOptions): { map: Map<string, string>; view: Map<string, ViewNode>; groups: number } {
  const map = new Map<string, string>();
  const view = new Map<string, ViewNode>();
  const byGroup = new Map<string, MapNode[]>();
  if (nodes.length > o.collapseAbove) {
    for (const n of nodes) {
      const key = groupKeyOf(n);
      if (key === null || o.expanded.has(key)) continue;
      let list = byGroup.get(key);
      if (!list) byGroup.set(key, (list = []));
      list.push(n);
    }
  }
  // Largest first (ties by key, so the choice is stable); each collapse saves size - 1 nodes.
  const order = [...byGroup].filter(([, list]) => list.length > 1).sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : 1));
  let count = nodes.length;
  let groups = 0;
  for (const [key, list] of order) {
    if (count <= o.collapseAbove) break;
    const id = groupId(key);
    const external = key.startsWith('ext:');
    groups++;
    count -= list.length - 1;
    for (const n of list) map.set(n.id, id);
    view.set(id, { id, label: external ? key.slice(4) : key, kind: 'group', external, namespace: external ? undefined : key, members: list.length, groupKey: key });
  }
  for (const n of nodes) {
    if (map.has(n.id)) continue;
    map.set(n.id, n.id);
    view.set(n.id, single(n));
  }
  return { map, view, groups };
}

function focusSet(view: Map<string, ViewNode>, focus: string | null): Set<string> | null {
  if (!focus) return null;
  if (focus.startsWith('ns:')) {
    const ns = focus.slice(3);
    const ids = [...view.values()].filter((n) => n.namespace === ns).map((n) => n.id);
    return ids.length ? new Set(ids) : null;
  }
  return view.has(focus) ? new Set([focus]) : null;
}

export function buildView(kind: 'l4', data: L4Map, o: ViewOptions): ViewGraph;
export function buildView(kind: 'l7', data: L7Map, o: ViewOptions): ViewGraph;
export function buildView(kind: MapKind, data: L4Map | L7Map, o: ViewOptions): ViewGraph {
  const visible = data.nodes.filter((n) => !isHidden(n, o.hidden));
  const { map, view, groups } = collapse(visible, o);
  const s = o.settings;

  type Any = L4Edge | L7Edge;
  const merged = new Map<string, Any>();
  for (const e of data.edges as Any[]) {
    const src = map.get(e.source);
    const dst = map.get(e.target);
    if (!src || !dst || src === dst) continue;
    const key = `${src}\u0000${dst}\u0000${kind === 'l7' ? (e as L7Edge).protocol.abbr : (e as L4Edge).transport}`;
    const prev = merged.get(key);
    const next = { ...e, source: src, target: dst, id: prev ? prev.id : src === e.source && dst === e.target ? e.id : key };
    merged.set(key, prev ? (kind === 'l7' ? mergeL7(prev as L7Edge, next as L7Edge) : mergeL4(prev as L4Edge, next as L4Edge)) : next);
  }

  let edges = [...merged.values()];
  let nodeIds: Set<string> = new Set(view.keys());
  const focus = focusSet(view, o.focus);
  if (focus) {
    edges = edges.filter((e) => focus.has(e.source) || focus.has(e.target));
    nodeIds = new Set(focus);
    for (const e of edges) {
      nodeIds.add(e.source);
      nodeIds.add(e.target);
    }
  }

  const value = (e: Any) => (kind === 'l7' ? l7Value(e as L7Edge, s) : l4Value(e as L4Edge, s));
  const max = edges.reduce((m, e) => Math.max(m, value(e)), 0);
  const legend = new Map<string, string>();
  const viewEdges: ViewEdge[] = edges.map((e) => {
    if (kind === 'l7') {
      const l = e as L7Edge;
      legend.set(l.protocol.abbr, l.protocol.backgroundColor);
      return { id: l.id, source: l.source, target: l.target, color: l.protocol.backgroundColor, width: edgeWidth(value(l), max), label: l7Label(l, s), title: l7Title(l), value: value(l), errors: l.errors };
    }
    const l = e as L4Edge;
    const color = TRANSPORT_COLORS[l.transport] ?? '#64748b';
    legend.set(l.transport.toUpperCase(), color);
    return { id: l.id, source: l.source, target: l.target, color, width: edgeWidth(value(l), max), label: l4Label(l, s), title: l4Title(l), value: value(l), errors: 0 };
  });

  return {
    nodes: [...nodeIds].map((id) => view.get(id)!).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)),
    edges: viewEdges,
    legend: [...legend].map(([label, color]) => ({ label, color })).sort((a, b) => a.label.localeCompare(b.label)),
    hiddenCount: data.nodes.length - visible.length,
    collapsedGroups: groups,
  };
}
