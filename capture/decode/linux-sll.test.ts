import test from 'ava';
import { decodeFrame, hex } from '../testing/packet-hex.ts';
import { LinkType } from '../source/link-types.ts';

const IPV6_UDP = [
  '60 00 00 00', // v6, traffic class 0, flow label 0
  '00 0a 11 40', // payload length 10, next header UDP, hop limit 64
  'fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01', // src fd00::1
  'fd 00 00 00 00 00 00 00 00 00 00 00 00 00 00 02', // dst fd00::2
  '13 88 13 89', // sport 5000, dport 5001
  '00 0a 00 00', // UDP length 10, checksum
  '68 69', // "hi"
];
const IPV4_TCP = [
  '45 00 00 28', // v4, IHL 5, total length 40
  '00 00 40 00 40 06 00 00', // id 0, DF, TTL 64, TCP
  '7f 00 00 01 7f 00 00 01', // 127.0.0.1 → 127.0.0.1
  'c3 50 00 50', // sport 50000, dport 80
  '00 00 00 01 00 00 00 00', // seq 1, ack 0
  '50 02 ff ff 00 00 00 00', // data offset 5, SYN, window 65535
];

test('SLL (cooked v1) → IPv4 → TCP', (t) => {
  const { status, pkt, weirds } = decodeFrame(
    hex(
      '00 00', // packet type: to us
      '03 04', // ARPHRD_LOOPBACK (772)
      '00 06', // address length 6
      '00 00 00 00 00 00 00 00', // address (padded to 8)
      '08 00', // protocol IPv4
      ...IPV4_TCP,
    ),
    { link: 'sll' },
  );
  t.is(status, 'ok');
  t.deepEqual(weirds, {});
  t.deepEqual([pkt.srcIp, pkt.srcPort, pkt.dstPort, pkt.tcpFlags, pkt.tcpSeq], ['127.0.0.1', 50000, 80, 0x02, 1]);
});

test('SLL2 (cooked v2) → IPv6 → UDP', (t) => {
  const { status, pkt } = decodeFrame(
    hex(
      '86 dd', // protocol IPv6
      '00 00', // reserved
      '00 00 00 02', // interface index 2
      '00 01', // ARPHRD_ETHER
      '04', // packet type: outgoing
      '06', // address length
      '02 00 00 00 00 01 00 00', // address
      ...IPV6_UDP,
    ),
    { link: 'sll2' },
  );
  t.is(status, 'ok');
  t.deepEqual([pkt.ipVersion, pkt.srcIp, pkt.dstIp, pkt.srcPort, pkt.dstPort], [6, 'fd00::1', 'fd00::2', 5000, 5001]);
  t.is(new TextDecoder().decode(pkt.payload), 'hi');
});

test('SLL with a VLAN tag moved out of the frame by the kernel', (t) => {
  const { status, pkt } = decodeFrame(
    hex('00 00 00 01 00 06 02 00 00 00 00 01 00 00', '81 00', '00 2a', '86 dd', ...IPV6_UDP), // protocol 802.1Q, VID 42, then IPv6
    { link: 'sll' },
  );
  t.is(status, 'ok');
  t.is(pkt.vlan, 42);
  t.is(pkt.dstPort, 5001);
});

test('SLL Netlink captures and non-IP protocols are not IP', (t) => {
  const netlink = decodeFrame(hex('00 04 03 38 00 00 00 00 00 00 00 00 00 00', '08 00', '00 00 00 00'), { linkType: LinkType.LINUX_SLL }); // ARPHRD_NETLINK 824
  t.is(netlink.status, 'not-ip');
  const arp = decodeFrame(hex('08 06 00 00 00 00 00 01 00 01 00 06 00 00 00 00 00 00 00 00', '00 01'), { link: 'sll2' });
  t.is(arp.status, 'not-ip');
});

test('short SLL and SLL2 headers → error', (t) => {
  t.deepEqual(decodeFrame(hex('00 00 03 04 00 06'), { link: 'sll' }).weirds, { sll_truncated_header: 1 });
  const r = decodeFrame(hex('86 dd 00 00 00 00 00 02'), { link: 'sll2' });
  t.is(r.status, 'error');
  t.deepEqual(r.weirds, { sll_truncated_header: 1 });
});
