/**
 * The dashboard over a real port with items from a real pipeline: a synthesized capture
 * (HTTP with 4xx/5xx, DNS, Redis, TCP flows without L7 data, markup in an HTTP exchange)
 * replayed through `node.runSource(pcapFileSource(...))` with test identities, then
 * queried like the UI does.
 */
import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readPcapFile } from '../../capture/source/pcap-file.ts';
import { storageFeature } from '../../runtime/recorder/storage-feature.ts';
import type { Feature } from '../../runtime/roles/feature.ts';
import { pcapFileSource } from '../../runtime/roles/packet-source.ts';
import { httpItem } from '../../runtime/testing/items.ts';
import { startDashboard, type TestDashboard } from './testing/dashboard.ts';
import { DNS_AT, RAW_FLOWS, REDIS_AT, T0, writeMixedCapture, XSS_BODY, XSS_HEADER, type MixedCapture } from './testing/traffic.ts';

let capture: { file: string; counts: MixedCapture; dir: string };

test.before(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wirehook-dash-cap-'));
  const file = path.join(dir, 'mixed.pcap');
  capture = { file, counts: writeMixedCapture(file), dir };
});

test.after.always(() => rm(capture.dir, { recursive: true, force: true }));

const QUERY_FAIL = `// 5xx fail
function onItemQueried(data) {
  if (data.response && data.response.status >= 500) return test.fail(data);
}`;
const QUERY_PASS = `// HTTP pass
function onItemQueried(data) {
  if (data.protocol.abbr === "HTTP") return test.pass(data);
}`;

async function replayed(t: Parameters<typeof startDashboard>[0], scripts: Record<string, string> = {}, features: Feature[] = []): Promise<TestDashboard> {
  const dash = await startDashboard(t, { identity: true, scripts, features });
  const run = dash.node.runSource(pcapFileSource(capture.file));
  await run.done;
  t.is(dash.node.items.published, run.pipeline.stats.items);
  return dash;
}

async function allRows(dash: TestDashboard, qs = ''): Promise<any[]> {
  const rows: any[] = [];
  let cursor: string | null = null;
  do {
    const r = await dash.api('GET', `/api/items?limit=500${qs}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    rows.push(...r.json.rows);
    cursor = r.json.nextCursor;
  } while (cursor);
  return rows;
}

const q = (kfl: string) => `&filter=${encodeURIComponent(kfl)}`;

test('items of a replayed capture: KFL filters by protocol and status, time windows', async (t) => {
  const dash = await replayed(t);
  const { http, dns, redis } = capture.counts;
  const rows = await allRows(dash);
  t.is(rows.length, http + 1 + dns + redis, 'every exchange, plus the markup one');
  t.true(rows.every((r, i) => i === 0 || rows[i - 1].timestamp >= r.timestamp - 1000), 'newest first');
  const abbr = (rs: any[]) => rs.map((r) => r.protocol.abbr);
  t.deepEqual(abbr(await allRows(dash, q('dns'))), abbr(rows.filter((r) => r.protocol.abbr === 'DNS')));
  t.is((await allRows(dash, q('redis'))).length, redis);
  const errors = await allRows(dash, q('http and response.status >= 500'));
  t.true(errors.length > 0);
  t.deepEqual(errors.map((r) => r.id), rows.filter((r) => r.protocol.abbr === 'HTTP' && Number(r.status) >= 500).map((r) => r.id));
  const notFound = await allRows(dash, q('http && status_code >= 400 && status_code < 500'));
  t.true(notFound.length > 0 && notFound.every((r) => r.status === '404' && r.isError));
  const nx = await allRows(dash, q('dns and response.code == "Name Error"'));
  t.true(nx.length > 0 && nx.every((r) => r.isError));
  const inDnsMinute = await allRows(dash, `&from=${DNS_AT}&to=${REDIS_AT - 1}`);
  t.is(inDnsMinute.length, dns);
  t.true(inDnsMinute.every((r) => r.protocol.abbr === 'DNS'));
  t.like(rows.find((r) => r.protocol.abbr === 'REDIS'), { src: { namespace: 'front', name: 'frontend' }, dst: { namespace: 'cache', port: '6379' }, node: 'node-a' });
});

test('paging: cursors stay stable while new items arrive', async (t) => {
  const dash = await replayed(t);
  const before = await allRows(dash);
  const pages: any[] = [];
  let cursor: string | null = null;
  let n = 0;
  do {
    const r = await dash.api('GET', `/api/items?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    pages.push(...r.json.rows);
    cursor = r.json.nextCursor;
    for (let k = 0; k < 7; k++) dash.node.items.publish(httpItem({ i: 100 + n++ }));
  } while (cursor);
  t.deepEqual(pages.map((r) => r.id), before.map((r) => r.id));
  t.is((await dash.api('GET', '/api/items?limit=1')).json.rows[0].id, httpItem({ i: 100 + n - 1 }).id);
});

