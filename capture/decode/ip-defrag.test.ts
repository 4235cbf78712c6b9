import test from 'ava';
import type { DecodeStatus, PacketDecoderOptions } from './packet-decoder.ts';
import { PacketDecoder } from './packet-decoder.ts';
import { DecodedPacket } from './decoded-packet.ts';
import { Weirds } from '../weird.ts';
import { buildTcpPacket, buildUdpPacket, fragmentIp, toRawPacket } from '../testing/packet-builder.ts';

const payload = Uint8Array.from({ length: 3000 }, (_, i) => (i * 7) & 0xff);
const udp4 = (ipId = 77, data = payload): Uint8Array =>
  buildUdpPacket({ src: '10.0.0.1', dst: '10.0.0.2', sport: 4000, dport: 5000, payload: data, ipId, dontFragment: false });

/** Feed frames (with optional packet times) through one decoder; returns statuses, the last packet and weirds. */
function feed(frames: Uint8Array[], times: number[] = [], opts?: PacketDecoderOptions) {
  const weirds = new Weirds();
  const decoder = new PacketDecoder(weirds, opts);
  const pkt = new DecodedPacket();
  const statuses: DecodeStatus[] = [];
  frames.forEach((f, i) => statuses.push(decoder.decode(toRawPacket(f, { tsMs: times[i] ?? 1000 }), pkt)));
  return { statuses, pkt, weirds: weirds.toJSON(), decoder };
}

test('IPv4 fragments in order are reassembled into one datagram', (t) => {
  const frags = fragmentIp(udp4(), 1000);
  t.is(frags.length, 4);
  const { statuses, pkt, weirds, decoder } = feed(frags);
  t.deepEqual(statuses, ['fragment', 'fragment', 'fragment', 'ok']);
  t.deepEqual(weirds, {});
  t.true(pkt.fragmented);
  t.deepEqual([pkt.srcIp, pkt.dstIp, pkt.srcPort, pkt.dstPort, pkt.ipProto], ['10.0.0.1', '10.0.0.2', 4000, 5000, 17]);
  t.is(pkt.ipLength, 20 + 8 + 3000);
  t.is(pkt.payloadWireLength, 3000);
  t.deepEqual(pkt.payload, payload);
  t.is(decoder.fragmentsInProgress, 0);
});

test('IPv4 fragments in reverse and shuffled order', (t) => {
  const frags = fragmentIp(udp4(), 600);
  const reversed = feed([...frags].reverse());
  t.is(reversed.statuses.at(-1), 'ok');
  t.deepEqual(reversed.pkt.payload, payload);
  const shuffled = [frags[3], frags[0], frags[5], frags[1], frags[4], frags[2]];
  const s = feed(shuffled);
  t.deepEqual(s.statuses, ['fragment', 'fragment', 'fragment', 'fragment', 'fragment', 'ok']);
  t.deepEqual(s.pkt.payload, payload);
});

test('overlapping fragments: counted, and the bytes that arrived first win', (t) => {
  const good = fragmentIp(udp4(), 1000); // data ranges (IP payload incl. UDP header) [0,976) [976,1952) [1952,2928) [2928,3008)
  const evilPayload = payload.map((b) => b ^ 0xff);
  const evil = fragmentIp(udp4(77, evilPayload), 600); // [0,576) [576,1152) [1152,1728) [1728,2304) ...
  const { statuses, pkt, weirds } = feed([good[0], good[1], evil[1], evil[3], good[2], good[3]]);
  t.is(statuses.at(-1), 'ok');
  t.deepEqual(weirds, { ip_fragment_overlap: 3 });
  const expected = payload.slice();
  expected.set(evilPayload.subarray(1952 - 8, 2304 - 8), 1952 - 8); // evil[3] filled [1952,2304) before good[2]
  t.deepEqual(pkt.payload, expected);
});

test('an exact duplicate fragment is an overlap, not a second datagram', (t) => {
  const frags = fragmentIp(udp4(), 1000);
  const { statuses, pkt, weirds } = feed([frags[0], frags[0], frags[1], frags[2], frags[3]]);
  t.deepEqual(statuses, ['fragment', 'fragment', 'fragment', 'fragment', 'ok']);
  t.deepEqual(weirds, { ip_fragment_overlap: 1 });
  t.deepEqual(pkt.payload, payload);
});

test('incomplete datagrams time out after 30 s of packet time', (t) => {
  const frags = fragmentIp(udp4(), 1000);
  const late = feed([frags[0], frags[1], frags[2], frags[3]], [0, 1000, 2000, 32_000]);
  t.deepEqual(late.statuses, ['fragment', 'fragment', 'fragment', 'fragment']);
  t.deepEqual(late.weirds, { ip_fragment_timeout: 1 });
  const plain = buildTcpPacket({ src: '10.0.0.9', dst: '10.0.0.8', sport: 1, dport: 2, seq: 0, ack: 0, flags: 'S' });
  const byOther = feed([frags[0], plain], [0, 40_000]);
  t.deepEqual(byOther.weirds, { ip_fragment_timeout: 1 });
  t.is(byOther.decoder.fragmentsInProgress, 0);
  const custom = feed([frags[0], frags[1], frags[2], frags[3]], [0, 0, 0, 600], { defrag: { timeoutMs: 500 } });
  t.deepEqual(custom.weirds, { ip_fragment_timeout: 1 });
});

