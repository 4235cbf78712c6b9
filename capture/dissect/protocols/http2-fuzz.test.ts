/**
 * Bounded fuzzing of HTTP/2 (with gRPC and GraphQL streams) and HPACK: valid connections
 * are mutated (bit flips, byte edits, inserted frame headers and HPACK bytes, cut and
 * duplicated ranges, truncation, gaps) and fed in random splits through a session holding
 * every built-in dissector; random blocks go straight into the HPACK decoder. Nothing may
 * escape, every call returns, every item is well-formed, and anomalies are counted.
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Direction } from '../../flow/flow.ts';
import { Weirds } from '../../weird.ts';
import { builtinDissectors } from '../manifest.ts';
import { createRegistry } from '../registry.ts';
import { flowOf, harness, randomSplit } from '../testing/flow-fixture.ts';
import { itemProblem } from '../testing/item-shape.ts';
import { rng } from '../testing/rng.ts';
import type { Rng } from '../testing/rng.ts';
import { HpackDecoder } from './hpack.ts';
import { clientPreface, concat, data, encoders, goaway, grpcMessage, headers, ping, rstStream, settings, windowUpdate } from './http2-encode.ts';

const registry = createRegistry(builtinDissectors);
type Stream = { dir: Direction; bytes: Uint8Array }[];
const te = new TextEncoder();

function seed(k: number): Stream {
  const [c, s] = encoders(k % 2 === 0);
  const grpcReq: [string, string][] = [[':method', 'POST'], [':scheme', 'http'], [':path', '/pkg.Svc/Do'], [':authority', 'svc'], ['content-type', 'application/grpc']];
  const gqlReq: [string, string][] = [[':method', 'POST'], [':scheme', 'http'], [':path', '/graphql'], [':authority', 'svc'], ['content-type', 'application/json']];
  return [
    { dir: 0, bytes: concat([clientPreface(), headers(c, 1, [[':method', 'GET'], [':scheme', 'http'], [':path', '/a?b=c'], [':authority', 'h'], ['cookie', 'x=1']], { endStream: true, fragment: 9, pad: 2 })]) },
    { dir: 1, bytes: concat([settings([[1, 8192]]), headers(s, 1, [[':status', '200'], ['content-encoding', 'gzip']]), data(1, te.encode('not really gzip'), { endStream: true, pad: 1 })]) },
    { dir: 0, bytes: concat([settings([], true), headers(c, 3, grpcReq), data(3, concat([grpcMessage(new Uint8Array(40)), grpcMessage(new Uint8Array(3), true)]), { endStream: true, maxFrame: 17 })]) },
    { dir: 1, bytes: concat([headers(s, 3, [[':status', '200'], ['content-type', 'application/grpc']]), data(3, grpcMessage(new Uint8Array(8))), headers(s, 3, [['grpc-status', '13'], ['grpc-message', 'boom%20x']], { endStream: true })]) },
    { dir: 0, bytes: concat([headers(c, 5, gqlReq), data(5, te.encode('{"query":"query Q { a }"}'), { endStream: true }), windowUpdate(0, 100), ping()]) },
    { dir: 1, bytes: concat([headers(s, 5, [[':status', '100']]), headers(s, 5, [[':status', '200']]), data(5, te.encode('{}'), { endStream: true }), rstStream(7, 8), goaway(5, 2)]) },
  ];
}

const TOKENS = [
  Uint8Array.of(0, 0, 0, 4, 0, 0, 0, 0, 0), // empty SETTINGS
  Uint8Array.of(0, 0, 4, 3, 0, 0, 0, 0, 1, 0, 0, 0, 8), // RST_STREAM 1
  Uint8Array.of(0xff, 0xff, 0xff, 1, 4, 0, 0, 0, 9), // huge HEADERS
  Uint8Array.of(0, 0, 3, 9, 4, 0, 0, 0, 3, 0xbe, 0xbf, 0xc0), // CONTINUATION of dynamic indices
  Uint8Array.of(0, 0, 2, 0, 9, 0, 0, 0, 1, 5, 0), // padded DATA with a pad longer than the frame
  Uint8Array.of(0x3f, 0xe1, 0x1f), // HPACK size update
  Uint8Array.of(0xff, 0xff, 0xff, 0xff, 0x0f), // HPACK integer overflow
  Uint8Array.of(0, 0, 5, 5, 4, 0, 0, 0, 1, 0, 0, 0, 2, 0x82), // PUSH_PROMISE
  te.encode('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'),
];

function mutate(r: Rng, b: Uint8Array): Uint8Array {
  let out = Buffer.from(b);
  const edits = 1 + r.int(4);
  for (let e = 0; e < edits; e++) {
    const at = out.length ? r.int(out.length) : 0;
    switch (r.int(6)) {
      case 0:
        if (out.length) out[at] ^= 1 << r.int(8);
        break;
      case 1:
        if (out.length) out[at] = r.int(256);
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), r.pick(TOKENS), out.subarray(at)]);
        break;
      case 3:
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + r.int(30)))]);
        break;
      case 4:
        out = Buffer.concat([out.subarray(0, at), out.subarray(at, at + 1 + r.int(40)), out.subarray(at)]);
        break;
      default:
        out = out.subarray(0, at);
    }
  }
  return out;
}

function check(t: ExecutionContext, r: Rng, steps: { dir: Direction; bytes: Uint8Array; gap?: number }[]): boolean {
  const h = harness([], { registry, flow: flowOf('tcp', 8080) });
  let ts = 1_700_000_000_000;
  try {
    for (const s of steps) {
      ts += r.int(3);
      if (s.gap) h.session.gap(s.dir, s.gap, ts);
      const split = randomSplit(r, 1 + r.int(300))(s.bytes.length);
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
  if (h.weirds.get('dissect_parser_exception') > 0 || h.weirds.get('dissect_on_item_exception') > 0) {
    t.fail(`a parser threw on ${JSON.stringify(steps.map((s) => Buffer.from(s.bytes).toString('hex')))}`);
    return false;
  }
  for (let i = 0; i < h.items.length; i++) {
    const bad = itemProblem(h.items[i], i);
    if (bad) {
      t.fail(`bad item: ${bad}`);
      return false;
    }
  }
  anomalies += h.weirds.total;
  return true;
}

let anomalies = 0;

test('8k mutated HTTP/2 connections (gRPC, GraphQL, control frames, gaps) in random splits', (t) => {
  const r = rng(2024);
  for (let i = 0; i < 8000; i++) {
    const steps = seed(i).map((s) => ({ ...s, bytes: r.next() < 0.5 ? mutate(r, s.bytes) : s.bytes, gap: r.next() < 0.05 ? 1 + r.int(50) : 0 }));
    if (!check(t, r, steps)) return;
  }
  t.true(anomalies > 1000, `anomalies counted: ${anomalies}`);
});

test('20k random HPACK blocks: decode returns a list or null and never throws', (t) => {
  const r = rng(7);
  const w = new Weirds();
  const d = new HpackDecoder((n) => w.add(n), { maxListBytes: 64 * 1024 });
  let nulls = 0;
  for (let i = 0; i < 20_000; i++) {
    const b = Uint8Array.from({ length: r.int(64) }, () => (r.next() < 0.3 ? r.pick([0x82, 0xbe, 0x40, 0x7f, 0xff, 0x3f, 0x0f]) : r.int(256)));
    const out = d.decode(b, 0, b.length);
    if (out === null) nulls++;
    else if (out.length % 2 !== 0) return t.fail('odd list');
  }
  t.true(nulls > 0 && w.total >= nulls);
  t.true(d.size <= d.limit);
});
