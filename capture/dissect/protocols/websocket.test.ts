/**
 * WebSocket after an HTTP/1.1 Upgrade: every frame an item (masking, 16/64-bit lengths,
 * fragmentation, control frames, close codes), in any split; protocol violations and gaps.
 */
import test from 'ava';
import type { Direction } from '../../flow/flow.ts';
import { builtinDissectors } from '../manifest.ts';
import { createRegistry } from '../registry.ts';
import { byteByByte, flowOf, randomSplit, run } from '../testing/flow-fixture.ts';
import type { Step } from '../testing/flow-fixture.ts';
import { rng } from '../testing/rng.ts';
import { concat } from './http2-encode.ts';
import { closePayload, wsFrame } from './websocket-encode.ts';

const registry = createRegistry(builtinDissectors);
const MASK = Uint8Array.of(0x37, 0xfa, 0x21, 0x3d);

const upgrade: Step[] = [
  { dir: 0, bytes: 'GET /chat HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n' },
  { dir: 1, bytes: 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n' },
];

function chat(): Step[] {
  const big = new Uint8Array(70000).map((_, i) => i & 255);
  return [
    ...upgrade,
    { dir: 0, bytes: wsFrame(1, 'Hello', { mask: MASK }) },
    { dir: 1, bytes: concat([wsFrame(1, 'Hel', { fin: false }), wsFrame(9, 'ping!'), wsFrame(0, 'lo', { fin: false }), wsFrame(0, ' there')]) },
    { dir: 0, bytes: concat([wsFrame(10, 'ping!', { mask: MASK }), wsFrame(2, big, { mask: MASK }), wsFrame(2, new Uint8Array(300), { mask: MASK })]) },
    { dir: 0, bytes: wsFrame(8, closePayload(1000, 'bye'), { mask: MASK }) },
    { dir: 1, bytes: wsFrame(8, closePayload(1000)) },
  ];
}

test('frames after 101 are WS items: text, fragments, control frames, 16/64-bit lengths, close', (t) => {
  const h = run([], chat(), { registry, flow: flowOf('tcp', 8080) });
  const ws = h.items.filter((i) => i.protocol.macro === 'ws');
  t.is(h.items[0].protocol.abbr, 'HTTP', 'the upgrade exchange is an HTTP item');
  t.is(ws.length, 10);
  const f = (i: number) => (ws[i].request ?? ws[i].response)!;
  t.like(f(0), { opcode: 1, opcodeName: 'text', fin: true, masked: true, payloadLength: 5, payload: 'Hello', payloadEncoding: 'utf8' });
  t.truthy(ws[0].request);
  t.is(ws[0].response, null);
  t.like(f(1), { opcode: 1, fin: false, masked: false, payload: 'Hel', fragment: 0, messageLength: 3 });
  t.truthy(ws[1].response);
  t.like(f(2), { opcode: 9, opcodeName: 'ping', payload: Buffer.from('ping!').toString('base64'), payloadEncoding: 'base64' });
  t.like(f(3), { opcode: 0, opcodeName: 'continuation', messageOpcode: 1, fragment: 1, payload: 'lo', payloadEncoding: 'utf8' });
  t.like(f(4), { opcode: 0, fin: true, fragment: 2, messageLength: 11, payload: ' there' });
  t.like(f(5), { opcode: 10, opcodeName: 'pong', masked: true });
  t.like(f(6), { opcode: 2, payloadLength: 70000, payloadTruncated: true, payloadEncoding: 'base64' });
  t.deepEqual([...Buffer.from(f(6).payload, 'base64').subarray(0, 4)], [0, 1, 2, 3], 'unmasked preview');
  t.is(Buffer.from(f(6).payload, 'base64').length, 1024);
  t.like(f(7), { opcode: 2, payloadLength: 300 });
  t.like(f(8), { opcode: 8, closeCode: 1000, closeReason: 'bye' });
  t.like(f(9), { opcode: 8, closeCode: 1000, closeReason: '' });
  t.is(ws[0].requestSize, 2 + 4 + 5);
  t.is(ws[6].requestSize, 2 + 8 + 4 + 70000);
  t.true(ws.every((i) => i.error === null));
  t.is(h.weirds.total, 0, JSON.stringify(h.weirds.toJSON()));
});

test('byte-by-byte and random splits give the same items', (t) => {
  const fields = (steps: Step[], split?: (n: number) => number[]) =>
    run([], steps, { registry, flow: flowOf('tcp', 8080), split }).items.map((i) => [i.request, i.response]);
  const whole = fields(chat());
  t.deepEqual(fields(chat(), byteByByte), whole);
  const r = rng(4);
  for (let k = 0; k < 10; k++) t.deepEqual(fields(chat(), randomSplit(r, 100)), whole);
});

test('masking rules, bad control frames and stray continuations are counted', (t) => {
  const h = run([], [
    ...upgrade,
    { dir: 0, bytes: concat([wsFrame(1, 'unmasked'), wsFrame(0, 'stray', { mask: MASK }), wsFrame(9, new Uint8Array(130), { mask: MASK })]) },
    { dir: 1, bytes: concat([wsFrame(1, 'masked', { mask: MASK }), wsFrame(1, 'a', { fin: false }), wsFrame(2, 'b')]) },
  ], { registry, flow: flowOf('tcp', 8080) });
  t.is(h.weirds.get('ws_unmasked_client_frame'), 1);
  t.is(h.weirds.get('ws_unexpected_continuation'), 1);
  t.is(h.weirds.get('ws_bad_control_frame'), 1);
  t.is(h.weirds.get('ws_masked_server_frame'), 1);
  t.is(h.weirds.get('ws_interleaved_message'), 1);
  t.is(h.items.filter((i) => i.protocol.macro === 'ws').length, 6);
});

test('a reserved opcode violates; a gap inside a payload is skipped, between frames it violates', (t) => {
  const bad = run([], [...upgrade, { dir: 1, bytes: concat([wsFrame(1, 'ok'), Uint8Array.of(0x83, 0)]) }], { registry, flow: flowOf('tcp', 8080) });
  t.is(bad.weirds.get('ws_bad_opcode'), 1);
  t.is(bad.weirds.get('dissect_violation'), 1);
  t.is(bad.items.filter((i) => i.protocol.macro === 'ws').length, 1);

  const frame = wsFrame(2, new Uint8Array(1000));
  const steps: Step[] = [
    ...upgrade,
    { dir: 1 as Direction, bytes: frame.subarray(0, 100) },
    { dir: 1 as Direction, gap: 500 },
    { dir: 1 as Direction, bytes: frame.subarray(600) },
    { dir: 1 as Direction, bytes: wsFrame(1, 'after') },
    { dir: 1 as Direction, gap: 10 },
  ];
  const g = run([], steps, { registry, flow: flowOf('tcp', 8080) });
  const ws = g.items.filter((i) => i.protocol.macro === 'ws');
  t.is(ws.length, 2);
  t.is(ws[0].response!.payloadLength, 1000);
  t.regex(ws[0].error!.msg, /500 payload bytes lost/);
  t.is(ws[1].response!.payload, 'after');
  t.is(g.weirds.get('ws_gap'), 1);
});

test('a frame cut by the end of the flow is emitted with an error', (t) => {
  const h = run([], [...upgrade, { dir: 0, bytes: wsFrame(1, 'truncated message', { mask: MASK }).subarray(0, 10) }], { registry, flow: flowOf('tcp', 8080) });
  const ws = h.items.filter((i) => i.protocol.macro === 'ws');
  t.is(ws.length, 1);
  t.is(ws[0].error!.type, 'dissection');
  t.is(h.weirds.get('ws_truncated_frame'), 1);
});
