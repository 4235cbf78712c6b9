import test from 'ava';
import type { ItemError, Message } from '../item.ts';
import { Pairer } from './pair.ts';
import type { PairerOptions } from './pair.ts';

function msg(kind: 'request' | 'response', tsMs: number, name: string, key?: number): Message {
  return { kind, tsMs, size: 1, key, fields: { name } };
}

function pairer(mode: PairerOptions['mode'], o: Partial<PairerOptions> = {}) {
  const out: [string | null, string | null, string | null][] = [];
  const weirds: string[] = [];
  const p = new Pairer({
    mode,
    emit: (req, res, err: ItemError | null) => out.push([req?.fields.name ?? null, res?.fields.name ?? null, err?.type ?? null]),
    weird: (n) => weirds.push(n),
    ...o,
  });
  return { p, out, weirds };
}

test('fifo pairs responses with requests in order; a response without request stands alone', (t) => {
  const { p, out } = pairer('fifo');
  p.add(msg('response', 0, 'r0'));
  p.add(msg('request', 1, 'q1'));
  p.add(msg('request', 2, 'q2'));
  p.add(msg('response', 3, 'r1'));
  p.add(msg('response', 4, 'r2'));
  t.deepEqual(out, [[null, 'r0', null], ['q1', 'r1', null], ['q2', 'r2', null]]);
  t.is(p.pending, 0);
});

test('flush emits pending requests as pair-not-found', (t) => {
  const { p, out } = pairer('fifo');
  p.add(msg('request', 1, 'q1'));
  p.flush(2, 'flow ended');
  t.deepEqual(out, [['q1', null, 'pair-not-found']]);
});

test('pending limit: overflow emits the oldest request unpaired with a weird', (t) => {
  const { p, out, weirds } = pairer('fifo', { maxPending: 2 });
  for (let i = 0; i < 4; i++) p.add(msg('request', i, `q${i}`));
  t.deepEqual(out, [['q0', null, 'pair-not-found'], ['q1', null, 'pair-not-found']]);
  t.deepEqual(weirds, ['dissect_pair_overflow', 'dissect_pair_overflow']);
  p.add(msg('response', 5, 'r'));
  t.deepEqual(out[2], ['q2', 'r', null]);
});

test('timeout on packet time: old requests time out, a late response stays aligned (fifo)', (t) => {
  const { p, out } = pairer('fifo', { timeoutMs: 100 });
  p.add(msg('request', 0, 'q0'));
  p.add(msg('request', 500, 'q1'));
  t.deepEqual(out, [['q0', null, 'timeout']]);
  p.add(msg('response', 510, 'r0'));
  p.add(msg('response', 520, 'r1'));
  t.deepEqual(out.slice(1), [[null, 'r0', null], ['q1', 'r1', null]]);
});

test('a response pairs with its request however late, then others are checked', (t) => {
  const { p, out } = pairer('fifo', { timeoutMs: 100 });
  p.add(msg('request', 0, 'q0'));
  p.add(msg('response', 1000, 'r0'));
  t.deepEqual(out, [['q0', 'r0', null]]);
});

test('flush reports requests older than the timeout as timeout', (t) => {
  const { p, out } = pairer('key', { timeoutMs: 100 });
  p.add(msg('request', 0, 'q0', 1));
  p.add(msg('request', 150, 'q1', 2));
  p.flush(160, 'end');
  t.deepEqual(out, [['q0', null, 'timeout'], ['q1', null, 'pair-not-found']]);
});

test('key pairing matches out-of-order responses by key', (t) => {
  const { p, out } = pairer('key');
  p.add(msg('request', 0, 'a', 1));
  p.add(msg('request', 1, 'b', 2));
  p.add(msg('request', 2, 'c', 3));
  p.add(msg('response', 3, 'rb', 2));
  p.add(msg('response', 4, 'rc', 3));
  p.add(msg('response', 5, 'rx', 9));
  p.add(msg('response', 6, 'ra', 1));
  t.deepEqual(out, [['b', 'rb', null], ['c', 'rc', null], [null, 'rx', null], ['a', 'ra', null]]);
});

test('key pairing: a reused key emits the older request unpaired', (t) => {
  const { p, out, weirds } = pairer('key');
  p.add(msg('request', 0, 'a', 1));
  p.add(msg('request', 1, 'a2', 1));
  p.add(msg('response', 2, 'r', 1));
  t.deepEqual(out, [['a', null, 'pair-not-found'], ['a2', 'r', null]]);
  t.deepEqual(weirds, ['dissect_pair_duplicate_key']);
});

test('none: every message is its own item', (t) => {
  const { p, out } = pairer('none');
  p.add(msg('request', 0, 'a'));
  p.add(msg('response', 1, 'b'));
  t.deepEqual(out, [['a', null, null], [null, 'b', null]]);
});
