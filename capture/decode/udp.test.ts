import test from 'ava';
import { decodeFrame, hex } from '../testing/packet-hex.ts';

const raw = { link: 'raw' as const };
const IP = (total: number): string => `45 00 ${total.toString(16).padStart(4, '0')} 00 00 00 00 40 11 00 00 0a 00 00 01 0a 00 00 02`;

test('UDP: ports, payload bounded by the UDP length', (t) => {
  const { status, pkt, weirds } = decodeFrame(
    hex(
      IP(33),
      'c0 00 00 35', // sport 49152, dport 53
      '00 0b 12 34', // length 11, checksum
      '61 62 63', // "abc"
      '00 00', // trailer inside the IP packet (not UDP payload)
    ).subarray(0, 33),
    raw,
  );
  t.is(status, 'ok');
  t.deepEqual(weirds, {});
  t.deepEqual([pkt.srcPort, pkt.dstPort, pkt.payloadWireLength], [49152, 53, 3]);
  t.is(new TextDecoder().decode(pkt.payload), 'abc');
});

test('UDP length field larger than the IP payload, or below 8, is counted and the IP length used', (t) => {
  const big = decodeFrame(hex(IP(31), '00 01 00 02 00 ff 00 00 61 62 63'), raw);
  t.is(big.status, 'ok');
  t.deepEqual(big.weirds, { udp_bad_length: 1 });
  t.is(big.pkt.payload.length, 3);
  const small = decodeFrame(hex(IP(31), '00 01 00 02 00 04 00 00 61 62 63'), raw);
  t.deepEqual(small.weirds, { udp_bad_length: 1 });
  t.is(small.pkt.payloadWireLength, 3);
  const zero = decodeFrame(hex(IP(31), '00 01 00 02 00 00 00 00 61 62 63'), raw); // GSO / jumbogram style
  t.deepEqual(zero.weirds, {});
  t.is(zero.pkt.payload.length, 3);
});

test('UDP snaplen cut and malformed', (t) => {
  const cut = decodeFrame(hex(IP(128), '00 01 00 02 00 6c 00 00 61 62'), { ...raw, origLen: 128 });
  t.is(cut.status, 'ok');
  t.true(cut.pkt.truncated);
  t.is(cut.pkt.payloadWireLength, 100);
  t.is(cut.pkt.payload.length, 2);
  t.deepEqual(decodeFrame(hex(IP(24), '00 01 00 02'), raw).weirds, { udp_short_datagram: 1 });
  t.deepEqual(decodeFrame(hex(IP(40), '00 01 00 02'), { ...raw, origLen: 40 }).weirds, { udp_truncated_header: 1 });
});
