/**
 * API contract, in-process (the node's Koa app, no node listener): items, item detail,
 * KFL, maps, stats, examples, pcap — happy paths and coded errors.
 */
import test from 'ava';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { toItemRow } from '../../../runtime/hub/item-row.ts';
import { httpItem, T0 } from '../../../runtime/testing/items.ts';
import { startDashboard, type TestDashboard } from '../testing/dashboard.ts';

async function withItems(t: Parameters<typeof startDashboard>[0], n: number, extra: Parameters<typeof startDashboard>[1] = {}): Promise<TestDashboard> {
  const dash = await startDashboard(t, { mode: 'app', ...extra });
  for (let i = 0; i < n; i++) dash.node.items.publish(httpItem({ i, status: i % 10 === 0 ? 500 : 200, dstNamespace: i % 2 ? 'odd' : 'even' }));
  return dash;
}

test('GET /api/items: rows newest first with the documented shape, paging by cursor', async (t) => {
  const dash = await withItems(t, 30);
  const p1 = await dash.api('GET', '/api/items?limit=12');
  t.is(p1.status, 200);
  t.deepEqual(p1.json.rows[0], toItemRow(httpItem({ i: 29, dstNamespace: 'odd' })));
  t.deepEqual(Object.keys(p1.json), ['rows', 'nextCursor', 'scanned']);
  t.is(p1.json.rows.length, 12);
  const p2 = await dash.api('GET', `/api/items?limit=12&cursor=${encodeURIComponent(p1.json.nextCursor)}`);
  t.is(p2.json.rows[0].id, httpItem({ i: 17 }).id);
  const p3 = await dash.api('GET', `/api/items?limit=12&cursor=${encodeURIComponent(p2.json.nextCursor)}`);
  t.is(p3.json.rows.length, 6);
  t.is(p3.json.nextCursor, null);
  const def = await dash.api('GET', '/api/items');
  t.is(def.json.rows.length, 30, 'default limit 100');
});

test('GET /api/items: KFL filter and time window', async (t) => {
  const dash = await withItems(t, 30);
  const q = encodeURIComponent('response.status == 500 and dst.namespace == "even"');
  const r = await dash.api('GET', `/api/items?filter=${q}`);
  t.deepEqual(r.json.rows.map((x: { id: string }) => x.id), [20, 10, 0].map((i) => httpItem({ i }).id));
  t.true(r.json.rows.every((x: { isError: boolean; status: string }) => x.isError && x.status === '500'));
  const w = await dash.api('GET', `/api/items?from=${T0 + 50}&to=${T0 + 80}`);
  t.deepEqual(w.json.rows.map((x: { id: string }) => x.id), [8, 7, 6, 5].map((i) => httpItem({ i }).id));
  const iso = await dash.api('GET', `/api/items?from=${new Date(T0 + 50).toISOString()}&to=${new Date(T0 + 80).toISOString()}`);
  t.deepEqual(iso.json.rows, w.json.rows);
});

test('GET /api/items: bad parameters are 400 with a code; a bad KFL query says where', async (t) => {
  const dash = await withItems(t, 1);
  for (const [qs, code] of [
    ['limit=0', 'ERR_BAD_PARAM'],
    ['limit=501', 'ERR_BAD_PARAM'],
    ['limit=abc', 'ERR_BAD_PARAM'],
    ['from=yesterday', 'ERR_BAD_PARAM'],
    ['cursor=nope', 'ERR_BAD_PARAM'],
    [`filter=${'a'.repeat(9000)}`, 'ERR_BAD_PARAM'],
  ]) {
    const r = await dash.api('GET', `/api/items?${qs}`);
    t.is(r.status, 400, qs.slice(0, 30));
    t.is(r.json.code, code);
    t.truthy(r.json.message);
  }
  const bad = await dash.api('GET', `/api/items?filter=${encodeURIComponent('http and response.status ==')}`);
  t.is(bad.status, 400);
  t.like(bad.json, { code: 'ERR_KFL_SYNTAX', line: 1, column: 28, offset: 27, length: 0 });
  t.regex(bad.json.message, /^1:28: /);
  t.true(Array.isArray(bad.json.expected) && bad.json.expected.length > 0);
  t.is(bad.json.snippet, `http and response.status ==\n${' '.repeat(27)}^`);
  const typo = await dash.api('GET', `/api/items?filter=${encodeURIComponent('htp')}`);
  t.like(typo.json, { code: 'ERR_KFL_UNKNOWN_MACRO', column: 1 });
});

