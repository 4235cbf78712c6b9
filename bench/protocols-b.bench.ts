/**
 * Dissection throughput per protocol for Redis, Kafka, AMQP, TLS, DNS and ICMP (issue #5
 * part B): our pipeline vs tshark on the same generated file in the same run, target ≥ 10×
 * tshark's items/s. Also the dissector alone (informational): the same corpus's reassembled
 * conversations fed straight into flow sessions, i.e. without pcap reading, decode, flow
 * table and TCP reassembly — the share of the time that is the protocol dissector's.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { generateAmqpCorpus } from '../capture/synth/amqp.ts';
import { generateDnsCorpus } from '../capture/synth/dns.ts';
import type { CorpusSummary, HttpCorpusOptions } from '../capture/synth/http-corpus.ts';
import { generateIcmpCorpus } from '../capture/synth/icmp.ts';
import { generateKafkaCorpus } from '../capture/synth/kafka.ts';
import { generateRedisCorpus } from '../capture/synth/redis.ts';
import type { FrameSink } from '../capture/synth/tcp-conversation.ts';
import { generateTlsCorpus } from '../capture/synth/tls.ts';
import { fileURLToPath } from 'node:url';
import { corpusFile } from './corpus.ts';
import { median, type Bench, type BenchRow } from './harness.ts';
import { builtinDissectors, builtinFallback } from '../capture/dissect/manifest.ts';
import { createRegistry } from '../capture/dissect/registry.ts';
import { createFlowSession, type FlowSession } from '../capture/dissect/session.ts';
import { streamNameOf, type Direction } from '../capture/flow/flow.ts';

const exec = promisify(execFile);

interface Protocol {
  name: string;
  generate: (sink: FrameSink, o: HttpCorpusOptions) => CorpusSummary;
  /** Connections in the full / quick corpus. */
  connections: [number, number];
  /** tshark: decode-as rules and the fields that make it dissect the protocol's messages. */
  decodeAs: string[];
  fields: string[];
}

const PROTOCOLS: Protocol[] = [
  { name: 'Redis', generate: generateRedisCorpus, connections: [20_000, 4_000], decodeAs: ['tcp.port==6379,resp'], fields: ['resp.bulk_string.value', 'resp.string'] },
  { name: 'Kafka', generate: generateKafkaCorpus, connections: [10_000, 2_000], decodeAs: ['tcp.port==9092,kafka'], fields: ['kafka.request_key', 'kafka.correlation_id'] },
  { name: 'AMQP', generate: generateAmqpCorpus, connections: [8_000, 1_600], decodeAs: ['tcp.port==5672,amqp'], fields: ['amqp.method.class', 'amqp.method.method'] },
  { name: 'TLS', generate: generateTlsCorpus, connections: [15_000, 3_000], decodeAs: [], fields: ['tls.handshake.extensions_server_name', 'tls.handshake.ciphersuite'] },
  { name: 'DNS', generate: generateDnsCorpus, connections: [40_000, 8_000], decodeAs: [], fields: ['dns.qry.name', 'dns.flags.rcode'] },
  { name: 'ICMP', generate: generateIcmpCorpus, connections: [40_000, 8_000], decodeAs: [], fields: ['icmp.type', 'icmp.seq'] },
];

interface Recorded {
  flows: { transport: 'tcp' | 'udp'; client: string; clientPort: number; server: string; serverPort: number }[];
  /** Per payload event: flow index, direction, bytes (copied), time. */
  events: { flow: number; dir: Direction; bytes: Uint8Array; tsMs: number }[];
}

/**
 * Generate `conns` conversations and keep every TCP/UDP payload in order per flow. The
 * generators emit in-order, loss-free IPv4 frames, so the payload order is the stream order.
 */
