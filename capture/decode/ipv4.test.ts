import test from 'ava';
import { decodeFrame, hex } from '../testing/packet-hex.ts';
import { LinkType } from '../source/link-types.ts';

const raw = { link: 'raw' as const };

test('IPv4 with options: header length honoured, fields read', (t) => {
  const { status, pkt, weirds } = decodeFrame(
    hex(
      '46 00 00 24', // v4, IHL 6 (24 bytes), TOS 0, total length 36
      'ab cd 00 00', // id 0xabcd, no flags
      '05 11 00 00', // TTL 5, UDP
      'c0 00 02 01', // src 192.0.2.1
      'c6 33 64 ff', // dst 198.51.100.255
      '94 04 00 00', // option: router alert (4 bytes)
      '00 07 00 08', // sport 7, dport 8
      '00 0c 00 00', // UDP length 12
      'de ad be ef', // payload
    ),
    raw,
  );
  t.is(status, 'ok');
  t.deepEqual(weirds, {});
  t.deepEqual(
    [pkt.ipVersion, pkt.srcIp, pkt.dstIp, pkt.ttl, pkt.ipProto, pkt.ipLength, pkt.fragmented],
    [4, '192.0.2.1', '198.51.100.255', 5, 17, 36, false],
  );
  t.deepEqual([pkt.srcPort, pkt.dstPort, pkt.payloadWireLength], [7, 8, 4]);
  t.deepEqual(Array.from(pkt.payload), [0xde, 0xad, 0xbe, 0xef]);
});

const TCP_100 = [
  '45 00 00 8c', // v4, total length 140 = 20 + 20 + 100
  '00 00 40 00 40 06 00 00', // DF, TTL 64, TCP
  '0a 01 02 03 0a 04 05 06', // 10.1.2.3 → 10.4.5.6
  '00 50 d4 31', // sport 80, dport 54321
  '00 00 03 e8 00 00 07 d0', // seq 1000, ack 2000
  '50 18 01 00 00 00 00 00', // offset 5, PSH|ACK, window 256
];

test('snaplen cut: truncated set, payloadWireLength from the IP length, payload is what was captured', (t) => {
  const frame = hex(...TCP_100, '48 54 54 50 2f 31 2e 31 20 32'); // first 10 payload bytes
  const { status, pkt, weirds } = decodeFrame(frame, { ...raw, origLen: 140 });
  t.is(status, 'ok');
  t.deepEqual(weirds, {}, 'a snaplen cut is not an anomaly');
  t.true(pkt.truncated);
  t.is(pkt.payloadWireLength, 100);
  t.is(new TextDecoder().decode(pkt.payload), 'HTTP/1.1 2');
  t.is(pkt.ipLength, 140);
});

test('total length beyond a complete frame: truncated and counted', (t) => {
  const { status, pkt, weirds } = decodeFrame(hex(...TCP_100, '41 42'), raw);
  t.is(status, 'ok');
  t.true(pkt.truncated);
  t.deepEqual(weirds, { ipv4_total_len_exceeds_frame: 1 });
  t.is(pkt.payload.length, 2);
  t.is(pkt.payloadWireLength, 100);
});

test('total length 0 (segmentation offload) falls back to the captured length', (t) => {
  const f = hex(...TCP_100, '41 42 43');
  f[2] = 0;
  f[3] = 0;
  const { status, pkt, weirds } = decodeFrame(f, raw);
  t.is(status, 'ok');
  t.deepEqual(weirds, { ipv4_zero_total_len: 1 });
  t.is(pkt.ipLength, 43);
  t.is(pkt.payloadWireLength, 3);
  t.false(pkt.truncated);
});

test('malformed IPv4 headers → error with a named weird', (t) => {
  const cases: [Uint8Array, string][] = [
    [hex('45 00 00 14 00 00 00 00 40 06 00 00 0a 00'), 'ipv4_truncated_header'], // 14 bytes
    [hex('44 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02'), 'ipv4_bad_header_len'], // IHL 4
    [hex('4f 00 00 3c 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02'), 'ipv4_truncated_header'], // IHL 15, 20 bytes present
    [hex('45 00 00 10 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02'), 'ipv4_bad_total_len'], // total 16 < 20
  ];
  for (const [frame, weird] of cases) {
    const { status, weirds } = decodeFrame(frame, raw);
    t.is(status, 'error', weird);
    t.deepEqual(weirds, { [weird]: 1 });
  }
  const v6InV4 = decodeFrame(hex('65 00 00 14 00 00 00 00 40 06 00 00 0a 00 00 01 0a 00 00 02'), { linkType: LinkType.IPV4 });
  t.deepEqual(v6InV4.weirds, { ipv4_bad_version: 1 });
});

test('unknown IP protocols are ok with the rest as payload', (t) => {
  const { status, pkt } = decodeFrame(hex('45 00 00 18 00 00 00 00 40 2f 00 00 0a 00 00 01 0a 00 00 02', '00 00 08 00'), raw); // GRE
  t.is(status, 'ok');
  t.is(pkt.ipProto, 47);
  t.deepEqual(Array.from(pkt.payload), [0, 0, 8, 0]);
  t.is(pkt.srcPort, 0);
});

test('raw link: the version nibble picks the decoder; garbage is counted', (t) => {
  t.is(decodeFrame(hex('15 00 00 14'), raw).status, 'not-ip');
  t.deepEqual(decodeFrame(hex('15 00 00 14'), raw).weirds, { raw_bad_ip_version: 1 });
  t.deepEqual(decodeFrame(new Uint8Array(0), raw).weirds, { raw_empty_packet: 1 });
  t.deepEqual(decodeFrame(hex('45'), { linkType: 147 }).weirds, { link_unsupported_type: 1 });
});
