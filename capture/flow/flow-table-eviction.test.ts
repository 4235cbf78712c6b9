import test from 'ava';
import { RecordingConsumer } from '../tcp/testing/recording-consumer.ts';
import type { FlowEndReason } from './flow.ts';
import type { Flow } from './flow-state.ts';
import { FlowTable } from './flow-table.ts';
import type { FlowTableOptions } from './flow-table-options.ts';
import { Conversation } from './testing/conversation.ts';
import { pkt } from './testing/packets.ts';
import type { PacketSpec } from './testing/packets.ts';

const T0 = 1_700_000_000_000;

/** A table whose flows all get a recording consumer; `ended` lists [id, reason] in order. */
function setup(opts: FlowTableOptions = {}) {
  const ended: [number, FlowEndReason][] = [];
  const consumers = new Map<number, RecordingConsumer>();
  const table = new FlowTable({ ...opts, onEnd: (f: Flow, r) => ended.push([f.id, r]) });
  const feed = (p: ReturnType<typeof pkt>) => {
    const hit = table.lookup(p)!;
    if (hit.created) {
      const rec = new RecordingConsumer();
      consumers.set(hit.flow.id, rec);
      hit.flow.consumer = rec;
    }
    table.deliver(hit.flow, hit.dir, p);
    return hit.flow;
  };
  const send = (spec: PacketSpec) => feed(pkt(spec));
  return { table, ended, consumers, feed, send };
}

