import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { FlowSample } from '../l4-report.ts';
import { pcapFileSource } from '../../runtime/roles/packet-source.ts';
import { startTestNode } from '../live/testing/live-node.ts';
import { ClusterState } from './cluster-state.ts';
import { identityFeature } from './identity-feature.ts';
import { IdentityFileError, loadStaticIdentity } from './static-identity.ts';
import { endpointSlice, node, pod, service, writeIdentityCapture } from './testing/cluster-fixtures.ts';

const T = Date.UTC(2024, 2, 1, 10, 0, 0);

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-static-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const identityYaml = stringify({
  nodes: [node('node-a', '192.168.7.1')],
  services: [service('orders', 'shop', '10.96.1.10', [8080])],
  endpointSlices: [endpointSlice('orders', 'shop', [{ name: 'orders-1', ip: '10.1.1.10' }])],
  // Created "later" than the capture: static identities hold for any packet time.
  pods: [pod('orders-1', 'shop', '10.1.1.10', { created: T + 86_400_000 }), pod('front-1', 'web', '10.1.1.20', { created: T + 86_400_000, node: 'node-b' })],
});

test('identity.file: items and L4 flow samples of a replay get pod/service identity', async (t) => {
  await withDir(async (dir) => {
    const file = path.join(dir, 'identity.yaml');
    await writeFile(file, identityYaml);
    const tn = await startTestNode({ features: [identityFeature], configure: (c) => void (c.identity.file = file) });
    const samples: FlowSample[] = [];
    tn.node.flowListeners.push((s) => samples.push(s));
    try {
      const pcap = path.join(dir, 'replay.pcap');
      writeIdentityCapture(pcap, [
        { http: { client: '10.1.1.20', server: '10.96.1.10', port: 8080, path: '/orders', at: T } },
        { http: { client: '10.1.1.20', server: '10.1.1.10', port: 8080, path: '/direct', at: T + 100 } },
        { http: { client: '203.0.113.50', server: '10.1.1.10', port: 8080, path: '/outside', at: T + 200 } },
      ]);
      await tn.node.runSource(pcapFileSource(pcap)).done;
      const item = (p: string) => tn.items.find((i) => i.request?.path === p)!;
      t.like(item('/orders').src, { name: 'front-1', namespace: 'web', resolutionMechanism: 'pod-ip' });
      t.like(item('/orders').dst, { name: 'orders', namespace: 'shop', resolutionMechanism: 'service-ip' });
      t.is(item('/orders').namespace, 'shop');
      t.is((item('/direct').dst.service as any).metadata.name, 'orders');
      t.like(item('/outside').src, { name: '', namespace: '', pod: null });
      t.is(item('/outside').namespace, 'shop', 'legacy namespace: dst');

      const sample = samples.find((s) => s.dst.ip === '10.96.1.10')!;
      t.like(sample.src, { name: 'front-1', namespace: 'web', node: 'node-b', labels: { app: 'front' } });
      t.like(sample.dst, { name: 'orders', namespace: 'shop' });

      const history = tn.node.services.nameHistory!.snapshot();
      t.deepEqual(history['0']['10.1.1.10'], { FullAddress: 'orders-1.shop', Namespace: 'shop' });
      t.deepEqual(history['0']['10.96.1.10:8080'], { FullAddress: 'orders.shop', Namespace: 'shop' });
      t.deepEqual(history['0']['192.168.7.1'], { FullAddress: 'node-a', Namespace: '' });
    } finally {
      await tn.close();
    }
  });
});

test('kubectl List output is accepted (several YAML documents too)', async (t) => {
  await withDir(async (dir) => {
    const file = path.join(dir, 'list.yaml');
    const list = { apiVersion: 'v1', kind: 'List', items: [{ kind: 'Pod', ...pod('a-1', 'x', '10.3.0.1') }, { kind: 'ConfigMap', metadata: { name: 'ignored' } }] };
    await writeFile(file, stringify(list) + '---\n' + stringify({ kind: 'Service', ...service('b', 'x', '10.97.0.1') }));
    const state = new ClusterState();
    t.like(await loadStaticIdentity(file, state), { Pod: 1, Service: 1, Node: 0 });
    t.is(state.resolve('10.3.0.1', 0)?.name, 'a-1');
    t.is(state.resolve('10.97.0.1', 0)?.name, 'b');
  });
});

test('a bad identity file: ERR_IDENTITY_FILE with a hint', async (t) => {
  await withDir(async (dir) => {
    const state = new ClusterState();
    const bad = async (content: string | null) => {
      const file = path.join(dir, 'bad.yaml');
      if (content !== null) await writeFile(file, content);
      const err = await t.throwsAsync(loadStaticIdentity(content === null ? path.join(dir, 'missing.yaml') : file, state), { instanceOf: IdentityFileError });
      t.is(err!.code, 'ERR_IDENTITY_FILE');
      t.truthy(err!.hint);
      return err!.message;
    };
    t.regex(await bad(null), /cannot read/);
    t.regex(await bad('pods: [ {'), /bad\.yaml/);
    t.regex(await bad('pods: {}'), /'pods' must be a list/);
    t.regex(await bad('pods: [{spec: {}}]'), /pods\[0\] has no metadata.name/);
    t.regex(await bad('hello: world'), /no namespaces, nodes, services, endpointSlices, pods or items/);
  });
});
