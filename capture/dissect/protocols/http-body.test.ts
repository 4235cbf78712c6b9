import test from 'ava';
import { BodySink } from './http-body.ts';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'latin1'));
const text = (b: Uint8Array): string => Buffer.from(b).toString('latin1');

test('BodySink keeps a one-segment body as a view and copies only when asked to own it', (t) => {
  const sink = new BodySink(1024);
  const seg = bytes('head:BODY');
  sink.add(seg, 5, 9);
  t.is(sink.bytes().buffer, seg.buffer, 'still a view of the segment');
  sink.own();
  seg.fill(0);
  t.is(text(sink.bytes()), 'BODY');
  t.is(sink.seen, 4);
});

test('BodySink: bodies spanning segments on interleaved flows never share storage (pooled buffers)', (t) => {
  const a = new BodySink(1 << 20);
  const b = new BodySink(1 << 20);
  for (let round = 0; round < 50; round++) {
    const pa = `a${round}-`.repeat(300);
    const pb = `b${round}-`.repeat(500);
    const sa = bytes(pa);
    const sb = bytes(pb);
    a.add(sa, 0, 700);
    a.own();
    b.add(sb, 0, 900);
    b.own();
    sa.fill(0, 0, 700);
    sb.fill(0, 0, 900);
    a.add(bytes(pa), 700, pa.length);
    b.add(bytes(pb), 900, pb.length);
    t.is(text(a.bytes()), pa);
    t.is(text(b.bytes()), pb);
    if (round % 2 === 0) a.reset();
    b.reset();
    if (round % 2 === 1) a.reset();
  }
});

test('BodySink caps what it keeps and counts what it saw', (t) => {
  const sink = new BodySink(10);
  sink.add(bytes('0123456'), 0, 7);
  sink.own();
  sink.add(bytes('789abcdef'), 0, 9);
  t.is(text(sink.bytes()), '0123456789');
  t.is(sink.seen, 16);
  t.true(sink.capped);
  sink.reset();
  t.is(sink.bytes().length, 0);
  t.is(sink.seen, 0);
});
