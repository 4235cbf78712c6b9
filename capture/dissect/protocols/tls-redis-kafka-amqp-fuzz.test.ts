/**
 * Bounded fuzzing of the TLS, Redis, Kafka, AMQP, raw TCP/UDP and ICMP dissectors: valid
 * streams built with each protocol's encoder are mutated (bit flips, byte edits, inserted
 * protocol tokens, cut/duplicated ranges, truncation, gaps) and fed in random splits through
 * a session holding every built-in dissector (so detection between them is fuzzed too);
 * ICMP frames go through the whole pipeline. Nothing may escape, no parser may throw (the
 * session would count `dissect_parser_exception`), every call returns, every item is
 * well-formed, and the mutations are noticed (anomalies are counted).
 */
import test from 'ava';
import type { ExecutionContext } from 'ava';
import type { Direction } from '../../flow/flow.ts';
import { Pipeline } from '../../pipeline.ts';
import { buildIcmpPacket, buildUdpPacket, toRawPacket } from '../../testing/packet-builder.ts';
import { builtinDissectors, builtinFallback } from '../manifest.ts';
import { createRegistry } from '../registry.ts';
import { flowOf, harness, randomSplit } from '../testing/flow-fixture.ts';
import { itemProblem } from '../testing/item-shape.ts';
import { rng, type Rng } from '../testing/rng.ts';
import { AMQP_PROTOCOL_HEADER, contentMethod, HEARTBEAT_FRAME, methodFrame } from './amqp-encode.ts';
import { encodeRequest, encodeResponse, recordBatch } from './kafka-encode.ts';
import { alertRecord, applicationData, CHANGE_CIPHER_SPEC, certificateDer, certificateMessage, clientHello, handshakeRecord, SERVER_HELLO_DONE, serverHelloMessage } from './tls-encode.ts';

type Stream = { dir: Direction; bytes: Uint8Array }[];
const cat = (...b: (Uint8Array | string)[]) => Buffer.concat(b.map((x) => (typeof x === 'string' ? Buffer.from(x, 'latin1') : x)));
const registry = createRegistry(builtinDissectors, { fallback: builtinFallback });

const resp = (...a: string[]) => `*${a.length}\r\n` + a.map((x) => `$${x.length}\r\n${x}\r\n`).join('');
const redisSeeds: Stream[] = [
  [{ dir: 0, bytes: cat(resp('SET', 'k', 'v'), resp('GET', 'k'), resp('HGETALL', 'h'), 'PING\r\n') }, { dir: 1, bytes: cat('+OK\r\n$1\r\nv\r\n%1\r\n+f\r\n:1\r\n+PONG\r\n') }],
  [{ dir: 0, bytes: cat(resp('SUBSCRIBE', 'a', 'b')) }, { dir: 1, bytes: cat(resp('subscribe', 'a', '1'), '>3\r\n$7\r\nmessage\r\n$1\r\na\r\n$2\r\nhi\r\n|1\r\n+x\r\n+y\r\n,1.5\r\n#t\r\n_\r\n=7\r\ntxt:abc\r\n!3\r\nERR\r\n') }],
];

const kreq = (k: number, v: number, c: number, body: Record<string, unknown>) => encodeRequest({ apiKey: k, apiVersion: v, correlationId: c, clientId: 'fz', body });
const batch = recordBatch([{ key: 'k', value: 'v', headers: { h: '1' } }, { key: null, value: 'w' }], 0, 1);
const kafkaSeeds: Stream[] = [
  [
    { dir: 0, bytes: cat(kreq(18, 3, 1, { clientSoftwareName: 'a', clientSoftwareVersion: 'b' }), kreq(3, 12, 2, { topics: [{ name: 't' }] }), kreq(0, 9, 3, { acks: -1, timeoutMs: 1, topicData: [{ name: 't', partitionData: [{ index: 0, records: batch }] }] })) },
    { dir: 1, bytes: cat(encodeResponse(18, 3, 1, { apiKeys: [{ apiKey: 0, maxVersion: 9 }] }), encodeResponse(3, 12, 2, { brokers: [{ host: 'h' }], topics: [{ name: 't', partitions: [{ replicaNodes: [1] }] }] }), encodeResponse(0, 9, 3, { responses: [{ name: 't', partitionResponses: [{}] }] })) },
  ],
  [
    { dir: 0, bytes: cat(kreq(1, 11, 5, { topics: [{ topic: 't', partitions: [{ fetchOffset: 3 }] }] }), kreq(11, 5, 6, { groupId: 'g', protocols: [{ name: 'r', metadata: new Uint8Array(9) }] }), kreq(9, 8, 7, { groups: [{ groupId: 'g', topics: null }] })) },
    { dir: 1, bytes: cat(encodeResponse(1, 11, 5, { responses: [{ topic: 't', partitions: [{ records: batch }] }] }), encodeResponse(11, 5, 6, { members: [{ memberId: 'm', metadata: new Uint8Array(3) }] }), encodeResponse(9, 8, 7, { groups: [{ groupId: 'g', topics: [] }] })) },
  ],
];

