/**
 * Segmentation must never change the result: each stream below gives the same items fed
 * whole, one byte at a time, and in random splits (pieces are poisoned after each call,
 * so a parser that keeps a view of its input fails here).
 */
import test from 'ava';
import zlib from 'node:zlib';
import type { Item } from '../../item.ts';
import { byteByByte, randomSplit, run } from '../testing/flow-fixture.ts';
import type { Step } from '../testing/flow-fixture.ts';
import { fakeDissector } from '../testing/fake-dissector.ts';
import { cat, chunked, request, response } from '../testing/http-messages.ts';
import { rng } from '../testing/rng.ts';
import { http } from './http.ts';

const H: [string, string][] = [['Host', 'svc.local'], ['User-Agent', 'test/1.0']];
const big = Buffer.alloc(9000, 'abcdefghij');

const streams: Record<string, Step[]> = {
  'keep-alive with bodies on both sides': [
    { dir: 0, bytes: request('POST', '/a?x=%20y', [...H, ['Content-Type', 'application/json']], '{"a":1}') },
    { dir: 1, bytes: response(200, 'OK', [['Content-Type', 'text/plain']], big) },
    { dir: 0, bytes: request('GET', '/b', H) },
    { dir: 1, bytes: response(404, 'Not Found', [], 'nope') },
  ],
  '100-continue, 103, HEAD, 204 and 304': [
    { dir: 0, bytes: request('PUT', '/up', [...H, ['Expect', '100-continue'], ['Content-Type', 'text/plain'], ['Content-Length', '5']], '', { raw: true }) },
    { dir: 1, bytes: 'HTTP/1.1 100 Continue\r\n\r\n' },
    { dir: 0, bytes: cat('12345', request('HEAD', '/h', H), request('GET', '/n', H), request('GET', '/m', H)) },
    { dir: 1, bytes: cat('HTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\n', response(201, 'Created'), response(200, 'OK', [['Content-Length', '77']], '', { raw: true }), 'HTTP/1.1 204 No Content\r\n\r\n', 'HTTP/1.1 304 Not Modified\r\n\r\n') },
  ],
  'gzip + chunked response, then close-delimited HTTP/1.0': [
    { dir: 0, bytes: request('GET', '/z', H) },
    { dir: 1, bytes: cat(response(200, 'OK', [['Content-Encoding', 'gzip'], ['Transfer-Encoding', 'chunked']], '', { raw: true }), chunked(zlib.gzipSync(big), [100, 1, 2000], [['X-T', '1']])) },
    { dir: 0, bytes: request('GET', '/old', H, '', { version: 'HTTP/1.0' }) },
    { dir: 1, bytes: cat('HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n', '<p>until close</p>') },
  ],
  'upgrade to websocket': [
    { dir: 0, bytes: request('GET', '/ws', [...H, ['Upgrade', 'websocket'], ['Connection', 'keep-alive, Upgrade']]) },
    { dir: 1, bytes: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\nframe-a\nframe-b\n' },
    { dir: 0, bytes: 'frame-c\n' },
  ],
  'gaps in a body and between messages': [
    { dir: 0, bytes: cat(request('GET', '/1', H), request('GET', '/2', H)) },
    { dir: 1, bytes: cat('HTTP/1.1 200 OK\r\nContent-Length: 40\r\n\r\n', '0123456789') },
    { dir: 1, gap: 20 },
    { dir: 1, bytes: cat('0123456789', response(200, 'OK', [], 'two')) },
    { dir: 0, gap: 300 },
    { dir: 0, bytes: cat('xx"}', request('GET', '/3', H)) },
    { dir: 1, bytes: response(200, 'OK', [], 'three') },
  ],
};

const websocket = fakeDissector({ id: 'websocket', handoffOnly: true });

function items(steps: Step[], split?: (n: number) => number[]): unknown[] {
  return run([http, websocket], steps, { split }).items.map((i: Item) => ({ p: i.protocol.name, req: i.request, res: i.response, err: i.error, sizes: [i.requestSize, i.responseSize] }));
}

for (const [name, steps] of Object.entries(streams)) {
  test(`same items whatever the segmentation: ${name}`, (t) => {
    const whole = items(steps);
    t.true(whole.length > 0);
    t.deepEqual(items(steps, byteByByte), whole, 'one byte at a time');
    const r = rng(name.length);
    for (let k = 0; k < 25; k++) t.deepEqual(items(steps, randomSplit(r, 1 + r.int(3000))), whole);
  });
}
