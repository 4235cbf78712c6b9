/**
 * Real files from the Debian tools: editcap (pcapng, nanosecond pcap, snaplen), mergecap
 * (two interfaces with different link types) read back by our parser, and tshark reading
 * what our writer wrote.
 */
import test from 'ava';
import type { RawPacket } from './raw-packet.ts';
import { join } from 'node:path';
import { readPcapFile } from './pcap-file.ts';
import { LinkType } from './link-types.ts';
import { collector, runTool, tempDir, tsharkRows, writePcap } from '../testing/pcap-fixtures.ts';
import { buildTcpPacket, buildUdpPacket } from '../testing/packet-builder.ts';
import { PacketDecoder } from '../decode/packet-decoder.ts';
import { DecodedPacket } from '../decode/decoded-packet.ts';
import { Weirds } from '../weird.ts';

const tcp = Array.from({ length: 40 }, (_, i) => ({
  tsSec: 1_700_000_000 + i,
  tsNsec: 123_456_789 + i,
  data: buildTcpPacket({ src: '10.0.0.1', dst: '10.0.0.2', sport: 40000 + i, dport: 80, seq: i * 1000, ack: 1, flags: 'PA', payload: 'x'.repeat(i * 10) }),
}));
const udp = Array.from({ length: 25 }, (_, i) => ({
  tsSec: 1_700_000_000 + i,
  tsNsec: 500_000_000 + i,
  data: buildUdpPacket({ link: 'raw', src: 'fd00::1', dst: 'fd00::2', sport: 53, dport: 1000 + i, payload: 'y'.repeat(i) }),
}));

async function setup(t: import('ava').ExecutionContext): Promise<(name: string) => string> {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  return (name) => join(dir, name);
}

async function read(path: string): Promise<{ packets: RawPacket[]; linkTypes: number[]; nanosecond: boolean; format: string }> {
  const c = collector();
  const s = await readPcapFile(path, c.onPacket);
  return { packets: c.packets, linkTypes: s.linkTypes, nanosecond: s.nanosecond, format: s.format };
}

test('editcap -F pcapng and -F nsecpcap: bytes and timestamps survive', async (t) => {
  const at = await setup(t);
  const src = await writePcap(at('a.pcap'), tcp, { nanosecond: true });
  await runTool('editcap', ['-F', 'pcapng', src, at('a.pcapng')]);
  const us = await writePcap(at('us.pcap'), tcp);
  await runTool('editcap', ['-F', 'nsecpcap', us, at('ns.pcap')]);
  const ng = await read(at('a.pcapng'));
  t.is(ng.format, 'pcapng');
  t.true(ng.nanosecond, 'editcap keeps ns resolution via if_tsresol');
  t.deepEqual(ng.linkTypes, [LinkType.ETHERNET]);
  t.deepEqual(ng.packets.map((p) => [p.tsSec, p.tsNsec]), tcp.map((r) => [r.tsSec, r.tsNsec]));
  t.deepEqual(ng.packets.map((p) => p.data), tcp.map((r) => r.data));
  const ns = await read(at('ns.pcap'));
  t.is(ns.format, 'pcap');
  t.true(ns.nanosecond);
  t.deepEqual(ns.packets.map((p) => [p.tsSec, p.tsNsec]), tcp.map((r) => [r.tsSec, Math.floor(r.tsNsec / 1000) * 1000]));
  t.deepEqual(ns.packets.map((p) => p.data), tcp.map((r) => r.data));
});

test('mergecap of Ethernet and raw-IP pcaps: one pcapng, two interfaces, every packet intact', async (t) => {
  const at = await setup(t);
  const a = await writePcap(at('a.pcap'), tcp);
  const b = await writePcap(at('b.pcap'), udp, { linkType: LinkType.RAW });
  await runTool('mergecap', ['-w', at('m.pcapng'), a, b]);
  const m = await read(at('m.pcapng'));
  t.is(m.format, 'pcapng');
  t.deepEqual(m.linkTypes, [LinkType.ETHERNET, LinkType.RAW]);
  t.is(m.packets.length, tcp.length + udp.length);
  const byIface = [tcp, udp];
  const seen = [0, 0];
  let lastTs = 0;
  for (const p of m.packets) {
    const rec = byIface[p.interfaceId][seen[p.interfaceId]++];
    t.is(p.linkType, m.linkTypes[p.interfaceId]);
    t.deepEqual([p.tsSec, p.tsNsec], [rec.tsSec, Math.floor(rec.tsNsec / 1000) * 1000]);
    t.deepEqual(p.data, rec.data);
    const ts = p.tsSec * 1e9 + p.tsNsec;
    t.true(ts >= lastTs, 'mergecap merges chronologically');
    lastTs = ts;
  }
  t.deepEqual(seen, [tcp.length, udp.length]);
  const decoder = new PacketDecoder(new Weirds());
  const pkt = new DecodedPacket();
  t.true(m.packets.every((p) => decoder.decode(p, pkt) === 'ok'));
});

test('editcap -s (snaplen) cut packets: origLen kept, decoder flags truncated', async (t) => {
  const at = await setup(t);
  const src = await writePcap(at('a.pcap'), tcp);
  await runTool('editcap', ['-s', '60', src, at('cut.pcap')]);
  const cut = await read(at('cut.pcap'));
  const decoder = new PacketDecoder(new Weirds());
  const pkt = new DecodedPacket();
  cut.packets.forEach((p, i) => {
    t.is(p.origLen, tcp[i].data.length);
    t.is(p.data.length, Math.min(60, tcp[i].data.length));
    t.is(decoder.decode(p, pkt), 'ok');
    t.is(pkt.truncated, tcp[i].data.length > 60);
    t.is(pkt.payloadWireLength, i * 10);
  });
});

test('tshark reads the writer output: times (µs and ns), addresses, ports, seq, flags, lengths', async (t) => {
  const at = await setup(t);
  for (const nanosecond of [false, true]) {
    const f = await writePcap(at(`w${nanosecond}.pcap`), tcp, { nanosecond });
    const rows = await tsharkRows(f, ['frame.time_epoch', 'ip.src', 'ip.dst', 'tcp.srcport', 'tcp.dstport', 'tcp.seq_raw', 'tcp.flags', 'tcp.len', 'frame.cap_len']);
    t.deepEqual(
      rows,
      tcp.map((r, i) => {
        const frac = nanosecond ? r.tsNsec : Math.floor(r.tsNsec / 1000) * 1000;
        return [`${r.tsSec}.${String(frac).padStart(9, '0')}`, '10.0.0.1', '10.0.0.2', String(40000 + i), '80', String(i * 1000), '0x0018', String(i * 10), String(r.data.length)];
      }),
    );
  }
});
