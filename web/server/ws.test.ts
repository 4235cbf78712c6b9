/**
 * The dashboard WebSocket over a real port: token, server-side KFL filtering, batching,
 * console streaming, stats, slow clients (bounded queue, counted drops) and cleanup.
 */
import test from 'ava';
import { WebSocket } from 'ws';
import { httpItem } from '../../runtime/testing/items.ts';
import { startDashboard, TOKEN, type TestDashboard } from './testing/dashboard.ts';
import { rawWs } from './testing/raw-ws.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(f: () => T | undefined | false, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting');
    await sleep(10);
  }
}

interface Client {
  ws: WebSocket;
  messages: any[];
  send(m: unknown): void;
}

async function connect(dash: TestDashboard, token: string | null = TOKEN): Promise<Client> {
  const ws = new WebSocket(`${dash.url.replace('http', 'ws')}/api/ws${token ? `?token=${token}` : ''}`);
  const messages: any[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(d.toString())));
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return { ws, messages, send: (m) => ws.send(JSON.stringify(m)) };
}

const rowsOf = (msgs: any[]) => msgs.filter((m) => m.type === 'items').flatMap((m) => m.rows);

test('the WebSocket needs the token: 401 without it or with a wrong one', async (t) => {
  const dash = await startDashboard(t);
  for (const q of ['', '?token=wrong-token']) {
    const raw = await rawWs(dash.url, `/api/ws${q}`);
    t.regex(raw.status, /^HTTP\/1\.1 401 /);
    raw.close();
  }
  const err = await t.throwsAsync(connect(dash, null));
  t.regex(err!.message, /401/);
  const bearer = new WebSocket(`${dash.url.replace('http', 'ws')}/api/ws`, { headers: { authorization: `Bearer ${TOKEN}` } });
  await new Promise((r) => bearer.once('open', r));
  bearer.close();
  const other = await rawWs(dash.url, '/api/other');
  t.regex(other.status, /^HTTP\/1\.1 404 /);
  other.close();
});

test('live items are filtered per client on the server and batched', async (t) => {
  const dash = await startDashboard(t);
  const errors = await connect(dash);
  const all = await connect(dash);
  errors.send({ type: 'subscribe', items: { filter: 'response.status >= 500' } });
  all.send({ type: 'subscribe', items: { filter: '' } });
  await until(() => dash.d.socket.clientInfo().length === 2 && sleep(50).then(() => true));
  await sleep(50);
  for (let i = 0; i < 30; i++) dash.node.items.publish(httpItem({ i, status: i % 10 === 0 ? 503 : 200 }));
  await until(() => rowsOf(all.messages).length === 30);
  await until(() => rowsOf(errors.messages).length === 3);
  t.deepEqual(rowsOf(errors.messages).map((r) => r.id), [0, 10, 20].map((i) => httpItem({ i }).id));
  t.like(rowsOf(errors.messages)[0], { status: '503', isError: true, protocol: { abbr: 'HTTP' }, src: { namespace: 'sock-shop' } });
  t.true(all.messages.filter((m) => m.type === 'items').length < 30, 'rows arrive in batches');
  t.true(all.messages.every((m) => m.type !== 'items' || m.dropped === 0));
  all.send({ type: 'subscribe', items: null });
  await sleep(150);
  const before = rowsOf(all.messages).length;
  dash.node.items.publish(httpItem({ i: 99 }));
  await sleep(250);
  t.is(rowsOf(all.messages).length, before, 'unsubscribed: no more rows');
  errors.ws.close();
  all.ws.close();
});

test('a bad filter or message answers an error and keeps the previous subscription', async (t) => {
  const dash = await startDashboard(t);
  const c = await connect(dash);
  c.send({ type: 'subscribe', items: { filter: 'dns' } });
  c.send({ type: 'subscribe', items: { filter: 'http and (' } });
  c.ws.send('not json');
  c.send({ type: 'hello' });
  c.send({ type: 'subscribe', items: { filter: 'dns' }, consoles: ['missing.js'] });
  const errs = await until(() => {
    const e = c.messages.filter((m) => m.type === 'error');
    return e.length === 4 && e;
  });
  t.like(errs[0], { code: 'ERR_KFL_SYNTAX', line: 1, column: 11, query: 'http and (' });
  t.is(errs[1].code, 'ERR_BAD_MESSAGE');
  t.is(errs[2].code, 'ERR_BAD_MESSAGE');
  t.like(errs[3], { code: 'ERR_SCRIPT_NOT_FOUND', script: 'missing.js' });
  c.send({ type: 'subscribe', items: { filter: 'dns' } });
  c.send({ type: 'subscribe', items: { filter: 'nope nope' } });
  await until(() => c.messages.filter((m) => m.type === 'error').length === 5);
  dash.node.items.publish(httpItem({ i: 1 }));
  await sleep(250);
  t.is(rowsOf(c.messages).length, 0, 'still the dns filter: the HTTP item is not sent');
  c.ws.close();
});

