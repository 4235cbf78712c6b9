import test from 'ava';
import { run } from '../testing/flow-fixture.ts';
import { fakeDissector } from '../testing/fake-dissector.ts';
import { cat, request, response } from '../testing/http-messages.ts';
import { createHttpDissector, http } from './http.ts';

const upgradeReq = request('GET', '/chat', [['Host', 'h'], ['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Key', 'dGhlIHNhbXBsZSBub25jZQ==']]);
const switching = 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n';

test('Upgrade: websocket → after 101 the flow is handed off with the bytes that follow', (t) => {
  const log: string[] = [];
  const ws = fakeDissector({ id: 'websocket', handoffOnly: true, log });
  const h = run([http, ws], [
    { dir: 0, bytes: upgradeReq },
    { dir: 1, bytes: cat(switching, 'server-frame\n') },
    { dir: 0, bytes: 'client-frame\n' },
  ]);
  t.is(h.session.dissectorId, 'websocket');
  t.is(h.items[0].response?.status, 101);
  t.is(h.items[0].request?.headers.Upgrade, 'websocket');
  t.deepEqual(log, ['data 1 server-frame\n', 'data 0 client-frame\n', 'end']);
  t.deepEqual(h.items.slice(1).map((i) => i.protocol.name), ['websocket', 'websocket']);
});

test('h2c upgrade hands off to http2, including client bytes sent before the 101', (t) => {
  const log: string[] = [];
  const h2 = fakeDissector({ id: 'http2', handoffOnly: true, log });
  const h = run([http, h2], [
    { dir: 0, bytes: cat(request('GET', '/', [['Host', 'h'], ['Connection', 'Upgrade, HTTP2-Settings'], ['Upgrade', 'h2c'], ['HTTP2-Settings', 'AAMAAABkAAQAoAAAAAIAAAAA']]), 'PRI * early\n') },
    { dir: 1, bytes: 'HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n' },
  ]);
  t.is(h.session.dissectorId, 'http2');
  t.deepEqual(log, ['data 0 PRI * early\n', 'end']);
});

test('Upgrade with no such dissector registered stops parsing quietly', (t) => {
  const h = run([http], [{ dir: 0, bytes: upgradeReq }, { dir: 1, bytes: cat(switching, '\x81\x05hello') }, { dir: 0, bytes: '\x81\x85abcd1234' }]);
  t.is(h.items.length, 1);
  t.is(h.items[0].response?.status, 101);
  t.is(h.weirds.total, 0);
});

test('a refused Upgrade releases the held client bytes as HTTP', (t) => {
  const h = run([http], [
    { dir: 0, bytes: cat(upgradeReq, request('GET', '/second', [['Host', 'h']])) },
    { dir: 1, bytes: cat(response(400, 'Bad Request', [], 'no'), response(200, 'OK', [], 'yes')) },
  ]);
  t.deepEqual(h.items.map((i) => [i.request?.path, i.response?.status]), [['/chat', 400], ['/second', 200]]);
});

