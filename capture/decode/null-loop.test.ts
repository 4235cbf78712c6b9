import test from 'ava';
import { decodeFrame, hex } from '../testing/packet-hex.ts';
import { LinkType } from '../source/link-types.ts';

const IPV4_ICMP = [
  '45 00 00 1c 00 00 00 00 40 01 00 00', // v4, total 28, TTL 64, ICMP
  'c0 a8 00 01 c0 a8 00 02', // 192.168.0.1 → 192.168.0.2
  '08 00 00 00 00 01 00 02', // echo request, id 1, seq 2
];
const IPV6_ICMP = [
  '60 00 00 00 00 08 3a 40', // v6, payload 8, ICMPv6, hop limit 64
  '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01', // ::1
  '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 01', // ::1
  '80 00 00 00 00 01 00 01', // echo request
];

test('NULL: AF_INET in little-endian host order', (t) => {
  const { status, pkt } = decodeFrame(hex('02 00 00 00', ...IPV4_ICMP), { link: 'null' });
  t.is(status, 'ok');
  t.deepEqual([pkt.srcIp, pkt.icmpType], ['192.168.0.1', 8]);
});

test('NULL: AF_INET written by a big-endian host', (t) => {
  const { status, pkt } = decodeFrame(hex('00 00 00 02', ...IPV4_ICMP), { link: 'null' });
  t.is(status, 'ok');
  t.is(pkt.dstIp, '192.168.0.2');
});

test('NULL: every BSD AF_INET6 value (24, 28, 30) in both host orders', (t) => {
  for (const af of ['18 00 00 00', '1c 00 00 00', '1e 00 00 00', '00 00 00 18', '00 00 00 1c', '00 00 00 1e']) {
    const { status, pkt } = decodeFrame(hex(af, ...IPV6_ICMP), { link: 'null' });
    t.is(status, 'ok', af);
    t.deepEqual([pkt.ipVersion, pkt.srcIp, pkt.icmpType], [6, '::1', 128], af);
  }
});

test('LOOP (OpenBSD): the family is in network byte order', (t) => {
  const v4 = decodeFrame(hex('00 00 00 02', ...IPV4_ICMP), { linkType: LinkType.LOOP });
  t.is(v4.status, 'ok');
  const v6 = decodeFrame(hex('00 00 00 18', ...IPV6_ICMP), { linkType: LinkType.LOOP });
  t.is(v6.pkt.ipVersion, 6);
  const swapped = decodeFrame(hex('02 00 00 00', ...IPV4_ICMP), { linkType: LinkType.LOOP });
  t.is(swapped.status, 'not-ip');
});

test('NULL: other families are not IP; a short header is an error', (t) => {
  t.is(decodeFrame(hex('07 00 00 00', ...IPV4_ICMP), { link: 'null' }).status, 'not-ip'); // AF_ISO
  const short = decodeFrame(hex('02 00'), { link: 'null' });
  t.is(short.status, 'error');
  t.deepEqual(short.weirds, { null_truncated_header: 1 });
});
