import test from 'ava';
import { compileKfl } from '../../../capture/kfl/index.ts';
import type { FlowSample } from '../../../capture/l4-report.ts';
import { DNS, httpItem, T0 } from '../../testing/items.ts';
import { ItemStore } from '../item-store.ts';
import { itemIdentity, type EndpointIdentity } from './endpoint-identity.ts';
import { buildL4Graph, buildL7Graph } from './graph.ts';
import { mapNodeOf } from './map-node.ts';
import { ServiceMaps } from './service-maps.ts';
import { TimeBuckets } from './time-buckets.ts';

const OPTS = { bucketMs: 10_000, buckets: 6, maxPairsPerBucket: 100 };

function sample(id: string, tsMs: number, o: Partial<FlowSample> = {}): FlowSample {
  return {
    id,
    worker: 'node-a',
    transport: 'tcp',
    src: { ip: '10.0.0.1', port: '40000', name: 'web', namespace: 'shop', node: 'node-a' },
    dst: { ip: '10.0.0.2', port: '5432', name: 'db', namespace: 'data', node: 'node-b' },
    tsMs,
    packets: [2, 1],
    bytes: [200, 100],
    retransmissions: 0,
    resets: 0,
    ended: false,
    ...o,
  };
}

const ident = (o: Partial<EndpointIdentity>): EndpointIdentity => ({ ip: '10.0.0.9', port: '', name: '', namespace: '', node: '', pod: '', service: '', ...o });

test('grouping: namespace, node, pod, service; external endpoints by DNS name else IP', (t) => {
  const e = ident({ name: 'orders', namespace: 'shop', node: 'node-b', pod: 'orders-5d8f', service: 'orders-svc' });
  t.deepEqual(mapNodeOf(e, 'namespace'), { id: 'ns:shop', label: 'shop', kind: 'namespace', namespace: 'shop', external: false });
  t.deepEqual(mapNodeOf(e, 'node'), { id: 'node:node-b', label: 'node-b', kind: 'node', node: 'node-b', external: false });
  t.deepEqual(mapNodeOf(e, 'pod'), { id: 'pod:shop/orders-5d8f', label: 'orders-5d8f', kind: 'pod', namespace: 'shop', node: 'node-b', external: false });
  t.deepEqual(mapNodeOf(e, 'service'), { id: 'svc:shop/orders-svc', label: 'orders-svc', kind: 'service', namespace: 'shop', external: false });
  t.is(mapNodeOf(ident({ name: 'orders', namespace: 'shop' }), 'pod').label, 'orders', 'no pod object: the workload name');
  t.is(mapNodeOf(ident({ namespace: 'shop' }), 'node').id, 'node:?');
  for (const g of ['namespace', 'node', 'pod', 'service'] as const) {
    t.deepEqual(mapNodeOf(ident({ name: 'api.example.com' }), g), { id: 'ext:api.example.com', label: 'api.example.com', kind: 'external', external: true });
    t.is(mapNodeOf(ident({ ip: '203.0.113.7' }), g).label, '203.0.113.7');
  }
  for (const g of ['namespace', 'node', 'pod', 'service'] as const) {
    t.deepEqual(mapNodeOf(ident({ ip: '10.0.0.2', name: 'node-a', node: 'node-a' }), g), { id: 'node:node-a', label: 'node-a', kind: 'node', node: 'node-a', external: false }, 'a node address is the node');
  }
  t.is(itemIdentity({ ip: '10.0.0.2', port: 0, name: 'node-a', namespace: '', resolutionMechanism: 'node-ip' } as never, 'node-b', false).node, 'node-a');
  t.is(itemIdentity({ ip: '93.184.216.34', port: 0, name: 'example.com', namespace: '', resolutionMechanism: 'dns' } as never, 'node-b', false).node, '');
});