test('console lines stream to subscribers; stats arrive at once and every second', async (t) => {
  const dash = await startDashboard(t, { scripts: { 'log.js': '// Logger\nfunction onItemCaptured(d) { console.log("saw " + d.index + " " + d.request.path); }' } });
  const c = await connect(dash);
  c.send({ type: 'subscribe', consoles: ['Logger'], stats: true });
  const first = await until(() => c.messages.find((m) => m.type === 'stats'));
  t.like(first, { node: 'node-a', role: 'single' });
  await sleep(100);
  for (let i = 0; i < 3; i++) dash.node.items.publish(httpItem({ i, path: `/p${i}` }));
  const lines = await until(() => {
    const l = c.messages.filter((m) => m.type === 'console').flatMap((m) => m.lines);
    return l.length >= 3 && l;
  });
  t.deepEqual(lines.map((l: { text: string }) => l.text), ['saw 0 /p0', 'saw 0 /p1', 'saw 0 /p2']);
  t.true(c.messages.filter((m) => m.type === 'console').every((m) => m.script === 'log.js'));
  t.like(lines[0], { level: 'log' });
  const later = await until(() => c.messages.find((m) => m.type === 'stats' && m.scripts[0]?.calls === 3), 3000);
  t.like(later, { items: 3, scripts: [{ id: 'log.js', title: 'Logger', errors: 0 }] });
  c.ws.close();
});

test('a slow client gets `dropped` > 0 and costs the server a bounded queue', async (t) => {
  const dash = await startDashboard(t, { socket: { maxQueuedRows: 50, maxBufferedBytes: 64 * 1024, flushMs: 20 } });
  const raw = await rawWs(dash.url, `/api/ws?token=${TOKEN}`);
  t.regex(raw.status, / 101 /);
  raw.send({ type: 'subscribe', items: { filter: '' } });
  await until(() => dash.d.socket.clientInfo().length === 1);
  await sleep(50);
  raw.pause();
  const path = '/big/' + 'x'.repeat(16 * 1024);
  const rowBytes = 17 * 1024;
  let published = 0;
  let maxQueued = 0;
  let maxBuffered = 0;
  const deadline = Date.now() + 20_000;
  while (dash.d.socket.dropped < 500 && Date.now() < deadline) {
    for (let k = 0; k < 100; k++) dash.node.items.publish(httpItem({ i: published++, path }));
    await sleep(15);
    const info = dash.d.socket.clientInfo()[0];
    maxQueued = Math.max(maxQueued, info.queuedRows);
    maxBuffered = Math.max(maxBuffered, info.bufferedAmount);
  }
  t.true(dash.d.socket.dropped >= 500, `dropped ${dash.d.socket.dropped} of ${published}`);
  t.true(maxQueued <= 50, `queue ${maxQueued}`);
  t.true(maxBuffered <= 64 * 1024 + 51 * rowBytes, `socket buffer ${maxBuffered}`);
  raw.resume();
  const report = await until(() => raw.messages.find((m) => m.type === 'items' && m.dropped > 0), 10_000);
  t.true(report.dropped > 0);
  const received = rowsOf(raw.messages).length;
  const droppedReported = raw.messages.filter((m) => m.type === 'items').reduce((n, m) => n + m.dropped, 0);
  await until(() => raw.messages.filter((m) => m.type === 'items').reduce((n: number, m: any) => n + m.rows.length + m.dropped, 0) === published, 10_000);
  t.true(received + droppedReported <= published);
  t.is((await dash.api('GET', '/api/stats')).json.drops.websocket, dash.d.socket.dropped);
  raw.close();
});

test('stopping the node closes the clients (1001)', async (t) => {
  const dash = await startDashboard(t);
  const c = await connect(dash);
  const closed = new Promise<number>((r) => c.ws.once('close', (code) => r(code)));
  await dash.stop();
  t.is(await closed, 1001);
});
