/**
 * HTTP/2 dissector on byte streams built with http2-encode.ts, fed through a real flow
 * session holding every built-in dissector: selection by preface, stream items with
 * pseudo headers, bodies, trailers, CONTINUATION/padding/priority, many interleaved
 * streams in any split, RST_STREAM/GOAWAY errors, push promises, h2c Upgrade, gaps.
 */
import test from 'ava';
import { gzipSync } from 'node:zlib';
import type { Direction } from '../../flow/flow.ts';
import { builtinDissectors } from '../manifest.ts';
import { createRegistry } from '../registry.ts';
import { byteByByte, flowOf, randomSplit, run } from '../testing/flow-fixture.ts';
import type { Step } from '../testing/flow-fixture.ts';
import { rng } from '../testing/rng.ts';
import { clientPreface, concat, data, encoders, goaway, headers, ping, rstStream, settings, windowUpdate } from './http2-encode.ts';
import type { HeaderPairs } from './http2-encode.ts';
import { detectHttp2 } from './http2.ts';

const registry = createRegistry(builtinDissectors);
const enc = (s: string) => new TextEncoder().encode(s);

function req(path: string, method = 'GET', extra: HeaderPairs = []): HeaderPairs {
  return [[':method', method], [':scheme', 'http'], [':authority', 'api.shop.svc'], [':path', path], ['user-agent', 'test/1'], ...extra];
}

const ok = (extra: HeaderPairs = []): HeaderPairs => [[':status', '200'], ['content-type', 'application/json'], ...extra];

function go(steps: Step[], split?: (len: number) => number[]) {
  return run([], steps, { registry, flow: flowOf('tcp', 8080), split });
}

function simpleConversation() {
  const [c, s] = encoders();
  return [
    { dir: 0 as Direction, bytes: concat([clientPreface(), headers(c, 1, req('/api/v1/users?id=7&tag=a&tag=b', 'GET', [['cookie', 'a=1'], ['cookie', 'b=2']]), { endStream: true })]) },
    { dir: 1 as Direction, bytes: concat([settings([[3, 128]]), settings([], true), headers(s, 1, ok([['set-cookie', 'sid=xyz; Path=/']])), data(1, enc('{"users":[7]}'), { endStream: true })]) },
    { dir: 0 as Direction, bytes: concat([settings([], true), headers(c, 3, req('/api/v1/orders', 'POST', [['content-type', 'application/json']])), data(3, enc('{"qty":2}'), { endStream: true })]) },
    { dir: 1 as Direction, bytes: concat([headers(s, 3, [[':status', '201'], ['content-type', 'application/json']]), data(3, enc('{"created":true}'), { endStream: true })]) },
  ];
}

test('detect: the preface is certain, a server SETTINGS frame likely, HTTP/1 is not HTTP/2', (t) => {
  t.is(detectHttp2(clientPreface(), 0), 1);
  t.is(detectHttp2(enc('PRI * HT'), 0), 0.5);
  t.is(detectHttp2(settings([[3, 100], [4, 65535]]), 1), 0.8);
  t.is(detectHttp2(enc('GET / HTTP/1.1\r\n'), 0), 0);
  t.is(detectHttp2(enc('HTTP/1.1 200 OK\r\n'), 1), 0);
});

test('h2c prior knowledge: one item per stream with pseudo headers, bodies and HTTP field shape', (t) => {
  const h = go(simpleConversation());
  t.is(h.session.dissectorId, 'http2');
  t.is(h.items.length, 2);
  const [get, post] = h.items;
  t.is(get.protocol.abbr, 'HTTP/2');
  t.is(get.protocol.macro, 'http2');
  t.is(get.request!.method, 'GET');
  t.is(get.request!.path, '/api/v1/users');
  t.deepEqual(get.request!.pathSegments, ['api', 'v1', 'users']);
  t.deepEqual(get.request!.queryString, { id: '7', tag: ['a', 'b'] });
  t.is(get.request!.url, 'http://api.shop.svc/api/v1/users?id=7&tag=a&tag=b');
  t.is(get.request!.headers[':authority'], 'api.shop.svc');
  t.is(get.request!.headers[':method'], 'GET');
  t.is(get.request!.headers.cookie, 'a=1; b=2');
  t.deepEqual(get.request!.cookies, { a: '1', b: '2' });
  t.is(get.request!.httpVersion, 'HTTP/2.0');
  t.is(get.response!.status, 200);
  t.is(get.response!.statusText, 'OK');
  t.is(get.response!.headers[':status'], '200');
  t.deepEqual(get.response!.cookies, { sid: 'xyz' });
  t.is(Buffer.from(get.response!.content.text, 'base64').toString(), '{"users":[7]}');
  t.is(get.response!.bodySize, 13);
  t.true(get.requestSize > 9 && get.responseSize > 9 + 13);
  t.is(post.request!.postData.text, '{"qty":2}');
  t.is(post.response!.status, 201);
  t.is(get.error, null);
  t.is(post.error, null);
  t.is(h.weirds.total, 0, JSON.stringify(h.weirds.toJSON()));
});

