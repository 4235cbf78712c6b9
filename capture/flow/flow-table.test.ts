import test from 'ava';
import { RecordingConsumer } from '../tcp/testing/recording-consumer.ts';
import { FlowTable } from './flow-table.ts';
import { FlowTableOptionError } from './flow-table-options.ts';
import { Conversation } from './testing/conversation.ts';
import { pkt } from './testing/packets.ts';
import type { PacketSpec } from './testing/packets.ts';

/** Look a packet up and return a snapshot of the (reused) result. */
function look(table: FlowTable, spec: PacketSpec) {
  const hit = table.lookup(pkt(spec));
  if (!hit) return null;
  return { flow: hit.flow, dir: hit.dir, created: hit.created };
}

test('orientation: first packet decides the client, by SYN, SYN/ACK, then ports', (t) => {
  const known = new Set([6379, 9092]);
  const cases: { name: string; spec: PacketSpec; client: string }[] = [
    { name: 'SYN sender is the client even from a low port', spec: { src: '10.0.0.1:80', dst: '10.0.0.2:50000', flags: 'S' }, client: '10.0.0.1:80' },
    { name: 'SYN/ACK sender is the server', spec: { src: '10.0.0.1:50000', dst: '10.0.0.2:80', flags: 'SA' }, client: '10.0.0.2:80' },
    { name: 'known server port wins over < 1024', spec: { src: '10.0.0.1:6379', dst: '10.0.0.2:443', flags: 'PA' }, client: '10.0.0.2:443' },
    { name: 'known server port, reply direction', spec: { src: '10.0.0.1:50123', dst: '10.0.0.2:9092', flags: 'A' }, client: '10.0.0.1:50123' },
    { name: 'port < 1024 is the server', spec: { src: '10.0.0.1:443', dst: '10.0.0.2:1500', flags: 'PA' }, client: '10.0.0.2:1500' },
    { name: 'then the lower port is the server', spec: { src: '10.0.0.1:40000', dst: '10.0.0.2:8080', flags: 'PA' }, client: '10.0.0.1:40000' },
    { name: 'lower port, reply direction', spec: { src: '10.0.0.1:8080', dst: '10.0.0.2:40000', flags: 'PA' }, client: '10.0.0.2:40000' },
    { name: 'UDP: DNS reply seen first', spec: { src: '10.0.0.53:53', dst: '10.0.0.2:53124', proto: 'udp' }, client: '10.0.0.2:53124' },
    { name: 'both known: lower port', spec: { src: '10.0.0.1:9092', dst: '10.0.0.2:6379', flags: 'A' }, client: '10.0.0.1:9092' },
  ];
  for (const c of cases) {
    const table = new FlowTable({ isServerPort: (p) => known.has(p) });
    const hit = look(table, c.spec)!;
    t.is(`${hit.flow.client.ip}:${hit.flow.client.port}`, c.client, c.name);
    t.is(hit.dir, c.spec.src === c.client ? 0 : 1, c.name);
  }
});

test('ICMP: echo request sender is the client, echo reply sender the server', (t) => {
  const table = new FlowTable();
  const reply = look(table, { src: '10.0.0.9', dst: '10.0.0.1', proto: 'icmp', icmpType: 0 })!;
  t.is(reply.flow.client.ip, '10.0.0.1');
  t.is(reply.dir, 1);
  t.is(reply.flow.transport, 'icmp');
  t.is(reply.flow.streamName, '000000000001_icmp.pcap');
  const req = look(table, { src: '10.0.0.1', dst: '10.0.0.9', proto: 'icmp', icmpType: 8 })!;
  t.is(req.flow, reply.flow);
  t.is(req.dir, 0);
});

test('orientation never flips: later SYNs and ports do not change it', (t) => {
  const table = new FlowTable();
  const first = look(table, { src: '10.0.0.1:8080', dst: '10.0.0.2:40000', flags: 'PA', seq: 5 })!;
  t.is(first.flow.client.port, 40000);
  const syn = look(table, { src: '10.0.0.1:8080', dst: '10.0.0.2:40000', flags: 'S', seq: 1 })!;
  t.is(syn.flow, first.flow);
  t.is(syn.dir, 1);
  t.is(table.weirds.get('tcp_syn_inside_connection'), 1);
});

