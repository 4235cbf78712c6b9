import test from 'ava';
import { ReassemblyBudget } from './reassembly-budget.ts';
import { StreamReassembler } from './stream-reassembler.ts';
import { streamHarness } from './testing/stream-harness.ts';
import { tcpFlags } from '../flow/testing/packets.ts';

function permutations<T>(xs: T[]): T[][] {
  if (xs.length <= 1) return [xs];
  return xs.flatMap((x, i) => permutations([...xs.slice(0, i), ...xs.slice(i + 1)]).map((p) => [x, ...p]));
}

test('in-order segments are delivered at once, as views of the packet payload', (t) => {
  const payload = new Uint8Array(Buffer.from('hello world'));
  const seen: Uint8Array[] = [];
  const s = new StreamReassembler(
    0,
    { data: (_d, b) => seen.push(b), gap: () => t.fail('no gap expected'), fin: () => {} },
    { budget: new ReassemblyBudget(), maxBufferedBytes: 1024, maxSeqJump: 1 << 30 },
  );
  s.segment(99, tcpFlags('S'), new Uint8Array(0), 0, 0);
  t.is(s.segment(100, tcpFlags('PA'), payload, payload.length, 1), 'data');
  t.is(seen.length, 1);
  t.is(seen[0], payload, 'the very same view, not a copy');
  t.is(s.segment(111, tcpFlags('PA'), payload.subarray(0, 5), 5, 2), 'data');
  t.is(seen[1].buffer, payload.buffer);
  t.is(s.nextSeq, 116);
  t.is(s.bufferedBytes, 0);
});

test('every order of 4 segments delivers identical bytes', (t) => {
  const parts: [number, string][] = [
    [0, 'The '],
    [4, 'quick '],
    [10, 'brown '],
    [16, 'fox'],
  ];
  for (const order of permutations(parts)) {
    const h = streamHarness();
    const verdicts = order.map(([off, d]) => h.send(off, d));
    t.is(h.out.render(0), 'The quick brown fox', `order ${order.map((p) => p[0]).join(',')}`);
    t.is(h.s.bufferedBytes, 0);
    t.is(h.budget.used, 0);
    let contiguous = 0;
    const expected = order.map(([off]) => {
      const v = off === contiguous ? 'data' : 'out_of_order';
      const have = new Set(order.slice(0, order.findIndex(([o]) => o === off) + 1).map(([o]) => o));
      while (have.has(contiguous)) contiguous = contiguous + parts.find(([o]) => o === contiguous)![1].length;
      return v;
    });
    t.deepEqual(verdicts, expected);
  }
});

test('every order of 3 segments around a sequence wrap delivers identical bytes', (t) => {
  for (const order of permutations([0, 1, 2])) {
    const h = streamHarness({ isn: 0xfffffff8 });
    const parts = ['abcd', 'efgh', 'ijkl'];
    for (const i of order) h.send(i * 4, parts[i]);
    t.is(h.out.render(0), 'abcdefghijkl');
    t.is(h.s.nextSeq, 0xfffffff8 + 13 - 2 ** 32);
  }
});

test('in-order delivery across the 2^32 wrap', (t) => {
  const h = streamHarness({ isn: 0xfffffffd });
  t.is(h.send(0, 'ab'), 'data');
  t.is(h.s.nextSeq, 0);
  t.is(h.send(2, 'cd'), 'data');
  t.is(h.send(4, 'ef'), 'data');
  t.is(h.out.render(0), 'abcdef');
  t.is(h.s.nextSeq, 4);
});

test('overlap policy: already delivered or buffered bytes win', (t) => {
  const cases: { name: string; sends: [number, string][]; want: string; verdicts: string[] }[] = [
    { name: 'old data again', sends: [[0, 'abcdef'], [0, 'XXXXXX']], want: 'abcdef', verdicts: ['data', 'retransmission'] },
    { name: 'old prefix, new tail', sends: [[0, 'abcdef'], [3, 'XXXghi']], want: 'abcdefghi', verdicts: ['data', 'overlap'] },
    { name: 'buffered first, covering one later', sends: [[4, 'efgh'], [6, 'XXij'], [0, 'abcd']], want: 'abcdefghij', verdicts: ['out_of_order', 'out_of_order', 'data'] },
    { name: 'buffered exactly again', sends: [[4, 'efgh'], [4, 'XXXX'], [0, 'abcd']], want: 'abcdefgh', verdicts: ['out_of_order', 'retransmission', 'data'] },
    { name: 'in-order segment over a buffered chunk', sends: [[5, 'FG'], [0, 'abcdeXXhij']], want: 'abcdeFGhij', verdicts: ['out_of_order', 'data'] },
    { name: 'one segment over two buffered chunks', sends: [[2, 'CD'], [6, 'GH'], [0, 'abXXefXXij']], want: 'abCDefGHij', verdicts: ['out_of_order', 'out_of_order', 'data'] },
    { name: 'later segment inside a buffered one', sends: [[3, 'defgh'], [4, 'XX'], [0, 'abc']], want: 'abcdefgh', verdicts: ['out_of_order', 'retransmission', 'data'] },
    { name: 'buffered chunk inside a later one', sends: [[4, 'ef'], [2, 'XXXXXXX'], [0, 'ab']], want: 'abXXefXXX', verdicts: ['out_of_order', 'out_of_order', 'data'] },
    { name: 'partially old and reaching into the buffer', sends: [[0, 'abc'], [6, 'GH'], [1, 'XXdefXXi']], want: 'abcdefGHi', verdicts: ['data', 'out_of_order', 'overlap'] },
  ];
  for (const c of cases) {
    const h = streamHarness();
    const verdicts = c.sends.map(([off, d]) => h.send(off, d));
    t.is(h.out.render(0), c.want, c.name);
    t.deepEqual(verdicts, c.verdicts, c.name);
    t.is(h.s.bufferedBytes, 0, c.name);
  }
});

