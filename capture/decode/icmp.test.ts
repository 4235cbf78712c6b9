import test from 'ava';
import { decodeFrame, hex } from '../testing/packet-hex.ts';

const raw = { link: 'raw' as const };

test('ICMP destination unreachable: the body is the embedded original packet', (t) => {
  const embedded = '45 00 00 1c 00 00 00 00 40 11 00 00 0a 00 00 02 0a 00 00 01 30 39 00 35 00 08 00 00';
  const { status, pkt } = decodeFrame(
    hex(
      '45 00 00 38 00 00 00 00 40 01 00 00 0a 00 00 01 0a 00 00 02', // v4, total 56, ICMP
      '03 03 00 00', // type 3 (unreachable), code 3 (port), checksum
      '00 00 00 00', // unused
      embedded,
    ),
    raw,
  );
  t.is(status, 'ok');
  t.deepEqual([pkt.icmpType, pkt.icmpCode, pkt.srcPort, pkt.dstPort], [3, 3, 0, 0]);
  t.deepEqual(Array.from(pkt.payload), Array.from(hex(embedded)));
  t.is(pkt.payloadWireLength, 28);
});

test('ICMPv6 echo request', (t) => {
  const { status, pkt } = decodeFrame(
    hex(
      '60 00 00 00 00 0c 3a 40', // payload 12, ICMPv6
      'fe 80 00 00 00 00 00 00 02 00 00 ff fe 00 00 01', // fe80::200:ff:fe00:1
      'ff 02 00 00 00 00 00 00 00 00 00 00 00 00 00 01', // ff02::1
      '80 00 00 00 00 07 00 01', // echo request, id 7, seq 1
      '70 69 6e 67', // "ping"
    ),
    raw,
  );
  t.is(status, 'ok');
  t.deepEqual([pkt.srcIp, pkt.dstIp, pkt.icmpType, pkt.icmpCode], ['fe80::200:ff:fe00:1', 'ff02::1', 128, 0]);
  t.is(new TextDecoder().decode(pkt.payload), 'ping');
});

test('ICMP shorter than its 8-byte header → error', (t) => {
  const { status, pkt, weirds } = decodeFrame(hex('45 00 00 18 00 00 00 00 40 01 00 00 0a 00 00 01 0a 00 00 02', '08 00 00 00'), raw);
  t.is(status, 'error');
  t.deepEqual(weirds, { icmp_short_message: 1 });
  t.is(pkt.icmpType, 8);
});
