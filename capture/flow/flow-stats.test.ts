import test from 'ava';
import type { DecodedPacket } from '../decode/decoded-packet.ts';
import type { Flow } from './flow-state.ts';
import { FlowTable } from './flow-table.ts';
import { Conversation } from './testing/conversation.ts';
import { pkt } from './testing/packets.ts';

const T0 = 1_700_000_000_000;

function run(table: FlowTable, packets: DecodedPacket[]): Flow {
  let flow!: Flow;
  for (const p of packets) {
    const hit = table.lookup(p)!;
    table.deliver(hit.flow, hit.dir, p);
    flow = hit.flow;
  }
  return flow;
}

test('handshake timing: SYN → SYN/ACK and SYN → final ACK', (t) => {
  const table = new FlowTable();
  const conv = new Conversation({ t0: T0 });
  const [syn, synAck, ack] = conv.handshake(3, 5);
  const flow = run(table, [syn]);
  t.is(flow.tcpState, 'syn_sent');
  run(table, [synAck]);
  t.is(flow.tcpState, 'syn_received');
  t.is(flow.synAckMs, 3);
  t.is(flow.handshakeRttMs, null);
  run(table, [ack]);
  t.is(flow.tcpState, 'established');
  t.is(flow.handshakeRttMs, 5);
  t.is(table.stats.handshakes, 1);
  t.is(table.stats.handshakeRttMeanMs, 5);
  t.is(table.stats.handshakeRttMaxMs, 5);
  t.is(flow.clientIsn, 1000);
  t.is(flow.serverIsn, 9000);
});

test('a flow picked up mid-stream is established without a handshake RTT', (t) => {
  const table = new FlowTable();
  const flow = run(table, [pkt({ src: '10.0.0.1:40000', dst: '10.0.0.2:80', flags: 'PA', seq: 5, payload: 'x' })]);
  t.is(flow.tcpState, 'established');
  t.is(flow.handshakeRttMs, null);
  t.is(flow.synAckMs, null);
  t.is(table.stats.handshakes, 0);
});

test('packets, IP bytes and payload bytes per direction and in total', (t) => {
  const table = new FlowTable();
  const conv = new Conversation({ t0: T0 });
  const flow = run(table, [...conv.handshake(), conv.c('GET / HTTP/1.1\r\n\r\n'), conv.s('HTTP/1.1 200 OK\r\n\r\n'), conv.s('body', 'PA', { wireLength: 1000 })]);
  t.deepEqual(
    { p: flow.stats[0].packets, b: flow.stats[0].bytes, pl: flow.stats[0].payloadBytes },
    { p: 3, b: 40 + 40 + 58, pl: 18 },
  );
  t.deepEqual(
    { p: flow.stats[1].packets, b: flow.stats[1].bytes, pl: flow.stats[1].payloadBytes },
    { p: 3, b: 40 + 59 + 1040, pl: 19 + 1000 },
    'a truncated packet counts its wire length',
  );
  t.is(table.stats.packets, 6);
  t.is(table.stats.bytes, flow.stats[0].bytes + flow.stats[1].bytes);
  t.is(table.stats.payloadBytes, 18 + 1019);
});

test('retransmissions, overlaps and out-of-order segments are counted per direction', (t) => {
  const table = new FlowTable();
  const conv = new Conversation({ t0: T0, clientIsn: 1000 });
  const flow = run(table, [...conv.handshake(), conv.c('abcd')]);
  run(table, [
    conv.c('abcd', 'PA', { seq: 1001 }),
    conv.c('cdef', 'PA', { seq: 1003 }),
    conv.c('ij', 'PA', { seq: 1009 }),
    conv.c('', 'S', { seq: 1000 }),
  ]);
  t.is(flow.stats[0].retransmissions, 3, 'same data, partly old data, the SYN again');
  t.is(flow.stats[0].outOfOrder, 1);
  t.is(flow.stats[1].retransmissions, 0);
  t.is(table.stats.retransmissions, 3);
  t.is(table.stats.outOfOrder, 1);
});

test('zero-window advertisements are counted (not on RST, SYN or FIN)', (t) => {
  const table = new FlowTable();
  const conv = new Conversation({ t0: T0 });
  const flow = run(table, [...conv.handshake(), conv.c('data')]);
  run(table, [conv.s('', 'A', { window: 0 }), conv.s('', 'A', { window: 0 }), conv.s('', 'A', { window: 512 }), conv.s('', 'FA', { window: 0 })]);
  t.is(flow.stats[1].zeroWindow, 2);
  t.is(flow.stats[0].zeroWindow, 0);
  run(table, [conv.s('', 'R', { window: 0 })]);
  t.is(flow.stats[1].zeroWindow, 2);
  t.is(table.stats.zeroWindow, 2);
});

test('resets are counted and move the flow to reset; FINs to closing then closed', (t) => {
  const table = new FlowTable();
  const conv = new Conversation({ t0: T0 });
  const flow = run(table, [...conv.handshake(), conv.c('x'), conv.c('', 'FA')]);
  t.is(flow.tcpState, 'closing');
  t.deepEqual(flow.finSeen, [true, false]);
  run(table, [conv.s('', 'FA')]);
  t.is(flow.tcpState, 'closed');
  t.is(flow.endReason, 'fin');
  run(table, [conv.s('', 'R')]);
  t.is(flow.tcpState, 'closed', 'an RST after both FINs does not reopen or relabel');
  t.is(flow.resets, 1);

  const conv2 = new Conversation({ t0: T0, client: '10.0.0.1:40001' });
  const f2 = run(table, [...conv2.handshake(), conv2.s('', 'RA'), conv2.s('', 'R')]);
  t.is(f2.tcpState, 'reset');
  t.is(f2.endReason, 'rst');
  t.is(f2.resets, 2);
  t.is(table.stats.resets, 3);
});

test('IPv6 flows', (t) => {
  const table = new FlowTable();
  const conv = new Conversation({ client: '[2001:db8::1]:50000', server: '[2001:db8::2]:443' });
  const flow = run(table, conv.handshake());
  t.is(flow.ipVersion, 6);
  t.deepEqual(flow.client, { ip: '2001:db8::1', port: 50000 });
  t.deepEqual(flow.server, { ip: '2001:db8::2', port: 443 });
  t.is(flow.stats[0].bytes, 60 + 60);
});
