/**
 * Service-map graphs shaped like a microservice cluster, for the map tests and the
 * layout benchmark: `workloads` services in namespaces of ~12 (one application each, in 5
 * tiers: gateway → frontends → APIs → backends → data stores). Each service makes 1–4
 * calls: three in four to a later tier of its own application, one in four to another
 * application (so namespaces connect, in both directions); 3% call back (cycles, as in
 * real maps) and 8% call an external endpoint. Deterministic for a seed.
 */
import type { L4Edge, L4Map, L7Edge, L7Map, MapNode } from '../src/api/types.ts';

const PROTOCOLS = [
  { abbr: 'HTTP', macro: 'http', backgroundColor: '#205cf5' },
  { abbr: 'gRPC', macro: 'grpc', backgroundColor: '#0d9488' },
  { abbr: 'REDIS', macro: 'redis', backgroundColor: '#a41e11' },
  { abbr: 'KAFKA', macro: 'kafka', backgroundColor: '#000000' },
];

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface ClusterGraph {
  nodes: MapNode[];
  /** [source, target, protocol index] */
  links: [string, string, number][];
}

export function clusterGraph(workloads: number, o: { seed?: number; namespaces?: number; externals?: number } = {}): ClusterGraph {
  const rand = prng(o.seed ?? 7);
  const nsCount = o.namespaces ?? Math.max(2, Math.round(workloads / 12));
  const perNs = Math.ceil(workloads / nsCount);
  const nodes: MapNode[] = [];
  const tier: number[] = [];
  const app: number[] = [];
  for (let i = 0; i < workloads; i++) {
    const a = Math.floor(i / perNs);
    const ns = `ns-${a}`;
    nodes.push({ id: `svc:${ns}/service-${i}`, label: `service-${i}`, kind: 'service', namespace: ns, external: false });
    app.push(a);
    tier.push(Math.min(4, Math.floor(((i % perNs) / perNs) * 5)));
  }
  const externals = o.externals ?? Math.max(1, Math.round(workloads / 25));
  for (let i = 0; i < externals; i++) nodes.push({ id: `ext:api-${i}.partner.example.com`, label: `api-${i}.partner.example.com`, kind: 'external', external: true });
  const links: [string, string, number][] = [];
  const seen = new Set<string>();
  const add = (a: number, b: number, p: number) => {
    const key = `${a}>${b}`;
    if (a === b || seen.has(key)) return;
    seen.add(key);
    links.push([nodes[a].id, nodes[b].id, p]);
  };
  const pick = (xs: number[]) => xs[Math.floor(rand() * xs.length)];
  for (let i = 0; i < workloads; i++) {
    const local: number[] = [];
    const remote: number[] = [];
    for (let j = 0; j < workloads; j++) {
      if (app[j] === app[i] && tier[j] > tier[i]) local.push(j);
      else if (app[j] !== app[i] && tier[j] === 2) remote.push(j);
    }
    const calls = 1 + Math.floor(rand() * 4);
    for (let k = 0; k < calls; k++) {
      const useLocal = local.length > 0 && (remote.length === 0 || rand() < 0.75);
      if (!useLocal && remote.length === 0) break;
      const j = useLocal ? pick(local) : pick(remote);
      add(i, j, tier[j] === 4 ? 2 + Math.floor(rand() * 2) : Math.floor(rand() * 2));
    }
    if (rand() < 0.03 && i > 0) add(i, Math.floor(rand() * i), 0);
    if (rand() < 0.08) add(i, workloads + Math.floor(rand() * externals), 0);
  }
  return { nodes, links };
}

export function l7MapOf(g: ClusterGraph, seed = 1): L7Map {
  const rand = prng(seed);
  const edges: L7Edge[] = g.links.map(([s, t, p], i) => {
    const requests = 1 + Math.floor(rand() * 5000);
    return {
      id: `${s}>${t}>${PROTOCOLS[p].abbr}`,
      source: s,
      target: t,
      protocol: PROTOCOLS[p],
      requests,
      errors: i % 7 === 0 ? Math.floor(requests / 50) : 0,
      requestBytes: requests * 300,
      responseBytes: requests * 1200,
      latencyMsAvg: 1 + rand() * 40,
    };
  });
  return { nodes: g.nodes, edges, protocols: PROTOCOLS.map((p) => ({ abbr: p.abbr, backgroundColor: p.backgroundColor })) };
}

export function l4MapOf(g: ClusterGraph, seed = 1): L4Map {
  const rand = prng(seed);
  const edges: L4Edge[] = g.links.map(([s, t], i) => {
    const packets = 10 + Math.floor(rand() * 10000);
    return { id: `${s}>${t}>tcp`, source: s, target: t, bytes: [packets * 200, packets * 900], packets: [packets, packets], flows: 1 + (i % 20), transport: 'tcp' };
  });
  return { nodes: g.nodes, edges };
}
