/**
 * The graph models of the L4 and L7 maps (docs/api.md), built from pair totals by pure
 * functions: endpoints are grouped into map nodes (map-node.ts), pairs between the same two
 * nodes are merged into one edge per transport (L4) or protocol (L7). Nodes and edges come
 * sorted by id so equal inputs give equal JSON; the UI lays the graph out.
 */
import type { L4PairTotals } from './l4-aggregator.ts';
import type { L7PairTotals } from './l7-aggregator.ts';
import { mapNodeOf, type MapGroup, type MapNode } from './map-node.ts';

export interface L4Edge {
  id: string;
  source: string;
  target: string;
  /** [out (source → target), in (target → source)] */
  bytes: [number, number];
  packets: [number, number];
  flows: number;
  transport: 'tcp' | 'udp';
}

export interface L7Edge {
  id: string;
  source: string;
  target: string;
  protocol: { abbr: string; macro: string; backgroundColor: string };
  requests: number;
  errors: number;
  requestBytes: number;
  responseBytes: number;
  latencyMsAvg: number;
}

export interface L4Graph {
  nodes: MapNode[];
  edges: L4Edge[];
}

export interface L7Graph {
  nodes: MapNode[];
  edges: L7Edge[];
  /** Protocols on the edges, for the legend. */
  protocols: { abbr: string; backgroundColor: string }[];
}

const byId = (a: { id: string }, b: { id: string }): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

function nodeFor(nodes: Map<string, MapNode>, n: MapNode): string {
  if (!nodes.has(n.id)) nodes.set(n.id, n);
  return n.id;
}

export function buildL4Graph(pairs: Iterable<L4PairTotals>, group: MapGroup): L4Graph {
  const nodes = new Map<string, MapNode>();
  const edges = new Map<string, L4Edge>();
  for (const p of pairs) {
    const source = nodeFor(nodes, mapNodeOf(p.src, group));
    const target = nodeFor(nodes, mapNodeOf(p.dst, group));
    const id = `${source}->${target}/${p.transport}`;
    const e = edges.get(id);
    if (e === undefined) {
      edges.set(id, { id, source, target, bytes: [p.bytes[0], p.bytes[1]], packets: [p.packets[0], p.packets[1]], flows: p.flows, transport: p.transport });
    } else {
      e.bytes[0] += p.bytes[0];
      e.bytes[1] += p.bytes[1];
      e.packets[0] += p.packets[0];
      e.packets[1] += p.packets[1];
      e.flows += p.flows;
    }
  }
  return { nodes: [...nodes.values()].sort(byId), edges: [...edges.values()].sort(byId) };
}

export function buildL7Graph(pairs: Iterable<L7PairTotals>, group: MapGroup): L7Graph {
  const nodes = new Map<string, MapNode>();
  const edges = new Map<string, L7Edge & { latencyMsSum: number; latencyCount: number }>();
  const protocols = new Map<string, string>();
  for (const p of pairs) {
    const source = nodeFor(nodes, mapNodeOf(p.src, group));
    const target = nodeFor(nodes, mapNodeOf(p.dst, group));
    const id = `${source}->${target}/${p.protocol.abbr}`;
    if (!protocols.has(p.protocol.abbr)) protocols.set(p.protocol.abbr, p.protocol.backgroundColor);
    const e = edges.get(id);
    if (e === undefined) {
      edges.set(id, {
        id,
        source,
        target,
        protocol: { ...p.protocol },
        requests: p.requests,
        errors: p.errors,
        requestBytes: p.requestBytes,
        responseBytes: p.responseBytes,
        latencyMsAvg: 0,
        latencyMsSum: p.latencyMsSum,
        latencyCount: p.latencyCount,
      });
    } else {
      e.requests += p.requests;
      e.errors += p.errors;
      e.requestBytes += p.requestBytes;
      e.responseBytes += p.responseBytes;
      e.latencyMsSum += p.latencyMsSum;
      e.latencyCount += p.latencyCount;
    }
  }
  const out: L7Edge[] = [...edges.values()].sort(byId).map(({ latencyMsSum, latencyCount, ...e }) => ({
    ...e,
    latencyMsAvg: latencyCount ? Math.round((latencyMsSum / latencyCount) * 1000) / 1000 : 0,
  }));
  return {
    nodes: [...nodes.values()].sort(byId),
    edges: out,
    protocols: [...protocols].map(([abbr, backgroundColor]) => ({ abbr, backgroundColor })).sort((a, b) => (a.abbr < b.abbr ? -1 : a.abbr > b.abbr ? 1 : 0)),
  };
}