const amqpSeeds: Stream[] = [
  [
    { dir: 0, bytes: cat(AMQP_PROTOCOL_HEADER, methodFrame(0, 'connection start-ok', { clientProperties: { a: 1, b: [true, 'x', { c: 2.5 }], d: null } }), methodFrame(1, 'queue declare', { queue: 'q', arguments: { 'x-ttl': 10 } }), contentMethod(1, 'basic publish', { routingKey: 'q' }, 'body-text', { headers: { k: 'v' }, priority: 3 }, 16)) },
    { dir: 1, bytes: cat(methodFrame(0, 'connection start', { serverProperties: { product: 'R' }, mechanisms: 'PLAIN' }), methodFrame(1, 'queue declare-ok', { queue: 'q' }), HEARTBEAT_FRAME, contentMethod(1, 'basic deliver', { deliveryTag: 1 }, 'x'.repeat(40), {}, 20), methodFrame(1, 'channel close', { replyCode: 404 })) },
  ],
];

const cert = certificateDer({ subject: [['CN', 'a.test'], ['O', 'O']], dnsNames: ['a.test'] });
const tlsSeeds: Stream[] = [
  [
    { dir: 0, bytes: clientHello({ serverName: 'a.test', alpn: ['h2', 'http/1.1'], versions: [0x0304, 0x0303], groups: [0x1d], sessionId: [1, 2, 3] }) },
    { dir: 1, bytes: cat(handshakeRecord(serverHelloMessage({ cipher: 0xc02f, alpn: 'h2' }), certificateMessage([cert, cert]), SERVER_HELLO_DONE), CHANGE_CIPHER_SPEC) },
    { dir: 0, bytes: cat(CHANGE_CIPHER_SPEC, applicationData(30), alertRecord(1, 0)) },
  ],
  [
    { dir: 0, bytes: clientHello({ serverName: 'b.test', versions: [0x0304] }) },
    { dir: 1, bytes: cat(handshakeRecord(serverHelloMessage({ version: 0x0304, group: 0x1d })), applicationData(100)) },
    { dir: 0, bytes: applicationData(20) },
  ],
];

const TOKENS = ['\r\n', '*-1\r\n', '$999999999\r\n', '%3\r\n', '\x00\x00\x00\x00', '\x7f\xff\xff\xff', '\xff\xff', '\xce', '\x16\x03\x03', '\x17\x03\x03\xff\xff', 'AMQP\x00\x00\x09\x01', '\x01\x00\x01\x00\x00\x00\x00'];

function mutate(r: Rng, b: Uint8Array): Uint8Array {
  let out = Buffer.from(b);
  for (let e = 1 + r.int(4); e > 0; e--) {
    const at = out.length ? r.int(out.length) : 0;
    switch (r.int(6)) {
      case 0:
        if (out.length) out[at] ^= 1 << r.int(8);
        break;
      case 1:
        if (out.length) out[at] = r.pick([0, 0xff, 0x7f, 0x80, r.int(256)]);
        break;
      case 2:
        out = Buffer.concat([out.subarray(0, at), Buffer.from(r.pick(TOKENS), 'latin1'), out.subarray(at)]);
        break;
      case 3:
        out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + r.int(20)))]);
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

