/**
 * Bounded fuzzing of the WebSocket dissector: valid upgrades followed by frame streams
 * (masked/unmasked, fragmented, control, 16/64-bit lengths) are mutated and fed in random
 * splits with occasional gaps through a session holding every built-in dissector. Nothing
 * may escape, every call returns, every item is well-formed, and anomalies are counted.
 */
import test from 'ava';
import type { Direction } from '../../flow/flow.ts';
import { builtinDissectors } from '../manifest.ts';
import { createRegistry } from '../registry.ts';
import { flowOf, harness, randomSplit } from '../testing/flow-fixture.ts';
import { itemProblem } from '../testing/item-shape.ts';
import { rng } from '../testing/rng.ts';
import type { Rng } from '../testing/rng.ts';
import { concat } from './http2-encode.ts';
import { closePayload, wsFrame } from './websocket-encode.ts';

const registry = createRegistry(builtinDissectors);
const te = new TextEncoder();
const MASK = Uint8Array.of(1, 2, 3, 4);

const UPGRADE_REQ = te.encode('GET /ws HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n');
const UPGRADE_RES = te.encode('HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n');

function frames(): { dir: Direction; bytes: Uint8Array }[] {
  return [
    { dir: 0, bytes: concat([wsFrame(1, 'hi', { mask: MASK }), wsFrame(2, new Uint8Array(200), { mask: MASK, fin: false }), wsFrame(0, new Uint8Array(70000), { mask: MASK })]) },
    { dir: 1, bytes: concat([wsFrame(1, 'é'.repeat(50), { rsv: 4 }), wsFrame(9, 'p'), wsFrame(10, 'p'), wsFrame(8, closePayload(1001, 'going away'))]) },
    { dir: 0, bytes: concat([wsFrame(8, closePayload(1000), { mask: MASK }), Uint8Array.of(0x81, 0xff, 0, 0, 0, 0, 0, 0, 0, 9)]) },
  ];
}

const TOKENS = [Uint8Array.of(0x83, 0), Uint8Array.of(0x82, 127, 0x80, 0, 0, 0, 0, 0, 0, 0), Uint8Array.of(0x89, 126, 1, 0), Uint8Array.of(0x00, 0x05), Uint8Array.of(0x88, 1, 3)];

function mutate(r: Rng, b: Uint8Array): Uint8Array {
  let out = Buffer.from(b);
  for (let e = 1 + r.int(3); e > 0; e--) {
    const at = out.length ? r.int(out.length) : 0;
    const k = r.int(5);
    if (k === 0 && out.length) out[at] ^= 1 << r.int(8);
    else if (k === 1 && out.length) out[at] = r.int(256);
    else if (k === 2) out = Buffer.concat([out.subarray(0, at), r.pick(TOKENS), out.subarray(at)]);
    else if (k === 3) out = Buffer.concat([out.subarray(0, at), out.subarray(Math.min(out.length, at + 1 + r.int(30)))]);
    else out = out.subarray(0, at);
  }
  return out;
}

test('6k mutated WebSocket conversations in random splits with gaps', (t) => {
  const r = rng(99);
  let anomalies = 0;
  let wsItems = 0;
  for (let i = 0; i < 6000; i++) {
    const h = harness([], { registry, flow: flowOf('tcp', 8080) });
    let ts = 1_700_000_000_000;
    h.session.data(0, UPGRADE_REQ, ts);
    h.session.data(1, UPGRADE_RES, ts);
    for (const s of frames()) {
      ts += 1;
      const bytes = r.next() < 0.6 ? mutate(r, s.bytes) : s.bytes;
      if (r.next() < 0.05) h.session.gap(s.dir, 1 + r.int(100), ts);
      const split = randomSplit(r, 1 + r.int(500))(bytes.length);
      let p = 0;
      for (const n of split) {
        h.session.data(s.dir, bytes.subarray(p, p + n), ts);
        p += n;
      }
    }
    h.session.end('fin', ts + 1);
    if (h.weirds.get('dissect_parser_exception') > 0) return t.fail(`parser threw in case ${i}`);
    for (let k = 0; k < h.items.length; k++) {
      const bad = itemProblem(h.items[k], k);
      if (bad) return t.fail(`case ${i}: ${bad}`);
    }
    anomalies += h.weirds.total;
    wsItems += h.items.filter((it) => it.protocol.macro === 'ws').length;
  }
  t.true(anomalies > 1000, `anomalies ${anomalies}`);
  t.true(wsItems > 20_000, `ws items ${wsItems}`);
});
