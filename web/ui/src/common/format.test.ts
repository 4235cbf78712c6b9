import test from 'ava';
import { ellipsis, endpointLabel, formatBytes, formatClock, formatCount, formatDuration, formatRate } from './format.ts';

test('sizes, counts, rates and durations', (t) => {
  t.is(formatBytes(512), '512 B');
  t.is(formatBytes(1536), '1.5 kB');
  t.is(formatBytes(5 * 1024 * 1024), '5.0 MB');
  t.is(formatBytes(-1), '–');
  t.is(formatCount(12345), '12.3k');
  t.is(formatCount(2.5), '2.50');
  t.is(formatCount(3_400_000), '3.4M');
  t.is(formatRate(2048, 'B'), '2.0 kB/s');
  t.is(formatRate(3, 'req'), '3 req/s');
  t.is(formatDuration(0.25), '250 µs');
  t.is(formatDuration(42), '42 ms');
  t.is(formatDuration(1500), '1.50 s');
  t.is(formatDuration(185_000), '3m 05s');
});

test('clock time and endpoint labels', (t) => {
  const ms = new Date(2026, 0, 2, 3, 4, 5, 6).getTime();
  t.is(formatClock(ms), '03:04:05.006');
  t.is(endpointLabel({ ip: '10.0.0.1', port: '80', name: 'web', namespace: 'shop' }), 'web.shop');
  t.is(endpointLabel({ ip: '10.0.0.1', port: '80', name: '', namespace: '' }), '10.0.0.1:80');
  t.is(endpointLabel({ ip: '::1', port: '80', name: '', namespace: '' }), '[::1]:80');
  t.is(endpointLabel({ ip: '10.0.0.1', port: '80', name: '', namespace: '' }, false), '10.0.0.1');
  t.is(ellipsis('abcdef', 4), 'abc…');
  t.is(ellipsis('abc', 4), 'abc');
});