test('L4: bytes and packets per direction; flows = active in the first bucket + started later; ICMP is not an edge', (t) => {
  const m = new ServiceMaps(OPTS, null);
  m.addFlow(sample('w/1', T0));
  m.addFlow(sample('w/1', T0 + 2000));
  m.addFlow(sample('w/1', T0 + 12_000));
  m.addFlow(sample('w/2', T0 + 13_000));
  m.addFlow(sample('w/2', T0 + 14_000, { ended: true, bytes: [10, 0], packets: [1, 0] }));
  m.addFlow(sample('w/3', T0, { transport: 'icmp' }));
  const g = m.l4Map({ from: null, to: null, group: 'namespace', filter: null });
  t.deepEqual(g.nodes.map((n) => n.id), ['ns:data', 'ns:shop']);
  t.deepEqual(g.edges, [{ id: 'ns:shop->ns:data/tcp', source: 'ns:shop', target: 'ns:data', bytes: [810, 400], packets: [9, 4], flows: 2, transport: 'tcp' }]);
  const later = m.l4Map({ from: T0 + 10_000, to: T0 + 19_999, group: 'namespace', filter: null });
  t.is(later.edges[0].flows, 2, 'both flows moved in that bucket');
  t.deepEqual(later.edges[0].bytes, [410, 200]);
  const first = m.l4Map({ from: T0, to: T0 + 9999, group: 'namespace', filter: null });
  t.deepEqual(first.edges[0].bytes, [400, 200]);
  t.is(first.edges[0].flows, 1);
});

test('L4: grouping variants merge pairs; the endpoint filter sees src/dst/transport', (t) => {
  const m = new ServiceMaps(OPTS, null);
  m.addFlow(sample('w/1', T0));
  m.addFlow(sample('w/2', T0, { src: { ip: '10.0.0.3', port: '40001', name: 'worker', namespace: 'shop', node: 'node-a' } }));
  m.addFlow(sample('w/3', T0, { transport: 'udp', dst: { ip: '8.8.8.8', port: '53', name: 'dns.google', namespace: '' } }));
  const byNs = m.l4Map({ from: null, to: null, group: 'namespace', filter: null });
  t.deepEqual(byNs.edges.map((e) => [e.id, e.flows]), [['ns:shop->ext:dns.google/udp', 1], ['ns:shop->ns:data/tcp', 2]]);
  const byPod = m.l4Map({ from: null, to: null, group: 'pod', filter: null });
  t.deepEqual(byPod.edges.map((e) => e.id), ['pod:shop/web->ext:dns.google/udp', 'pod:shop/web->pod:data/db/tcp', 'pod:shop/worker->pod:data/db/tcp']);
  const byNode = m.l4Map({ from: null, to: null, group: 'node', filter: null });
  t.deepEqual(byNode.edges.map((e) => e.id), ['node:node-a->ext:dns.google/udp', 'node:node-a->node:node-b/tcp']);
  const f = m.l4Map({ from: null, to: null, group: 'namespace', filter: compileKfl('dst.port == "5432" and src.name == "worker"') });
  t.deepEqual(f.edges.map((e) => [e.id, e.flows]), [['ns:shop->ns:data/tcp', 1]]);
  t.deepEqual(m.l4Map({ from: null, to: null, group: 'namespace', filter: compileKfl('udp') }).edges.map((e) => e.transport), ['udp']);
});

test('L4: buckets are bounded; late samples and extra pairs are dropped and counted', (t) => {
  const m = new ServiceMaps({ ...OPTS, buckets: 2, maxPairsPerBucket: 1 }, null);
  m.addFlow(sample('w/1', T0));
  m.addFlow(sample('w/2', T0 + 10_000));
  m.addFlow(sample('w/3', T0 + 20_000));
  t.is(m.l4.buckets.size, 2);
  m.addFlow(sample('w/4', T0 + 1000));
  m.addFlow(sample('w/5', T0 + 20_000, { dst: { ip: '10.0.0.7', port: '80', name: 'x', namespace: 'other' } }));
  t.like(m.stats(), { late: 1, droppedPairs: 1, flowSamples: 3 });
  t.deepEqual(m.l4Map({ from: null, to: null, group: 'namespace', filter: null }).edges[0].bytes, [400, 200]);
});

test('L7: per-protocol edges with requests, errors, sizes and mean latency; a legend of protocols', async (t) => {
  const m = new ServiceMaps(OPTS, null);
  for (let i = 0; i < 4; i++) m.addItem(httpItem({ i, status: i === 3 ? 500 : 200 }));
  const dns = httpItem({ i: 9 });
  dns.protocol = DNS;
  dns.request = { questions: [{ name: 'x.example.com', type: 'A' }] };
  dns.response = { code: 'Name Error' };
  m.addItem(dns);
  const g = await m.l7Map({ from: null, to: null, group: 'namespace', filter: null });
  t.deepEqual(g.nodes.map((n) => n.id), ['ns:sock-shop']);
  t.deepEqual(
    g.edges.map((e) => [e.id, e.requests, e.errors, e.requestBytes, e.responseBytes, e.latencyMsAvg]),
    [
      ['ns:sock-shop->ns:sock-shop/DNS', 1, 1, 250, 622, 3],
      ['ns:sock-shop->ns:sock-shop/HTTP', 4, 1, 1000, 2488, 3],
    ],
  );
  t.deepEqual(g.protocols, [
    { abbr: 'DNS', backgroundColor: DNS.backgroundColor },
    { abbr: 'HTTP', backgroundColor: '#326de6' },
  ]);
  const pods = await m.l7Map({ from: null, to: null, group: 'pod', filter: null });
  t.deepEqual(pods.nodes.map((n) => n.label), ['catalogue-6f5d4', 'front-end-7d9f8']);
});