test('idle eviction runs on packet time with per-transport timeouts', (t) => {
  const { table, ended, send } = setup({ timeouts: { tcpMs: 300_000, udpMs: 60_000, icmpMs: 30_000 } });
  const tcp = send({ src: '10.0.0.1:40000', dst: '10.0.0.2:80', flags: 'PA', seq: 1, payload: 'x', ts: T0 });
  const udp = send({ src: '10.0.0.1:5000', dst: '10.0.0.2:53', proto: 'udp', ts: T0 });
  const icmp = send({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp', ts: T0 });
  t.is(table.sweep(T0 + 30_000), 0, 'idle exactly the timeout is not yet longer than it');
  t.is(table.sweep(T0 + 30_001), 1);
  t.deepEqual(ended, [[icmp.id, 'idle']]);
  t.is(table.sweep(T0 + 60_001), 1);
  t.deepEqual(ended.at(-1), [udp.id, 'idle']);
  send({ src: '10.0.0.2:80', dst: '10.0.0.1:40000', flags: 'A', seq: 9, ts: T0 + 200_000 });
  t.is(table.sweep(T0 + 300_001), 0, 'a packet refreshed the TCP flow');
  t.is(table.sweep(T0 + 500_001), 1);
  t.deepEqual(ended.at(-1), [tcp.id, 'idle']);
  t.is(table.size, 0);
  t.deepEqual(table.stats.flowsEnded, { fin: 0, rst: 0, idle: 3, eof: 0, evicted: 0 });
});

test('sweeping only ends the flows that are due, oldest first', (t) => {
  const { table, ended, send } = setup({ timeouts: { udpMs: 1000 } });
  for (let i = 0; i < 100; i++) send({ src: `10.0.0.1:${2000 + i}`, dst: '10.0.0.2:53', proto: 'udp', ts: T0 + i * 10 });
  t.is(table.sweep(T0 + 1000 + 255), 26, 'last seen before T0+255: flows 0..25');
  t.deepEqual(
    ended.map(([id]) => id),
    Array.from({ length: 26 }, (_, i) => i + 1),
  );
  t.is(table.size, 74);
});

test('a closed TCP flow lingers for the closed timeout, then ends with its own reason', (t) => {
  const { table, ended, consumers, feed } = setup({ timeouts: { tcpClosedMs: 10_000 } });
  const conv = new Conversation({ t0: T0 });
  const packets = [...conv.handshake(), conv.c('req'), conv.s('resp'), conv.c('', 'FA'), conv.s('', 'FA'), conv.c('', 'A')];
  let flow!: Flow;
  for (const p of packets) flow = feed(p);
  t.is(flow.tcpState, 'closed');
  const rec = consumers.get(flow.id)!;
  t.deepEqual(rec.ends().map((e) => e.reason), ['fin'], 'consumer ended when both FINs were delivered');
  t.is(table.sweep(conv.ts + 9_000), 0);
  t.is(table.sweep(conv.ts + 10_001), 1);
  t.deepEqual(ended, [[flow.id, 'fin']]);
  t.is(rec.ends().length, 1, 'still exactly one end');

  const r = setup();
  const reset = r.send({ src: '10.0.0.1:1234', dst: '10.0.0.2:80', flags: 'S', seq: 1, ts: T0 });
  r.send({ src: '10.0.0.2:80', dst: '10.0.0.1:1234', flags: 'RA', ack: 2, ts: T0 + 1 });
  t.is(reset.tcpState, 'reset');
  t.is(r.table.sweep(T0 + 10_002), 1, 'reset flows use the closed timeout too');
  t.deepEqual(r.ended, [[reset.id, 'rst']]);
});

test('maxFlows evicts the least recently seen flow and counts it', (t) => {
  const { table, ended, send } = setup({ maxFlows: 3 });
  const a = send({ src: '10.0.0.1:1', dst: '10.0.0.2:53', proto: 'udp', ts: T0 });
  const b = send({ src: '10.0.0.1:2', dst: '10.0.0.2:80', flags: 'S', ts: T0 + 1 });
  const c = send({ src: '10.0.0.1:3', dst: '10.0.0.2', proto: 'icmp', ts: T0 + 2 });
  send({ src: '10.0.0.2:53', dst: '10.0.0.1:1', proto: 'udp', ts: T0 + 3 });
  const d = send({ src: '10.0.0.1:4', dst: '10.0.0.2:53', proto: 'udp', ts: T0 + 4 });
  t.deepEqual(ended, [[b.id, 'evicted']], 'b was seen least recently (a was refreshed)');
  send({ src: '10.0.0.1:5', dst: '10.0.0.2:53', proto: 'udp', ts: T0 + 5 });
  t.deepEqual(ended.at(-1), [c.id, 'evicted']);
  t.is(table.size, 3);
  t.is(table.stats.capEvictions, 2);
  t.is(table.stats.flowsEnded.evicted, 2);
  t.deepEqual([...table.values()].map((f) => f.id).sort(), [a.id, d.id, 5].sort());
});

test('endAll ends every flow once with eof, flushing reassembly', (t) => {
  const { table, ended, consumers, send } = setup();
  const tcp = send({ src: '10.0.0.1:40000', dst: '10.0.0.2:80', flags: 'PA', seq: 10, payload: 'ab', ts: T0 });
  send({ src: '10.0.0.1:40000', dst: '10.0.0.2:80', flags: 'PA', seq: 15, payload: 'fg', ts: T0 + 1 });
  const udp = send({ src: '10.0.0.1:5000', dst: '10.0.0.2:53', proto: 'udp', payload: 'q', ts: T0 + 2 });
  table.endAll();
  t.deepEqual(ended.map(([, r]) => r), ['eof', 'eof']);
  t.is(consumers.get(tcp.id)!.render(0), 'ab[gap 3]fg');
  t.deepEqual(consumers.get(tcp.id)!.ends(), [{ reason: 'eof', tsMs: T0 + 1 }]);
  t.deepEqual(consumers.get(udp.id)!.ends(), [{ reason: 'eof', tsMs: T0 + 2 }]);
  table.endAll('eof', T0 + 99);
  t.is(ended.length, 2);
  t.is(table.size, 0);
  t.is(table.budget.used, 0);
  t.is(table.stats.active, 0);
});

test('idle TCP flows are flushed with reason idle', (t) => {
  const { table, consumers, send } = setup({ timeouts: { tcpMs: 1000 } });
  const f = send({ src: '10.0.0.1:40000', dst: '10.0.0.2:80', flags: 'PA', seq: 10, payload: 'ab', ts: T0 });
  send({ src: '10.0.0.1:40000', dst: '10.0.0.2:80', flags: 'PA', seq: 14, payload: 'ef', ts: T0 });
  t.is(table.budget.used, 2);
  table.sweep(T0 + 5000);
  const rec = consumers.get(f.id)!;
  t.is(rec.render(0), 'ab[gap 2]ef');
  t.deepEqual(rec.ends(), [{ reason: 'idle', tsMs: T0 + 5000 }]);
  t.is(table.budget.used, 0);
});
