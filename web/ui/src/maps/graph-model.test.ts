import test from 'ava';
import type { L4Map, L7Map, MapNode } from '../api/types.ts';
import { clusterGraph, l7MapOf } from '../../testing/map-fixtures.ts';
import { DEFAULT_SETTINGS, MAX_WIDTH, MIN_WIDTH } from './edge-metrics.ts';
import { buildView, externalGroup, groupKeyOf, type ViewOptions } from './graph-model.ts';

const opts = (o: Partial<ViewOptions> = {}): ViewOptions => ({ settings: DEFAULT_SETTINGS, collapseAbove: 1000, expanded: new Set(), hidden: new Set(), focus: null, ...o });
const svc = (ns: string, name: string, node?: string): MapNode => ({ id: `svc:${ns}/${name}`, label: name, kind: 'service', namespace: ns, node, external: false });
const proto = (abbr: string, color: string) => ({ abbr, macro: abbr.toLowerCase(), backgroundColor: color });

const small: L7Map = {
  nodes: [svc('shop', 'web', 'n1'), svc('shop', 'cart', 'n1'), svc('shop', 'db', 'n2'), svc('auth', 'login', 'n2'), { id: 'ext:api.example.com', label: 'api.example.com', kind: 'external', external: true }],
  edges: [
    { id: 'e1', source: 'svc:shop/web', target: 'svc:shop/cart', protocol: proto('HTTP', '#205cf5'), requests: 100, errors: 5, requestBytes: 1000, responseBytes: 9000, latencyMsAvg: 10 },
    { id: 'e2', source: 'svc:shop/cart', target: 'svc:shop/db', protocol: proto('REDIS', '#a41e11'), requests: 10, errors: 0, requestBytes: 100, responseBytes: 200, latencyMsAvg: 1 },
    { id: 'e3', source: 'svc:shop/web', target: 'svc:auth/login', protocol: proto('HTTP', '#205cf5'), requests: 50, errors: 0, requestBytes: 500, responseBytes: 500, latencyMsAvg: 30 },
    { id: 'e4', source: 'svc:shop/cart', target: 'ext:api.example.com', protocol: proto('HTTP', '#205cf5'), requests: 1, errors: 1, requestBytes: 10, responseBytes: 10, latencyMsAvg: 100 },
  ],
  protocols: [],
};

test('every node and edge shows when nothing is hidden or collapsed; widths scale by requests', (t) => {
  const v = buildView('l7', small, opts());
  t.is(v.nodes.length, 5);
  t.is(v.edges.length, 4);
  const e1 = v.edges.find((e) => e.id === 'e1')!;
  const e4 = v.edges.find((e) => e.id === 'e4')!;
  t.is(e1.width, MAX_WIDTH);
  t.true(e4.width < e1.width && e4.width > MIN_WIDTH);
  t.is(e1.label, '100 req · 5 err');
  t.is(e1.color, '#205cf5');
  t.deepEqual(v.legend, [
    { label: 'HTTP', color: '#205cf5' },
    { label: 'REDIS', color: '#a41e11' },
  ]);
});

test('bandwidth labels count request and/or response bytes as chosen', (t) => {
  const bw = (includeRequest: boolean, includeResponse: boolean) =>
    buildView('l7', small, opts({ settings: { ...DEFAULT_SETTINGS, bandwidth: true, includeRequest, includeResponse } })).edges.find((e) => e.id === 'e1')!;
  t.is(bw(true, true).label, '9.8 kB');
  t.is(bw(true, false).label, '1000 B');
  t.is(bw(false, true).value, 9000);
});

test('hidden namespaces, nodes and Kubernetes nodes are removed with their edges', (t) => {
  t.deepEqual(buildView('l7', small, opts({ hidden: new Set(['ns:auth']) })).nodes.map((n) => n.id).sort(), ['ext:api.example.com', 'svc:shop/cart', 'svc:shop/db', 'svc:shop/web']);
  const byNode = buildView('l7', small, opts({ hidden: new Set(['node:n2']) }));
  t.is(byNode.hiddenCount, 2);
  t.false(byNode.edges.some((e) => e.target === 'svc:shop/db' || e.target === 'svc:auth/login'));
  t.is(buildView('l7', small, opts({ hidden: new Set(['svc:shop/web']) })).edges.length, 2);
});

test('focus keeps a node and its neighbours (both directions) and only their edges', (t) => {
  const v = buildView('l7', small, opts({ focus: 'svc:shop/cart' }));
  t.deepEqual(v.nodes.map((n) => n.id).sort(), ['ext:api.example.com', 'svc:shop/cart', 'svc:shop/db', 'svc:shop/web']);
  t.deepEqual(v.edges.map((e) => e.id).sort(), ['e1', 'e2', 'e4']);
  const ns = buildView('l7', small, opts({ focus: 'ns:auth' }));
  t.deepEqual(ns.nodes.map((n) => n.id).sort(), ['svc:auth/login', 'svc:shop/web']);
  t.is(buildView('l7', small, opts({ focus: 'svc:nope/x' })).nodes.length, 5, 'an unknown focus shows everything');
});

