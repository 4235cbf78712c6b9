/**
 * Packet sources and decode: pcap parser (in memory and from a file), L2–L4 decoder, pcap
 * writer and packet builder throughput on one core.
 */
import type { Bench, BenchRow } from './harness.ts';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repeat } from './harness.ts';
import { PcapParser } from '../capture/source/pcap-parser.ts';
import { readPcapFile } from '../capture/source/pcap-file.ts';
import { PcapWriter, encodePcap } from '../capture/source/pcap-writer.ts';
import { PacketDecoder } from '../capture/decode/packet-decoder.ts';
import { DecodedPacket } from '../capture/decode/decoded-packet.ts';
import { Weirds } from '../capture/weird.ts';
import { buildTcpPacket } from '../capture/testing/packet-builder.ts';
import { LinkType } from '../capture/source/link-types.ts';

/** HTTP-like traffic: per connection a request (~300 B), a response (~1200 B) and two ACKs. */
function corpus(connections: number): { tsSec: number; tsNsec: number; data: Uint8Array }[] {
  const req = 'GET /api/v1/items?id=42 HTTP/1.1\r\nHost: svc.default\r\nUser-Agent: bench\r\n' + 'X-Pad: '.padEnd(200, 'x') + '\r\n\r\n';
  const resp = 'HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1100\r\n\r\n' + '{'.padEnd(1099, 'a') + '}';
  const out: { tsSec: number; tsNsec: number; data: Uint8Array }[] = [];
  for (let c = 0; c < connections; c++) {
    const client = `10.${(c >> 16) & 255}.${(c >> 8) & 255}.${c & 255}`;
    const sport = 20000 + (c % 40000);
    const base = { src: client, dst: '10.96.0.10', sport, dport: 80 };
    const back = { src: '10.96.0.10', dst: client, sport: 80, dport: sport };
    const ts = { tsSec: 1_700_000_000 + Math.floor(c / 1000), tsNsec: (c % 1000) * 1_000_000 };
    out.push({ ...ts, data: buildTcpPacket({ ...base, seq: 1, ack: 1, flags: 'PA', payload: req }) });
    out.push({ ...ts, data: buildTcpPacket({ ...back, seq: 1, ack: 1 + req.length, flags: 'A' }) });
    out.push({ ...ts, data: buildTcpPacket({ ...back, seq: 1, ack: 1 + req.length, flags: 'PA', payload: resp }) });
    out.push({ ...ts, data: buildTcpPacket({ ...base, seq: 1 + req.length, ack: 1 + resp.length, flags: 'A' }) });
  }
  return out;
}

export const sourceBench: Bench = {
  area: 'source',
  async run({ quick }) {
    const connections = quick ? 5_000 : 50_000;
    const reps = quick ? 3 : 5;
    const rows: BenchRow[] = [];
    const records = corpus(connections);
    const reqBytes = records[0].data.subarray(54);
    const buildSec = await repeat(reps, () => {
      const start = performance.now();
      for (let i = 0; i < 100_000; i++) {
        buildTcpPacket({ src: '10.0.0.1', dst: '10.96.0.10', sport: 20000 + (i & 0x3fff), dport: 80, seq: i, ack: 1, flags: 'PA', payload: reqBytes });
      }
      return (performance.now() - start) / 1000;
    });
    rows.push({ name: `packet builder (${reqBytes.length} B TCP payload, checksums)`, value: 100_000 / buildSec, unit: 'pkt/s' });

    const file = encodePcap({ linkType: LinkType.ETHERNET }, records);
    const mb = file.length / 1e6;
    const chunk = 4 * 1024 * 1024;
    const parseSec = await repeat(reps, () => {
      let n = 0;
      const start = performance.now();
      const p = new PcapParser(() => void n++);
      for (let o = 0; o < file.length; o += chunk) p.push(file.subarray(o, o + chunk));
      p.end();
      return (performance.now() - start) / 1000;
    });
    rows.push({ name: 'pcap parser, in memory, 4 MiB chunks', value: mb / parseSec, unit: 'MB/s', target: '≥ 300', met: mb / parseSec >= 300 });
    rows.push({ name: 'pcap parser, in memory', value: records.length / parseSec, unit: 'pkt/s' });

    const dir = await mkdtemp(join(tmpdir(), 'wirehook-bench-'));
    try {
      const path = join(dir, 'http.pcap');
      await writeFile(path, file);
      const fileSec = await repeat(reps, async () => {
        const start = performance.now();
        await readPcapFile(path, () => undefined);
        return (performance.now() - start) / 1000;
      });
      rows.push({ name: 'readPcapFile (page cache)', value: mb / fileSec, unit: 'MB/s', target: '≥ 300', met: mb / fileSec >= 300 });

      const decodeSec = await repeat(reps, async () => {
        const decoder = new PacketDecoder(new Weirds());
        const pkt = new DecodedPacket();
        let bytes = 0;
        const start = performance.now();
        await readPcapFile(path, (raw) => {
          decoder.decode(raw, pkt);
          bytes += pkt.payload.length;
        });
        if (bytes === 0) throw new Error('bench: nothing decoded');
        return (performance.now() - start) / 1000;
      });
      rows.push({ name: 'readPcapFile + decode L2–L4', value: records.length / decodeSec, unit: 'pkt/s', note: `${(mb / decodeSec).toFixed(0)} MB/s` });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    const writeSec = await repeat(reps, () => {
      let bytes = 0;
      const w = new PcapWriter({ sink: (c) => void (bytes += c.length) });
      const start = performance.now();
      for (const r of records) w.write(r.tsSec, r.tsNsec, r.data);
      w.flush();
      if (bytes !== file.length) throw new Error('bench: writer size mismatch');
      return (performance.now() - start) / 1000;
    });
    rows.push({ name: 'pcap writer (function sink)', value: records.length / writeSec, unit: 'pkt/s', note: `${(mb / writeSec).toFixed(0)} MB/s` });
    return {
      area: 'source',
      method: `${records.length} generated Ethernet/IPv4/TCP packets of HTTP-like exchanges (${mb.toFixed(0)} MB classic pcap); median of ${reps} runs after a warm-up.`,
      rows,
    };
  },
};
