import test from 'ava';
import { pkt } from '../flow/testing/packets.ts';
import type { PacketSpec } from '../flow/testing/packets.ts';
import type { Direction } from '../flow/flow.ts';
import { ReassemblyBudget } from './reassembly-budget.ts';
import { TcpConnection } from './tcp-connection.ts';
import { RecordingConsumer } from './testing/recording-consumer.ts';

const C = '10.0.0.1:40000';
const S = '10.0.0.2:80';
const CISN = 1000;
const SISN = 5000;

/** A connection plus `c(...)`/`s(...)` senders for client and server packets. */
function setup(handshake = true) {
  const rec = new RecordingConsumer();
  const budget = new ReassemblyBudget();
  const slot: { consumer?: RecordingConsumer } = { consumer: rec };
  const conn = new TcpConnection(slot, { budget });
  let ts = 0;
  const send = (dir: Direction, spec: Partial<PacketSpec>) =>
    conn.packet(pkt({ src: dir === 0 ? C : S, dst: dir === 0 ? S : C, ts: ++ts, ...spec }), dir);
  /** Client data at offset `off` of its stream. */
  const c = (off: number, payload: string, flags = 'PA', ackOff = 0) =>
    send(0, { flags, seq: CISN + 1 + off, ack: SISN + 1 + ackOff, payload });
  const s = (off: number, payload: string, flags = 'PA', ackOff = 0) =>
    send(1, { flags, seq: SISN + 1 + off, ack: CISN + 1 + ackOff, payload });
  if (handshake) {
    send(0, { flags: 'S', seq: CISN });
    send(1, { flags: 'SA', seq: SISN, ack: CISN + 1 });
    send(0, { flags: 'A', seq: CISN + 1, ack: SISN + 1 });
  }
  return { conn, rec, budget, slot, c, s };
}

test('a full exchange is delivered per direction and ends once with fin', (t) => {
  const { conn, rec, c, s } = setup();
  t.is(c(0, 'GET / HTTP/1.1\r\n\r\n'), 'data');
  t.is(s(0, 'HTTP/1.1 200 OK\r\n\r\n', 'PA', 18), 'data');
  t.is(c(18, '', 'FA', 19), 'empty');
  t.deepEqual(rec.ends(), []);
  t.is(s(19, '', 'FA', 19), 'empty');
  t.is(rec.render(0), 'GET / HTTP/1.1\r\n\r\n');
  t.is(rec.render(1), 'HTTP/1.1 200 OK\r\n\r\n');
  t.deepEqual(rec.ends(), [{ reason: 'fin', tsMs: 7 }]);
  t.is(conn.endReason, 'fin');
  t.is(c(19, '', 'A', 20), 'empty', 'the last ACK');
  t.is(rec.ends().length, 1);
});

test('RST mid-data: in-order data stays delivered, buffered data is flushed behind a gap, end once', (t) => {
  const { conn, rec, budget, c, s } = setup();
  c(0, 'abc');
  t.is(c(6, 'ghi'), 'out_of_order');
  t.is(conn.bufferedBytes, 3);
  t.is(s(0, '', 'RA', 3), 'reset');
  t.is(rec.render(0), 'abc[gap 3]ghi');
  t.deepEqual(rec.ends(), [{ reason: 'rst', tsMs: 6 }]);
  t.is(budget.used, 0);
  t.is(c(9, 'jkl'), 'after_close', 'data after the end is not delivered');
  t.is(c(0, 'abc'), 'retransmission', 'still classified for counters');
  t.is(s(0, '', 'R'), 'reset');
  t.is(rec.ends().length, 1);
  t.is(rec.render(0), 'abc[gap 3]ghi');
});

test("an ACK's gap in the other direction is delivered before the packet's own data", (t) => {
  const { rec, c, s } = setup();
  c(0, 'req');
  c(7, 'uest');
  s(0, 'response', 'PA', 11);
  const order = rec.events.map((e) => (e.kind === 'data' || e.kind === 'gap' ? `${e.kind}${e.dir}` : e.kind));
  t.deepEqual(order, ['data0', 'gap0', 'data0', 'data1']);
  t.is(rec.render(0), 'req[gap 4]uest');
});

test('ending from outside flushes both directions with the given reason, once', (t) => {
  const { conn, rec, budget, c, s } = setup();
  c(0, 'a');
  c(4, 'e');
  s(2, 'z');
  conn.end('idle', 100);
  conn.end('eof', 200);
  t.is(rec.render(0), 'a[gap 3]e');
  t.is(rec.render(1), '[gap 2]z');
  t.deepEqual(rec.ends(), [{ reason: 'idle', tsMs: 100 }]);
  t.is(budget.used, 0);
  t.is(conn.streams[0].bufferedBytes + conn.streams[1].bufferedBytes, 0);
});

test('the consumer may be attached after the connection exists', (t) => {
  const { slot, rec, c } = setup();
  slot.consumer = undefined;
  c(0, 'lost to nobody');
  slot.consumer = rec;
  c(14, '!');
  t.is(rec.render(0), '!');
});

test('mid-stream pickup: both directions start at their first segment', (t) => {
  const { rec, c, s } = setup(false);
  t.is(c(100, 'middle of request'), 'data');
  t.is(s(300, 'middle of response', 'PA', 117), 'data');
  t.is(rec.render(0), 'middle of request');
  t.is(rec.render(1), 'middle of response');
  t.deepEqual(
    rec.events.filter((e) => e.kind === 'gap'),
    [],
    'an ACK equal to the next expected byte is not a gap',
  );
});

test('FINs crossing with data out of order still end only after all data', (t) => {
  const { rec, c, s } = setup();
  t.is(c(3, 'def', 'FPA'), 'out_of_order');
  t.is(s(0, '', 'FA'), 'empty');
  t.deepEqual(rec.ends(), []);
  t.is(c(0, 'abc'), 'data');
  t.is(rec.render(0), 'abcdef');
  t.deepEqual(rec.ends(), [{ reason: 'fin', tsMs: 6 }]);
});

test('connections built from one options object share its budget, never their buffered data', (t) => {
  const budget = new ReassemblyBudget();
  const opts = { budget, maxBufferedPerStream: 1 << 20 };
  const make = () => {
    const rec = new RecordingConsumer();
    const conn = new TcpConnection({ consumer: rec }, opts);
    let ts = 0;
    const send = (spec: Partial<PacketSpec>) => conn.packet(pkt({ src: C, dst: S, ts: ++ts, flags: 'PA', ack: SISN + 1, ...spec }), 0);
    send({ flags: 'S', seq: CISN });
    return { conn, rec, send };
  };
  const a = make();
  const b = make();
  t.is(a.send({ seq: CISN + 4, payload: 'A-late' }), 'out_of_order');
  t.is(b.send({ seq: CISN + 4, payload: 'B-late' }), 'out_of_order');
  t.is(b.send({ seq: CISN + 1, payload: 'B-0' }), 'data');
  t.is(b.rec.render(0), 'B-0B-late');
  t.is(a.conn.bufferedBytes, 6);
  t.is(budget.used, 6, 'one budget for both');
  t.is(a.send({ seq: CISN + 1, payload: 'A-0' }), 'data');
  t.is(a.rec.render(0), 'A-0A-late');
  t.is(budget.used, 0);
  a.conn.end('eof', 10);
  t.is(a.conn.bufferedBytes, 0);
  t.is(b.send({ seq: CISN + 20, payload: 'x' }), 'out_of_order', 'an ended neighbour does not affect buffering');
  t.is(b.conn.bufferedBytes, 1);
});
