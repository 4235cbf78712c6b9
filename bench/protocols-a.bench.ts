/**
 * HTTP/2 (with gRPC and GraphQL streams) and WebSocket dissection throughput: our pipeline
 * vs tshark decoding the same generated file in the same run, items per second.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { generateHttp2Corpus } from '../capture/synth/http2.ts';
import { generateWebSocketCorpus } from '../capture/synth/websocket.ts';
import { corpusFile } from './corpus.ts';
import { ourRun } from './dissect.bench.ts';
import { median, type Bench, type BenchRow } from './harness.ts';

const exec = promisify(execFile);

/** tshark decoding `fields` of `file` (port 8080 decoded as `proto`), pinned to core 0; wall seconds. */
async function tsharkSeconds(file: string, proto: string, fields: string[]): Promise<number> {
  const args = ['-c', '0', 'tshark', '-r', file, '-n', '-d', `tcp.port==8080,${proto}`, '-T', 'fields', ...fields.flatMap((f) => ['-e', f])];
  const t0 = performance.now();
  await exec('taskset', args, { maxBuffer: 1 << 30 });
  return (performance.now() - t0) / 1000;
}

interface Case {
  label: string;
  file: string;
  proto: string;
  fields: string[];
  /** Items tshark's output corresponds to (ours may add e.g. the HTTP upgrade items). */
  items: number;
  corpus: string;
}

async function measure(c: Case, reps: number): Promise<{ rows: BenchRow[]; note: string }> {
  const runs = [];
  for (let i = 0; i < reps; i++) runs.push(await ourRun(c.file));
  const ours = runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await tsharkSeconds(c.file, c.proto, c.fields));
  const theirs = median(times);
  const oursRate = ours.items / ours.seconds;
  const theirRate = c.items / theirs;
  const ratio = c.items / ours.seconds / theirRate;
  return {
    rows: [
      { name: `${c.label} items/s, wirehook`, value: oursRate, unit: 'items/s' },
      { name: `${c.label} packets/s, wirehook`, value: ours.packets / ours.seconds, unit: 'pkt/s' },
      { name: `${c.label} items/s, tshark -T fields`, value: theirRate, unit: 'items/s' },
      { name: `${c.label} ratio wirehook / tshark`, value: ratio, unit: '×', target: '≥ 10×', met: ratio >= 10 },
    ],
    note: `${c.corpus} (${ours.items.toLocaleString('en-US')} items, ${ours.packets.toLocaleString('en-US')} packets)`,
  };
}

export const protocolsABench: Bench = {
  area: 'protocols-h2-ws',
  async run({ quick }) {
    const h2Conns = quick ? 4_000 : 20_000;
    const wsConns = quick ? 2_000 : 10_000;
    const reps = quick ? 1 : 3;
    let h2 = { streams: 0, grpc: 0, graphql: 0 };
    const h2File = corpusFile(`h2-${h2Conns}-s1.pcap`, (sink) => void (h2 = generateHttp2Corpus(sink, { connections: h2Conns, seed: 1 })));
    if (h2.streams === 0) {
      // The corpus was cached: recount without writing.
      h2 = generateHttp2Corpus({ frame: () => undefined }, { connections: h2Conns, seed: 1 });
    }
    let ws = { connections: 0, frames: 0 };
    const wsFile = corpusFile(`ws-${wsConns}-s1.pcap`, (sink) => void (ws = generateWebSocketCorpus(sink, { connections: wsConns, seed: 1 })));
    if (ws.frames === 0) ws = generateWebSocketCorpus({ frame: () => undefined }, { connections: wsConns, seed: 1 });
    const a = await measure({
      label: 'HTTP/2 + gRPC + GQL', file: h2File, proto: 'http2', fields: ['http2.headers.path', 'http2.headers.status'], items: h2.streams,
      corpus: `${h2Conns.toLocaleString('en-US')} h2c connections, 1–8 streams each (${h2.grpc.toLocaleString('en-US')} gRPC, ${h2.graphql.toLocaleString('en-US')} GraphQL)`,
    }, reps);
    const b = await measure({
      label: 'WebSocket', file: wsFile, proto: 'http', fields: ['websocket.opcode', 'websocket.payload_length'], items: ws.frames + ws.connections,
      corpus: `${wsConns.toLocaleString('en-US')} WebSocket connections (upgrade + 4–42 frames each)`,
    }, reps);
    return {
      area: 'protocols-h2-ws',
      method:
        `Corpora from capture/synth (http2.ts, websocket.ts), seed 1: ${a.note}; ${b.note}. Ours: a fresh process running the full pipeline ` +
        `(read → decode → flows → reassembly → dissect → items), module loading excluded. tshark: \`tshark -r F -d tcp.port==8080,<http2|http> ` +
        `-T fields -e <path/status | ws opcode/length>\`, wall time. Both pinned to core 0 with taskset, same file, same run; median of ${reps}. ` +
        `Items: one per HTTP/2 stream; one per WebSocket frame plus the upgrade exchange.`,
      rows: [...a.rows, ...b.rows],
    };
  },
};
