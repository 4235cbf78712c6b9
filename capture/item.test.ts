import test from 'ava';
import { buildItem, isoTime } from './item.ts';
import type { FlowInfo } from './flow/flow.ts';

test('isoTime equals Date#toISOString (cached per second, any order, any year)', (t) => {
  const samples = [0, 1, 999, 1000, 1767225600000, 1767225600999, 1767225601000, 1767225600500, 253402300799999, 253402300800000, 8.64e15, -1, -62198755200000, 1767225600123.5];
  for (const ms of samples) t.is(isoTime(ms), new Date(ms).toISOString(), String(ms));
  let x = 1767225600000;
  for (let i = 0; i < 5000; i++) {
    x += ((i * 7919) % 1700) - 600;
    if (isoTime(x) !== new Date(x).toISOString()) return t.fail(`differs at ${x}`);
  }
  t.throws(() => isoTime(NaN), { instanceOf: RangeError });
});

test('buildItem stamps startTime from the request time', (t) => {
  const flow: FlowInfo = {
    id: 7, transport: 'tcp', ipVersion: 4, client: { ip: '10.0.0.1', port: 40000 }, server: { ip: '10.0.0.2', port: 80 },
    streamName: '000000000007.pcap', firstSeenMs: 1767225600000,
  };
  const proto = { name: 'x', version: '1', abbr: 'X', longName: 'x', macro: 'x', backgroundColor: '', foregroundColor: '', fontSize: 12, referenceLink: '', ports: [], layer4: 'tcp' as const, priority: 0 };
  const item = buildItem({ worker: 'w', nodeName: 'n', nodeIp: '' }, flow, 0, proto, { kind: 'request', tsMs: 1767225601234.9, size: 1, fields: {} }, null);
  t.is(item.timestamp, 1767225601234);
  t.is(item.startTime, '2026-01-01T00:00:01.234Z');
});
