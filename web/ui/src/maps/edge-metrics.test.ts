import test from 'ava';
import type { L4Edge, L7Edge } from '../api/types.ts';
import { DEFAULT_SETTINGS, edgeWidth, l4Label, l4Rates, l7Label, l7Rates, MAX_WIDTH, MIN_WIDTH } from './edge-metrics.ts';

const l7 = (requests: number, requestBytes = 0): L7Edge => ({
  id: 'e',
  source: 'a',
  target: 'b',
  protocol: { abbr: 'HTTP', macro: 'http', backgroundColor: '#000' },
  requests,
  errors: 0,
  requestBytes,
  responseBytes: 0,
  latencyMsAvg: 1,
});

test('edgeWidth is logarithmic between the minimum and maximum', (t) => {
  t.is(edgeWidth(0, 100), MIN_WIDTH);
  t.is(edgeWidth(100, 100), MAX_WIDTH);
  const mid = edgeWidth(10, 100);
  t.true(mid > MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) / 3, 'small edges stay visible next to big ones');
  t.is(edgeWidth(5, 0), MIN_WIDTH);
});

test('rates are the differences between two polls per second, never negative', (t) => {
  const [r] = l7Rates([l7(130, 5000)], [l7(100, 1000)], 2);
  t.is(r.requests, 15);
  t.is(r.requestBytes, 2000);
  t.is(l7Rates([l7(10)], [l7(50)], 1)[0].requests, 0, 'a counter reset gives 0, not a negative rate');
  t.is(l7Rates([l7(10)], [], 2)[0].requests, 5, 'an edge new since the last poll counts from 0');
  t.is(l7Label(r, { ...DEFAULT_SETTINGS, rate: true }), '15 req/s');
  t.is(l7Label(r, { ...DEFAULT_SETTINGS, rate: true, bandwidth: true }), '2.0 kB/s');
});

test('L4 rates and labels', (t) => {
  const e = (p: number): L4Edge => ({ id: 'f', source: 'a', target: 'b', bytes: [p * 100, p * 10], packets: [p, p], flows: 1, transport: 'tcp' });
  const [r] = l4Rates([e(20)], [e(10)], 10);
  t.deepEqual(r.packets, [1, 1]);
  t.is(l4Label(r, { ...DEFAULT_SETTINGS, rate: true }), '2 pkt/s');
  t.is(l4Label(e(10), { ...DEFAULT_SETTINGS, bandwidth: true, includeResponse: false }), '↑1000 B');
  t.is(l4Label(e(10), { ...DEFAULT_SETTINGS, bandwidth: true, includeRequest: false, includeResponse: false }), '–');
});
