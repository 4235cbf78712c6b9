import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pcapFileSource } from '../../runtime/roles/packet-source.ts';
import { startTestNode, waitFor, type TestNode } from '../live/testing/live-node.ts';
import { K8sListWatchServer } from '../testing/k8s-api-server.ts';
import { identityFeature, nodeIdentity } from './identity-feature.ts';
import { endpointSlice, namespace, node, pod, service, writeIdentityCapture } from './testing/cluster-fixtures.ts';

const POD_EVENTS = `// Pod events
function onPodEvent(event, pod) { console.log(event + " " + pod.metadata.namespace + "/" + pod.ObjectMeta.Name + " " + (pod.metadata.labels.v || "-")); }
`;

interface Env {
  api: K8sListWatchServer;
  tn: TestNode;
  dir: string;
  close(): Promise<void>;
}

/** A cluster with one node, a service "web" fronting pod web-1, then a node watching it. */
async function cluster(): Promise<Env> {
  const api = await K8sListWatchServer.start();
  api.add('namespaces', namespace('shop'));
  api.add('nodes', node('node-a', '192.168.50.10'));
  api.add('services', service('web', 'shop', '10.96.0.20'));
  api.add('endpointslices', endpointSlice('web', 'shop', [{ name: 'web-1', ip: '10.1.0.5' }]));
  api.add('pods', pod('web-1', 'shop', '10.1.0.5', { labels: { app: 'web' } }));
  api.add('pods', pod('client-1', 'shop', '10.1.0.7'));
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-kube-'));
  const kubeconfig = await api.kubeconfig(dir);
  const scripts = path.join(dir, 'scripts');
  const tn = await startTestNode({
    features: [identityFeature],
    configure: (c) => {
      c.kubernetes.enabled = true;
      c.kubernetes.kubeconfig = kubeconfig;
      c.scripting.source = scripts;
    },
    beforeStart: async () => writeFile(path.join(scripts, 'pods.js'), POD_EVENTS),
  });
  const id = nodeIdentity(tn.node)!;
  await waitFor('the initial lists', () => id.cluster.pods.size === 2 && id.cluster.slices.size === 1 && api.watching('pods') === 1);
  return {
    api,
    tn,
    dir,
    async close() {
      await tn.close();
      await api.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

const podLines = (e: Env) => e.tn.node.runtime.console('pods.js').texts();

test.serial('informers list then watch: items get pod/service identity; pod add/update/delete reach onPodEvent', async (t) => {
  const e = await cluster();
  try {
    t.true(e.api.requests.includes('GET /api/v1/pods'));
    t.true(e.api.requests.some((r) => r.startsWith('GET /apis/discovery.k8s.io/v1/endpointslices?watch=true&resourceVersion=')));
    await waitFor('ADDED events of the initial list', () => podLines(e).length >= 2);

    e.api.add('pods', pod('web-2', 'shop', '10.1.0.6'));
    e.api.modify('pods', pod('web-2', 'shop', '10.1.0.6', { labels: { app: 'web', v: '2' } }));
    e.api.remove('pods', pod('web-2', 'shop', '10.1.0.6', { labels: { app: 'web', v: '2' } }));
    await waitFor('watch events', () => podLines(e).length >= 5);
    t.deepEqual(podLines(e), ['ADDED shop/web-1 -', 'ADDED shop/client-1 -', 'ADDED shop/web-2 -', 'MODIFIED shop/web-2 2', 'DELETED shop/web-2 2']);

    const file = path.join(e.dir, 'x.pcap');
    const now = Date.now();
    writeIdentityCapture(file, [
      { http: { client: '10.1.0.7', server: '10.96.0.20', path: '/via-service', at: now } },
      { http: { client: '10.1.0.7', server: '10.1.0.5', path: '/to-pod', at: now + 10 } },
      { http: { client: '192.168.50.10', server: '10.1.0.5', path: '/from-node', at: now + 20 } },
    ]);
    await e.tn.node.runSource(pcapFileSource(file)).done;
    const byPath = (p: string) => e.tn.items.find((i) => i.request?.path === p)!;
    const viaService = byPath('/via-service');
    t.like(viaService.src, { name: 'client-1', namespace: 'shop', resolutionMechanism: 'pod-ip' });
    t.like(viaService.dst, { name: 'web', namespace: 'shop', pod: null, resolutionMechanism: 'service-ip' });
    t.is((viaService.dst.service as any)?.spec.clusterIP, '10.96.0.20');
    t.is(viaService.namespace, 'shop');
    const toPod = byPath('/to-pod');
    t.is(toPod.dst.name, 'web-1');
    t.is((toPod.dst.pod as any).metadata.labels.app, 'web');
    t.is((toPod.dst.service as any).metadata.name, 'web', 'the EndpointSlice names the pod’s service');
    t.is((toPod.dst.endpointSlice as any).metadata.name, 'web-abc12');
    t.like(byPath('/from-node').src, { name: 'node-a', namespace: '', resolutionMechanism: 'node-ip' });
  } finally {
    await e.close();
  }
});

test.serial('410 Expired → relist: missed changes arrive as deletes and adds', async (t) => {
  const e = await cluster();
  try {
    await waitFor('initial pod events', () => podLines(e).length >= 2);
    const lists = e.api.requests.filter((r) => r === 'GET /api/v1/pods').length;
    // While "disconnected", client-1 goes away and db-0 appears: no watch events for them.
    e.api.silently('pods', 'DELETED', pod('client-1', 'shop', '10.1.0.7'));
    e.api.silently('pods', 'ADDED', pod('db-0', 'shop', '10.1.0.8'));
    e.api.expire('pods');
    const id = nodeIdentity(e.tn.node)!;
    await waitFor('the relist', () => id.cluster.pods.has('shop/db-0') && !id.cluster.pods.has('shop/client-1'));
    t.is(e.api.requests.filter((r) => r === 'GET /api/v1/pods').length, lists + 1);
    await waitFor('events of the relist', () => podLines(e).includes('ADDED shop/db-0 -'));
    t.true(podLines(e).includes('DELETED shop/client-1 -'));
    t.is(id.cluster.resolve('10.1.0.8', Date.now())?.name, 'db-0');
    t.is(id.cluster.resolve('10.1.0.7', Date.now() + 1000), null);
    await waitFor('the watch to resume', () => e.api.watching('pods') === 1);
    e.api.add('pods', pod('late-1', 'shop', '10.1.0.11'));
    await waitFor('a watch event after the relist', () => id.cluster.pods.has('shop/late-1'));
    t.pass();
  } finally {
    await e.close();
  }
});

test.serial('IP reuse across time: two pods with one IP, items resolved by their timestamps', async (t) => {
  const e = await cluster();
  try {
    const id = nodeIdentity(e.tn.node)!;
    const created = Date.now() - 60_000;
    e.api.add('pods', pod('cache-old', 'shop', '10.1.0.30', { created }));
    await waitFor('cache-old', () => id.cluster.pods.has('shop/cache-old'));
    e.api.remove('pods', pod('cache-old', 'shop', '10.1.0.30', { created }));
    await waitFor('cache-old deleted', () => !id.cluster.pods.has('shop/cache-old'));
    const deletedAt = Date.now();
    e.api.add('pods', pod('cache-new', 'data', '10.1.0.30', { created: deletedAt + 2000 }));
    await waitFor('cache-new', () => id.cluster.pods.has('data/cache-new'));

    const file = path.join(e.dir, 'reuse.pcap');
    writeIdentityCapture(file, [
      { http: { client: '10.1.0.7', server: '10.1.0.30', path: '/old', at: created + 30_000 } },
      { http: { client: '10.1.0.7', server: '10.1.0.30', path: '/between', at: deletedAt + 1000 } },
      { http: { client: '10.1.0.7', server: '10.1.0.30', path: '/new', at: deletedAt + 30_000 } },
    ]);
    await e.tn.node.runSource(pcapFileSource(file)).done;
    const dst = (p: string) => e.tn.items.find((i) => i.request?.path === p)!.dst;
    t.like(dst('/old'), { name: 'cache-old', namespace: 'shop' });
    t.like(dst('/between'), { name: '', namespace: '', pod: null });
    t.like(dst('/new'), { name: 'cache-new', namespace: 'data' });
  } finally {
    await e.close();
  }
});

test.serial('an unreachable API does not block start; informers retry with back-off and catch up', async (t) => {
  const PORT = 17750;
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-kube-'));
  const first = await K8sListWatchServer.start(PORT);
  const kubeconfig = await first.kubeconfig(dir);
  await first.close();
  const tn = await startTestNode({
    features: [identityFeature],
    configure: (c) => {
      c.kubernetes.enabled = true;
      c.kubernetes.kubeconfig = kubeconfig;
    },
  });
  let api: K8sListWatchServer | undefined;
  try {
    const id = nodeIdentity(tn.node)!;
    await waitFor('a retry log line', () => tn.logs.some((l) => /kubernetes Pod watch failed .*retrying in \d+ ms/.test(l)));
    api = await K8sListWatchServer.start(PORT);
    api.add('pods', pod('api-1', 'shop', '10.1.0.40'));
    await waitFor('the pod after the API came back', () => id.cluster.pods.has('shop/api-1'), 20_000);
    t.true(id.watch!.stats.restarts >= 1);
    t.true(id.watch!.stats.errors >= 1);
  } finally {
    await tn.close();
    await api?.close();
    await rm(dir, { recursive: true, force: true });
  }
});