function record(gen: Protocol['generate'], conns: number): Recorded {
  const rec: Recorded = { flows: [], events: [] };
  const index = new Map<string, number>();
  gen({
    frame(tsMs, d) {
      const ip = 14;
      const proto = d[ip + 9];
      if (proto !== 6 && proto !== 17) return;
      const l4 = ip + (d[ip] & 15) * 4;
      const start = proto === 6 ? l4 + (d[l4 + 12] >> 4) * 4 : l4 + 8;
      if (start >= d.length) return;
      const src = `${d[ip + 12]}.${d[ip + 13]}.${d[ip + 14]}.${d[ip + 15]}:${(d[l4] << 8) | d[l4 + 1]}`;
      const dst = `${d[ip + 16]}.${d[ip + 17]}.${d[ip + 18]}.${d[ip + 19]}:${(d[l4 + 2] << 8) | d[l4 + 3]}`;
      let dir: Direction = 0;
      let f = index.get(src + '>' + dst);
      if (f === undefined && (f = index.get(dst + '>' + src)) !== undefined) dir = 1;
      if (f === undefined) {
        f = rec.flows.length;
        index.set(src + '>' + dst, f);
        const [ci, cp] = src.split(':');
        const [si, sp] = dst.split(':');
        rec.flows.push({ transport: proto === 6 ? 'tcp' : 'udp', client: ci, clientPort: +cp, server: si, serverPort: +sp });
      }
      rec.events.push({ flow: f, dir, bytes: d.slice(start), tsMs });
    },
  }, { connections: conns, seed: 1 });
  return rec;
}

