import test from 'ava';
import type { Item } from '../../item.ts';
import { Pipeline } from '../../pipeline.ts';
import { buildIcmpPacket, buildUdpPacket, toRawPacket } from '../../testing/packet-builder.ts';
import type { IcmpPacketSpec } from '../../testing/packet-builder.ts';
import { originalTuple } from './icmp-message.ts';

const T0 = 1_700_000_000_000;

function run(packets: [IcmpPacketSpec, number][]): { items: Item[]; pipeline: Pipeline } {
  const items: Item[] = [];
  const pipeline = new Pipeline({ onItem: (i) => items.push(i) });
  for (const [spec, dt] of packets) pipeline.push(toRawPacket(buildIcmpPacket(spec), { tsMs: T0 + dt }));
  pipeline.finish();
  return { items, pipeline };
}

const ping = (src: string, dst: string, type: number, seq: number): IcmpPacketSpec => ({ src, dst, type, rest: (0x1234 << 16) | seq, payload: 'abcdefgh'.repeat(7) });

test('echo request and reply pair by identifier and sequence; RTT in elapsedTime', (t) => {
  const { items } = run([
    [ping('10.0.0.1', '10.0.0.2', 8, 1), 0],
    [ping('10.0.0.2', '10.0.0.1', 0, 1), 3],
    [ping('10.0.0.1', '10.0.0.2', 8, 2), 1000],
    [ping('10.0.0.2', '10.0.0.1', 0, 2), 1002],
    [ping('10.0.0.1', '10.0.0.2', 8, 3), 2000],
  ]);
  t.is(items.length, 3);
  t.like(items[0].request, { type: 8, code: 0, typeName: 'Echo Request', identifier: 0x1234, sequence: 1, size: 64, original: null });
  t.like(items[0].response, { type: 0, typeName: 'Echo Reply', sequence: 1 });
  t.is(items[0].elapsedTime, 3);
  t.like(items[0].protocol, { name: 'icmp', abbr: 'ICMP', macro: 'icmp', version: '4' });
  t.like(items[0], { src: { ip: '10.0.0.1' }, dst: { ip: '10.0.0.2' }, index: 0 });
  t.true(items[0].stream.endsWith('_icmp.pcap'));
  t.deepEqual(items.map((i) => i.index), [0, 1, 2]);
  t.is(items[2].response, null);
  t.is(items[2].error!.type, 'pair-not-found');
});

test('port unreachable carries the tuple of the datagram that caused it', (t) => {
  const original = buildUdpPacket({ src: '10.0.0.1', dst: '10.0.0.9', sport: 40000, dport: 17499, payload: 'hello' }).subarray(14);
  const { items } = run([[{ src: '10.0.0.9', dst: '10.0.0.1', type: 3, code: 3, payload: original }, 0]]);
  t.is(items.length, 1);
  t.like(items[0].request, {
    typeName: 'Destination Unreachable',
    codeName: 'Port Unreachable',
    original: { ipVersion: 4, protocol: 'udp', src: { ip: '10.0.0.1', port: 40000 }, dst: { ip: '10.0.0.9', port: 17499 } },
  });
  t.is(items[0].response, null);
});

test('ICMPv6: echo, packet too big with MTU, neighbor solicitation', (t) => {
  const { items } = run([
    [{ src: 'fd00::1', dst: 'fd00::2', type: 128, rest: (7 << 16) | 1, payload: 'x' }, 0],
    [{ src: 'fd00::2', dst: 'fd00::1', type: 129, rest: (7 << 16) | 1, payload: 'x' }, 1],
    [{ src: 'fd00::2', dst: 'fd00::1', type: 2, rest: 1280, payload: new Uint8Array(48) }, 2],
    [{ src: 'fd00::1', dst: 'fd00::2', type: 135, payload: new Uint8Array(16) }, 3],
  ]);
  t.is(items.length, 3);
  t.is(items[0].protocol.version, '6');
  t.like(items[0].response, { typeName: 'Echo Reply', identifier: 7 });
  t.like(items[1].request, { typeName: 'Packet Too Big', mtu: 1280 });
  t.like(items[2].request, { typeName: 'Neighbor Solicitation', original: null });
});

test('time exceeded and truncated originals never throw', (t) => {
  t.is(originalTuple(new Uint8Array(0)), null);
  t.is(originalTuple(Uint8Array.from([0x45, 0, 0])), null);
  t.like(originalTuple(Uint8Array.from([0x45, ...new Array(8).fill(0), 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2])), { protocol: 'tcp', src: { port: 0 } });
  const { items } = run([[{ src: '10.0.0.254', dst: '10.0.0.1', type: 11, code: 0, payload: new Uint8Array(3) }, 0]]);
  t.like(items[0].request, { typeName: 'Time Exceeded', codeName: 'TTL Exceeded in Transit', original: null });
});