test('above the threshold namespaces collapse into groups; parallel edges merge; expanding restores members', (t) => {
  const v = buildView('l7', small, opts({ collapseAbove: 3 }));
  t.deepEqual(v.nodes.map((n) => n.id).sort(), ['ext:api.example.com', 'group:shop', 'svc:auth/login']);
  const g = v.nodes.find((n) => n.id === 'group:shop')!;
  t.is(g.kind, 'group');
  t.is(g.members, 3);
  t.is(v.collapsedGroups, 1);
  t.deepEqual(v.edges.map((e) => `${e.source}>${e.target}`).sort(), ['group:shop>ext:api.example.com', 'group:shop>svc:auth/login'], 'edges inside the group are dropped');
  const expanded = buildView('l7', small, opts({ collapseAbove: 3, expanded: new Set(['shop']) }));
  t.is(expanded.nodes.length, 5);
  t.is(expanded.collapsedGroups, 0);
});

test('collapsed parallel L7 edges add up, latency weighted by requests', (t) => {
  const m: L7Map = {
    nodes: [svc('a', 'x'), svc('a', 'y'), svc('b', 'z')],
    edges: [
      { id: '1', source: 'svc:a/x', target: 'svc:b/z', protocol: proto('HTTP', '#1'), requests: 30, errors: 1, requestBytes: 1, responseBytes: 2, latencyMsAvg: 10 },
      { id: '2', source: 'svc:a/y', target: 'svc:b/z', protocol: proto('HTTP', '#1'), requests: 10, errors: 2, requestBytes: 3, responseBytes: 4, latencyMsAvg: 50 },
    ],
    protocols: [],
  };
  const v = buildView('l7', m, opts({ collapseAbove: 2 }));
  t.is(v.edges.length, 1);
  t.is(v.edges[0].source, 'group:a');
  t.is(v.edges[0].label, '40 req · 3 err');
  t.regex(v.edges[0].title, /avg latency 20\.0 ms/);
});

test('external endpoints group by /24, IPv6 /64 or DNS domain', (t) => {
  t.is(externalGroup('10.1.2.3'), '10.1.2.*');
  t.is(externalGroup('2001:db8:1:2::5'), '2001:db8:1:2::/64');
  t.is(externalGroup('a.b.example.com'), '*.example.com');
  t.is(externalGroup('localhost'), 'localhost');
  t.is(groupKeyOf({ id: 'ext:10.0.0.1', label: '10.0.0.1', kind: 'external', external: true }), 'ext:10.0.0.*');
  t.is(groupKeyOf({ id: 'ns:x', label: 'x', kind: 'namespace', namespace: 'x', external: false }), null);
});

test('L4 edges: packets by default, egress/ingress bytes with bandwidth, transport colours', (t) => {
  const m: L4Map = {
    nodes: [svc('a', 'x'), svc('b', 'y')],
    edges: [{ id: 'f', source: 'svc:a/x', target: 'svc:b/y', bytes: [2048, 4096], packets: [10, 20], flows: 3, transport: 'udp' }],
  };
  const v = buildView('l4', m, opts());
  t.is(v.edges[0].label, '30 pkts · 3 flows');
  t.deepEqual(v.legend, [{ label: 'UDP', color: '#f59e0b' }]);
  t.is(buildView('l4', m, opts({ settings: { ...DEFAULT_SETTINGS, bandwidth: true } })).edges[0].label, '↑2.0 kB ↓4.0 kB');
});

test('a 500-workload cluster collapses to a readable map', (t) => {
  const map = l7MapOf(clusterGraph(500));
  const v = buildView('l7', map, opts({ collapseAbove: 40 }));
  t.true(v.nodes.length <= 60, `${v.nodes.length} nodes`);
  t.true(v.collapsedGroups >= 30);
  t.true(v.edges.length > 0);
});

test('only as many groups collapse as the threshold needs, largest first: services stay visible beside a folded address block', (t) => {
  const shoppers: MapNode[] = Array.from({ length: 50 }, (_, i) => ({ id: `ext:198.51.100.${i}`, label: `198.51.100.${i}`, kind: 'external', external: true }));
  const m: L7Map = {
    nodes: [...shoppers, svc('shop', 'web'), svc('shop', 'cart'), svc('data', 'db')],
    edges: [
      ...shoppers.map((s, i) => ({ id: `s${i}`, source: s.id, target: 'svc:shop/web', protocol: proto('HTTP', '#1'), requests: 1, errors: 0, requestBytes: 1, responseBytes: 1, latencyMsAvg: 1 })),
      { id: 'c', source: 'svc:shop/web', target: 'svc:shop/cart', protocol: proto('HTTP', '#1'), requests: 5, errors: 0, requestBytes: 1, responseBytes: 1, latencyMsAvg: 1 },
    ],
    protocols: [],
  };
  const v = buildView('l7', m, opts({ collapseAbove: 10 }));
  t.deepEqual(v.nodes.map((n) => n.id).sort(), ['group:ext:198.51.100.*', 'svc:data/db', 'svc:shop/cart', 'svc:shop/web']);
  t.is(v.collapsedGroups, 1);
  t.is(v.nodes.find((n) => n.id === 'group:ext:198.51.100.*')!.members, 50);
  t.deepEqual(v.edges.map((e) => `${e.source}>${e.target}:${e.label}`).sort(), ['group:ext:198.51.100.*>svc:shop/web:50 req', 'svc:shop/web>svc:shop/cart:5 req']);
});
