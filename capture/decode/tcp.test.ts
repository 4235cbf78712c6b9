import test from 'ava';
import { decodeFrame, hex } from '../testing/packet-hex.ts';

const raw = { link: 'raw' as const };

function ipv4(l4: Uint8Array): Uint8Array {
  const ip = hex('45 00', (20 + l4.length).toString(16).padStart(4, '0'), '00 00 40 00 40 06 00 00', '0a 00 00 01 0a 00 00 02');
  return new Uint8Array([...ip, ...l4]);
}

test('SYN with MSS, SACK permitted, timestamps, window scale', (t) => {
  const { status, pkt, weirds } = decodeFrame(
    ipv4(
      hex(
        'd4 31 01 bb', // sport 54321, dport 443
        'ff ff ff ff', // seq 4294967295 (unsigned)
        '80 00 00 00', // ack 2147483648
        'a0 c2', // data offset 10 (40 bytes), flags CWR|ECE|SYN
        'fa f0 00 00 00 00', // window 64240, checksum, urgent
        '02 04 05 b4', // MSS 1460
        '04 02', // SACK permitted
        '08 0a 00 00 00 01 00 00 00 00', // timestamps (skipped)
        '01', // NOP
        '03 03 07', // window scale 7
      ),
    ),
    raw,
  );
  t.is(status, 'ok');
  t.deepEqual(weirds, {});
  t.deepEqual(
    [pkt.srcPort, pkt.dstPort, pkt.tcpSeq, pkt.tcpAck, pkt.tcpFlags, pkt.tcpWindow],
    [54321, 443, 4294967295, 2147483648, 0xc2, 64240],
  );
  t.deepEqual([pkt.tcpMss, pkt.tcpSackPermitted, pkt.tcpWindowScale], [1460, true, 7]);
  t.deepEqual(pkt.tcpSack, []);
  t.is(pkt.payload.length, 0);
  t.is(pkt.payloadWireLength, 0);
});

test('ACK with two SACK blocks and payload', (t) => {
  const { pkt, weirds } = decodeFrame(
    ipv4(
      hex(
        '01 bb d4 31 00 00 00 01 00 00 00 02',
        'a0 10 01 f5 00 00 00 00', // offset 10 (40 bytes), ACK, window 501
        '01 01', // NOP NOP
        '05 12', // SACK, length 18 (two blocks)
        '00 00 10 00 00 00 20 00', // block 4096..8192
        'ff ff ff 00 00 00 00 10', // block 4294967040..16 (wraps)
        '68 65 6c 6c 6f', // "hello"
      ),
    ),
    raw,
  );
  t.deepEqual(weirds, {});
  t.deepEqual(pkt.tcpSack, [4096, 8192, 4294967040, 16]);
  t.is(new TextDecoder().decode(pkt.payload), 'hello');
  t.is(pkt.payloadWireLength, 5);
  t.is(pkt.tcpMss, -1);
  t.is(pkt.tcpWindowScale, -1);
});

test('bad data offset → error', (t) => {
  const under = decodeFrame(ipv4(hex('00 01 00 02 00 00 00 00 00 00 00 00', '40 10 00 00 00 00 00 00')), raw); // offset 4
  t.is(under.status, 'error');
  t.deepEqual(under.weirds, { tcp_bad_data_offset: 1 });
  const over = decodeFrame(ipv4(hex('00 01 00 02 00 00 00 00 00 00 00 00', 'f0 10 00 00 00 00 00 00')), raw); // offset 15, 20 bytes
  t.deepEqual(over.weirds, { tcp_bad_data_offset: 1 });
  const short = decodeFrame(ipv4(hex('00 01 00 02 00 00 00 00')), raw);
  t.deepEqual(short.weirds, { tcp_short_segment: 1 });
});

test('malformed options are counted, the segment still decodes', (t) => {
  const zeroLen = decodeFrame(ipv4(hex('00 01 00 02 00 00 00 00 00 00 00 00 60 02 00 00 00 00 00 00', '02 00 00 00')), raw);
  t.is(zeroLen.status, 'ok');
  t.deepEqual(zeroLen.weirds, { tcp_bad_option_len: 1 });
  const overrun = decodeFrame(ipv4(hex('00 01 00 02 00 00 00 00 00 00 00 00 60 02 00 00 00 00 00 00', '01 08 0a 00')), raw);
  t.deepEqual(overrun.weirds, { tcp_bad_option_len: 1 });
  const mss3 = decodeFrame(ipv4(hex('00 01 00 02 00 00 00 00 00 00 00 00 60 02 00 00 00 00 00 00', '02 03 05 00')), raw);
  t.deepEqual(mss3.weirds, { tcp_bad_option_len: 1 });
  t.is(mss3.pkt.tcpMss, -1);
  const ws = decodeFrame(ipv4(hex('00 01 00 02 00 00 00 00 00 00 00 00 60 02 00 00 00 00 00 00', '03 03 0f 00')), raw);
  t.deepEqual(ws.weirds, { tcp_bad_window_scale: 1 });
  t.is(ws.pkt.tcpWindowScale, 14);
});

test('snaplen inside the options: fixed fields and captured options read, payload is a gap', (t) => {
  const full = ipv4(
    hex(
      '00 50 c3 50 00 00 00 64 00 00 00 c8',
      'a0 18 00 10 00 00 00 00', // offset 10, PSH|ACK
      '02 04 05 b4 01 01 08 0a 00 00 00 01 00 00 00 02 01 01 01 01', // MSS, NOPs, timestamps, NOPs
      '00'.repeat(200),
    ),
  );
  const cut = full.subarray(0, 20 + 20 + 6);
  const { status, pkt, weirds } = decodeFrame(cut, { ...raw, origLen: full.length });
  t.is(status, 'ok');
  t.deepEqual(weirds, {});
  t.true(pkt.truncated);
  t.deepEqual([pkt.srcPort, pkt.tcpSeq, pkt.tcpAck, pkt.tcpFlags, pkt.tcpMss], [80, 100, 200, 0x18, 1460]);
  t.is(pkt.payload.length, 0);
  t.is(pkt.payloadWireLength, 200);
  const fixedCut = decodeFrame(full.subarray(0, 30), { ...raw, origLen: full.length });
  t.is(fixedCut.status, 'error');
  t.deepEqual(fixedCut.weirds, { tcp_truncated_header: 1 });
});

test('reusing one DecodedPacket never leaks SACK blocks into the next packet', (t) => {
  const first = decodeFrame(ipv4(hex('00 01 00 02 00 00 00 00 00 00 00 00 80 10 00 00 00 00 00 00', '01 01 05 0a 00 00 00 01 00 00 00 02')), raw);
  t.deepEqual(first.pkt.tcpSack, [1, 2]);
  const kept = first.pkt.tcpSack;
  first.pkt.reset(first.pkt.raw, 0);
  t.deepEqual(first.pkt.tcpSack, []);
  t.deepEqual(kept, [1, 2]);
});
