import test from 'ava';
import type { LinkName } from './packet-builder.ts';
import { join } from 'node:path';
import { buildIcmpPacket, buildTcpPacket, buildUdpPacket, fragmentIp, LINK_TYPE_OF, toRawPacket } from './packet-builder.ts';
import { parseTcpFlags } from './packet-tcp-options.ts';
import { tempDir, tsharkRows, writePcap } from './pcap-fixtures.ts';
import { PacketDecoder } from '../decode/packet-decoder.ts';
import { DecodedPacket } from '../decode/decoded-packet.ts';
import { Weirds } from '../weird.ts';

const CHECKS = ['-o', 'tcp.check_checksum:TRUE', '-o', 'udp.check_checksum:TRUE', '-o', 'ip.check_checksum:TRUE'];
const FIELDS = [
  'ip.src', 'ipv6.src', 'ip.dst', 'ipv6.dst', 'tcp.srcport', 'tcp.dstport', 'udp.srcport', 'udp.dstport',
  'tcp.seq_raw', 'tcp.ack_raw', 'tcp.flags', 'tcp.len', 'udp.length', 'icmp.type', 'icmpv6.type',
  'tcp.checksum.status', 'udp.checksum.status', 'ip.checksum.status', 'icmp.checksum.status', 'icmpv6.checksum.status',
  'vlan.id', 'tcp.options.mss_val', 'tcp.options.wscale.shift', 'frame.time_epoch',
];

function mixed(link: LinkName): Uint8Array[] {
  const v = link === 'ethernet' || link === 'sll' || link === 'sll2' ? { vlan: 30 } : {};
  return [
    buildTcpPacket({ link, src: '10.1.2.3', dst: '192.168.77.1', sport: 40001, dport: 80, seq: 0xfffffff0, ack: 0, flags: 'S', options: { mss: 1460, sackPermitted: true, timestamp: [7, 0], windowScale: 7 } }),
    buildTcpPacket({ link, src: '192.168.77.1', dst: '10.1.2.3', sport: 80, dport: 40001, seq: 99, ack: 0xfffffff1, flags: 'PA', payload: 'HTTP/1.1 200 OK\r\n\r\n', ...v }),
    buildTcpPacket({ link, src: '2001:db8::1', dst: 'fd00:1:2::3', sport: 5555, dport: 443, seq: 1, ack: 2, flags: 0x11, payload: new Uint8Array(1001) }),
    buildUdpPacket({ link, src: '10.0.0.53', dst: '10.0.0.1', sport: 53, dport: 33333, payload: new Uint8Array(77).fill(1) }),
    buildUdpPacket({ link, src: 'fe80::2', dst: 'ff02::fb', sport: 5353, dport: 5353, payload: 'odd' }),
    buildIcmpPacket({ link, src: '10.0.0.1', dst: '10.0.0.2', type: 8, rest: 0x00010001, payload: 'abcdefgh' }),
    buildIcmpPacket({ link, src: '::1', dst: '::1', type: 128, rest: 7, payload: 'xyz' }),
  ];
}

for (const link of ['ethernet', 'raw', 'sll', 'sll2', 'null'] as const) {
  test(`tshark agrees with the builder and the decoder (${link}), checksums good`, async (t) => {
    const { dir, cleanup } = await tempDir();
    t.teardown(cleanup);
    const frames = mixed(link);
    const file = await writePcap(
      join(dir, `${link}.pcap`),
      frames.map((data, i) => ({ tsSec: 1_700_000_000 + i, tsNsec: 250_000_000, data })),
      { linkType: LINK_TYPE_OF[link] },
    );
    const rows = await tsharkRows(file, FIELDS, CHECKS);
    t.is(rows.length, frames.length);
    const decoder = new PacketDecoder(new Weirds());
    const pkt = new DecodedPacket();
    rows.forEach((r, i) => {
      const f = Object.fromEntries(FIELDS.map((name, j) => [name, r[j] ?? '']));
      t.is(decoder.decode(toRawPacket(frames[i], { link }), pkt), 'ok');
      t.is(pkt.srcIp, f['ip.src'] || f['ipv6.src'], `packet ${i} src`);
      t.is(pkt.dstIp, f['ip.dst'] || f['ipv6.dst'], `packet ${i} dst`);
      if (f['ip.checksum.status']) t.is(f['ip.checksum.status'], '1', `packet ${i} IP checksum`);
      if (pkt.ipProto === 6) {
        t.deepEqual([String(pkt.srcPort), String(pkt.dstPort)], [f['tcp.srcport'], f['tcp.dstport']]);
        t.deepEqual([String(pkt.tcpSeq), String(pkt.tcpAck)], [f['tcp.seq_raw'], f['tcp.ack_raw']]);
        t.is(pkt.tcpFlags, parseInt(f['tcp.flags'], 16));
        t.is(String(pkt.payload.length), f['tcp.len']);
        t.is(f['tcp.checksum.status'], '1', `packet ${i} TCP checksum`);
        if (pkt.tcpMss >= 0) t.deepEqual([String(pkt.tcpMss), String(pkt.tcpWindowScale)], [f['tcp.options.mss_val'], f['tcp.options.wscale.shift']]);
      } else if (pkt.ipProto === 17) {
        t.deepEqual([String(pkt.srcPort), String(pkt.dstPort)], [f['udp.srcport'], f['udp.dstport']]);
        t.is(String(pkt.payload.length + 8), f['udp.length']);
        t.is(f['udp.checksum.status'], '1', `packet ${i} UDP checksum`);
      } else {
        t.is(String(pkt.icmpType), f['icmp.type'] || f['icmpv6.type']);
        t.is(f['icmp.checksum.status'] || f['icmpv6.checksum.status'], '1', `packet ${i} ICMP checksum`);
      }
      if (pkt.vlan >= 0) t.is(f['vlan.id'], String(pkt.vlan));
      t.is(f['frame.time_epoch'], `${1_700_000_000 + i}.250000000`);
    });
  });
}