/** Items per CPU second of the flow sessions alone over the recorded payloads (median of `reps` after a warm-up); 0 when there are none. */
function dissectorOnly(gen: Protocol['generate'], conns: number, reps: number): number {
  const rec = record(gen, conns);
  if (rec.events.length === 0) return 0;
  const registry = createRegistry(builtinDissectors, { fallback: builtinFallback });
  const origin = { worker: 'bench', nodeName: 'bench', nodeIp: '' };
  const rates: number[] = [];
  for (let r = 0; r <= reps; r++) {
    let items = 0;
    const c0 = process.cpuUsage();
    const sessions: FlowSession[] = rec.flows.map((f, i) =>
      createFlowSession({
        registry, origin, weirds: { add() {} } as never, onItem: () => void items++,
        flow: { id: i + 1, transport: f.transport, ipVersion: 4, client: { ip: f.client, port: f.clientPort }, server: { ip: f.server, port: f.serverPort }, streamName: streamNameOf(i + 1, f.transport), firstSeenMs: 0 },
      }),
    );
    for (const e of rec.events) sessions[e.flow].data(e.dir, e.bytes, e.tsMs);
    for (const s of sessions) s.end('fin', 0);
    const c = process.cpuUsage(c0);
    if (r > 0) rates.push(items / ((c.user + c.system) / 1e6));
  }
  return median(rates);
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Run in a fresh process (pinned to core 0): the whole pipeline over `file`; module loading excluded. */
const CHILD = `
const { Pipeline } = await import(process.argv[1] + 'capture/pipeline.ts');
const { replayPcapFile } = await import(process.argv[1] + 'capture/replay.ts');
let items = 0;
const p = new Pipeline({ onItem: () => void items++ });
const c0 = process.cpuUsage();
const t0 = performance.now();
await replayPcapFile(process.argv[2], p);
const c = process.cpuUsage(c0);
console.log(JSON.stringify({ items, packets: p.stats.packets, cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1000 }));
`;

interface Run {
  items: number;
  packets: number;
  /** CPU seconds (user + system, all threads) and wall seconds. */
  cpu: number;
  wall: number;
}

async function ourRun(file: string): Promise<Run> {
  const args = ['-c', '0', process.execPath, '--no-node-snapshot', '--import=tsx', '--input-type=module', '-e', CHILD, ROOT, file];
  const { stdout } = await exec('taskset', args, { maxBuffer: 1 << 20, cwd: ROOT });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

/** tshark decoding the protocol's fields of `file`, pinned to core 0: its CPU and wall seconds. */
async function tsharkRun(file: string, p: Protocol): Promise<{ cpu: number; wall: number }> {
  const q = (a: string) => `'${a}'`;
  const cmd = ['tshark', '-r', file, '-n', ...p.decodeAs.flatMap((d) => ['-d', d]), '-T', 'fields', ...p.fields.flatMap((f) => ['-e', f])].map(q).join(' ');
  const t0 = performance.now();
  const { stdout } = await exec('taskset', ['-c', '0', 'bash', '-c', `${cmd} >/dev/null 2>&1; times`], { maxBuffer: 1 << 20 });
  const wall = (performance.now() - t0) / 1000;
  // `times`: the shell's user/sys, then its children's (tshark's).
  const [user, sys] = stdout.trim().split('\n').pop()!.split(/\s+/);
  return { cpu: shellSeconds(user) + shellSeconds(sys), wall };
}

/** "1m2.345s" → 62.345. */
function shellSeconds(s: string): number {
  const m = /(\d+)m([\d.]+)s/.exec(s);
  return m ? Number(m[1]) * 60 + Number(m[2]) : NaN;
}

export const protocolsBBench: Bench = {
  area: 'protocols-tls-redis-kafka-amqp',
  async run({ quick }) {
    const reps = quick ? 1 : 3;
    const rows: BenchRow[] = [];
    const corpora: string[] = [];
    for (const p of PROTOCOLS) {
      const conns = p.connections[quick ? 1 : 0];
      let summary: CorpusSummary = { connections: conns, exchanges: 0 };
      const file = corpusFile(`${p.name.toLowerCase()}-${conns}-s1.pcap`, (sink) => void (summary = p.generate(sink, { connections: conns, seed: 1 })));
      const runs: Run[] = [];
      for (let i = 0; i < reps; i++) runs.push(await ourRun(file));
      const ours = runs.sort((a, b) => a.cpu - b.cpu)[Math.floor(runs.length / 2)];
      const theirs: { cpu: number; wall: number }[] = [];
      for (let i = 0; i < reps; i++) theirs.push(await tsharkRun(file, p));
      const tshark = theirs.sort((a, b) => a.cpu - b.cpu)[Math.floor(theirs.length / 2)];
      const oursRate = ours.items / ours.cpu;
      const theirsRate = ours.items / tshark.cpu;
      const ratio = oursRate / theirsRate;
      const alone = dissectorOnly(p.generate, Math.min(conns, quick ? conns : conns / 2), reps);
      corpora.push(`${p.name} ${conns.toLocaleString('en-US')} conversations (${ours.items.toLocaleString('en-US')} items, ${ours.packets.toLocaleString('en-US')} packets${summary.exchanges ? '' : ', cached'})`);
      rows.push(
        { name: `${p.name} items/s, wirehook pipeline`, value: oursRate, unit: 'items/s', note: `${(ours.packets / ours.cpu / 1000).toFixed(0)}k pkt/s` },
        { name: `${p.name} items/s, tshark -T fields`, value: theirsRate, unit: 'items/s', note: `${(ours.packets / tshark.cpu / 1000).toFixed(0)}k pkt/s` },
        { name: `${p.name} ratio wirehook / tshark (CPU time)`, value: ratio, unit: '×', target: '≥ 10×', met: ratio >= 10 },
        { name: `${p.name} ratio wirehook / tshark (wall time)`, value: tshark.wall / ours.wall, unit: '×' },
        ...(alone > 0 ? [{ name: `${p.name} items/s, dissector alone`, value: alone, unit: 'items/s' }] : []),
      );
    }
    return {
      area: 'protocols-tls-redis-kafka-amqp',
      method:
        `Corpora from the synth generators (seed 1), written by our pcap writer: ${corpora.join('; ')}. ` +
        `Both tools pinned to core 0 with taskset, same file, same run; median of ${reps}. Ours: a fresh process running the full pipeline ` +
        `(read → decode → flows → reassembly → dissector → items), module loading excluded. tshark: \`tshark -r F -T fields -e …\` with the ` +
        `protocol's fields (and \`-d\` for Redis/Kafka/AMQP ports). Rates use CPU time (user + system, ours from process.cpuUsage, tshark's ` +
        `from the shell's \`times\`): this 2-core machine is shared, and wall time swings with other load; the wall-time ratio is shown too ` +
        `(tshark's includes its start-up). items/s uses our item count for both. "Dissector alone": the ` +
        `conversations' payloads (half the corpus, recorded in memory first) fed directly to flow sessions in this process (no pcap, ` +
        `decode, flow table or reassembly; not applicable to ICMP, whose items come from decoded packets).`,
      rows,
    };
  },
};
