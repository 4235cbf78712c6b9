import test from 'ava';
import { ClusterState } from './cluster-state.ts';
import { IpHistory } from './ip-history.ts';
import { endpointSlice, node, pod, service } from './testing/cluster-fixtures.ts';

const T0 = Date.UTC(2025, 5, 1, 12, 0, 0);

test('IpHistory: spans are time-ordered, reuse closes the previous owner, lookups by time', (t) => {
  const h = new IpHistory<string>();
  h.open('10.0.0.1', T0, 'a');
  h.close('10.0.0.1', T0 + 1000, (v) => v === 'a');
  h.open('10.0.0.1', T0 + 500, 'b'); // starts before a ended: moved to a's end
  t.is(h.at('10.0.0.1', T0 - 1), undefined);
  t.is(h.at('10.0.0.1', T0 + 999), 'a');
  t.is(h.at('10.0.0.1', T0 + 1000), 'b');
  t.is(h.current('10.0.0.1'), 'b');
  h.open('10.0.0.1', T0 + 5000, 'c'); // reuse while b is still open closes b
  t.is(h.at('10.0.0.1', T0 + 4999), 'b');
  t.is(h.at('10.0.0.1', T0 + 5000), 'c');
  h.close('10.0.0.1', T0 + 6000, (v) => v === 'b'); // not the owner any more: ignored
  t.is(h.current('10.0.0.1'), 'c');
  h.prune(T0 + 4000);
  t.is(h.at('10.0.0.1', T0 + 999), undefined, 'a ended before the horizon');
  t.is(h.at('10.0.0.1', T0 + 4500), 'b');
});

test('pods resolve with their service and EndpointSlice; services, nodes; host-network pods are the node', (t) => {
  const s = new ClusterState(() => T0);
  s.apply('Node', 'ADDED', node('node-a', '192.168.1.10'));
  s.apply('Service', 'ADDED', service('web', 'shop', '10.96.0.20'));
  s.apply('Pod', 'ADDED', pod('web-1', 'shop', '10.1.0.5', { labels: { app: 'web' } }));
  s.apply('Pod', 'ADDED', pod('agent-x', 'kube-system', '192.168.1.10', { hostNetwork: true }));
  s.apply('EndpointSlice', 'ADDED', endpointSlice('web', 'shop', [{ name: 'web-1', ip: '10.1.0.5' }]));

  const p = s.resolve('10.1.0.5', T0)!;
  t.like(p, { name: 'web-1', namespace: 'shop', node: 'node-a', mechanism: 'pod-ip', labels: { app: 'web' } });
  t.is(p.pod!.metadata.name, 'web-1');
  t.is(p.pod!.metadata.managedFields, undefined, 'managedFields are dropped');
  t.is(p.service!.metadata.name, 'web');
  t.is(p.endpointSlice!.metadata.name, 'web-abc12');
  t.like(s.resolve('10.96.0.20', T0), { name: 'web', namespace: 'shop', pod: null, mechanism: 'service-ip' });
  t.like(s.resolve('192.168.1.10', T0), { name: 'node-a', namespace: '', node: 'node-a', mechanism: 'node-ip' });
  t.is(s.resolve('10.9.9.9', T0), null);

  s.apply('EndpointSlice', 'DELETED', endpointSlice('web', 'shop', []));
  t.is(s.resolve('10.1.0.5', T0)!.service, null, 'identity follows slice changes');
});

test('IP reuse: two pods with one IP resolve by packet time', (t) => {
  let now = T0;
  const s = new ClusterState(() => now);
  s.apply('Pod', 'ADDED', pod('old-1', 'shop', '10.1.0.9', { created: T0 - 60_000 }));
  now = T0 + 10_000;
  s.apply('Pod', 'DELETED', pod('old-1', 'shop', '10.1.0.9'));
  now = T0 + 20_000;
  // Created before the old pod's deletion was seen: its span starts when the old one ended.
  s.apply('Pod', 'ADDED', pod('new-1', 'data', '10.1.0.9', { created: T0 + 5_000 }));
  t.is(s.resolve('10.1.0.9', T0 - 30_000)?.name, 'old-1');
  t.is(s.resolve('10.1.0.9', T0 + 9_999)?.name, 'old-1');
  t.is(s.resolve('10.1.0.9', T0 + 10_000)?.name, 'new-1');
  t.is(s.resolve('10.1.0.9', T0 + 99_000)?.namespace, 'data');
  t.is(s.resolve('10.1.0.9', T0 - 61_000), null, 'before the first pod existed');
  t.deepEqual([...s.pods.keys()], ['data/new-1']);
});

test('a pod that gets its IP later, changes labels, then is deleted', (t) => {
  let now = T0;
  const s = new ClusterState(() => now);
  const pending = pod('job-1', 'batch', '', { created: T0 });
  pending.status = { phase: 'Pending' };
  s.apply('Pod', 'ADDED', pending);
  now = T0 + 2000;
  s.apply('Pod', 'MODIFIED', pod('job-1', 'batch', '10.2.0.3', { created: T0 }));
  t.is(s.resolve('10.2.0.3', T0 + 1000)?.name, 'job-1', 'valid from creation');
  now = T0 + 3000;
  s.apply('Pod', 'MODIFIED', pod('job-1', 'batch', '10.2.0.3', { created: T0, labels: { app: 'job', v: '2' } }));
  t.deepEqual(s.resolve('10.2.0.3', T0 + 1000)?.labels, { app: 'job', v: '2' });
  now = T0 + 9000;
  s.apply('Pod', 'DELETED', pod('job-1', 'batch', '10.2.0.3'));
  t.is(s.resolve('10.2.0.3', T0 + 8999)?.name, 'job-1');
  t.is(s.resolve('10.2.0.3', T0 + 9000), null);
});