test('the same conversation byte by byte and in random splits gives the same items', (t) => {
  const whole = go(simpleConversation()).items.map((i) => [i.request, i.response]);
  t.deepEqual(go(simpleConversation(), byteByByte).items.map((i) => [i.request, i.response]), whole);
  const r = rng(3);
  for (let k = 0; k < 20; k++) t.deepEqual(go(simpleConversation(), randomSplit(r, 30)).items.map((i) => [i.request, i.response]), whole);
});

test('CONTINUATION, padding, priority, trailers, gzip and control frames', (t) => {
  const [c, s] = encoders(false);
  const big: HeaderPairs = Array.from({ length: 30 }, (_, i) => [`x-h${i}`, 'v'.repeat(40)] as [string, string]);
  const body = gzipSync(Buffer.from('hello '.repeat(100)));
  const h = go([
    { dir: 0, bytes: concat([clientPreface(), headers(c, 1, req('/big', 'GET', big), { endStream: true, fragment: 100, priority: true, pad: 5 })]) },
    { dir: 1, bytes: concat([ping(), windowUpdate(0, 1000), headers(s, 1, ok([['content-encoding', 'gzip'], ['content-type', 'text/plain']]), { fragment: 7 }), data(1, body, { maxFrame: 20, pad: 3 }), headers(s, 1, [['x-checksum', 'abc']], { endStream: true })]) },
  ]);
  t.is(h.items.length, 1);
  const it = h.items[0];
  t.is(it.request!.headers['x-h29'], 'v'.repeat(40));
  t.is(Buffer.from(it.response!.content.text, 'base64').toString(), 'hello '.repeat(100));
  t.is(it.response!.bodySize, body.length);
  t.deepEqual(it.response!.trailers, { 'x-checksum': 'abc' });
  t.is(it.response!.headers['x-checksum'], 'abc');
  t.is(h.weirds.total, 0, JSON.stringify(h.weirds.toJSON()));
});

test('100 interleaved streams complete out of order, each paired with its own response', (t) => {
  const [c, s] = encoders();
  const r = rng(9);
  const ids = Array.from({ length: 100 }, (_, i) => 1 + 2 * i);
  const steps: Step[] = [{ dir: 0, bytes: clientPreface() }, { dir: 1, bytes: settings() }];
  for (const id of ids) steps.push({ dir: 0, bytes: headers(c, id, req(`/item/${id}`), { endStream: true }) });
  const order = [...ids].sort(() => r.next() - 0.5);
  for (const id of order) steps.push({ dir: 1, bytes: headers(s, id, ok([['x-id', String(id)]])) });
  for (const id of order) steps.push({ dir: 1, bytes: data(id, enc(`{"id":${id}}`), { endStream: true }) });
  const h = go(steps, randomSplit(r, 50));
  t.is(h.items.length, 100);
  for (const it of h.items) {
    const id = Number(it.request!.path.split('/')[2]);
    t.is(it.response!.headers['x-id'], String(id));
    t.is(Buffer.from(it.response!.content.text, 'base64').toString(), `{"id":${id}}`);
  }
  t.deepEqual(h.items.map((i) => Number(i.request!.path.split('/')[2])), order, 'items in completion order');
});

test('RST_STREAM is an error item, NO_ERROR after a full response is not; GOAWAY fails unprocessed streams', (t) => {
  const [c, s] = encoders();
  const h = go([
    { dir: 0, bytes: concat([clientPreface(), headers(c, 1, req('/slow')), headers(c, 3, req('/early', 'POST')), headers(c, 5, req('/a'), { endStream: true }), headers(c, 7, req('/b'), { endStream: true })]) },
    { dir: 0, bytes: rstStream(1, 8) },
    { dir: 1, bytes: concat([headers(s, 3, ok(), { endStream: true }), rstStream(3, 0), goaway(5, 0)]) },
    { dir: 1, bytes: concat([headers(s, 5, ok()), data(5, enc('{}'), { endStream: true })]) },
  ]);
  const by = (p: string) => h.items.find((i) => i.request?.path === p)!;
  t.deepEqual(by('/slow').error, { type: 'connection', msg: 'RST_STREAM CANCEL (8) from client' });
  t.is(by('/slow').response, null);
  t.is(by('/early').error, null);
  t.is(by('/early').response!.status, 200);
  t.regex(by('/b').error!.msg, /GOAWAY NO_ERROR \(0\) from server: stream 7 not processed/);
  t.is(by('/a').error, null);
  t.is(h.items.length, 4);
});