test('GET /api/items/:id: the item and the scripts that queried it; unknown id 404; bad id 400', async (t) => {
  const dash = await withItems(t, 3);
  const id = httpItem({ i: 1 }).id;
  const r = await dash.api('GET', `/api/items/${encodeURIComponent(id)}`);
  t.is(r.status, 200);
  t.deepEqual(r.json, { item: httpItem({ i: 1, dstNamespace: 'odd' }), scripts: [] });
  const missing = await dash.api('GET', `/api/items/${encodeURIComponent('node-a/000000009999.pcap-0')}`);
  t.is(missing.status, 404);
  t.is(missing.json.code, 'ERR_ITEM_NOT_FOUND');
  const ctl = await dash.api('GET', '/api/items/a%00b');
  t.is(ctl.status, 400);
  t.is(ctl.json.code, 'ERR_BAD_ID');
  const long = await dash.api('GET', `/api/items/${'x'.repeat(600)}`);
  t.is(long.json.code, 'ERR_BAD_ID');
});

test('GET /api/kfl/validate and /api/kfl/reference', async (t) => {
  const dash = await startDashboard(t, { mode: 'app' });
  t.deepEqual((await dash.api('GET', `/api/kfl/validate?q=${encodeURIComponent('http and status_code >= 500')}`)).json, { ok: true });
  t.deepEqual((await dash.api('GET', '/api/kfl/validate?q=')).json, { ok: true });
  const bad = await dash.api('GET', `/api/kfl/validate?q=${encodeURIComponent('dns and (')}`);
  t.is(bad.status, 400);
  t.like(bad.json, { code: 'ERR_KFL_SYNTAX', line: 1, column: 10 });
  const ref = await dash.api('GET', '/api/kfl/reference');
  t.is(ref.status, 200);
  t.true(Array.isArray(ref.json.macros) && ref.json.macros.some((m: { name: string }) => m.name === 'http'));
});

test('GET /api/maps/l4 and /api/maps/l7: graph models; bad group 400', async (t) => {
  const dash = await withItems(t, 10);
  dash.d.maps.addFlow({
    id: 'node-a/000000000001.pcap', worker: 'node-a', transport: 'tcp', tsMs: T0, packets: [3, 2], bytes: [300, 200], retransmissions: 0, resets: 0, ended: true,
    src: { ip: '10.1.0.11', port: '40000', name: 'front-end', namespace: 'sock-shop' },
    dst: { ip: '10.9.9.9', port: '5432', name: '', namespace: '' },
  });
  const l4 = await dash.api('GET', '/api/maps/l4?group=namespace');
  t.deepEqual(l4.json, {
    nodes: [
      { id: 'ext:10.9.9.9', label: '10.9.9.9', kind: 'external', external: true },
      { id: 'ns:sock-shop', label: 'sock-shop', kind: 'namespace', namespace: 'sock-shop', external: false },
    ],
    edges: [{ id: 'ns:sock-shop->ext:10.9.9.9/tcp', source: 'ns:sock-shop', target: 'ext:10.9.9.9', bytes: [300, 200], packets: [3, 2], flows: 1, transport: 'tcp' }],
  });
  const l7 = await dash.api('GET', '/api/maps/l7?group=namespace');
  t.deepEqual(l7.json.edges.map((e: { id: string; requests: number; errors: number }) => [e.id, e.requests, e.errors]), [
    ['ns:sock-shop->ns:even/HTTP', 5, 1],
    ['ns:sock-shop->ns:odd/HTTP', 5, 0],
  ]);
  t.deepEqual(l7.json.protocols, [{ abbr: 'HTTP', backgroundColor: '#326de6' }]);
  const filtered = await dash.api('GET', `/api/maps/l7?group=namespace&filter=${encodeURIComponent('dst.namespace == "odd"')}`);
  t.deepEqual(filtered.json.edges.map((e: { target: string }) => e.target), ['ns:odd']);
  const bad = await dash.api('GET', '/api/maps/l7?group=cluster');
  t.is(bad.status, 400);
  t.is(bad.json.code, 'ERR_BAD_PARAM');
  t.is((await dash.api('GET', `/api/maps/l4?filter=${encodeURIComponent('src.namespace ==')}`)).json.code, 'ERR_KFL_SYNTAX');
});

test('GET /api/stats: the documented keys', async (t) => {
  const dash = await withItems(t, 4);
  const r = await dash.api('GET', '/api/stats');
  t.deepEqual(Object.keys(r.json).sort(), ['anomalies', 'bytes', 'drops', 'flowsActive', 'items', 'itemsPerSec', 'node', 'packets', 'role', 'scripts', 'store', 'uptimeS'].sort());
  t.like(r.json, { node: 'node-a', role: 'single', items: 4, store: { items: 4, evicted: 0 } });
});

