/**
 * HPACK against RFC 7541 Appendix C (every example, with and without Huffman, checking the
 * decoded lists and the dynamic table after each block), plus Huffman round trips over all
 * octets, the encoder, and malformed blocks.
 */
import test from 'ava';
import { Weirds } from '../../weird.ts';
import { HpackDecoder } from './hpack.ts';
import { HpackEncoder } from './hpack-encoder.ts';
import { huffmanDecode, huffmanEncode } from './hpack-huffman.ts';

const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));

function decoder(maxTableSize = 4096) {
  const w = new Weirds();
  return { d: new HpackDecoder((n) => w.add(n), { maxTableSize }), w };
}

function pairs(list: string[] | null): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; list && i < list.length; i += 2) out.push([list[i], list[i + 1]]);
  return out;
}

function table(d: HpackDecoder): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 1; i <= d.length; i++) out.push(d.entry(i)!);
  return out;
}

const DATE1 = 'Mon, 21 Oct 2013 20:13:21 GMT';
const DATE2 = 'Mon, 21 Oct 2013 20:13:22 GMT';
const COOKIE = 'foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1';

test('C.2: single literal and indexed fields', (t) => {
  const cases: [string, [string, string][], number][] = [
    ['400a 6375 7374 6f6d 2d6b 6579 0d63 7573 746f 6d2d 6865 6164 6572', [['custom-key', 'custom-header']], 55],
    ['040c 2f73 616d 706c 652f 7061 7468', [[':path', '/sample/path']], 0],
    ['1008 7061 7373 776f 7264 0673 6563 7265 74', [['password', 'secret']], 0],
    ['82', [[':method', 'GET']], 0],
  ];
  for (const [h, expected, size] of cases) {
    const { d, w } = decoder();
    const b = hex(h);
    t.deepEqual(pairs(d.decode(b, 0, b.length)), expected);
    t.is(d.size, size);
    t.is(w.total, 0);
  }
});

