/**
 * Hub and worker nodes in one process, talking over a real WebSocket on 127.0.0.1:
 * items and flow samples, scripts/env/identity pushed by the hub, hub.action, console
 * forwarding, the bounded buffer while the hub is away, and the link's refusals.
 */
import test from 'ava';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Item } from '../../capture/item.ts';
import type { FlowSample } from '../../capture/l4-report.ts';
import { pcapFileSource } from '../roles/packet-source.ts';
import { createHubNode, createWorkerNode } from './cluster-nodes.ts';
import type { WorkerView } from './worker-record.ts';
import { eventually, getJson, nodeConfig, tempDir, writeCapture } from './testing/cluster-env.ts';

let dir = '';
let pcap = '';
let exchanges = 0;
test.before(async () => {
  dir = await tempDir('cluster');
  pcap = path.join(dir, 'http.pcap');
  exchanges = writeCapture(pcap, 'http', 60, 4);
});

const quiet = () => undefined;

test('a worker\'s items and flow samples land on the hub\'s bus and flow listeners with their origin', async (t) => {
  const hub = await createHubNode(nodeConfig({ dir, name: 'hub-1' }), { log: quiet });
  const items: Item[] = [];
  const flows: FlowSample[] = [];
  hub.items.subscribe((i) => items.push(i));
  hub.flowListeners.push((s) => flows.push(s));
  await hub.start();
  const worker = await createWorkerNode(nodeConfig({ dir, name: 'w-a', hub: hub.http!.url }), { log: quiet });
  await worker.start();
  const run = worker.runSource(pcapFileSource(pcap));
  await run.done;
  t.is(run.pipeline.stats.items, exchanges);
  await eventually(() => items.length, (n) => n === exchanges, 15_000, 'items at the hub');
  t.true(items.every((i) => i.worker === 'w-a' && i.node.name === 'w-a' && i.node.ip === '10.9.0.1' && i.id.startsWith('w-a/')));
  t.is(new Set(items.map((i) => i.id)).size, exchanges);
  await eventually(() => flows.filter((f) => f.ended).length, (n) => n === 60, 15_000, 'final flow samples');
  t.true(flows.every((f) => f.worker === 'w-a' && f.id.startsWith('w-a/')));
  const nodes = await eventually(() => getJson<WorkerView[]>(`${hub.http!.url}/api/nodes`), (n) => n.length === 1 && n[0].items === exchanges);
  t.like(nodes[0], { name: 'w-a', ip: '10.9.0.1', connected: true, flows: flows.length, drops: { items: 0, flows: 0, console: 0, actions: 0 } });
  t.true(nodes[0].connectedSince > 0 && nodes[0].lastSeen >= nodes[0].connectedSince);
  await worker.stop();
  const after = await eventually(() => getJson<WorkerView[]>(`${hub.http!.url}/api/nodes`), (n) => !n[0].connected);
  t.is(after[0].name, 'w-a');
  await hub.stop();
});

