import test from 'ava';
import { IpProto } from '../decode/decoded-packet.ts';
import { flowKey, sourceIsLow, transportOf } from './flow-key.ts';
import { pkt } from './testing/packets.ts';
import type { PacketSpec } from './testing/packets.ts';

function keyOf(spec: PacketSpec): string {
  const p = pkt(spec);
  const t = transportOf(p.ipProto)!;
  return flowKey(p, t, sourceIsLow(p, t));
}

test('transportOf maps IP protocol numbers to flow transports', (t) => {
  t.is(transportOf(IpProto.TCP), 'tcp');
  t.is(transportOf(IpProto.UDP), 'udp');
  t.is(transportOf(IpProto.ICMP), 'icmp');
  t.is(transportOf(IpProto.ICMPV6), 'icmp');
  t.is(transportOf(47), null, 'GRE forms no flow');
  t.is(transportOf(0), null);
});

test('both directions of a conversation share one key', (t) => {
  const cases: [string, string, PacketSpec['proto']][] = [
    ['10.0.0.1:40000', '10.0.0.2:80', 'tcp'],
    ['10.0.0.9:53', '10.0.0.2:5353', 'udp'],
    ['127.0.0.1:8080', '127.0.0.1:51000', 'tcp'],
    ['[fe80::1]:443', '[2001:db8::2]:50000', 'tcp'],
    ['192.168.1.1', '192.168.1.200', 'icmp'],
  ];
  for (const [a, b, proto] of cases) {
    t.is(keyOf({ src: a, dst: b, proto }), keyOf({ src: b, dst: a, proto }), `${a} ↔ ${b}`);
  }
});

test('keys differ by transport, address and port', (t) => {
  const base: PacketSpec = { src: '10.0.0.1:40000', dst: '10.0.0.2:80' };
  const k = keyOf(base);
  t.not(k, keyOf({ ...base, proto: 'udp' }));
  t.not(k, keyOf({ ...base, src: '10.0.0.1:40001' }));
  t.not(k, keyOf({ ...base, dst: '10.0.0.3:80' }));
  t.not(keyOf({ src: '10.0.0.1:1', dst: '10.0.0.2:23' }), keyOf({ src: '10.0.0.1:12', dst: '10.0.0.2:3' }), 'separators prevent ambiguity');
});

test('same address on both ends: the port decides which end is low', (t) => {
  const p = pkt({ src: '127.0.0.1:9000', dst: '127.0.0.1:80' });
  t.false(sourceIsLow(p, 'tcp'));
  t.true(sourceIsLow(pkt({ src: '127.0.0.1:80', dst: '127.0.0.1:9000' }), 'tcp'));
});