test('L7 with a KFL filter is computed from the item store', async (t) => {
  const store = new ItemStore({ dir: null, memoryItems: 100, memoryBytes: 1 << 24, diskBytes: 0, segmentBytes: 1, maxAgeMs: 1 });
  const m = new ServiceMaps(OPTS, store, 3);
  for (let i = 0; i < 6; i++) {
    const it = httpItem({ i, status: i % 2 ? 500 : 200, dstNamespace: i < 3 ? 'a' : 'b' });
    store.add(it);
    m.addItem(it);
  }
  const g = await m.l7Map({ from: null, to: null, group: 'namespace', filter: compileKfl('response.status == 500') });
  t.deepEqual(g.edges.map((e) => [e.target, e.requests, e.errors]), [['ns:b', 2, 2]], 'a scan budget of 3: the newest three items (5, 4, 3)');
  t.like(g, { scanned: 3, truncated: true });
  const all = await new ServiceMaps(OPTS, store).l7Map({ from: null, to: null, group: 'namespace', filter: compileKfl('response.status == 500') });
  t.deepEqual(all.edges.map((e) => [e.target, e.requests]), [['ns:a', 1], ['ns:b', 2]]);
  t.like(all, { scanned: 6, truncated: false });
});

test('graph builders are pure and deterministic', (t) => {
  const a = ident({ name: 'a', namespace: 'x' });
  const b = ident({ name: 'b', namespace: 'y' });
  const pairs = [
    { src: b, dst: a, transport: 'udp' as const, bytes: [1, 2] as [number, number], packets: [1, 1] as [number, number], flows: 1 },
    { src: a, dst: b, transport: 'tcp' as const, bytes: [5, 6] as [number, number], packets: [2, 2] as [number, number], flows: 2 },
  ];
  const g1 = buildL4Graph(pairs, 'namespace');
  const g2 = buildL4Graph([...pairs].reverse(), 'namespace');
  t.deepEqual(g1, g2);
  t.deepEqual(pairs[0].bytes, [1, 2], 'inputs untouched');
  t.deepEqual(buildL7Graph([], 'pod'), { nodes: [], edges: [], protocols: [] });
});

test('time buckets: windows round out to whole buckets; out-of-order buckets are kept in order', (t) => {
  const b = new TimeBuckets<{ start: number }>(10, 3, (start) => ({ start }));
  b.at(25);
  b.at(5);
  b.at(15);
  t.deepEqual([...b.window(null, null)].map((x) => x.start), [0, 10, 20]);
  t.deepEqual([...b.window(12, 21)].map((x) => x.start), [10, 20]);
  b.at(35);
  t.deepEqual([...b.window(null, null)].map((x) => x.start), [10, 20, 30]);
  t.is(b.at(1), null);
  t.is(b.late, 1);
  t.throws(() => new TimeBuckets(0, 1, () => 0), { instanceOf: RangeError });
});

test('odd samples and items (remote data) are ignored or kept, never thrown on', async (t) => {
  const m = new ServiceMaps(OPTS, null);
  for (const s of [{}, { transport: 'tcp' }, { transport: 'udp', packets: [1, 0], bytes: [60, 0], tsMs: T0 }, null]) {
    t.notThrows(() => m.addFlow(s as unknown as FlowSample));
  }
  for (const it of [{}, { protocol: null, src: 5, timestamp: 'x' }]) t.notThrows(() => m.addItem(it as never));
  t.deepEqual(m.l4Map({ from: null, to: null, group: 'namespace', filter: null }).edges.map((e) => e.id), ['ext:(unknown)->ext:(unknown)/udp']);
  t.is((await m.l7Map({ from: null, to: null, group: 'pod', filter: null })).edges.length, 1);
});