test('GET /api/examples: title from the first comment, description from the rest of the header', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wirehook-examples-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  await writeFile(path.join(dir, 'b-slow.js'), '// Slow requests\n// Logs requests slower than 1 s.\n// Run: wirehook run b-slow.js --pcap x.pcap\n// @filter http\nfunction onItemCaptured(d) {}\n');
  await writeFile(path.join(dir, 'a-errors.js'), '/*\n * Error counter\n *\n * Counts 5xx per service.\n */\nvar n = 0;\n');
  await writeFile(path.join(dir, 'notes.txt'), 'not a script');
  const dash = await startDashboard(t, { mode: 'app', examplesDir: dir });
  const r = await dash.api('GET', '/api/examples');
  t.deepEqual(r.json.map((e: { id: string; title: string; description: string }) => [e.id, e.title, e.description]), [
    ['a-errors.js', 'Error counter', 'Counts 5xx per service.'],
    ['b-slow.js', 'Slow requests', 'Logs requests slower than 1 s.\nRun: wirehook run b-slow.js --pcap x.pcap'],
  ]);
  t.is(r.json[0].code, await readFile(path.join(dir, 'a-errors.js'), 'utf8'));
  const none = await startDashboard(t, { mode: 'app', examplesDir: path.join(dir, 'missing') });
  t.deepEqual((await none.api('GET', '/api/examples')).json, []);
});

test('GET /api/pcap: 501 without a stream store; the matching items\' streams merged as an attachment', async (t) => {
  const dash = await withItems(t, 10, { config: (c) => (c.node.name = 'worker-a') });
  const remote = httpItem({ i: 2 });
  remote.worker = 'worker-b';
  remote.id = 'worker-b/000000001002.pcap-0';
  dash.node.items.publish(remote);
  const none = await dash.api('GET', '/api/pcap?filter=http');
  t.is(none.status, 501);
  t.is(none.json.code, 'ERR_NOT_AVAILABLE');
  const asked: string[][] = [];
  const evicted = httpItem({ i: 1 }).stream;
  (dash.node.services as Record<string, unknown>).streams = {
    slice: (name: string) => (name === evicted ? null : { name }),
    writeSlices: async (slices: { name: string }[], out: string) => {
      asked.push(slices.map((s) => s.name));
      await mkdir(path.dirname(out), { recursive: true });
      await writeFile(out, Buffer.from(`PCAP:${slices.map((s) => s.name).join(',')}`));
    },
  };
  const r = await dash.api('GET', `/api/pcap?filter=http&to=${T0 + 25}`);
  t.is(r.status, 200);
  t.is(r.headers.get('content-type'), 'application/vnd.tcpdump.pcap');
  t.regex(r.headers.get('content-disposition') ?? '', /^attachment; filename="wirehook-\d+\.pcap"$/);
  const want = [2, 0].map((i) => httpItem({ i }).stream);
  t.deepEqual(asked, [want], 'items 2, 1, 0 of this node are in the window (not worker-b\'s); stream 1 has no packets left');
  t.is(r.text, `PCAP:${want.join(',')}`);
  await new Promise((res) => setTimeout(res, 50));
  t.deepEqual(await readdir(path.join(dash.dir, 'tmp')), [], 'the merged file is deleted once sent');
  const nothing = await dash.api('GET', `/api/pcap?filter=${encodeURIComponent('dns')}`);
  t.is(nothing.status, 404);
  t.is(nothing.json.code, 'ERR_NO_PACKETS');
});

test('unknown routes are 404 ERR_NOT_FOUND', async (t) => {
  const dash = await startDashboard(t, { mode: 'app' });
  const r = await dash.api('GET', '/api/nothing');
  t.is(r.status, 404);
  t.is(r.json.code, 'ERR_NOT_FOUND');
});

test('odd items on the bus (remote workers\' data) are stored and listed, never thrown on', async (t) => {
  const dash = await withItems(t, 1);
  for (const odd of [{}, { id: 'w/odd-1', protocol: 5, src: 'x', timestamp: 'soon', request: [] }]) dash.node.items.publish(odd as never);
  t.is(dash.node.items.subscriberErrors, 0);
  const r = await dash.api('GET', '/api/items');
  t.is(r.json.rows.length, 3);
  t.like(r.json.rows[0], { id: 'w/odd-1', timestamp: 0, summary: '', src: { ip: '' } });
  t.is((await dash.api('GET', '/api/items/w%2Fodd-1')).json.item.id, 'w/odd-1');
  t.is((await dash.api('GET', '/api/maps/l7')).status, 200);
});
