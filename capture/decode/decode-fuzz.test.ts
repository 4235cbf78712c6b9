/**
 * Bounded fuzzing (deterministic seed): random mutations of valid frames through the
 * decoder and of valid captures through the parser. Nothing may throw except a
 * PcapFormatError from the parser, views must stay inside their buffers, and everything
 * must finish (AVA's timeout catches a hang).
 */
import test from 'ava';
import type { LinkName } from '../testing/packet-builder.ts';
import { PacketDecoder } from './packet-decoder.ts';
import { DecodedPacket } from './decoded-packet.ts';
import { Weirds } from '../weird.ts';
import { buildIcmpPacket, buildTcpPacket, buildUdpPacket, fragmentIp, toRawPacket } from '../testing/packet-builder.ts';
import { hex } from '../testing/packet-hex.ts';
import { PcapParser, PcapFormatError } from '../source/pcap-parser.ts';
import { encodePcap } from '../source/pcap-writer.ts';
import { PcapngBuilder, BlockType } from '../testing/pcap-ng-builder.ts';

let seed = 0x2545f491;
function rnd(n: number): number {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
}

function mutate(src: Uint8Array): Uint8Array {
  let b = src.slice();
  const edits = 1 + rnd(6);
  for (let e = 0; e < edits; e++) {
    const op = rnd(10);
    if (op < 6 && b.length) b[rnd(b.length)] = rnd(256);
    else if (op < 7 && b.length) b[rnd(b.length)] ^= 1 << rnd(8);
    else if (op < 8) b = b.subarray(0, rnd(b.length + 1));
    else if (op < 9) {
      const at = rnd(b.length + 1);
      const ins = Uint8Array.from({ length: 1 + rnd(8) }, () => rnd(256));
      b = new Uint8Array([...b.subarray(0, at), ...ins, ...b.subarray(at)]);
    } else if (b.length > 1) {
      const at = rnd(b.length);
      b = new Uint8Array([...b.subarray(0, at), ...b.subarray(at + 1 + rnd(8))]);
    }
  }
  return b;
}

function corpus(): { frame: Uint8Array; link: LinkName }[] {
  const out: { frame: Uint8Array; link: LinkName }[] = [];
  for (const link of ['ethernet', 'raw', 'sll', 'sll2', 'null'] as const) {
    const vlan = link === 'null' || link === 'raw' ? {} : { vlan: [10, 20] };
    out.push(
      { link, frame: buildTcpPacket({ link, src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 80, seq: 1, ack: 2, flags: 'S', options: { mss: 1460, sack: [1, 2, 3, 4], windowScale: 3 }, payload: 'GET / HTTP/1.1\r\n\r\n' }) },
      { link, frame: buildTcpPacket({ link, src: '2001:db8::1', dst: '2001:db8::2', sport: 1, dport: 80, seq: 1, ack: 2, flags: 'PA', payload: 'x', ...vlan }) },
      { link, frame: buildUdpPacket({ link, src: '10.0.0.1', dst: '10.0.0.2', sport: 53, dport: 53, payload: 'dns', ...vlan }) },
      { link, frame: buildIcmpPacket({ link, src: 'fe80::1', dst: 'ff02::1', type: 135, payload: 'nd' }) },
    );
    const big = buildUdpPacket({ link, src: '10.0.0.1', dst: '10.0.0.2', sport: 1, dport: 2, payload: new Uint8Array(1800), ipId: 5, dontFragment: false });
    for (const f of fragmentIp(big, 700, { link })) out.push({ link, frame: f });
    const big6 = buildUdpPacket({ link, src: 'fd00::1', dst: 'fd00::2', sport: 1, dport: 2, payload: new Uint8Array(1800) });
    for (const f of fragmentIp(big6, 1280, { link, id: 9 })) out.push({ link, frame: f });
  }
  out.push({
    link: 'raw',
    frame: hex('60 00 00 00 00 24 00 40', '00'.repeat(32), '3c 00 01 04 00 00 00 00', '33 00 01 04 00 00 00 00', '06 00 00 00 00 00 00 00', '00 01 00 02 00 00 00 00 00 00 00 00 50 02 00 00 00 00 00 00'),
  });
  return out;
}

test('20k mutated frames through one decoder: no throw, views in bounds', (t) => {
  const frames = corpus();
  const weirds = new Weirds();
  const decoder = new PacketDecoder(weirds, { defrag: { maxDatagrams: 16 } });
  const pkt = new DecodedPacket();
  const statuses = new Map<string, number>();
  for (let i = 0; i < 20_000; i++) {
    const { frame, link } = frames[rnd(frames.length)];
    const data = mutate(frame);
    const raw = toRawPacket(data, { link, tsMs: i * 10, origLen: data.length + (rnd(4) === 0 ? rnd(3000) : 0) });
    const st = decoder.decode(raw, pkt);
    statuses.set(st, (statuses.get(st) ?? 0) + 1);
    if (!pkt.fragmented) {
      if (pkt.payload.length > data.length) t.fail(`payload ${pkt.payload.length} > frame ${data.length}`);
      if (pkt.payload.length && pkt.payload.buffer !== data.buffer) t.fail('payload is not a view of the frame');
    }
    if (pkt.payloadWireLength < 0) t.fail('negative payloadWireLength');
  }
  decoder.finish();
  t.true((statuses.get('ok') ?? 0) > 1000);
  t.true((statuses.get('error') ?? 0) > 1000);
  t.true(weirds.total > 1000);
});

test('mutated pcap and pcapng captures through the parser: only PcapFormatError, never a hang', (t) => {
  const pkts = corpus().map((c, i) => ({ tsSec: i, tsNsec: i * 1000, data: c.frame }));
  const classic = encodePcap({}, pkts.slice(0, 20));
  const ng = new PcapngBuilder(false)
    .shb()
    .idb({ linkType: 1, tsresol: 9, name: 'x' })
    .idb({ linkType: 101, tsresol: 0x8a })
    .block(BlockType.NRB, new Uint8Array(12))
    .epb(0, 123456789n, pkts[0].data)
    .epb(1, 987654321n, pkts[5].data)
    .spb(pkts[1].data)
    .pb(1, 5n, pkts[2].data)
    .shb(true)
    .idb({ linkType: 113 })
    .epb(0, 1n, pkts[3].data)
    .toBuffer();
  const outcomes = new Map<string, number>();
  for (let i = 0; i < 10_000; i++) {
    const file = mutate(i % 2 ? classic : ng);
    let delivered = 0;
    const parser = new PcapParser((p) => {
      delivered++;
      if (p.data.length > 256 * 1024) t.fail('oversized packet delivered');
    });
    let outcome = 'ok';
    try {
      const chunk = rnd(3) === 0 ? 1 + rnd(50) : file.length || 1;
      for (let o = 0; o < file.length; o += chunk) parser.push(file.subarray(o, o + chunk));
      parser.end();
    } catch (err) {
      if (!(err instanceof PcapFormatError)) throw err;
      outcome = err.code;
      if (err.offset < 0 || err.offset > file.length) t.fail(`offset ${err.offset} outside the file`);
    }
    if (delivered !== parser.packets) t.fail('packet count disagrees');
    outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  }
  t.true((outcomes.get('ok') ?? 0) > 100);
  t.true((outcomes.get('ERR_PCAP_TRUNCATED') ?? 0) > 100);
  t.true((outcomes.get('ERR_PCAP_CORRUPT') ?? 0) > 100);
});