test('item detail fires onItemQueried: a script that fails 5xx marks the item it shows', async (t) => {
  const dash = await replayed(t, { 'fail.js': QUERY_FAIL, 'pass.js': QUERY_PASS });
  const [err] = await allRows(dash, q('http and response.status == 500'));
  const r = await dash.api('GET', `/api/items/${encodeURIComponent(err.id)}`);
  t.is(r.status, 200);
  t.like(r.json.item, { id: err.id, failed: true, passed: true, response: { status: 500 } });
  t.deepEqual(r.json.scripts, [
    { script: 'fail.js', title: '5xx fail', passed: false, failed: true, replaced: true },
    { script: 'pass.js', title: 'HTTP pass', passed: true, failed: true, replaced: true },
  ]);
  const [dns] = await allRows(dash, q('dns'));
  const d = await dash.api('GET', `/api/items/${encodeURIComponent(dns.id)}`);
  t.like(d.json.item, { failed: false, passed: false });
  t.deepEqual(d.json.scripts.map((s: any) => [s.script, s.replaced, s.failed]), [['fail.js', false, false], ['pass.js', false, false]]);
  const again = await dash.api('GET', `/api/items?limit=500${q(`id == "${err.id}"`)}`);
  t.like(again.json.rows[0], { failed: false }, 'the stored item is not changed by viewing it');
});

test('maps: L4 shows flows without items; grouping variants; L7 edges per protocol', async (t) => {
  const dash = await replayed(t);
  const l4 = (await dash.api('GET', '/api/maps/l4?group=namespace')).json;
  const raw = l4.edges.find((e: any) => e.source === 'ext:10.5.0.1');
  t.like(raw, { target: 'ext:db.example.com', transport: 'tcp', flows: RAW_FLOWS });
  t.true(raw.bytes[0] > 0 && raw.packets[1] > 0);
  t.like(l4.nodes.find((n: any) => n.id === 'ext:db.example.com'), { label: 'db.example.com', kind: 'external', external: true });
  t.deepEqual(l4.edges.map((e: any) => e.id).sort(), [
    'ext:10.5.0.1->ext:db.example.com/tcp',
    'ns:front->ns:cache/tcp',
    'ns:front->ns:kube-system/udp',
    'ns:front->ns:shop/tcp',
  ]);
  const l7 = (await dash.api('GET', '/api/maps/l7?group=namespace')).json;
  t.deepEqual(l7.edges.map((e: any) => [e.id, e.protocol.abbr]).sort(), [
    ['ns:front->ns:cache/REDIS', 'REDIS'],
    ['ns:front->ns:kube-system/DNS', 'DNS'],
    ['ns:front->ns:shop/HTTP', 'HTTP'],
  ]);
  t.false(l7.nodes.some((n: any) => n.id === 'ext:db.example.com'), 'flows without items are not on the L7 map');
  const http = l7.edges.find((e: any) => e.protocol.abbr === 'HTTP');
  t.is(http.requests, capture.counts.http + 1);
  t.true(http.errors > 0 && http.latencyMsAvg > 0 && http.responseBytes > http.requestBytes);
  t.deepEqual(l7.protocols.map((p: any) => p.abbr), ['DNS', 'HTTP', 'REDIS']);
  const byNode = (await dash.api('GET', '/api/maps/l7?group=node')).json;
  t.deepEqual(byNode.edges.map((e: any) => e.id).sort(), ['node:node-a->node:node-b/HTTP', 'node:node-a->node:node-c/DNS', 'node:node-a->node:node-c/REDIS']);
  const byPod = (await dash.api('GET', '/api/maps/l4?group=pod')).json;
  t.true(byPod.nodes.some((n: any) => n.id === 'pod:shop/web-1' && n.kind === 'pod' && n.node === 'node-b'));
  const bySvc = (await dash.api('GET', '/api/maps/l7?group=service')).json;
  t.true(bySvc.nodes.some((n: any) => n.id === 'svc:cache/redis' && n.kind === 'service'));
  const filtered = (await dash.api('GET', `/api/maps/l7?group=namespace${q('response.status >= 500')}`)).json;
  t.deepEqual(filtered.edges.map((e: any) => e.id), ['ns:front->ns:shop/HTTP']);
  t.like(filtered, { truncated: false });
  const l4f = (await dash.api('GET', `/api/maps/l4?group=namespace${q('dst.port == "5432"')}`)).json;
  t.deepEqual(l4f.edges.map((e: any) => e.id), ['ext:10.5.0.1->ext:db.example.com/tcp']);
  const before = (await dash.api('GET', `/api/maps/l4?group=namespace&from=${T0 - 3_600_000}&to=${T0 - 1}`)).json;
  t.deepEqual(before, { nodes: [], edges: [] }, 'a window before the capture is empty');
  t.deepEqual((await dash.api('GET', `/api/maps/l4?group=namespace&from=${T0}`)).json, l4);
});

