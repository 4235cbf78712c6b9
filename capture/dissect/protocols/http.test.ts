import test from 'ava';
import type { Item } from '../../item.ts';
import { byteByByte, flowOf, run } from '../testing/flow-fixture.ts';
import type { Step } from '../testing/flow-fixture.ts';
import { cat, chunked, request, response } from '../testing/http-messages.ts';
import { rng } from '../testing/rng.ts';
import { randomSplit } from '../testing/flow-fixture.ts';
import { http } from './http.ts';

function items(steps: Step[], split?: (n: number) => number[]): Item[] {
  return run([http], steps, { split }).items;
}

const text = (i: Item) => Buffer.from(i.response?.content.text ?? '', 'base64').toString('latin1');

test('keep-alive with 3 exchanges gives 3 paired items in order', (t) => {
  const steps: Step[] = [];
  for (let i = 0; i < 3; i++) {
    steps.push({ dir: 0, bytes: request('GET', `/item/${i}`, [['Host', 'api.local']]) });
    steps.push({ dir: 1, bytes: response(200, 'OK', [['Content-Type', 'text/plain']], `body-${i}`) });
  }
  const out = items(steps);
  t.is(out.length, 3);
  out.forEach((it, i) => {
    t.is(it.index, i);
    t.is(it.request?.path, `/item/${i}`);
    t.is(it.response?.status, 200);
    t.is(text(it), `body-${i}`);
    t.is(it.error, null);
  });
});

test('pipelining: 5 requests then 5 responses pair in order', (t) => {
  const reqs = [0, 1, 2, 3, 4].map((i) => request('POST', `/p/${i}`, [['Host', 'h'], ['Content-Type', 'text/plain']], `payload ${i}`));
  const ress = [0, 1, 2, 3, 4].map((i) => response(201, 'Created', [], `answer ${i}`));
  const out = items([{ dir: 0, bytes: cat(...reqs) }, { dir: 1, bytes: cat(...ress) }]);
  t.deepEqual(out.map((i) => [i.request?.path, text(i)]), [0, 1, 2, 3, 4].map((i) => [`/p/${i}`, `answer ${i}`]));
  t.deepEqual(out.map((i) => i.request?.postData.text), [0, 1, 2, 3, 4].map((i) => `payload ${i}`));
});

const chunkedExchange: Step[] = [
  { dir: 0, bytes: cat(request('POST', '/upload', [['Host', 'h'], ['Transfer-Encoding', 'chunked'], ['Content-Type', 'text/plain']]), chunked('hello chunked world', [5, 3], [['X-Req-Trailer', 'rt']], ';name=value')) },
  { dir: 1, bytes: cat(response(200, 'OK', [['Transfer-Encoding', 'chunked'], ['Content-Type', 'application/json']], '', { raw: true }), chunked('{"ok":true,"n":12345}', [1, 2, 3], [['X-Checksum', 'abc'], ['X-Checksum', 'def']], ';ext')) },
  { dir: 0, bytes: request('GET', '/next', [['Host', 'h']]) },
  { dir: 1, bytes: response(200, 'OK', [], 'next!') },
];

test('chunked with extensions and trailers: trailers merge into headers', (t) => {
  const out = items(chunkedExchange);
  t.is(out.length, 2);
  const [a, b] = out;
  t.is(a.request?.postData.text, 'hello chunked world');
  t.is(a.request?.headers['X-Req-Trailer'], 'rt');
  t.is(text(a), '{"ok":true,"n":12345}');
  t.is(a.response?.content.size, 21);
  t.is(a.response?.headers['X-Checksum'], 'abc, def');
  const wireBody = chunked('{"ok":true,"n":12345}', [1, 2, 3], [['X-Checksum', 'abc'], ['X-Checksum', 'def']], ';ext').length;
  t.is(a.response?.bodySize, wireBody);
  t.is(a.responseSize, a.response!.headersSize + wireBody);
  t.is(text(b), 'next!');
});

test('chunked with trailers split at every byte boundary gives the same items', (t) => {
  const whole = items(chunkedExchange);
  const strip = (xs: Item[]) => xs.map((i) => ({ req: i.request, res: i.response, err: i.error, size: [i.requestSize, i.responseSize] }));
  t.deepEqual(strip(items(chunkedExchange, byteByByte)), strip(whole));
  const r = rng(42);
  for (let k = 0; k < 30; k++) t.deepEqual(strip(items(chunkedExchange, randomSplit(r, 1 + r.int(40)))), strip(whole));
});

