import test from 'ava';
import { PacketDecoder } from '../decode/packet-decoder.ts';
import { DecodedPacket } from '../decode/decoded-packet.ts';
import { buildTcpPacket } from '../testing/packet-builder.ts';
import { Weirds } from '../weird.ts';
import { FlowIndex, directionIn, flowHash } from './flow-index.ts';
import { Flow } from './flow-state.ts';
import { FlowTable } from './flow-table.ts';
import { pkt } from './testing/packets.ts';
import type { PacketSpec } from './testing/packets.ts';

function flowOf(spec: PacketSpec, id: number, hash?: number): Flow {
  const p = pkt(spec);
  const transport = spec.proto ?? 'tcp';
  return new Flow({
    id,
    transport,
    ipVersion: p.ipVersion === 6 ? 6 : 4,
    client: { ip: p.srcIp, port: p.srcPort },
    server: { ip: p.dstIp, port: p.dstPort },
    firstSeenMs: 0,
    tableHash: hash ?? flowHash(p, transport),
  });
}

test('flowHash: both directions of a conversation hash alike; transport, address and port change it', (t) => {
  const h = (spec: PacketSpec) => flowHash(pkt(spec), spec.proto ?? 'tcp');
  const base: PacketSpec = { src: '10.0.0.1:40000', dst: '10.0.0.2:80' };
  t.is(h(base), h({ src: base.dst, dst: base.src }));
  t.is(h({ src: '[2001:db8::1]:5000', dst: '[fe80::2]:443' }), h({ src: '[fe80::2]:443', dst: '[2001:db8::1]:5000' }));
  t.is(h({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp' }), h({ src: '10.0.0.2', dst: '10.0.0.1', proto: 'icmp' }));
  const others = [
    h({ ...base, proto: 'udp' }),
    h({ ...base, src: '10.0.0.1:40001' }),
    h({ ...base, dst: '10.0.0.3:80' }),
    h({ src: '10.0.0.1:80', dst: '10.0.0.2:40000' }),
  ];
  for (const o of others) t.not(o, h(base));
  for (const x of [h(base), ...others]) t.true(Number.isInteger(x) && x >= 0 && x < 2 ** 30);
});

test('flowHash: decoded packets and hand-built ones (address text only) hash alike', (t) => {
  const decoded = new DecodedPacket();
  const decoder = new PacketDecoder(new Weirds());
  for (const [src, dst] of [['10.1.2.3', '192.168.0.9'], ['2001:db8::7', '::ffff:10.0.0.1'], ['0.0.0.0', '255.255.255.255']]) {
    const frame = buildTcpPacket({ src, dst, sport: 1234, dport: 80, seq: 1, ack: 1, flags: 0x18, payload: new Uint8Array(1) });
    t.is(decoder.decode({ linkType: 1, tsSec: 0, tsNsec: 0, origLen: frame.length, data: frame, interfaceId: 0 }, decoded), 'ok');
    if (src !== '0.0.0.0') t.not(decoded.srcIpKey, 0, 'the decoder sets the address key');
    const byHand = pkt({ src: src.includes(':') ? `[${src}]:1234` : `${src}:1234`, dst: dst.includes(':') ? `[${dst}]:80` : `${dst}:80` });
    t.is(byHand.srcIpKey, 0);
    t.is(flowHash(decoded, 'tcp'), flowHash(byHand, 'tcp'), `${src} → ${dst}`);
  }
});

test('directionIn: 0 from the client, 1 from the server, -1 for another conversation', (t) => {
  const f = flowOf({ src: '10.0.0.1:40000', dst: '10.0.0.2:80' }, 1);
  t.is(directionIn(f, pkt({ src: '10.0.0.1:40000', dst: '10.0.0.2:80' })), 0);
  t.is(directionIn(f, pkt({ src: '10.0.0.2:80', dst: '10.0.0.1:40000' })), 1);
  t.is(directionIn(f, pkt({ src: '10.0.0.1:40001', dst: '10.0.0.2:80' })), -1);
  t.is(directionIn(f, pkt({ src: '10.0.0.1:80', dst: '10.0.0.2:40000' })), -1);
  const icmp = flowOf({ src: '10.0.0.1', dst: '10.0.0.2', proto: 'icmp' }, 2);
  t.is(directionIn(icmp, pkt({ src: '10.0.0.2', dst: '10.0.0.1', proto: 'icmp' })), 1);
});

test('FlowIndex: flows sharing a hash are chained; find, remove from any position, values', (t) => {
  const index = new FlowIndex();
  const specs: PacketSpec[] = [
    { src: '10.0.0.1:1000', dst: '10.0.0.9:80' },
    { src: '10.0.0.2:1000', dst: '10.0.0.9:80' },
    { src: '10.0.0.3:1000', dst: '10.0.0.9:80' },
    { src: '10.0.0.3:1000', dst: '10.0.0.9:80', proto: 'udp' },
  ];
  // Force one chain: every flow gets hash 7.
  const flows = specs.map((s, i) => flowOf(s, i + 1, 7));
  for (const f of flows) index.add(f);
  t.is(index.size, 4);
  specs.forEach((s, i) => {
    t.is(index.find(pkt(s), s.proto ?? 'tcp', 7), flows[i]);
    t.is(index.find(pkt({ ...s, src: s.dst, dst: s.src }), s.proto ?? 'tcp', 7), flows[i]);
    t.is(index.dir, 1);
  });
  t.is(index.find(pkt({ src: '10.0.0.4:1000', dst: '10.0.0.9:80' }), 'tcp', 7), undefined);
  index.remove(flows[1]);
  index.remove(flows[3]);
  index.remove(flows[3]);
  t.is(index.size, 2);
  t.is(index.find(pkt(specs[1]), 'tcp', 7), undefined);
  t.is(index.find(pkt(specs[2]), 'tcp', 7), flows[2]);
  t.deepEqual([...index.values()].map((f) => f.id).sort(), [1, 3]);
  for (const f of index.values()) index.remove(f);
  t.is(index.size, 0);
  t.is(index.find(pkt(specs[0]), 'tcp', 7), undefined);
});

test('FlowIndex: a removed flow is never found again through the recent-flows cache', (t) => {
  const index = new FlowIndex();
  const spec: PacketSpec = { src: '10.0.0.1:1000', dst: '10.0.0.9:80' };
  const a = flowOf(spec, 1);
  index.add(a);
  t.is(index.find(pkt(spec), 'tcp', a.tableHash), a);
  index.remove(a);
  t.is(index.find(pkt(spec), 'tcp', a.tableHash), undefined);
  const b = flowOf(spec, 2);
  index.add(b);
  t.is(index.find(pkt(spec), 'tcp', b.tableHash), b);
});

test('FlowTable: many interleaved conversations each keep their own flow (numeric index)', (t) => {
  const table = new FlowTable();
  const ids = new Map<string, number>();
  let wrong = 0;
  for (let round = 0; round < 3; round++) {
    for (let i = 0; i < 3000; i++) {
      const client = `10.${(i >> 8) & 255}.${i & 255}.1:${20000 + (i % 97)}`;
      const server = `10.200.0.${1 + (i % 5)}:${i % 2 ? 80 : 8080}`;
      const spec: PacketSpec = round === 1 ? { src: server, dst: client, flags: 'A' } : { src: client, dst: server, flags: round === 0 ? 'S' : 'A' };
      const hit = table.lookup(pkt(spec))!;
      const key = `${client}>${server}`;
      if (round === 0) ids.set(key, hit.flow.id);
      if (hit.flow.id !== ids.get(key) || hit.dir !== (round === 1 ? 1 : 0)) wrong++;
    }
  }
  t.is(wrong, 0);
  t.is(table.size, 3000);
  t.is(table.stats.flowsCreated, 3000);
});

test('Flow.streamName: made on demand, the same text while live and after the flow closed', (t) => {
  const table = new FlowTable();
  const hit = table.lookup(pkt({ src: '10.0.0.1:40000', dst: '10.0.0.2:80', flags: 'S' }))!;
  const flow = hit.flow;
  t.is(flow.streamName, `${String(flow.id).padStart(12, '0')}.pcap`);
  t.is(flow.streamName, flow.streamName);
  table.lookup(pkt({ src: '10.0.0.1:40000', dst: '10.0.0.2:80', flags: 'FA' }));
  table.lookup(pkt({ src: '10.0.0.2:80', dst: '10.0.0.1:40000', flags: 'FA' }));
  t.is(flow.tcpState, 'closed');
  t.is(flow.streamName, `${String(flow.id).padStart(12, '0')}.pcap`);
  table.endAll();
  t.true(flow.ended);
  t.is(flow.streamName, `${String(flow.id).padStart(12, '0')}.pcap`);
  const udp = table.lookup(pkt({ src: '10.0.0.1:5353', dst: '10.0.0.2:53', proto: 'udp' }))!.flow;
  t.true(udp.streamName.endsWith('_udp.pcap'));
});
