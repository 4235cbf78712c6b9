import test from 'ava';
import { decodeFrame, hex } from '../testing/packet-hex.ts';

const raw = { link: 'raw' as const };
const ADDRS = [
  '20 01 0d b8 00 00 00 00 00 00 00 00 00 00 00 01', // src 2001:db8::1
  '20 01 0d b8 00 00 00 00 00 01 00 00 00 00 00 02', // dst 2001:db8::1:0:0:2
];
const TCP_SYN = [
  '1f 90 00 50', // sport 8080, dport 80
  '00 00 00 0a 00 00 00 00', // seq 10, ack 0
  '50 02 20 00 00 00 00 00', // offset 5, SYN, window 8192
];

function v6(payloadLen: number, next: string, ...rest: string[]): Uint8Array {
  return hex('60 00 00 00', payloadLen.toString(16).padStart(4, '0'), next, '40', ...ADDRS, ...rest);
}

test('IPv6 → TCP: addresses in RFC 5952 form', (t) => {
  const { status, pkt, weirds } = decodeFrame(v6(20, '06', ...TCP_SYN), raw);
  t.is(status, 'ok');
  t.deepEqual(weirds, {});
  t.deepEqual([pkt.srcIp, pkt.dstIp, pkt.ttl, pkt.ipProto, pkt.ipLength], ['2001:db8::1', '2001:db8::1:0:0:2', 64, 6, 60]);
  t.deepEqual([pkt.srcPort, pkt.dstPort, pkt.tcpSeq, pkt.tcpFlags], [8080, 80, 10, 2]);
});

test('extension chain: hop-by-hop, routing, destination options, AH, then TCP', (t) => {
  const { status, pkt, weirds } = decodeFrame(
    v6(
      8 + 24 + 8 + 16 + 20,
      '00', // next: hop-by-hop
      '2b 00 01 04 00 00 00 00', // HBH: next routing, len 0 (8 bytes), PadN
      '3c 02 00 00 00 00 00 00', // routing: next dest-opts, len 2 (24 bytes), type 0, segments left 0
      '00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00',
      '33 00 01 04 00 00 00 00', // dest opts: next AH, len 0
      '06 02 00 00 00 00 01 00', // AH: next TCP, len 2 → (2+2)*4 = 16 bytes, SPI 256
      '00 00 00 01 00 00 00 00', // sequence 1, ICV
      ...TCP_SYN,
    ),
    raw,
  );
  t.is(status, 'ok');
  t.deepEqual(weirds, {});
  t.is(pkt.ipProto, 6);
  t.deepEqual([pkt.srcPort, pkt.dstPort], [8080, 80]);
  t.is(pkt.payloadWireLength, 0);
});

test('ESP and No Next Header end the chain', (t) => {
  const esp = decodeFrame(v6(12, '00', '32 00 01 04 00 00 00 00', '00 00 01 00'), raw); // HBH → ESP, SPI
  t.is(esp.status, 'ok');
  t.is(esp.pkt.ipProto, 50);
  t.deepEqual(Array.from(esp.pkt.payload), [0, 0, 1, 0]);
  const none = decodeFrame(v6(8, '3c', '3b 00 01 04 00 00 00 00'), raw); // dest opts → no next header
  t.is(none.pkt.ipProto, 59);
  t.is(none.pkt.payload.length, 0);
});

test('atomic fragment (offset 0, M=0) is decoded directly', (t) => {
  const { status, pkt } = decodeFrame(v6(28, '2c', '06 00 00 00 00 00 00 2a', ...TCP_SYN), raw); // frag hdr: TCP, offset 0, M 0, id 42
  t.is(status, 'ok');
  t.false(pkt.fragmented);
  t.is(pkt.dstPort, 80);
});

test('malformed IPv6 → error with a named weird', (t) => {
  t.deepEqual(decodeFrame(hex('60 00 00 00 00 00 06 40'), raw).weirds, { ipv6_truncated_header: 1 });
  t.deepEqual(decodeFrame(hex('70 00 00 00 00 14 06 40', ...ADDRS, ...TCP_SYN), { linkType: 229 }).weirds, { ipv6_bad_version: 1 });
  const longExt = decodeFrame(v6(8, '00', '06 05 00 00 00 00 00 00'), raw); // HBH claims 48 bytes in an 8-byte payload
  t.is(longExt.status, 'error');
  t.deepEqual(longExt.weirds, { ipv6_bad_ext_header_len: 1 });
  const loop = decodeFrame(v6(8 * 20, '3c', '3c 00 00 00 00 00 00 00'.repeat(20)), raw);
  t.deepEqual(loop.weirds, { ipv6_too_many_ext_headers: 1 });
  const hbhLate = decodeFrame(v6(36, '3c', '00 00 00 00 00 00 00 00', '06 00 00 00 00 00 00 00', ...TCP_SYN), raw); // dest opts → HBH → TCP
  t.deepEqual(hbhLate.weirds, { ipv6_misplaced_hop_by_hop: 1 });
  t.is(hbhLate.status, 'ok');
});

test('extension header cut by the snaplen → error; payload length 0 falls back to captured', (t) => {
  const cut = decodeFrame(v6(16, '00', '06 01 00 00'), { ...raw, origLen: 56 });
  t.is(cut.status, 'error');
  t.deepEqual(cut.weirds, { ipv6_truncated_ext_header: 1 });
  const jumbo = decodeFrame(v6(0, '06', ...TCP_SYN, '61 62'), raw);
  t.is(jumbo.status, 'ok');
  t.deepEqual(jumbo.weirds, { ipv6_zero_payload_len: 1 });
  t.is(new TextDecoder().decode(jumbo.pkt.payload), 'ab');
});