test('Expect: 100-continue — the interim 100 is skipped and the final response pairs', (t) => {
  const out = items([
    { dir: 0, bytes: request('PUT', '/big', [['Host', 'h'], ['Expect', '100-continue'], ['Content-Type', 'text/plain'], ['Content-Length', '11']], '', { raw: true }) },
    { dir: 1, bytes: 'HTTP/1.1 100 Continue\r\n\r\n' },
    { dir: 0, bytes: 'hello world' },
    { dir: 1, bytes: response(204, 'No Content', [], '', { raw: true }) },
    { dir: 0, bytes: request('GET', '/after', [['Host', 'h']]) },
    { dir: 1, bytes: cat('HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n', response(200, 'OK', [], 'fine')) },
  ]);
  t.deepEqual(out.map((i) => [i.request?.path, i.response?.status]), [['/big', 204], ['/after', 200]]);
  t.is(out[0].request?.postData.text, 'hello world');
  t.is(out[0].request?.bodySize, 11);
  t.is(text(out[1]), 'fine');
});

test('HEAD responses carry no body even with Content-Length', (t) => {
  const out = items([
    { dir: 0, bytes: request('HEAD', '/file', [['Host', 'h']]) },
    { dir: 1, bytes: response(200, 'OK', [['Content-Length', '5000']], '', { raw: true }) },
    { dir: 0, bytes: request('GET', '/x', [['Host', 'h']]) },
    { dir: 1, bytes: response(200, 'OK', [], 'xyz') },
  ]);
  t.deepEqual(out.map((i) => [i.request?.method, i.response?.bodySize, text(i)]), [['HEAD', 0, ''], ['GET', 3, 'xyz']]);
});

test('204 and 304 have no body', (t) => {
  const out = items([
    { dir: 0, bytes: cat(request('DELETE', '/a', [['Host', 'h']]), request('GET', '/b', [['Host', 'h'], ['If-None-Match', '"x"']]), request('GET', '/c', [['Host', 'h']])) },
    { dir: 1, bytes: cat('HTTP/1.1 204 No Content\r\n\r\n', 'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n', response(200, 'OK', [], 'c')) },
  ]);
  t.deepEqual(out.map((i) => [i.request?.path, i.response?.status, text(i)]), [['/a', 204, ''], ['/b', 304, ''], ['/c', 200, 'c']]);
});

