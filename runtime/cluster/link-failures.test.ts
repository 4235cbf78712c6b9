/**
 * The cluster link when things go wrong: the hub away (bounded buffer, counted drops,
 * metrics, log lines, reconnect delivering the newest items), a wrong token, and a worker
 * that speaks out of turn or sends malformed data.
 */
import test from 'ava';
import path from 'node:path';
import WebSocket from 'ws';
import type { Item } from '../../capture/item.ts';
import { pcapFileSource } from '../roles/packet-source.ts';
import { createHubNode, createWorkerNode } from './cluster-nodes.ts';
import { CLUSTER_PATH, CloseCode, PROTOCOL_VERSION } from './protocol.ts';
import { TOKEN, eventually, getJson, nodeConfig, tempDir, writeCapture } from './testing/cluster-env.ts';
import type { WorkerLink } from './worker-feature.ts';
import type { WorkerView } from './worker-record.ts';

const PORT = 18031;
let dir = '';
let pcap = '';
let exchanges = 0;
test.before(async () => {
  dir = await tempDir('link');
  pcap = path.join(dir, 'http.pcap');
  exchanges = writeCapture(pcap, 'http', 80, 11);
});

test('hub away: the worker keeps the newest items within its bound, counts the rest, and delivers on reconnect', async (t) => {
  const logs: string[] = [];
  const config = nodeConfig({ dir, name: 'w-away', hub: `ws://127.0.0.1:${PORT}` });
  config.hub.bufferItems = 50;
  let link: WorkerLink | undefined;
  const worker = await createWorkerNode(config, { log: (l) => logs.push(l), onLink: (l) => (link = l) });
  const produced: string[] = [];
  worker.items.subscribe((i) => produced.push(i.id));
  await worker.start();
  await eventually(() => logs, (l) => l.some((x) => /unreachable \(ECONNREFUSED\); buffering up to 50 items/.test(x)), 10_000, 'outage log line');
  await worker.runSource(pcapFileSource(pcap)).done;
  t.is(produced.length, exchanges);
  t.is(link!.uplink.items.size, 50);
  t.is(link!.uplink.dropped().items, exchanges - 50);
  const metric = await worker.metrics.getSingleMetricAsString('wirehook_uplink_dropped_total');
  t.regex(metric, new RegExp(`wirehook_uplink_dropped_total\\{kind="items"\\} ${exchanges - 50}`));
  t.regex(await worker.metrics.getSingleMetricAsString('wirehook_uplink_connected'), /wirehook_uplink_connected 0/);

  const hubConfig = nodeConfig({ dir, name: 'hub-away', port: PORT });
  const hub = await createHubNode(hubConfig, { log: () => undefined });
  const received: Item[] = [];
  hub.items.subscribe((i) => received.push(i));
  await hub.start();
  await eventually(() => received.length, (n) => n === 50, 15_000, 'buffered items delivered');
  t.deepEqual(
    received.map((i) => i.id),
    produced.slice(-50),
    'the newest 50 items, in order',
  );
  await eventually(() => logs, (l) => l.some((x) => x.includes(`dropped ${exchanges - 50} items`) && x.includes('while it was unreachable')), 10_000, 'reconnect log line');
  const nodes = await eventually(() => getJson<WorkerView[]>(`${hub.http!.url}/api/nodes`), (n) => n[0]?.drops.items === exchanges - 50);
  t.is(nodes[0].items, 50);
  t.regex(await worker.metrics.getSingleMetricAsString('wirehook_uplink_connected'), /wirehook_uplink_connected 1/);
  await worker.stop();
  await hub.stop();
});

test('a wrong cluster token is refused before the upgrade and logged by the worker', async (t) => {
  const hub = await createHubNode(nodeConfig({ dir, name: 'hub-token' }), { log: () => undefined });
  await hub.start();
  const logs: string[] = [];
  const worker = await createWorkerNode(nodeConfig({ dir, name: 'w-token', hub: hub.http!.url, token: 'not-the-token' }), { log: (l) => logs.push(l) });
  await worker.start();
  await eventually(() => logs, (l) => l.some((x) => x.includes('ERR_CLUSTER_UNAUTHORIZED')), 10_000, 'unauthorized log line');
  t.deepEqual(await getJson(`${hub.http!.url}/api/nodes`), []);
  await worker.stop();
  await hub.stop();
});

function client(url: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url.replace(/^http/, 'ws') + CLUSTER_PATH, { headers: { authorization: `Bearer ${TOKEN}` } });
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  });
}

const closed = (ws: WebSocket) => new Promise<number>((r) => ws.once('close', (code) => r(code)));
const hello = (name: string, protocol = PROTOCOL_VERSION) => JSON.stringify({ t: 'hello', protocol, name, ip: '10.0.0.1', version: 'x', sources: [] });

test('the hub refuses messages before hello, other protocol versions, and malformed data; a reconnecting name replaces the old link', async (t) => {
  const hub = await createHubNode(nodeConfig({ dir, name: 'hub-raw' }), { log: () => undefined });
  await hub.scriptFolder.put('act.js', `// Act\nfunction onHubAction(a, o) { console.log(a, JSON.stringify(o)); }`);
  const items: Item[] = [];
  hub.items.subscribe((i) => items.push(i));
  await hub.start();
  await eventually(() => hub.scripts.list(), (l) => l.some((s) => s.id === 'act.js' && s.state === 'running'));
  const url = hub.http!.url;

  const early = await client(url);
  early.send(JSON.stringify({ t: 'batch', items: [], flows: [] }));
  t.is(await closed(early), CloseCode.badHello);

  const old = await client(url);
  old.send(hello('raw', PROTOCOL_VERSION + 1));
  t.is(await closed(old), CloseCode.protocol);

  const a = await client(url);
  a.send(hello('raw'));
  a.send('not json');
  a.send(JSON.stringify({ t: 'batch', items: [{ id: 'raw/1', protocol: {} }, { no: 'id' }, 7], flows: [{ id: 'f' }, null], dropped: {} }));
  a.send(JSON.stringify({ t: 'action', action: 'ok', object: { n: 1 }, depth: 1 }));
  a.send(JSON.stringify({ t: 'action', action: 'deep', object: 1, depth: 9 }));
  a.send(JSON.stringify({ t: 'action', action: '', object: 1, depth: 1 }));
  await eventually(() => hub.runtime.console('act.js').texts(), (l) => l.includes('ok {"n":1}'), 10_000, 'action delivered');
  t.deepEqual(items.map((i) => [i.id, i.worker, i.node]), [['raw/1', 'raw', { ip: '10.0.0.1', name: 'raw' }]]);
  const nodes = await getJson<WorkerView[]>(`${url}/api/nodes`);
  t.like(nodes[0], { name: 'raw', items: 1, flows: 1, connected: true });
  const rejected = await hub.metrics.getSingleMetricAsString('wirehook_hub_rejected_messages_total');
  t.regex(rejected, /wirehook_hub_rejected_messages_total 7/, 'batch before hello, not json, 2 bad items, 1 bad flow, too deep, empty action');
  t.false(hub.runtime.console('act.js').texts().some((l) => l.startsWith('deep')));

  const b = await client(url);
  const aClosed = closed(a);
  b.send(hello('raw'));
  t.is(await aClosed, CloseCode.replaced);
  const again = await eventually(() => getJson<WorkerView[]>(`${url}/api/nodes`), (n) => n.length === 1 && n[0].connected);
  t.is(again[0].items, 1, 'the record (and its counters) is kept across reconnects');
  b.close();
  await hub.stop();
});
