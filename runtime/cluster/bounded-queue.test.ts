import test from 'ava';
import { BoundedQueue } from './bounded-queue.ts';

test('BoundedQueue: FIFO; over maxEntries the oldest are dropped and counted', (t) => {
  const q = new BoundedQueue({ maxEntries: 3, maxChars: 1000 });
  for (const s of ['a', 'b', 'c', 'd', 'e']) q.push(s);
  t.is(q.size, 3);
  t.is(q.dropped, 2);
  t.deepEqual(q.take(10, 1000), ['c', 'd', 'e']);
  t.is(q.size, 0);
  t.is(q.chars, 0);
});

test('BoundedQueue: over maxChars the oldest are dropped; an entry larger than the bound is dropped itself', (t) => {
  const q = new BoundedQueue({ maxEntries: 100, maxChars: 10 });
  q.push('aaaa');
  q.push('bbbb');
  q.push('cccc');
  t.deepEqual([q.size, q.chars, q.dropped], [2, 8, 1]);
  q.push('x'.repeat(11));
  t.deepEqual([q.size, q.dropped], [2, 2]);
  t.deepEqual(q.take(10, 100), ['bbbb', 'cccc']);
});

test('BoundedQueue.take(maxEntries, maxChars): stops at either limit, but always takes one entry', (t) => {
  const q = new BoundedQueue({ maxEntries: 100, maxChars: 1000 });
  for (let i = 0; i < 10; i++) q.push(String(i).repeat(10));
  t.is(q.take(3, 1000).length, 3);
  t.is(q.take(100, 25).length, 2);
  t.is(q.take(100, 1).length, 1, 'one entry even when it alone exceeds maxChars');
  t.is(q.size, 4);
  t.is(q.chars, 40);
});

test('BoundedQueue stays correct across many pushes and takes (compaction)', (t) => {
  const q = new BoundedQueue({ maxEntries: 10_000, maxChars: 1 << 20 });
  let next = 0;
  let expect = 0;
  for (let round = 0; round < 50; round++) {
    for (let i = 0; i < 1000; i++) q.push(String(next++));
    for (const s of q.take(900, 1 << 20)) t.is(Number(s), expect++);
  }
  t.is(q.size, next - expect);
  t.is(q.dropped, 0);
});

test('BoundedQueue rejects bounds below 1', (t) => {
  t.throws(() => new BoundedQueue({ maxEntries: 0, maxChars: 10 }), { instanceOf: RangeError });
});