test('more datagrams in progress than the limit evicts the oldest', (t) => {
  const a = fragmentIp(udp4(1), 1000);
  const b = fragmentIp(udp4(2), 1000);
  const c = fragmentIp(udp4(3), 1000);
  const { statuses, weirds, decoder } = feed([a[0], b[0], c[0], b[1], b[2], b[3], a[1]], [], { defrag: { maxDatagrams: 2 } });
  t.deepEqual(weirds, { ip_fragment_evicted: 1 });
  t.is(statuses[5], 'ok', 'b completes');
  t.is(decoder.fragmentsInProgress, 2, 'c, and a restarted from its second fragment');
  decoder.finish();
  t.is(decoder.fragmentsInProgress, 0);
});

test('finish() counts datagrams still incomplete', (t) => {
  const weirds = new Weirds();
  const decoder = new PacketDecoder(weirds);
  decoder.decode(toRawPacket(fragmentIp(udp4(), 1000)[1]), new DecodedPacket());
  decoder.finish();
  t.deepEqual(weirds.toJSON(), { ip_fragment_incomplete: 1 });
});

test('fragments that cannot be reassembled are dropped and named', (t) => {
  const frags = fragmentIp(udp4(), 1000);
  // A fragment whose data would end past 65535 bytes.
  const huge = frags[1].slice();
  huge[14 + 6] = 0x3f; // MF + offset high bits
  huge[14 + 7] = 0xff; // offset 8191 * 8 = 65528
  t.deepEqual(feed([huge]).weirds, { ip_fragment_too_large: 1 });
  t.deepEqual(feed([huge]).statuses, ['error']);
  // A non-final fragment whose length is not a multiple of 8.
  const odd = frags[0].slice(0, 14 + 20 + 975);
  odd[14 + 2] = (20 + 975) >> 8;
  odd[14 + 3] = (20 + 975) & 0xff;
  t.deepEqual(feed([odd]).weirds, { ip_fragment_bad_length: 1 });
  // Two final fragments that disagree on the end.
  const shortLast = frags[3].slice(0, frags[3].length - 8);
  shortLast[14 + 3] -= 8;
  const inconsistent = feed([frags[3], shortLast]);
  t.deepEqual(inconsistent.weirds, { ip_fragment_inconsistent: 1 });
  // A fragment cut by the snaplen.
  const w = new Weirds();
  const st = new PacketDecoder(w).decode(toRawPacket(frags[0].subarray(0, 200), { origLen: frags[0].length }), new DecodedPacket());
  t.is(st, 'error');
  t.deepEqual(w.toJSON(), { ip_fragment_truncated: 1 });
});

test('IPv6 fragments (Fragment extension header) reassemble, in any order', (t) => {
  const big = new Uint8Array(4000).fill(0x5a);
  const frame = buildTcpPacket({ src: '2001:db8::a', dst: '2001:db8::b', sport: 443, dport: 50000, seq: 5, ack: 6, flags: 'PA', payload: big });
  const frags = fragmentIp(frame, 1280, { id: 0xdeadbeef });
  t.is(frags.length, 4);
  for (const order of [frags, [...frags].reverse()]) {
    const { statuses, pkt, weirds } = feed(order);
    t.deepEqual(statuses, ['fragment', 'fragment', 'fragment', 'ok']);
    t.deepEqual(weirds, {});
    t.true(pkt.fragmented);
    t.deepEqual([pkt.ipVersion, pkt.srcIp, pkt.srcPort, pkt.dstPort, pkt.tcpSeq, pkt.tcpFlags], [6, '2001:db8::a', 443, 50000, 5, 0x18]);
    t.is(pkt.ipLength, 40 + 20 + 4000);
    t.deepEqual(pkt.payload, big);
  }
});

test('same id from different sources or protocols are different datagrams', (t) => {
  const a = fragmentIp(udp4(9), 1000);
  const other = fragmentIp(
    buildUdpPacket({ src: '10.0.0.3', dst: '10.0.0.2', sport: 1, dport: 2, payload, ipId: 9, dontFragment: false }),
    1000,
  );
  const { statuses } = feed([a[0], other[1], other[0], a[1], other[2], a[2], a[3], other[3]]);
  t.deepEqual(statuses, ['fragment', 'fragment', 'fragment', 'fragment', 'fragment', 'fragment', 'ok', 'ok']);
});