test('flow ids are sequential per table and name the stream', (t) => {
  const table = new FlowTable();
  const a = look(table, { src: '10.0.0.1:1000', dst: '10.0.0.2:80', flags: 'S' })!;
  const b = look(table, { src: '10.0.0.1:1001', dst: '10.0.0.2:53', proto: 'udp' })!;
  const a2 = look(table, { src: '10.0.0.2:80', dst: '10.0.0.1:1000', flags: 'SA' })!;
  t.deepEqual([a.flow.id, b.flow.id], [1, 2]);
  t.true(a.created && b.created);
  t.false(a2.created);
  t.is(a2.flow, a.flow);
  t.is(a.flow.streamName, '000000000001.pcap');
  t.is(b.flow.streamName, '000000000002_udp.pcap');
  t.is(a.flow.ipVersion, 4);
  t.is(new FlowTable().lookup(pkt({ src: '10.0.0.1:1', dst: '10.0.0.2:2' }))!.flow.id, 1, 'ids restart per table');
  t.is(table.size, 2);
  t.is(table.stats.flowsCreated, 2);
});

test('packets that form no flow are counted and return null', (t) => {
  const table = new FlowTable();
  const p = pkt({ src: '10.0.0.1:1', dst: '10.0.0.2:2' });
  p.ipProto = 47;
  t.is(table.lookup(p), null);
  const arp = pkt({ src: '10.0.0.1:1', dst: '10.0.0.2:2' });
  arp.ipVersion = 0;
  t.is(table.lookup(arp), null);
  t.is(table.stats.ignoredPackets, 2);
  t.is(table.size, 0);
});

test('port reuse: a new SYN (new ISN) on a closed connection starts a new flow', (t) => {
  const ends: [number, string][] = [];
  const table = new FlowTable({ onEnd: (f, r) => ends.push([f.id, r]) });
  const conv = new Conversation({ clientIsn: 100 });
  const all = [...conv.handshake(), conv.c('x'), conv.c('', 'FA'), conv.s('', 'FA'), conv.c('', 'A')];
  for (const p of all) table.lookup(p);
  const old = table.lookup(all[0])!.flow;
  t.is(old.tcpState, 'closed');
  t.is(old.id, 1);
  t.is(table.size, 1, 'a retransmitted SYN (same ISN) stays in the old flow');

  const reuse = new Conversation({ clientIsn: 777777 });
  const hit = table.lookup(reuse.c('', 'S'))!;
  t.true(hit.created);
  t.is(hit.flow.id, 2);
  t.is(hit.flow.tcpState, 'syn_sent');
  t.deepEqual(ends, [[1, 'fin']]);
  t.true(old.ended);
  t.is(table.stats.portReuses, 1);

  const rst = new FlowTable();
  rst.lookup(pkt({ src: '10.0.0.1:5000', dst: '10.0.0.2:80', flags: 'S', seq: 1 }));
  rst.lookup(pkt({ src: '10.0.0.2:80', dst: '10.0.0.1:5000', flags: 'RA', ack: 2 }));
  const again = rst.lookup(pkt({ src: '10.0.0.2:80', dst: '10.0.0.1:5000', flags: 'S', seq: 50 }))!;
  t.true(again.created, 'also after a reset, and from the other side');
  t.is(again.flow.client.port, 80);
  t.is(rst.stats.flowsEnded.rst, 1);
});

test('deliver: TCP goes through reassembly, UDP as datagrams', (t) => {
  const table = new FlowTable();
  const rec = new RecordingConsumer();
  const conv = new Conversation();
  for (const p of [...conv.handshake(), conv.c('hello '), conv.s('hi'), conv.c('world')]) {
    const hit = table.lookup(p)!;
    if (hit.created) hit.flow.consumer = rec;
    table.deliver(hit.flow, hit.dir, p);
  }
  t.is(rec.render(0), 'hello world');
  t.is(rec.render(1), 'hi');

  const udp = new RecordingConsumer();
  for (const spec of [
    { src: '10.0.0.2:5353', dst: '10.0.0.53:53', proto: 'udp', payload: 'query' },
    { src: '10.0.0.53:53', dst: '10.0.0.2:5353', proto: 'udp', payload: 'answer' },
  ] as PacketSpec[]) {
    const p = pkt(spec);
    const hit = table.lookup(p)!;
    if (hit.created) hit.flow.consumer = udp;
    t.is(table.deliver(hit.flow, hit.dir, p), 'datagram');
  }
  t.deepEqual(
    udp.events.map((e) => (e.kind === 'data' ? [e.dir, Buffer.from(e.bytes).toString()] : e.kind)),
    [
      [0, 'query'],
      [1, 'answer'],
    ],
  );
});

test('options are validated at construction with a stable code', (t) => {
  for (const bad of [{ maxFlows: 0 }, { maxFlows: 1.5 }, { timeouts: { udpMs: -1 } }, { timeouts: { tcpMs: Number.NaN } }, { maxBufferedPerStream: -5 }]) {
    const err = t.throws(() => new FlowTable(bad), { instanceOf: FlowTableOptionError });
    t.is(err?.code, 'ERR_FLOW_TABLE_OPTION');
  }
  t.notThrows(() => new FlowTable({ maxFlows: 1, timeouts: { udpMs: 0 } }));
});