test('the hub\'s active scripts and env run on the worker, follow changes, and hub.action crosses to the hub', async (t) => {
  const scriptsDir = path.join(dir, 'hub-scripts-2');
  await mkdir(scriptsDir, { recursive: true });
  await writeFile(path.join(scriptsDir, 'a.js'), `// A\nconsole.log('a on', utils.nodeName(), env.GREETING);\nfunction onHubAction(a, o) { console.log('got', a, JSON.stringify(o), 'on', utils.nodeName()); }`);
  await writeFile(path.join(scriptsDir, 'b.js'), `// B\nif (utils.nodeName() !== 'hub') hub.action('hello', { from: utils.nodeName() });`);
  const hubConfig = nodeConfig({ dir, name: 'hub-2', env: { GREETING: 'hi' } });
  hubConfig.scripting.source = scriptsDir;
  const hub = await createHubNode(hubConfig, { log: quiet, hub: { scriptPollMs: 50 } });
  await hub.start();
  const worker = await createWorkerNode(nodeConfig({ dir, name: 'w-b', hub: hub.http!.url }), { log: quiet });
  await worker.start();
  const running = (ids: string[]) => (list: { id: string; state: string }[]) => ids.every((id) => list.some((s) => s.id === id && s.state === 'running')) && list.length === ids.length;
  await eventually(() => worker.scripts.list(), running(['a.js', 'b.js']), 15_000, 'scripts on the worker');
  const hubLines = () => hub.runtime.console('a.js').texts();
  const workerLines = () => worker.runtime.console('a.js').texts();
  t.deepEqual(workerLines(), ['a on w-b hi']);
  await eventually(hubLines, (l) => l.includes('[w-b] a on w-b hi') && l.includes('got hello {"from":"w-b"} on hub'), 15_000, 'hub console');
  t.true(hubLines().includes('a on hub hi'));
  t.false(workerLines().some((l) => l.startsWith('got')), 'onHubAction runs on the hub only');

  await writeFile(path.join(scriptsDir, 'a.js'), `// A\nconsole.log('a2 on', utils.nodeName());`);
  await eventually(workerLines, (l) => l.includes('a2 on w-b'), 15_000, 'changed script on the worker');
  await hub.scripts.deactivate('b.js');
  await eventually(() => worker.scripts.list(), running(['a.js']), 15_000, 'deactivated script gone from the worker');
  const nodes = await eventually(
    () => getJson<WorkerView[]>(`${hub.http!.url}/api/nodes`),
    (n) => n[0]?.scripts.length === 1,
  );
  t.like(nodes[0].scripts[0], { id: 'a.js', state: 'running' });
  await worker.stop();
  await hub.stop();
});

test('identity tables: pushed on connect and again when the hub\'s version changes', async (t) => {
  const hub = await createHubNode(nodeConfig({ dir, name: 'hub-3' }), { log: quiet });
  let version = 1;
  hub.services.clusterIdentity = { version: () => version, snapshot: () => ({ pods: version }), apply: () => undefined };
  await hub.start();
  const worker = await createWorkerNode(nodeConfig({ dir, name: 'w-c', hub: hub.http!.url }), { log: quiet });
  const applied: unknown[] = [];
  worker.services.clusterIdentity = { version: () => 0, snapshot: () => null, apply: (tables) => void applied.push(tables) };
  await worker.start();
  await eventually(() => applied.length, (n) => n >= 1, 15_000, 'first identity push');
  t.deepEqual(applied[0], { pods: 1 });
  version = 2;
  await eventually(() => applied.at(-1), (v) => JSON.stringify(v) === '{"pods":2}', 15_000, 'second identity push');
  await worker.stop();
  await hub.stop();
});

test('the hub\'s identity state reaches the worker, which names endpoints at capture time', async (t) => {
  const identity = path.join(dir, 'identity.yaml');
  await writeFile(
    identity,
    `pods:
  - metadata: { name: catalogue-7f9, namespace: shop, labels: { app: catalogue } }
    spec: { nodeName: node-1 }
    status: { podIP: 10.1.0.1 }
namespaces:
  - metadata: { name: shop }
`,
  );
  const hubConfig = nodeConfig({ dir, name: 'hub-4' });
  hubConfig.identity.file = identity;
  const hub = await createHubNode(hubConfig, { log: quiet });
  const items: Item[] = [];
  hub.items.subscribe((i) => items.push(i));
  await hub.start();
  const worker = await createWorkerNode(nodeConfig({ dir, name: 'w-d', hub: hub.http!.url }), { log: quiet });
  await worker.start();
  await eventually(() => worker.services.clusterIdentity?.version(), (v) => Number(v) > 0, 15_000, 'identity applied on the worker');
  await worker.runSource(pcapFileSource(pcap)).done;
  await eventually(() => items.length, (n) => n === exchanges, 15_000, 'items at the hub');
  const toCatalogue = items.filter((i) => i.dst.ip === '10.1.0.1');
  t.true(toCatalogue.length > 0);
  t.true(toCatalogue.every((i) => i.dst.name === 'catalogue-7f9' && i.dst.namespace === 'shop' && i.namespace === 'shop'));
  t.true(items.filter((i) => i.dst.ip === '10.1.0.2').every((i) => i.dst.name === ''), 'unknown endpoints stay unnamed');
  await worker.stop();
  await hub.stop();
});
