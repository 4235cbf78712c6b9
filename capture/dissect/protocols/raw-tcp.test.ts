import test from 'ava';
import { createRegistry } from '../registry.ts';
import { flowOf, run } from '../testing/flow-fixture.ts';
import { RawSummaryParser, RAW_PREVIEW_BYTES } from './raw-tcp-summary.ts';
import { rawTcp, RAW_TCP_PROTOCOL } from './raw-tcp.ts';
import { rawUdp } from './raw-udp.ts';
import { redis } from './redis.ts';

const registry = createRegistry([redis, rawTcp, rawUdp], { fallback: { tcp: 'tcp', udp: 'udp' } });

test('an unclaimed TCP flow is one raw item: sizes, chunks, preview of each direction', (t) => {
  const h = run([], [
    { dir: 0, bytes: 'SSH-2.0-OpenSSH_9.2\r\n', ts: 1000 },
    { dir: 1, bytes: 'SSH-2.0-srv\r\n', ts: 1004 },
    { dir: 0, bytes: new Uint8Array(2000).fill(1), ts: 1005 },
    { dir: 1, gap: 300, ts: 1006 },
  ], { registry, flow: flowOf('tcp', 2222) });
  t.is(h.items.length, 1);
  const [it] = h.items;
  t.like(it.protocol, { name: 'tcp', abbr: 'TCP', macro: 'tcp', layer4: 'tcp' });
  t.like(it.request, { size: 2021, chunks: 2, lostBytes: 2000 - (RAW_PREVIEW_BYTES - 21) }, 'bytes past the detect sample are skipped while choosing a dissector');
  t.is(it.request!.preview, 'SSH-2.0-OpenSSH_9.2..' + '.'.repeat(RAW_PREVIEW_BYTES - 21));
  t.is(it.request!.previewHex.slice(0, 8), '5353482d');
  t.like(it.response, { size: 313, chunks: 1, lostBytes: 300, preview: 'SSH-2.0-srv..' });
  t.is(it.requestSize, 2021);
  t.is(it.elapsedTime, 4);
  t.is(it.timestamp, 1000);
  t.deepEqual(h.weirds.toJSON(), {});
});

test('a flow that only saw a handshake (no payload) makes no item', (t) => {
  const h = run([], [], { registry, flow: flowOf('tcp', 2222) });
  t.is(h.items.length, 0);
});

test('a violated flow continues as raw TCP from the violation on', (t) => {
  const h = run([], [{ dir: 0, bytes: '*1\r\n$4\r\nPING\r\n' }, { dir: 1, bytes: '!bad\r\n' }, { dir: 1, bytes: 'after' }], { registry, flow: flowOf('tcp', 6379) });
  t.deepEqual(h.items.map((i) => i.protocol.name), ['redis', 'tcp']);
  t.like(h.items[1].response, { size: 5, preview: 'after' });
});

test('UDP datagrams of an unknown protocol are summarised per flow', (t) => {
  const h = run([], [{ dir: 0, bytes: 'ping-1' }, { dir: 1, bytes: 'pong-1' }, { dir: 0, bytes: 'ping-2' }], { registry, flow: flowOf('udp', 17999) });
  t.is(h.items.length, 1);
  t.like(h.items[0].protocol, { name: 'udp', abbr: 'UDP', macro: 'udp', layer4: 'udp' });
  t.like(h.items[0].request, { size: 12, chunks: 2, preview: 'ping-1ping-2' });
  t.like(h.items[0].response, { size: 6, chunks: 1 });
});

test('long-lived flows report once per period; a server that speaks first has elapsedTime 0', (t) => {
  const out: Record<string, any>[] = [];
  const ctx = { item: (p: { request: unknown; response: unknown }) => out.push(p as Record<string, any>) } as never;
  const p = new RawSummaryParser(ctx, RAW_TCP_PROTOCOL, 1000);
  p.data(1, Buffer.from('220 banner'), 0);
  p.data(0, Buffer.from('EHLO'), 10);
  p.data(0, Buffer.from('later'), 1500);
  p.end(1600);
  t.is(out.length, 2);
  t.deepEqual([out[0].request.fields.size, out[0].response.fields.size], [4, 10]);
  t.is(out[0].request.tsMs, 10);
  t.is(out[0].response.tsMs, 10);
  t.deepEqual([out[1].request.fields.size, out[1].response.fields.size], [5, 0]);
});
