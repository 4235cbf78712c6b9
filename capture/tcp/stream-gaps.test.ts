import test from 'ava';
import { ReassemblyBudget } from './reassembly-budget.ts';
import { streamHarness } from './testing/stream-harness.ts';

test('a peer ACK beyond a hole declares the hole a gap and releases the data behind it', (t) => {
  const h = streamHarness();
  h.send(0, 'abc');
  t.is(h.send(6, 'ghi'), 'out_of_order');
  h.ack(5);
  t.is(h.out.render(0), 'abc[gap 2]', 'an ACK inside the hole gaps only what it covers');
  t.is(h.s.bufferedBytes, 3);
  h.ack(9);
  t.is(h.out.render(0), 'abc[gap 2][gap 1]ghi');
  t.is(h.budget.stats.gapsByCause.ack, 2);
  t.is(h.budget.stats.gapBytesByCause.ack, 3);
  t.is(h.s.bufferedBytes, 0);
});

test('an ACK for bytes never seen is a gap even with nothing buffered; late copies are old', (t) => {
  const h = streamHarness();
  h.send(0, 'abc');
  h.ack(2);
  h.ack(3);
  t.is(h.out.render(0), 'abc', 'ACKs not beyond the expected byte change nothing');
  h.ack(8);
  t.is(h.out.render(0), 'abc[gap 5]');
  t.is(h.send(3, 'defgh'), 'retransmission');
  t.is(h.send(8, 'ij'), 'data');
  t.is(h.out.render(0), 'abc[gap 5]ij');
});

test('an ACK covering a FIN behind a hole ends the direction', (t) => {
  const h = streamHarness();
  h.send(0, 'ab');
  t.is(h.send(5, '', 'FA'), 'out_of_order');
  h.ack(6);
  t.is(h.out.render(0), 'ab[gap 3]');
  t.true(h.s.finDone);
  t.deepEqual(h.out.kinds(), ['data', 'gap', 'fin']);
});

test('exceeding the per-stream buffer skips the oldest hole', (t) => {
  const h = streamHarness({ maxBufferedBytes: 10 });
  h.send(0, 'a');
  h.send(5, 'xxxxx');
  t.is(h.s.bufferedBytes, 5);
  h.send(20, 'yyyyyy');
  t.is(h.out.render(0), 'a[gap 4]xxxxx');
  t.is(h.s.bufferedBytes, 6);
  t.true(h.s.bufferedBytes <= 10);
  t.is(h.budget.stats.gapsByCause.stream_limit, 1);
  h.send(10, '0123456789');
  t.is(h.out.render(0), 'a[gap 4]xxxxx0123456789yyyyyy');
});

test('exceeding the shared budget makes the longest-buffering stream skip its oldest hole', (t) => {
  const budget = new ReassemblyBudget(8);
  const a = streamHarness({ budget });
  const b = streamHarness({ budget });
  a.send(5, 'aaaaa');
  t.is(budget.used, 5);
  b.send(3, 'bbbbb');
  t.is(a.out.render(0), '[gap 5]aaaaa', 'a started buffering first');
  t.is(b.out.render(0), '');
  t.is(b.s.bufferedBytes, 5);
  t.is(budget.used, 5);
  t.is(budget.stats.gapsByCause.budget, 1);
  t.is(budget.stats.peakBytes, 10);
});

test('flush at end of flow: gaps then buffered data, in order', (t) => {
  const h = streamHarness();
  h.send(0, 'ab');
  h.send(8, 'ij');
  h.send(4, 'ef');
  h.s.flush(99);
  t.is(h.out.render(0), 'ab[gap 2]ef[gap 2]ij');
  t.is(h.budget.stats.gapsByCause.flush, 2);
  t.is(h.budget.used, 0);
});

test('flush with a FIN behind a hole delivers the FIN too', (t) => {
  const h = streamHarness();
  h.send(0, 'ab');
  h.send(4, 'ef', 'FA');
  h.s.flush(9);
  t.is(h.out.render(0), 'ab[gap 2]ef');
  t.deepEqual(h.out.kinds(), ['data', 'gap', 'data', 'fin']);
});

test('a truncated in-order packet delivers the captured bytes then a gap for the tail', (t) => {
  const h = streamHarness();
  t.is(h.send(0, 'abc', 'A', 10), 'data');
  t.is(h.out.render(0), 'abc[gap 7]');
  t.is(h.s.nextSeq, h.seqOf(10));
  t.is(h.send(10, 'k'), 'data');
  t.is(h.budget.stats.gapsByCause.truncated, 1);
  t.is(h.out.render(0), 'abc[gap 7]k');
});

test('buffered bytes inside a truncated tail are still delivered', (t) => {
  const h = streamHarness();
  h.send(5, 'FG');
  h.send(0, 'abc', 'A', 10);
  t.is(h.out.render(0), 'abc[gap 2]FG[gap 3]');
});

test('a truncated out-of-order packet: its missing tail is a gap by the end of the flow', (t) => {
  const h = streamHarness();
  h.send(5, 'fg', 'A', 5);
  h.send(0, 'abcde');
  t.is(h.out.render(0), 'abcdefg');
  h.s.flush(50);
  t.is(h.out.render(0), 'abcdefg[gap 3]');
});

test('per-stream and global caps are never exceeded after a segment', (t) => {
  const budget = new ReassemblyBudget(3000);
  const streams = Array.from({ length: 5 }, () => streamHarness({ budget, maxBufferedBytes: 1000 }));
  let seed = 12345;
  const rnd = (n: number) => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const size = 20_000;
  for (let i = 0; i < 2000; i++) {
    const h = streams[rnd(streams.length)];
    const off = rnd(size);
    const len = 1 + rnd(300);
    h.send(off, new Uint8Array(Math.min(len, size - off)).fill(1));
    for (const x of streams) t.true(x.s.bufferedBytes <= 1000);
    t.true(budget.used <= 3000);
    t.is(budget.used, streams.reduce((n, x) => n + x.s.bufferedBytes, 0));
  }
  for (const h of streams) {
    h.ack(size);
    t.is(h.s.bufferedBytes, 0);
    t.is(h.out.bytes(0).length + h.out.gapBytes(0), size, 'every byte is data or gap');
  }
  t.is(budget.used, 0);
});

test('ReassemblyBudget rejects a bad limit with a code', (t) => {
  const err = t.throws(() => new ReassemblyBudget(-1));
  t.is((err as Error & { code?: string }).code, 'ERR_REASSEMBLY_OPTION');
});
