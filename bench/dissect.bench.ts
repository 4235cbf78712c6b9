/**
 * Dissection throughput (issue #2): our pipeline vs tshark on the same generated HTTP/1.1
 * keep-alive corpus in the same run, plus peak RSS while streaming a much larger file, and
 * the same comparison on the demo cluster's mixed-protocol corpus (bench/corpus.ts).
 */
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { demoCorpus, httpCorpus } from './corpus.ts';
import { median, type Bench, type BenchRow } from './harness.ts';

const exec = promisify(execFile);
const CHILD = fileURLToPath(new URL('./dissect-child.ts', import.meta.url));

interface ChildResult {
  items: number;
  packets: number;
  seconds: number;
  /** CPU time of all the child's threads over the same span. */
  cpuSeconds: number;
  maxRssMb: number;
}

/** One pipeline run in a fresh process, pinned to one core. */
export async function ourRun(file: string): Promise<ChildResult> {
  const { stdout } = await exec('taskset', ['-c', '0', process.execPath, '--import=tsx', '--no-node-snapshot', CHILD, file], { maxBuffer: 1 << 20 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

/** tshark decoding the HTTP fields (or `fields`) of the same file, pinned to one core. */
export async function tsharkSeconds(file: string, decodeAs: string[] = [], fields = ['http.request.uri', 'http.response.code']): Promise<number> {
  const args = ['-c', '0', 'tshark', '-r', file, '-n', ...decodeAs.flatMap((d) => ['-d', d]), '-T', 'fields', ...fields.flatMap((f) => ['-e', f])];
  const t0 = performance.now();
  await exec('taskset', args, { maxBuffer: 1 << 30 });
  return (performance.now() - t0) / 1000;
}

export const dissectBench: Bench = {
  area: 'dissection',
  async run({ quick }) {
    const conns = quick ? 10_000 : 50_000;
    const file = httpCorpus(conns);
    const reps = quick ? 1 : 3;
    const runs: ChildResult[] = [];
    for (let i = 0; i < reps; i++) runs.push(await ourRun(file));
    const ours = runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
    const tsharkTimes: number[] = [];
    for (let i = 0; i < reps; i++) tsharkTimes.push(await tsharkSeconds(file, ['tcp.port==8080,http']));
    const tsharkS = median(tsharkTimes);
    const oursItems = ours.items / ours.seconds;
    const theirsItems = ours.items / tsharkS;
    const ratio = oursItems / theirsItems;
    const bigConns = quick ? 100_000 : 1_000_000;
    const big = await ourRun(httpCorpus(bigConns));
    const mixed = await mixedRows(quick ? 15_000 : 60_000, reps);
    const rows: BenchRow[] = [
      { name: 'HTTP/1.1 items/s, wirehook', value: oursItems, unit: 'items/s', target: '≥ 60k', met: oursItems >= 60_000 },
      { name: 'HTTP/1.1 packets/s, wirehook', value: ours.packets / ours.seconds, unit: 'pkt/s' },
      { name: 'HTTP/1.1 items per CPU second, wirehook (all threads: JIT and GC included)', value: ours.items / ours.cpuSeconds, unit: 'items/s' },
      { name: 'HTTP/1.1 items/s, tshark -T fields', value: theirsItems, unit: 'items/s' },
      { name: 'HTTP/1.1 packets/s, tshark', value: ours.packets / tsharkS, unit: 'pkt/s' },
      { name: 'ratio wirehook / tshark (items/s)', value: ratio, unit: '×', target: '≥ 20×', met: ratio >= 20 },
      { name: `peak RSS streaming ${bigConns.toLocaleString('en-US')} connections (${big.items.toLocaleString('en-US')} items)`, value: big.maxRssMb, unit: 'MB', target: 'bounded', note: `${(big.items / big.seconds / 1000).toFixed(1)}k items/s` },
      ...mixed.rows,
    ];
    return {
      area: 'dissection',
      method:
        `Corpus: ${conns.toLocaleString('en-US')} synthesized HTTP/1.1 connections (1–5 keep-alive exchanges each, GET/POST, JSON bodies, ` +
        `10% chunked; ${ours.items.toLocaleString('en-US')} exchanges, ${ours.packets.toLocaleString('en-US')} packets), written by our pcap writer. ` +
        `Both tools pinned to core 0 with taskset, same file, same run; median of ${reps}. Ours: a fresh process running the full pipeline ` +
        `(read → decode → flows → reassembly → HTTP → items), module loading excluded. tshark: \`tshark -r F -T fields -e http.request.uri -e http.response.code\`, wall time. ` +
        mixed.method,
      rows,
    };
  },
};

const MIXED_FIELDS = ['http.request.uri', 'http.response.code', 'http2.header.value', 'dns.qry.name', 'tls.handshake.extensions_server_name', 'kafka.api_key'];

/** Mixed protocols: the demo cluster corpus (`wirehook generate`), ours vs tshark. */
async function mixedRows(connections: number, reps: number): Promise<{ rows: BenchRow[]; method: string }> {
  const file = demoCorpus(connections);
  const runs: ChildResult[] = [];
  for (let i = 0; i < reps; i++) runs.push(await ourRun(file));
  const ours = runs.sort((a, b) => a.seconds - b.seconds)[Math.floor(runs.length / 2)];
  const times: number[] = [];
  for (let i = 0; i < reps; i++) times.push(await tsharkSeconds(file, ['tcp.port==50051,http2'], MIXED_FIELDS));
  const theirs = median(times);
  const ratio = theirs / ours.seconds;
  return {
    rows: [
      { name: 'mixed (demo cluster) items/s, wirehook', value: ours.items / ours.seconds, unit: 'items/s' },
      { name: 'mixed (demo cluster) packets/s, wirehook', value: ours.packets / ours.seconds, unit: 'pkt/s' },
      { name: 'mixed (demo cluster) items/s, tshark -T fields', value: ours.items / theirs, unit: 'items/s' },
      { name: 'mixed ratio wirehook / tshark', value: ratio, unit: '×', target: '≥ 10×', met: ratio >= 10 },
    ],
    method:
      `Mixed rows: the demo cluster's traffic (capture/synth/demo, seed 1, 40 requests/s) until ${connections.toLocaleString('en-US')} connections — HTTP/1.1, gRPC, DNS, ` +
      `Redis, Kafka, TLS and Postgres (raw TCP); ${ours.items.toLocaleString('en-US')} items, ${ours.packets.toLocaleString('en-US')} packets. ` +
      `tshark: \`tshark -r F -d tcp.port==50051,http2 -T fields\` with the HTTP, HTTP/2, DNS, TLS SNI and Kafka fields; median of ${reps}.`,
  };
}