test('IPv6 text matches tshark for every compression case', async (t) => {
  const addrs = [
    '::', '::1', '1::', '::ffff:1.2.3.4', '::1.2.3.4', '::ffff:0.0.0.0', '2001:db8::1', '2001:db8:0:0:1:0:0:1',
    '2001:0:0:1:0:0:0:1', '2001:db8:0:1:1:1:1:1', 'fe80::200:ff:fe00:1', 'FF02:0000:0000:0000:0000:0000:0000:00FB',
    '1:0:0:2:0:0:0:3', '0:0:1::', '1:2:3:4:5:6:7:8', '64:ff9b::c000:201', '::2:3:4:5:6:7:8', '::ffff:0:1.2.3.4',
  ];
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const frames = addrs.map((src) => buildUdpPacket({ link: 'raw', src, dst: '::1', sport: 1, dport: 2 }));
  const file = await writePcap(join(dir, 'v6.pcap'), frames.map((data) => ({ tsSec: 1, data })), { linkType: LINK_TYPE_OF.raw });
  const rows = await tsharkRows(file, ['ipv6.src']);
  const decoder = new PacketDecoder(new Weirds());
  const pkt = new DecodedPacket();
  frames.forEach((f, i) => {
    decoder.decode(toRawPacket(f, { link: 'raw' }), pkt);
    t.is(pkt.srcIp, rows[i][0], addrs[i]);
  });
});

test('fragmentIp output is reassembled by tshark into the original datagram', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const payload = Uint8Array.from({ length: 2500 }, (_, i) => i & 0xff);
  const v4 = buildUdpPacket({ src: '10.9.9.9', dst: '10.8.8.8', sport: 7, dport: 9, payload, ipId: 4242, dontFragment: false });
  const v6 = buildUdpPacket({ src: 'fd00::9', dst: 'fd00::8', sport: 7, dport: 9, payload });
  const frames = [...fragmentIp(v4, 1000), ...fragmentIp(v6, 1280)];
  const file = await writePcap(join(dir, 'frag.pcap'), frames.map((data) => ({ tsSec: 1, data })));
  const rows = await tsharkRows(file, ['udp.length', 'udp.checksum.status'], ['-o', 'udp.check_checksum:TRUE', '-Y', 'udp']);
  t.deepEqual(rows, [
    ['2508', '1'],
    ['2508', '1'],
  ]);
});

test('flag letters and option validation', (t) => {
  t.is(parseTcpFlags('SA'), 0x12);
  t.is(parseTcpFlags('fpuec'), 0xe9);
  t.throws(() => parseTcpFlags('SX'), { message: /unknown TCP flag letter "X"/ });
  t.throws(() => buildTcpPacket({ src: '1.1.1.1', dst: '::1', sport: 1, dport: 2, seq: 0, ack: 0, flags: 0 }), { message: /differ in IP version/ });
  t.throws(() => buildUdpPacket({ src: '1.1.1', dst: '1.1.1.1', sport: 1, dport: 2 }), { message: /not an IP address/ });
  t.throws(() => buildTcpPacket({ src: '1.1.1.1', dst: '1.1.1.2', sport: 1, dport: 2, seq: 0, ack: 0, flags: 0, options: new Uint8Array(3) }), { instanceOf: RangeError });
});