const requests: [string, [string, string][], [string, string][], number][] = [
  [
    '',
    [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com']],
    [[':authority', 'www.example.com']],
    57,
  ],
  [
    '',
    [[':method', 'GET'], [':scheme', 'http'], [':path', '/'], [':authority', 'www.example.com'], ['cache-control', 'no-cache']],
    [['cache-control', 'no-cache'], [':authority', 'www.example.com']],
    110,
  ],
  [
    '',
    [[':method', 'GET'], [':scheme', 'https'], [':path', '/index.html'], [':authority', 'www.example.com'], ['custom-key', 'custom-value']],
    [['custom-key', 'custom-value'], ['cache-control', 'no-cache'], [':authority', 'www.example.com']],
    164,
  ],
];

function runSequence(t: import('ava').ExecutionContext, blocks: string[], expected: typeof requests, maxTableSize: number) {
  const { d, w } = decoder(maxTableSize);
  blocks.forEach((h, i) => {
    const b = hex(h);
    t.deepEqual(pairs(d.decode(b, 0, b.length)), expected[i][1], `block ${i + 1}`);
    t.deepEqual(table(d), expected[i][2], `table after block ${i + 1}`);
    t.is(d.size, expected[i][3]);
  });
  t.is(w.total, 0);
}

test('C.3: requests without Huffman share the dynamic table', (t) => {
  runSequence(t, [
    '8286 8441 0f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
    '8286 84be 5808 6e6f 2d63 6163 6865',
    '8287 85bf 400a 6375 7374 6f6d 2d6b 6579 0c63 7573 746f 6d2d 7661 6c75 65',
  ], requests, 4096);
});

test('C.4: requests with Huffman', (t) => {
  runSequence(t, [
    '8286 8441 8cf1 e3c2 e5f2 3a6b a0ab 90f4 ff',
    '8286 84be 5886 a8eb 1064 9cbf',
    '8287 85bf 4088 25a8 49e9 5ba9 7d7f 8925 a849 e95b b8e8 b4bf',
  ], requests, 4096);
});

const responses: typeof requests = [
  [
    '',
    [[':status', '302'], ['cache-control', 'private'], ['date', DATE1], ['location', 'https://www.example.com']],
    [['location', 'https://www.example.com'], ['date', DATE1], ['cache-control', 'private'], [':status', '302']],
    222,
  ],
  [
    '',
    [[':status', '307'], ['cache-control', 'private'], ['date', DATE1], ['location', 'https://www.example.com']],
    [[':status', '307'], ['location', 'https://www.example.com'], ['date', DATE1], ['cache-control', 'private']],
    222,
  ],
  [
    '',
    [[':status', '200'], ['cache-control', 'private'], ['date', DATE2], ['location', 'https://www.example.com'], ['content-encoding', 'gzip'], ['set-cookie', COOKIE]],
    [['set-cookie', COOKIE], ['content-encoding', 'gzip'], ['date', DATE2]],
    215,
  ],
];

test('C.5: responses without Huffman evict from a 256-octet table', (t) => {
  runSequence(t, [
    '4803 3330 3258 0770 7269 7661 7465 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3120 474d 546e 1768 7474 7073 3a2f 2f77 7777 2e65 7861 6d70 6c65 2e63 6f6d',
    '4803 3330 37c1 c0bf',
    '88c1 611d 4d6f 6e2c 2032 3120 4f63 7420 3230 3133 2032 303a 3133 3a32 3220 474d 54c0 5a04 677a 6970 7738 666f 6f3d 4153 444a 4b48 514b 425a 584f 5157 454f 5049 5541 5851 5745 4f49 553b 206d 6178 2d61 6765 3d33 3630 303b 2076 6572 7369 6f6e 3d31',
  ], responses, 256);
});

test('C.6: responses with Huffman evict from a 256-octet table', (t) => {
  runSequence(t, [
    '4882 6402 5885 aec3 771a 4b61 96d0 7abe 9410 54d4 44a8 2005 9504 0b81 66e0 82a6 2d1b ff6e 919d 29ad 1718 63c7 8f0b 97c8 e9ae 82ae 43d3',
    '4883 640e ffc1 c0bf',
    '88c1 6196 d07a be94 1054 d444 a820 0595 040b 8166 e084 a62d 1bff c05a 839b d9ab 77ad 94e7 821d d7f2 e6c7 b335 dfdf cd5b 3960 d5af 2708 7f36 72c1 ab27 0fb5 291f 9587 3160 65c0 03ed 4ee5 b106 3d50 07',
  ], responses, 256);
});

test('Huffman: every octet round-trips, alone and in one string', (t) => {
  let all = '';
  for (let c = 0; c < 256; c++) {
    const s = String.fromCharCode(c).repeat(3);
    const e = huffmanEncode(s);
    t.is(huffmanDecode(e, 0, e.length), s, `octet ${c}`);
    all += String.fromCharCode(c);
  }
  const e = huffmanEncode(all);
  t.is(huffmanDecode(e, 0, e.length), all);
  t.is(huffmanDecode(new Uint8Array(0), 0, 0), '');
});

test('Huffman: EOS in the string, padding of 8+ bits and non-ones padding are rejected', (t) => {
  t.is(huffmanDecode(hex('ffff ffff'), 0, 4), null, 'EOS (30 ones)');
  const a = huffmanEncode('a'); // 00011 + 111 padding
  t.is(a[0], 0x1f);
  t.is(huffmanDecode(Uint8Array.of(0x18), 0, 1), null, 'padding with zeros');
  t.is(huffmanDecode(Uint8Array.of(0x1f, 0xff), 0, 2), null, 'a full octet of padding');
});

test('encoder output decodes to the same list and reuses the dynamic table', (t) => {
  const enc = new HpackEncoder();
  const { d, w } = decoder();
  const h1: [string, string][] = [[':method', 'POST'], [':scheme', 'http'], [':path', '/helloworld.Greeter/SayHello'], [':authority', 'svc:50051'], ['content-type', 'application/grpc'], ['te', 'trailers'], ['x-bin', '\u0000\u00ff\u0080é']];
  const b1 = enc.encode(h1);
  t.deepEqual(pairs(d.decode(b1, 0, b1.length)), h1);
  const b2 = enc.encode(h1);
  t.true(b2.length < 12, 'second block is all indexed');
  t.deepEqual(pairs(d.decode(b2, 0, b2.length)), h1);
  const up = enc.sizeUpdate(0);
  t.deepEqual(d.decode(up, 0, up.length), []);
  t.is(d.length, 0);
  t.is(w.total, 0);
});

test('malformed blocks return null and count one named anomaly', (t) => {
  const cases: [string, string][] = [
    ['be', 'hpack_bad_index'], // dynamic index 1 of an empty table
    ['80', 'hpack_bad_index'], // index 0
    ['400a 6375', 'hpack_truncated'],
    ['ff ff ff ff ff ff 0f', 'hpack_bad_integer'],
    ['3fe2 1f', 'hpack_bad_table_size'], // size update to 4097
    ['4088 ffff ffff ffff ffff 0161', 'hpack_bad_huffman'],
    ['7f', 'hpack_truncated'],
  ];
  for (const [h, name] of cases) {
    const { d, w } = decoder();
    const b = hex(h);
    t.is(d.decode(b, 0, b.length), null, h);
    t.is(w.get(name), 1, `${h} → ${name}: ${JSON.stringify(w.toJSON())}`);
  }
});

test('a late size update is accepted and counted; an entry larger than the table empties it', (t) => {
  const { d, w } = decoder(4096);
  const b = hex('82 3f e1 1f'); // indexed, then update to 4096
  t.deepEqual(pairs(d.decode(b, 0, b.length)), [[':method', 'GET']]);
  t.is(w.get('hpack_late_size_update'), 1);
  const enc = new HpackEncoder({ huffman: false });
  const small = decoder(64);
  const blk = enc.encode([['x', 'y'.repeat(100)]]);
  t.deepEqual(pairs(small.d.decode(blk, 0, blk.length)), [['x', 'y'.repeat(100)]]);
  t.is(small.d.length, 0);
  t.is(small.d.size, 0);
});

test('a block that decodes to a huge list keeps the table but caps the output', (t) => {
  const w = new Weirds();
  const d = new HpackDecoder((n) => w.add(n), { maxListBytes: 1000 });
  const enc = new HpackEncoder({ huffman: false });
  const first = enc.encode([['big', 'v'.repeat(400)]]);
  d.decode(first, 0, first.length);
  const again = enc.encode(Array.from({ length: 50 }, () => ['big', 'v'.repeat(400)] as [string, string]));
  const out = d.decode(again, 0, again.length)!;
  t.is(out.length, 4);
  t.is(w.get('hpack_header_list_too_large'), 1);
  t.is(d.length, 1);
});