test('CONNECT 200 turns the flow into an opaque tunnel', (t) => {
  const h = run([http], [
    { dir: 0, bytes: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n' },
    { dir: 1, bytes: 'HTTP/1.1 200 Connection Established\r\n\r\n\x16\x03\x01\x02\x00' },
    { dir: 0, bytes: '\x16\x03\x01\x00\xa5\x01\x00' },
  ]);
  t.is(h.items.length, 1);
  t.is(h.items[0].request?.method, 'CONNECT');
  t.is(h.items[0].request?.url, 'example.com:443');
  t.is(h.weirds.total, 0);
});

test('an unmatched request at the end of the flow is emitted as pair-not-found', (t) => {
  const h = run([http], [{ dir: 0, bytes: request('GET', '/lonely', [['Host', 'h']]) }]);
  t.is(h.items.length, 1);
  t.is(h.items[0].response, null);
  t.is(h.items[0].error?.type, 'pair-not-found');
});

test('a response without a request (capture started mid-stream) has request null', (t) => {
  const h = run([http], [
    { dir: 1, bytes: response(200, 'OK', [], 'tail of something') },
    { dir: 0, bytes: request('GET', '/next', [['Host', 'h']]) },
    { dir: 1, bytes: response(200, 'OK', [], 'next') },
  ]);
  t.deepEqual(h.items.map((i) => [i.request?.path ?? null, i.response?.status]), [[null, 200], ['/next', 200]]);
});

test('a gap inside a Content-Length body keeps the framing; the message carries an error', (t) => {
  const h = run([http], [
    { dir: 0, bytes: request('GET', '/a', [['Host', 'h']]) },
    { dir: 1, bytes: cat('HTTP/1.1 200 OK\r\nContent-Length: 30\r\n\r\n', '0123456789') },
    { dir: 1, gap: 10 },
    { dir: 1, bytes: 'abcdefghij' },
    { dir: 0, bytes: request('GET', '/b', [['Host', 'h']]) },
    { dir: 1, bytes: response(200, 'OK', [], 'b-body') },
  ]);
  t.is(h.items.length, 2);
  t.is(h.items[0].error?.type, 'dissection');
  t.regex(h.items[0].error!.msg, /10 body bytes lost/);
  t.is(h.items[0].response?.bodySize, 30);
  t.is(h.items[1].error, null);
  t.is(Buffer.from(h.items[1].response!.content.text, 'base64').toString(), 'b-body');
});

test('a gap past the end of a message: the partial is emitted, parsing resyncs at the next message start', (t) => {
  const h = run([http], [
    { dir: 0, bytes: cat(request('GET', '/one', [['Host', 'h']]), request('GET', '/two', [['Host', 'h']]), request('GET', '/three', [['Host', 'h']])) },
    { dir: 1, bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n01234' },
    { dir: 1, gap: 40 },
    { dir: 1, bytes: cat('ength: 3\r\n\r\nxyz', response(200, 'OK', [], 'three')) },
  ]);
  // The response to /two was lost in the gap, so FIFO order pairs the next one with /two:
  // what matters here is that parsing recovered mid-line, right after the lost body.
  t.deepEqual(h.items.map((i) => [i.request?.path, i.error?.type ?? null]), [['/one', 'dissection'], ['/two', null], ['/three', 'pair-not-found']]);
  t.is(Buffer.from(h.items[1].response!.content.text, 'base64').toString(), 'three', 'resynced at the next status line');
  t.true(h.weirds.get('http_resync') >= 1);
});

test('a gap in a request header section resyncs at the next request line', (t) => {
  const h = run([http], [
    { dir: 0, bytes: 'GET /cut HTTP/1.1\r\nHo' },
    { dir: 0, gap: 100 },
    { dir: 0, bytes: cat('junk: here\r\n\r\n', request('GET', '/ok', [['Host', 'h']])) },
    { dir: 1, bytes: response(200, 'OK', [], 'ok') },
  ]);
  t.is(h.items.length, 1);
  t.is(h.items[0].request?.path, '/ok');
  t.is(h.weirds.get('http_gap_in_head'), 1);
});

test('garbage instead of a request line is counted and skipped to the next request', (t) => {
  const h = run([http], [
    { dir: 0, bytes: cat(request('GET', '/1', [['Host', 'h']]), 'BLAH\x00\x01 nonsense\r\n\r\n', request('GET', '/2', [['Host', 'h']])) },
    { dir: 1, bytes: cat(response(200, 'OK'), response(200, 'OK')) },
  ]);
  t.deepEqual(h.items.map((i) => i.request?.path), ['/1', '/2']);
  t.is(h.weirds.get('http_bad_request_line'), 1);
});

test('a header section above the cap is a weird and a violation', (t) => {
  const d = createHttpDissector({ headCap: 1024 });
  const h = run([d], [
    { dir: 0, bytes: request('GET', '/', [['Host', 'h'], ['X-Big', 'a'.repeat(2000)]]) },
    { dir: 1, bytes: response(200, 'OK') },
  ]);
  t.is(h.weirds.get('http_header_too_large'), 1);
  t.is(h.weirds.get('dissect_violation'), 1);
  t.is(h.items.length, 0);
});

test('a start line above the line cap is a weird and a violation', (t) => {
  const d = createHttpDissector({ lineCap: 256 });
  const h = run([d], [{ dir: 0, bytes: `GET /${'p'.repeat(300)}` }, { dir: 0, bytes: 'q'.repeat(100) }]);
  t.is(h.weirds.get('http_line_too_long'), 1);
  t.is(h.weirds.get('dissect_violation'), 1);
});

test('an early response during an upload still pairs with its request', (t) => {
  const h = run([http], [
    { dir: 0, bytes: request('POST', '/upload', [['Host', 'h'], ['Content-Length', '20'], ['Content-Type', 'text/plain']], '', { raw: true }) },
    { dir: 0, bytes: '0123456789' },
    { dir: 1, bytes: response(413, 'Payload Too Large', [['Connection', 'close']], 'too big') },
    { dir: 0, bytes: 'abcdefghij' },
  ]);
  t.is(h.items.length, 1);
  t.is(h.items[0].request?.path, '/upload');
  t.is(h.items[0].response?.status, 413);
  t.is(h.items[0].error, null);
});

test('a message cut by the end of the flow is emitted with an error', (t) => {
  const h = run([http], [
    { dir: 0, bytes: request('GET', '/big', [['Host', 'h']]) },
    { dir: 1, bytes: 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten..' },
  ]);
  t.is(h.items.length, 1);
  t.is(h.items[0].response?.status, 200);
  t.is(h.items[0].error?.type, 'dissection');
  t.regex(h.items[0].error!.msg, /incomplete/);
});

test('a bad chunk size is counted and the stream resyncs', (t) => {
  const h = run([http], [
    { dir: 0, bytes: cat(request('GET', '/a', [['Host', 'h']]), request('GET', '/b', [['Host', 'h']])) },
    { dir: 1, bytes: cat('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nZZZ\r\n', response(200, 'OK', [], 'b')) },
  ]);
  t.is(h.weirds.get('http_bad_chunk_size'), 1);
  t.deepEqual(h.items.map((i) => [i.request?.path, i.error?.type ?? null]), [['/a', 'dissection'], ['/b', null]]);
});

test('resync finds a request that starts mid-line after a lost body, even split across segments', (t) => {
  const next = request('GET', '/after-gap', [['Host', 'h']]);
  const h = run([http], [
    { dir: 0, bytes: cat(request('POST', '/a', [['Host', 'h'], ['Content-Type', 'application/json']], '{"k":"v"}')) },
    { dir: 0, gap: 500 },
    { dir: 0, bytes: cat('"tail of some body"}', next.subarray(0, 12)) },
    { dir: 0, bytes: next.subarray(12) },
    { dir: 1, bytes: cat(response(200, 'OK'), response(200, 'OK')) },
  ], { split: (n) => (n > 20 ? [3, n - 3] : [n]) });
  t.deepEqual(h.items.map((i) => i.request?.path), ['/a', '/after-gap']);
});