test('markup in an item is returned as data: escaped JSON, never HTML', async (t) => {
  const dash = await replayed(t);
  const [row] = await allRows(dash, q('request.path == "/search"'));
  t.is(row.summary, 'GET /search?q=%3Cscript%3E');
  const r = await dash.api('GET', `/api/items/${encodeURIComponent(row.id)}`);
  t.is(r.headers.get('content-type'), 'application/json; charset=utf-8');
  t.is(r.headers.get('x-content-type-options'), 'nosniff');
  t.false(/[<>]/.test(r.text), 'no raw angle brackets in the body');
  t.true(r.text.includes('\\u003cimg src=x onerror='));
  t.is(r.json.item.response.headers['X-Evil'], XSS_HEADER);
  t.is(r.json.item.request.headers['X-Note'], XSS_HEADER);
  t.is(Buffer.from(r.json.item.response.content.text, 'base64').toString(), XSS_BODY);
});

test('stats after a replay count packets, items and flows', async (t) => {
  const dash = await replayed(t);
  const s = (await dash.api('GET', '/api/stats')).json;
  const p = dash.node.sources[0].pipeline.stats;
  t.like(s, { packets: p.packets, bytes: p.bytes, items: p.items, flowsActive: 0, anomalies: 0, store: { items: p.items, evicted: 0 } });
  t.true(s.store.diskBytes > 0, 'items are on disk too');
});

test('GET /api/pcap with the stream store: the packets of the matching items\' streams', async (t) => {
  const dash = await replayed(t, {}, [storageFeature({ tickMs: 0 })]);
  const r = await fetch(`${dash.url}/api/pcap?filter=${encodeURIComponent('redis')}`);
  t.is(r.status, 200);
  t.is(r.headers.get('content-type'), 'application/vnd.tcpdump.pcap');
  const file = path.join(dash.dir, 'download.pcap');
  await writeFile(file, Buffer.from(await r.arrayBuffer()));
  const ports = new Set<number>();
  let packets = 0;
  await readPcapFile(file, (p) => {
    packets++;
    const ip = p.data.subarray(14);
    const tcp = ip.subarray((ip[0] & 15) * 4);
    ports.add((tcp[0] << 8) | tcp[1]).add((tcp[2] << 8) | tcp[3]);
  });
  t.true(packets > capture.counts.redis, `${packets} packets`);
  t.true(ports.has(6379));
  t.true([...ports].every((p) => p === 6379 || p >= 30000), 'only Redis connections');
});
