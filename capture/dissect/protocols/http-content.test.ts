import test from 'ava';
import zlib from 'node:zlib';
import type { Item } from '../../item.ts';
import type { DissectorDescriptor } from '../descriptor.ts';
import { run } from '../testing/flow-fixture.ts';
import { cat, chunked, request, response } from '../testing/http-messages.ts';
import { createHttpDissector, http } from './http.ts';

const JSON_BODY = JSON.stringify({ users: Array.from({ length: 50 }, (_, i) => ({ id: i, name: `user-${i}` })) });

function exchange(encoding: string, wire: Uint8Array, d: DissectorDescriptor = http) {
  const h = run([d], [
    { dir: 0, bytes: request('GET', '/users', [['Host', 'h'], ['Accept-Encoding', 'gzip, deflate, br']]) },
    { dir: 1, bytes: response(200, 'OK', [['Content-Type', 'application/json'], ['Content-Encoding', encoding]], wire) },
  ]);
  return { item: h.items[0], weirds: h.weirds };
}

const decoded = (i: Item) => Buffer.from(i.response!.content.text, 'base64').toString('utf8');

const encoders: [string, (b: Buffer) => Buffer][] = [
  ['gzip', (b) => zlib.gzipSync(b)],
  ['x-gzip', (b) => zlib.gzipSync(b)],
  ['deflate', (b) => zlib.deflateSync(b)],
  ['br', (b) => zlib.brotliCompressSync(b)],
];
for (const [name, enc] of encoders) {
  test(`${name} response bodies are decoded for display`, (t) => {
    const wire = enc(Buffer.from(JSON_BODY));
    const { item, weirds } = exchange(name, wire);
    t.is(decoded(item), JSON_BODY);
    t.is(item.response?.content.size, Buffer.byteLength(JSON_BODY));
    t.is(item.response?.content.mimeType, 'application/json');
    t.is(item.response?.bodySize, wire.length);
    t.is(weirds.total, 0);
  });
}

test('raw deflate (no zlib header) is decoded too', (t) => {
  const { item } = exchange('deflate', zlib.deflateRawSync(Buffer.from(JSON_BODY)));
  t.is(decoded(item), JSON_BODY);
});

test('stacked codings are undone in reverse order', (t) => {
  const wire = zlib.brotliCompressSync(zlib.gzipSync(Buffer.from(JSON_BODY)));
  const { item } = exchange('gzip, br', wire);
  t.is(decoded(item), JSON_BODY);
});

test('a gzip request body (chunked) is decoded into postData', (t) => {
  const gz = zlib.gzipSync(Buffer.from('{"q":"compressed"}'));
  const h = run([http], [
    { dir: 0, bytes: cat(request('POST', '/c', [['Host', 'h'], ['Content-Type', 'application/json'], ['Content-Encoding', 'gzip'], ['Transfer-Encoding', 'chunked']]), chunked(gz, [7])) },
    { dir: 1, bytes: response(200, 'OK') },
  ]);
  t.is(h.items[0].request?.postData.text, '{"q":"compressed"}');
});

test('zip bomb: output is capped, counted, and what fits is kept', (t) => {
  const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024, 0x41));
  const { item, weirds } = exchange('gzip', bomb, createHttpDissector({ decodeCap: 64 * 1024 }));
  t.is(weirds.get('http_body_decode_cap'), 1);
  const size = item.response!.content.size;
  t.true(size > 0 && size <= 64 * 1024, `kept ${size}`);
  t.is(decoded(item), 'A'.repeat(size));
  t.is(item.response?.bodySize, bomb.length);
});

test('a corrupt gzip body is counted and kept as sent', (t) => {
  const junk = Buffer.from('definitely not gzip data');
  const { item, weirds } = exchange('gzip', junk);
  t.is(weirds.get('http_body_decode_failed'), 1);
  t.is(Buffer.from(item.response!.content.text, 'base64').toString(), 'definitely not gzip data');
});

test('an unknown coding is counted and the body kept', (t) => {
  const { item, weirds } = exchange('zstd', Buffer.from('zzz'));
  t.is(weirds.get('http_unknown_content_encoding'), 1);
  t.is(item.response?.content.size, 3);
});

test('body capture cap keeps the first bytes but bodySize counts all; a capped gzip still decodes its prefix', (t) => {
  const d = createHttpDissector({ bodyCap: 1000 });
  const big = 'x'.repeat(5000);
  const { item } = exchange('identity', Buffer.from(big), d);
  t.is(item.response?.content.size, 1000);
  t.is(item.response?.bodySize, 5000);
  const text = Array.from({ length: 4000 }, (_, i) => String(i)).join(',');
  const gz = zlib.gzipSync(Buffer.from(text), { level: 0 });
  const capped = exchange('gzip', gz, d).item;
  const out = Buffer.from(capped.response!.content.text, 'base64').toString();
  t.true(out.length > 0 && text.startsWith(out), 'decoded prefix of the body');
});
