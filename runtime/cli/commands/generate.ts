/**
 * `wirehook generate --out FILE [--seed N] [--connections N | --duration S] [--rate R]
 * [--start TIME] [--identity FILE.yaml]` writes the demo cluster's traffic
 * (capture/synth/demo) as a pcap (nanosecond timestamps), and with `--identity` the
 * cluster's Kubernetes objects plus the pod events of the capture, for
 * `wirehook dissect|run --identity` and `identity.file`. The same options always give the
 * same bytes (the start time defaults to 2026-01-01T00:00:00Z).
 */
import { writeFile } from 'node:fs/promises';
import { demoIdentityYaml, writeDemoCapture } from '../../../capture/synth/demo/demo-capture.ts';
import { DEMO_EPOCH } from '../../../capture/synth/demo/demo-traffic.ts';
import { pcapFileSink, type PcapFileSink } from '../../../capture/synth/pcap-sink.ts';
import { defineCommand, positiveFlag, UsageError } from '../command.ts';

function startTime(v: unknown): number {
  if (typeof v !== 'string') return DEMO_EPOCH;
  const t = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
  if (!Number.isFinite(t)) throw new UsageError('ERR_USAGE', `--start must be an RFC 3339 time or epoch milliseconds, got '${v}'`, 'e.g. --start 2026-03-01T12:00:00Z');
  return t;
}

export const generate = defineCommand({
  name: 'generate',
  summary: 'Write a demo-cluster pcap (and its identity file)',
  usage: '--out FILE [--seed N] [--connections N | --duration S] [--rate R] [--start TIME] [--identity FILE.yaml]',
  options: {
    out: { type: 'string', arg: 'FILE', description: 'pcap file to write' },
    seed: { type: 'string', arg: 'N', description: 'random seed', default: '1' },
    connections: { type: 'string', arg: 'N', description: 'stop starting new traffic after N connections (default 1000)' },
    duration: { type: 'string', arg: 'S', description: 'stop starting new traffic after S seconds of capture time instead' },
    rate: { type: 'string', arg: 'R', description: 'shopper requests per second (default 10)' },
    start: { type: 'string', arg: 'TIME', description: 'time of the first packet (RFC 3339 or epoch ms; default 2026-01-01T00:00:00Z)' },
    identity: { type: 'string', arg: 'FILE', description: 'also write the Kubernetes identities (YAML) of the capture here' },
  },
  async run({ values, stdout }) {
    const out = values.out;
    if (typeof out !== 'string' || out === '') throw new UsageError('ERR_USAGE', 'missing --out FILE', 'usage: wirehook generate --out demo.pcap [--seed N] [--connections N]');
    const seed = positiveFlag(values.seed, 'seed', true) ?? 1;
    const connections = positiveFlag(values.connections, 'connections', true);
    const durationSec = positiveFlag(values.duration, 'duration', false);
    if (connections !== undefined && durationSec !== undefined) throw new UsageError('ERR_USAGE', 'give --connections or --duration, not both');
    const rate = positiveFlag(values.rate, 'rate', false);
    const startMs = startTime(values.start);
    let sink: PcapFileSink;
    try {
      sink = pcapFileSink(out);
    } catch (e) {
      throw new UsageError('ERR_OUTPUT', `cannot write ${out}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`, 'check the --out path');
    }
    let summary;
    try {
      summary = writeDemoCapture(sink, { seed, rate, startMs, connections, durationSec });
    } finally {
      sink.close();
    }
    if (typeof values.identity === 'string') await writeFile(values.identity, demoIdentityYaml(summary.startMs, summary.events));
    const seconds = ((summary.endMs - summary.startMs) / 1000).toFixed(1);
    stdout.write(
      `wirehook generate: ${out}: ${sink.packets} packets, ${summary.connections} connections, ${summary.requests} shopper requests, ${seconds} s from ${new Date(summary.startMs).toISOString()}` +
        `${summary.events.length ? `, ${summary.events.length} pod events` : ''}${typeof values.identity === 'string' ? `; identities in ${values.identity}` : ''}\n`,
    );
    return 0;
  },
});