test('a response without length runs until the connection closes', (t) => {
  const out = items([
    { dir: 0, bytes: request('GET', '/stream', [['Host', 'h']]) },
    { dir: 1, bytes: 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Type: text/plain\r\n\r\npart one, ' },
    { dir: 1, bytes: 'part two' },
  ]);
  t.is(out.length, 1);
  t.is(text(out[0]), 'part one, part two');
  t.is(out[0].error, null);
});

test('HTTP/1.0 exchange: close-delimited body and the 1.0 protocol descriptor', (t) => {
  const out = items([
    { dir: 0, bytes: request('GET', '/old', [['Host', 'legacy']], '', { version: 'HTTP/1.0' }) },
    { dir: 1, bytes: 'HTTP/1.0 200 OK\r\nServer: old\r\n\r\nclassic body' },
  ]);
  t.is(out.length, 1);
  t.is(out[0].protocol.version, '1.0');
  t.is(out[0].protocol.longName, 'Hypertext Transfer Protocol -- HTTP/1.0');
  t.is(out[0].request?.httpVersion, 'HTTP/1.0');
  t.is(text(out[0]), 'classic body');
});

test('HTTP/1.1 items use the Kubeshark HTTP protocol descriptor', (t) => {
  const [it] = items([{ dir: 0, bytes: request('GET', '/', [['Host', 'h']]) }, { dir: 1, bytes: response(200, 'OK') }]);
  t.like(it.protocol, { name: 'http', version: '1.1', abbr: 'HTTP', macro: 'http', backgroundColor: '#205cf5', layer4: 'tcp', priority: 0 });
  t.deepEqual(it.protocol.ports, ['80', '443', '8080']);
});

test('form posts give params; JSON stays text; binary bodies are base64', (t) => {
  const out = items([
    { dir: 0, bytes: request('POST', '/form', [['Host', 'h'], ['Content-Type', 'application/x-www-form-urlencoded']], 'name=J%C3%BCrgen+M&tags=a&tags=b&empty=') },
    { dir: 1, bytes: response(200, 'OK') },
    { dir: 0, bytes: request('POST', '/json', [['Host', 'h'], ['Content-Type', 'application/json; charset=utf-8']], Buffer.from('{"name":"Jürgen"}')) },
    { dir: 1, bytes: response(200, 'OK') },
    { dir: 0, bytes: request('POST', '/bin', [['Host', 'h'], ['Content-Type', 'application/octet-stream']], Buffer.from([0, 1, 2, 255])) },
    { dir: 1, bytes: response(200, 'OK') },
  ]);
  t.deepEqual(out[0].request?.postData, {
    mimeType: 'application/x-www-form-urlencoded',
    text: 'name=J%C3%BCrgen+M&tags=a&tags=b&empty=',
    params: [{ name: 'name', value: 'Jürgen M' }, { name: 'tags', value: 'a' }, { name: 'tags', value: 'b' }, { name: 'empty', value: '' }],
  });
  t.is(out[1].request?.postData.text, '{"name":"Jürgen"}');
  t.deepEqual(out[1].request?.postData.params, []);
  t.deepEqual(out[2].request?.postData, { mimeType: 'application/octet-stream', text: 'AAEC/w==', params: [], encoding: 'base64' });
});

test('cookies: request Cookie pairs and response Set-Cookie names', (t) => {
  const [it] = items([
    { dir: 0, bytes: request('GET', '/', [['Host', 'h'], ['Cookie', 'session=abc123; theme=dark'], ['Cookie', 'lang=en']]) },
    { dir: 1, bytes: response(302, 'Found', [['Set-Cookie', 'session=new; Path=/; HttpOnly'], ['Set-Cookie', 'seen=1; Max-Age=60'], ['Location', '/login']]) },
  ]);
  t.deepEqual(it.request?.cookies, { session: 'abc123', theme: 'dark', lang: 'en' });
  t.deepEqual(it.response?.cookies, { session: 'new', seen: '1' });
  t.is(it.response?.headers['Set-Cookie'], 'session=new; Path=/; HttpOnly, seen=1; Max-Age=60');
  t.is(it.response?.redirectURL, '/login');
});

test('query strings: decoded values, repeated keys as arrays, path and segments', (t) => {
  const [it] = items([
    { dir: 0, bytes: request('GET', '/api/v1//users/?q=a+b%20c&id=1&id=2&flag&bad=%zz#frag', [['Host', 'svc:8080']]) },
    { dir: 1, bytes: response(200, 'OK') },
  ]);
  t.is(it.request?.url, 'http://svc:8080/api/v1//users/?q=a+b%20c&id=1&id=2&flag&bad=%zz#frag');
  t.is(it.request?.targetUri, '/api/v1//users/?q=a+b%20c&id=1&id=2&flag&bad=%zz#frag');
  t.is(it.request?.path, '/api/v1//users/');
  t.deepEqual(it.request?.pathSegments, ['api', 'v1', 'users']);
  t.deepEqual(it.request?.queryString, { q: 'a b c', id: ['1', '2'], flag: '', bad: '%zz' });
});

test('absolute-form target (proxy request) and a request without Host', (t) => {
  const out = items([
    { dir: 0, bytes: request('GET', 'http://example.com:8080/a/b?x=1', [['Host', 'ignored']]) },
    { dir: 1, bytes: response(200, 'OK') },
    { dir: 0, bytes: request('GET', '/nohost?y=2', [], '', { version: 'HTTP/1.0' }) },
    { dir: 1, bytes: response(200, 'OK', [], '', { version: 'HTTP/1.0' }) },
  ]);
  t.is(out[0].request?.url, 'http://example.com:8080/a/b?x=1');
  t.is(out[0].request?.path, '/a/b');
  t.deepEqual(out[0].request?.queryString, { x: '1' });
  t.is(out[1].request?.url, '/nohost?y=2');
  t.is(out[1].request?.path, '/nohost');
});

test('headers keep names as sent, join repeats, and never touch the prototype', (t) => {
  const [it] = items([
    { dir: 0, bytes: 'GET / HTTP/1.1\r\nHost: h\r\nX-Multi: 1\r\nx-multi: 2\r\nX-Multi: 3\r\n__proto__: evil\r\nconstructor: c\r\nX-Empty:\r\n\r\n' },
    { dir: 1, bytes: response(200, 'OK') },
  ]);
  const h = it.request!.headers;
  t.is(h['X-Multi'], '1, 3');
  t.is(h['x-multi'], '2');
  t.is(Object.getPrototypeOf(h), Object.prototype);
  t.true(Object.prototype.hasOwnProperty.call(h, '__proto__'));
  t.is(h.constructor, 'c');
  t.is(h['X-Empty'], '');
  t.is(JSON.parse(JSON.stringify(h))['__proto__'], 'evil');
});

test('sizes: headersSize, bodySize, requestSize/responseSize and elapsedTime', (t) => {
  const req = request('POST', '/s', [['Host', 'h'], ['Content-Type', 'text/plain']], 'abcdef');
  const res = response(200, 'OK', [], '0123456789');
  const [it] = items([{ dir: 0, bytes: req, ts: 1000 }, { dir: 1, bytes: res, ts: 1042 }]);
  t.is(it.request?.headersSize, req.length - 6);
  t.is(it.request?.bodySize, 6);
  t.is(it.requestSize, req.length);
  t.is(it.responseSize, res.length);
  t.is(it.response?.bodySize, 10);
  t.is(it.elapsedTime, 42);
  t.is(it.timestamp, 1000);
});

test('HTTP is found by detect() on a non-standard port, from either direction', (t) => {
  const h = run([http], [{ dir: 0, bytes: request('GET', '/', [['Host', 'h']]) }, { dir: 1, bytes: response(200, 'OK') }], { flow: flowOf('tcp', 9999) });
  t.is(h.items.length, 1);
  const mid = run([http], [{ dir: 1, bytes: response(200, 'OK', [], 'mid-stream') }], { flow: flowOf('tcp', 9999) });
  t.is(mid.items.length, 1);
  t.is(mid.items[0].request, null);
});
