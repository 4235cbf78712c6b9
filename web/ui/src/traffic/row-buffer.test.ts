import test from 'ava';
import type { ItemRow } from '../api/types.ts';
import { RowBuffer } from './row-buffer.ts';

function row(id: string, timestamp: number): ItemRow {
  const ep = { ip: '10.0.0.1', port: '80', name: '', namespace: '' };
  return {
    id,
    timestamp,
    protocol: { name: 'http', abbr: 'HTTP', macro: 'http', version: '1.1', backgroundColor: '#205cf5', foregroundColor: '#fff' },
    src: ep,
    dst: ep,
    summary: 'GET /',
    status: '200',
    isError: false,
    elapsedTime: 1,
    requestSize: 10,
    responseSize: 20,
    node: 'n',
    passed: false,
    failed: false,
  };
}

const ids = (b: RowBuffer) => Array.from({ length: b.length }, (_, i) => b.at(i)!.id);

test('addLive puts a batch in time order with the newest on top', (t) => {
  const b = new RowBuffer(10);
  b.addLive([row('b', 2), row('a', 1), row('c', 3)]);
  t.deepEqual(ids(b), ['c', 'b', 'a']);
  b.addLive([row('d', 4)]);
  t.deepEqual(ids(b), ['d', 'c', 'b', 'a']);
  t.is(b.prepended, 4);
});

test('addOlder appends history pages after the oldest row, without duplicates', (t) => {
  const b = new RowBuffer(10);
  b.addLive([row('x', 10)]);
  t.is(b.addOlder([row('x', 10), row('w', 9), row('v', 8)]), 2);
  t.deepEqual(ids(b), ['x', 'w', 'v']);
  t.is(b.addLive([row('w', 9)]), 0, 'a live row already shown is not added again');
});

test('when full, live rows evict the oldest and history stops', (t) => {
  const b = new RowBuffer(3);
  b.addLive([row('a', 1), row('b', 2), row('c', 3)]);
  t.true(b.full);
  b.addLive([row('d', 4)]);
  t.deepEqual(ids(b), ['d', 'c', 'b']);
  t.false(b.has('a'));
  t.is(b.addOlder([row('z', 0)]), 0);
  t.is(b.addLive([row('a', 5)]), 1, 'an evicted id can come back');
});

test('pause holds live rows aside; resume shows them', (t) => {
  const b = new RowBuffer(4);
  b.addLive([row('a', 1)]);
  b.pause();
  const v = b.version;
  t.is(b.addLive([row('b', 2), row('c', 3)]), 0);
  t.is(b.length, 1);
  t.is(b.pendingCount, 2);
  t.is(b.version, v);
  for (let i = 0; i < 5; i++) b.addLive([row(`p${i}`, 10 + i)]);
  t.is(b.pausedOverflow, 3, 'the side queue is bounded by the capacity');
  t.is(b.resume(), 4);
  t.false(b.paused);
  t.is(b.at(0)!.id, 'p1');
});

test('patch updates one row in place; clear empties everything', (t) => {
  const b = new RowBuffer(4);
  b.addLive([row('a', 1), row('b', 2)]);
  t.true(b.patch('a', { failed: true }));
  t.true(b.at(1)!.failed);
  t.false(b.patch('zz', { failed: true }));
  t.is(b.indexOf('a'), 1);
  b.clear();
  t.is(b.length, 0);
  t.false(b.has('a'));
  t.is(b.at(0), undefined);
});
