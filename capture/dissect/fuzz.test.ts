/**
 * Bounded fuzzing of the dissection path (~20k cases): valid HTTP and DNS streams are
 * mutated (bit flips, byte edits, inserted protocol tokens, cut/duplicated ranges, gaps)
 * and fed in random splits through a session holding every built-in dissector. Nothing
 * may escape the session or a parser (the session would count it), every call must
 * return, and every item must be well-formed.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import zlib from 'node:zlib';
import type { Direction } from '../flow/flow.ts';
import { builtinDissectors } from './manifest.ts';
import { createRegistry } from './registry.ts';
import { dnsMessage, optRecord, rd, tcpFrame } from './testing/dns-builder.ts';
import { flowOf, harness, randomSplit } from './testing/flow-fixture.ts';
import { cat, chunked, request, response } from './testing/http-messages.ts';
import { itemProblem } from './testing/item-shape.ts';
import { rng } from './testing/rng.ts';
import type { Rng } from './testing/rng.ts';

type Stream = { dir: Direction; bytes: Uint8Array }[];

const registry = createRegistry(builtinDissectors);

const httpSeeds: Stream[] = [
  [
    { dir: 0, bytes: cat(request('GET', '/a?x=1&y=2', [['Host', 'h'], ['Cookie', 'a=b']]), request('POST', '/f', [['Host', 'h'], ['Content-Type', 'application/x-www-form-urlencoded']], 'k=v&k2=%41')) },
    { dir: 1, bytes: cat(response(200, 'OK', [['Set-Cookie', 's=1; Path=/']], 'hello'), response(302, 'Found', [['Location', '/x']])) },
  ],
  [
    { dir: 0, bytes: cat(request('PUT', '/u', [['Host', 'h'], ['Transfer-Encoding', 'chunked'], ['Expect', '100-continue']]), chunked('some chunked body', [3, 4], [['X-T', '1']], ';e=1')) },
    { dir: 1, bytes: cat('HTTP/1.1 100 Continue\r\n\r\n', response(200, 'OK', [['Content-Type', 'application/json'], ['Content-Encoding', 'gzip']], zlib.gzipSync(Buffer.from('{"a":[1,2,3]}')))) },
  ],
  [
    { dir: 0, bytes: cat(request('HEAD', '/h', [['Host', 'h']]), request('GET', '/chat', [['Host', 'h'], ['Upgrade', 'websocket'], ['Connection', 'Upgrade']])) },
    { dir: 1, bytes: cat(response(200, 'OK', [['Content-Length', '100']], '', { raw: true }), 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x02hi') },
  ],
  [
    { dir: 0, bytes: request('GET', 'http://proxy.example/x', [], '', { version: 'HTTP/1.0' }) },
    { dir: 1, bytes: cat('HTTP/1.0 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: br\r\n\r\n', zlib.brotliCompressSync(Buffer.from('<html>hi</html>'))) },
  ],
];

const q = [{ name: 'www.example.com', type: 1 }];
const dnsSeeds: Uint8Array[][] = [
  [
    dnsMessage({ id: 1, questions: q, additionals: [optRecord(1232, { dnssecOk: true, options: [[10, [1, 2, 3, 4, 5, 6, 7, 8]]] })] }),
    dnsMessage({
      id: 1, response: true, questions: q,
      answers: [{ name: 'www.example.com', type: 5, data: rd.name('cdn.example.net') }, { name: 'cdn.example.net', type: 1, data: rd.a('1.2.3.4') }],
      authorities: [{ name: 'example.net', type: 6, data: rd.soa('ns.example.net', 'h.example.net', [1, 2, 3, 4, 5]) }],
      additionals: [{ name: 'example.net', type: 15, data: rd.mx(1, 'mx.example.net') }, { name: 'x.example.net', type: 16, data: rd.txt(['a', 'b']) }],
    }),
  ],
  [
    dnsMessage({ id: 7, questions: [{ name: '_s._tcp.example', type: 33 }] }),
    dnsMessage({ id: 7, response: true, rcode: 3, answers: [{ name: '_s._tcp.example', type: 33, data: rd.srv(1, 2, 3, 't.example') }, { name: 'x', type: 257, data: rd.caa(0, 'issue', 'ca') }, { name: 'y', type: 65, data: rd.svcb(1, '.', [0, 1, 0, 0]) }] }),
  ],
];

const TOKENS = [
  '\r\n', '\r\n\r\n', '\n', 'Content-Length: 99999999999\r\n', 'Content-Length: -1\r\n', 'Transfer-Encoding: chunked\r\n',
  'HTTP/1.1 100 Continue\r\n\r\n', 'HTTP/1.1 101 Switching Protocols\r\n\r\n', 'Upgrade: h2c\r\nConnection: upgrade\r\n', '0\r\n\r\n',
  'fffffffffffffffff\r\n', 'GET / HTTP/1.1\r\n', ' HTTP/1.1\r\n', 'Content-Encoding: gzip\r\n', '\xc0\x0c', '\xc0\x00', '\x3f', '\x00\x00',
];

function mutate(r: Rng, b: Uint8Array): Uint8Array {
  let out = Buffer.from(b);
  const edits = 1 + r.int(4);
  for (let e = 0; e < edits; e++) {
    const at = out.length ? r.int(out.length) : 0;
    switch (r.int(7)) {
      case 0:
        if (out.length) out[at] ^= 1 << r.int(8);
        break;
      case 1:
        if (out.length) out[at] = r.int(256);
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), Buffer.from(r.pick(TOKENS), 'latin1'), out.subarray(at)]);
        break;
      case 3:
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + r.int(20)))]);
        break;
      case 4: {
        const len = 1 + r.int(40);
        out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + len), out.subarray(at)]);
        break;
      }
      case 5:
        out = out.subarray(0, at);
        break;
      default:
        if (out.length > 1) out.writeUInt8(r.pick([0, 0xff, 0x7f, 0x80, 0x0a, 0x0d, 0x20]), at);
    }
  }
  return out;
}

function check(t: ExecutionContext, r: Rng, transport: 'tcp' | 'udp', port: number, steps: { dir: Direction; bytes: Uint8Array; gap?: number }[]): boolean {
  const h = harness([], { registry, flow: flowOf(transport, port) });
  let ts = 1_700_000_000_000;
  try {
    for (const s of steps) {
      ts += r.int(3);
      if (s.gap) h.session.gap(s.dir, s.gap, ts);
      const split = transport === 'udp' ? [s.bytes.length] : randomSplit(r, 1 + r.int(200))(s.bytes.length);
      let p = 0;
      for (const n of split) {
        h.session.data(s.dir, s.bytes.subarray(p, p + n), ts);
        p += n;
      }
    }
    h.session.end('fin', ts + 1);
  } catch (e) {
    t.fail(`exception escaped the session: ${(e as Error).stack}`);
    return false;
  }
  for (const bug of ['dissect_parser_exception', 'dissect_detect_exception']) {
    if (h.weirds.get(bug) > 0) {
      t.fail(`${bug} (parsers must not throw): ${JSON.stringify(steps.map((s) => [s.dir, Buffer.from(s.bytes).toString('latin1'), s.gap]))}`);
      return false;
    }
  }
  for (let i = 0; i < h.items.length; i++) {
    const problem = itemProblem(h.items[i], i);
    if (problem) {
      t.fail(`item ${i}: ${problem}`);
      return false;
    }
  }
  return true;
}

test('fuzz: mutated HTTP streams in random splits (12k cases)', (t) => {
  const r = rng(0x5eed);
  let items = 0;
  for (let c = 0; c < 12000; c++) {
    const seed = r.pick(httpSeeds);
    const steps = seed.map((s) => ({ dir: s.dir, bytes: r.int(3) === 0 ? s.bytes : mutate(r, s.bytes), gap: r.int(10) === 0 ? 1 + r.int(300) : 0 }));
    if (r.int(2)) steps.reverse();
    if (!check(t, r, 'tcp', r.pick([80, 8080, 9999]), steps)) return;
    items++;
  }
  t.is(items, 12000);
});

test('fuzz: mutated DNS over UDP and TCP (8k cases)', (t) => {
  const r = rng(0xd115);
  for (let c = 0; c < 8000; c++) {
    const seed = r.pick(dnsSeeds);
    const msgs = seed.map((m) => (r.int(4) === 0 ? m : mutate(r, m)));
    if (c % 2 === 0) {
      if (!check(t, r, 'udp', r.pick([53, 5353, 9053]), msgs.map((m, i) => ({ dir: (i % 2) as Direction, bytes: m })))) return;
    } else {
      const steps = msgs.map((m, i) => ({ dir: (i % 2) as Direction, bytes: r.int(3) === 0 ? mutate(r, tcpFrame(m)) : tcpFrame(m), gap: r.int(20) === 0 ? 5 : 0 }));
      if (!check(t, r, 'tcp', 53, steps)) return;
    }
  }
  t.pass();
});