test('a pure retransmission is reported and never delivered twice', (t) => {
  const h = streamHarness();
  h.send(0, 'hello');
  h.send(5, ' world');
  t.is(h.send(0, 'hello'), 'retransmission');
  t.is(h.send(5, ' world'), 'retransmission');
  t.is(h.send(0, 'hello world'), 'retransmission');
  t.is(h.out.render(0), 'hello world');
  t.is(h.out.events.filter((e) => e.kind === 'data').length, 2);
});

test('SYN and FIN each consume one sequence number', (t) => {
  const h = streamHarness({ isn: 500 });
  t.is(h.s.nextSeq, 501, 'data starts at ISN+1');
  t.is(h.send(0, 'abc', 'FPA'), 'data');
  t.true(h.s.finDone);
  t.is(h.s.nextSeq, 505, '3 bytes + FIN');
  t.deepEqual(h.out.kinds(), ['data', 'fin']);
  t.is(h.send(3, '', 'FA'), 'retransmission', 'the FIN again');
  t.is(h.send(4, '', 'A'), 'empty', 'a pure ACK after the FIN');
  t.is(h.out.kinds().filter((k) => k === 'fin').length, 1);
});

test('a retransmitted SYN is a retransmission; SYN with data delivers from ISN+1', (t) => {
  const h = streamHarness({ isn: 7 });
  t.is(h.s.segment(7, tcpFlags('S'), new Uint8Array(0), 0, 1), 'retransmission');
  const h2 = streamHarness({ isn: 7, syn: false });
  t.is(h2.s.segment(7, tcpFlags('S'), new Uint8Array(Buffer.from('tfo')), 3, 1), 'data');
  t.is(h2.out.render(0), 'tfo');
  t.is(h2.s.nextSeq, 11);
});

test('a FIN ahead of a hole waits for the missing bytes', (t) => {
  const h = streamHarness();
  t.is(h.send(3, 'def', 'FA'), 'out_of_order');
  t.false(h.s.finDone);
  t.is(h.send(0, 'abc'), 'data');
  t.true(h.s.finDone);
  t.is(h.out.render(0), 'abcdef');
  t.deepEqual(h.out.kinds(), ['data', 'data', 'fin']);
});

test('mid-stream pickup starts at the first seen segment', (t) => {
  const h = streamHarness({ isn: 41, syn: false });
  t.is(h.send(100, 'middle'), 'data');
  t.is(h.s.nextSeq, h.seqOf(106));
  t.is(h.send(90, 'earlier bit'), 'retransmission', 'bytes before the pickup point are old');
  t.is(h.send(96, 'xxxxmiddle!!'), 'overlap');
  t.is(h.out.render(0), 'middle!!');
});

test('keep-alive probes are not retransmissions', (t) => {
  const h = streamHarness();
  h.send(0, 'abc');
  t.is(h.send(2, ''), 'keepalive');
  t.is(h.send(2, 'c'), 'keepalive');
  t.is(h.send(3, ''), 'empty');
  t.is(h.out.render(0), 'abc');
});

test('data after the FIN is dropped and counted', (t) => {
  const h = streamHarness();
  h.send(0, 'ab', 'FA');
  t.is(h.send(3, 'zz'), 'after_close');
  t.is(h.weirds.get('tcp_data_after_fin'), 1);
  const h2 = streamHarness();
  h2.send(4, 'ef', 'FA');
  t.is(h2.send(2, 'cdefXY'), 'out_of_order', 'bytes past the FIN are trimmed');
  h2.send(0, 'ab');
  t.is(h2.out.render(0), 'abcdef');
  t.is(h2.weirds.get('tcp_data_after_fin'), 1);
});

test('segments implausibly far from the stream are ignored', (t) => {
  const h = streamHarness();
  h.send(0, 'ok');
  t.is(h.s.segment(h.seqOf(0) + 0x50000000, tcpFlags('A'), new Uint8Array(3), 3, 5), 'invalid');
  h.s.acked(h.seqOf(0) + 0x50000000, 6);
  t.is(h.weirds.get('tcp_seq_out_of_window'), 1);
  t.is(h.weirds.get('tcp_ack_out_of_window'), 1);
  t.is(h.out.render(0), 'ok');
});