test('streams still open at the end of the flow are emitted with errors', (t) => {
  const [c, s] = encoders();
  const h = go([
    { dir: 0, bytes: concat([clientPreface(), headers(c, 1, req('/none'), { endStream: true }), headers(c, 3, req('/partial'), { endStream: true })]) },
    { dir: 1, bytes: concat([headers(s, 3, ok()), data(3, enc('{"half":'))]) },
  ]);
  t.is(h.items.length, 2);
  t.is(h.items.find((i) => i.request!.path === '/none')!.error!.type, 'pair-not-found');
  t.is(h.items.find((i) => i.request!.path === '/partial')!.error!.type, 'dissection');
});

test('PUSH_PROMISE opens a server stream whose request came from the server', (t) => {
  const [c, s] = encoders();
  const promise = headers(s, 1, req('/style.css'));
  // Re-type the HEADERS frame as PUSH_PROMISE with promised stream 2.
  const block = promise.subarray(9);
  const pp = concat([Uint8Array.of(0, 0, block.length + 4, 5, 4, 0, 0, 0, 1, 0, 0, 0, 2), block]);
  const h = go([
    { dir: 0, bytes: concat([clientPreface(), headers(c, 1, req('/'), { endStream: true })]) },
    { dir: 1, bytes: concat([pp, headers(s, 1, ok()), data(1, enc('<html>'), { endStream: true }), headers(s, 2, [[':status', '200'], ['content-type', 'text/css']]), data(2, enc('a{}'), { endStream: true })]) },
  ]);
  t.is(h.items.length, 2);
  const pushed = h.items.find((i) => i.request!.path === '/style.css')!;
  t.is(pushed.response!.status, 200);
  t.is(Buffer.from(pushed.response!.content.text, 'base64').toString(), 'a{}');
});

test('h2c Upgrade: the HTTP/1 request, then HTTP/2 items after 101 (stream 1 answers the upgrade request)', (t) => {
  const [c, s] = encoders();
  const h = go([
    { dir: 0, bytes: 'GET /up HTTP/1.1\r\nHost: h\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n' },
    { dir: 1, bytes: 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n' },
    { dir: 1, bytes: concat([settings(), headers(s, 1, ok()), data(1, enc('{"up":1}'), { endStream: true })]) },
    { dir: 0, bytes: concat([clientPreface(), settings([], true), headers(c, 3, req('/next'), { endStream: true })]) },
    { dir: 1, bytes: concat([headers(s, 3, ok()), data(3, enc('{}'), { endStream: true })]) },
  ]);
  t.is(h.session.dissectorId, 'http2');
  const h2 = h.items.filter((i) => i.protocol.abbr === 'HTTP/2');
  t.is(h2.length, 2);
  const up = h2.find((i) => i.request === null)!;
  t.is(Buffer.from(up.response!.content.text, 'base64').toString(), '{"up":1}');
  t.is(h2.find((i) => i.request !== null)!.request!.path, '/next');
  t.true(h.items.some((i) => i.protocol.abbr === 'HTTP' && i.request?.path === '/up'));
});

test('a gap inside DATA is skipped with an item error; a gap in a frame header violates and flushes', (t) => {
  const [c, s] = encoders();
  const body = enc('x'.repeat(1000));
  const frames = concat([headers(s, 1, ok()), data(1, body, { endStream: true })]);
  const hdrLen = headers(encoders()[1], 1, ok()).length;
  const h = go([
    { dir: 0, bytes: concat([clientPreface(), headers(c, 1, req('/g'), { endStream: true }), headers(c, 3, req('/h'), { endStream: true })]) },
    { dir: 1, bytes: frames.subarray(0, hdrLen + 9 + 100) },
    { dir: 1, gap: 300 },
    { dir: 1, bytes: frames.subarray(hdrLen + 9 + 400) },
    { dir: 1, gap: 5 },
  ]);
  const g = h.items.find((i) => i.request!.path === '/g')!;
  t.is(g.response!.bodySize, 1000);
  t.is(g.error!.type, 'dissection');
  t.is(h.weirds.get('http2_gap_in_data'), 1);
  t.is(h.weirds.get('http2_gap'), 1);
  const lost = h.items.find((i) => i.request!.path === '/h')!;
  t.regex(lost.error!.msg, /framing lost/);
});