/** Feed one mutated stream; returns the weird total, or -1 after failing the test. */
function check(t: ExecutionContext, r: Rng, port: number, seeds: Stream[], transport: 'tcp' | 'udp' = 'tcp'): number {
  const seed = r.pick(seeds);
  const steps = seed.map((s) => ({ dir: s.dir, bytes: r.int(3) === 0 ? s.bytes : mutate(r, s.bytes), gap: r.int(12) === 0 ? 1 + r.int(100) : 0 }));
  const h = harness([], { registry, flow: flowOf(transport, port) });
  let ts = 1_700_000_000_000;
  try {
    for (const s of steps) {
      ts += r.int(5);
      if (s.gap) h.session.gap(s.dir, s.gap, ts);
      let p = 0;
      for (const n of randomSplit(r, 1 + r.int(300))(s.bytes.length)) {
        h.session.data(s.dir, s.bytes.subarray(p, p + n), ts);
        p += n;
      }
    }
    h.session.end('fin', ts + 1);
  } catch (e) {
    t.fail(`exception escaped: ${(e as Error).stack}`);
    return -1;
  }
  for (const bug of ['dissect_parser_exception', 'dissect_detect_exception']) {
    if (h.weirds.get(bug) > 0) {
      t.fail(`${bug}: ${JSON.stringify(steps.map((s) => [s.dir, Buffer.from(s.bytes).toString('hex'), s.gap]))}`);
      return -1;
    }
  }
  for (let i = 0; i < h.items.length; i++) {
    const problem = itemProblem(h.items[i], i);
    if (problem) {
      t.fail(`item ${i}: ${problem}`);
      return -1;
    }
  }
  return h.weirds.total;
}

const cases: [string, number, Stream[], number][] = [
  ['Redis', 6379, redisSeeds, 0x7ed15],
  ['Kafka', 9092, kafkaSeeds, 0xcafca],
  ['AMQP', 5672, amqpSeeds, 0xa3a9],
  ['TLS', 443, tlsSeeds, 0x7157],
];

for (const [name, port, seeds, seed] of cases) {
  test(`fuzz: mutated ${name} streams in random splits (3k cases)`, (t) => {
    const r = rng(seed);
    let anomalies = 0;
    for (let c = 0; c < 3000; c++) {
      const w = check(t, r, r.int(4) === 0 ? 40000 + r.int(1000) : port, seeds);
      if (w < 0) return;
      anomalies += w;
    }
    t.true(anomalies > 100, `${anomalies} anomalies counted`);
  });
}

test('fuzz: every seed as UDP datagrams to the raw UDP fallback (1k cases)', (t) => {
  const r = rng(0x0d9);
  const all = [...redisSeeds, ...kafkaSeeds, ...amqpSeeds, ...tlsSeeds];
  for (let c = 0; c < 1000; c++) if (check(t, r, 40000 + r.int(100), all, 'udp') < 0) return;
  t.pass();
});

test('fuzz: mutated ICMP/ICMPv6 frames through the pipeline (4k frames)', (t) => {
  const r = rng(0x1c3b);
  const original = buildUdpPacket({ src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 2, payload: 'x' }).subarray(14);
  const frames = [
    buildIcmpPacket({ src: '10.0.0.1', dst: '10.0.0.2', type: 8, rest: 0x10001, payload: 'abcdefgh' }),
    buildIcmpPacket({ src: '10.0.0.2', dst: '10.0.0.1', type: 0, rest: 0x10001, payload: 'abcdefgh' }),
    buildIcmpPacket({ src: '10.0.0.2', dst: '10.0.0.1', type: 3, code: 3, payload: original }),
    buildIcmpPacket({ src: 'fd00::1', dst: 'fd00::2', type: 128, rest: 5, payload: 'x' }),
    buildIcmpPacket({ src: 'fd00::2', dst: 'fd00::1', type: 1, code: 4, payload: new Uint8Array(48) }),
  ];
  let bad = false;
  const items: unknown[] = [];
  const pipeline = new Pipeline({ onItem: (i) => items.push(i) });
  try {
    for (let c = 0; c < 4000; c++) {
      const f = r.pick(frames);
      const data = r.int(3) === 0 ? f : Uint8Array.from(mutate(r, f.subarray(14)).length ? Buffer.concat([f.subarray(0, 14), mutate(r, f.subarray(14))]) : f);
      pipeline.push(toRawPacket(data, { tsMs: 1_700_000_000_000 + c * 10 }));
    }
    pipeline.finish();
  } catch (e) {
    bad = true;
    t.fail(`exception escaped the pipeline: ${(e as Error).stack}`);
  }
  if (!bad) t.true(items.length > 500, `${items.length} items`);
});
