/**
 * Live capture on `lo` under load: `wrk -t1 -c32` against nginx on 127.0.0.1 while a
 * LiveCaptureSource (capture agent child process + pcap stream reader) counts the packets
 * that reach the worker. Ground truth is the kernel: the delta of lo's rx packet counter in
 * /proc/net/dev over the same window (everything on lo, so a little background traffic is
 * included). Both producers run with their defaults (tcpdump buffered `-U`, cap immediate).
 * Drops: tcpdump's pcap_stats ps_drop (kernel) and, for cap, which has no pcap_stats, the
 * agent's own count of packets it could not queue to the worker. The producer that loses
 * less is the default ('auto', capture/live/agent-protocol.ts).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { Bench, BenchRow } from './harness.ts';
import type { ProducerName } from '../capture/live/agent-protocol.ts';
import { interfaceCounters } from '../capture/live/interfaces.ts';
import { LiveCaptureSource } from '../capture/live/live-source.ts';
import { startNginx } from '../capture/testing/servers.ts';

const exec = promisify(execFile);
const PORT = 17790;

interface Run {
  wrkReqPerSec: number;
  kernelPps: number;
  deliveredPps: number;
  deliveredPct: number;
  drops: number;
}

async function measure(producer: ProducerName, seconds: number): Promise<Run> {
  const source = new LiveCaptureSource({ iface: 'lo', filter: `tcp port ${PORT}`, producer, log: () => undefined });
  const ac = new AbortController();
  const ready = source.nextReady();
  const done = source.run(() => undefined, ac.signal);
  await ready;
  await new Promise((r) => setTimeout(r, 300));
  const before = interfaceCounters('lo')!.rxPackets;
  const delivered0 = source.stats.packets;
  const t0 = performance.now();
  const wrk = await exec('wrk', ['-t1', '-c32', `-d${seconds}s`, `http://127.0.0.1:${PORT}/hello`], { maxBuffer: 1 << 20 });
  const elapsed = (performance.now() - t0) / 1000;
  const kernel = interfaceCounters('lo')!.rxPackets - before;
  // Buffered producers deliver up to ~1 s late: wait until the stream is quiet.
  let last = -1;
  while (source.stats.packets !== last) {
    last = source.stats.packets;
    await new Promise((r) => setTimeout(r, 1200));
  }
  const delivered = source.stats.packets - delivered0;
  ac.abort();
  await done;
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(wrk.stdout)?.[1] ?? 0);
  return {
    wrkReqPerSec: rps,
    kernelPps: kernel / elapsed,
    deliveredPps: delivered / elapsed,
    deliveredPct: kernel > 0 ? Math.min(100, (100 * delivered) / kernel) : 0,
    drops: source.stats.drops,
  };
}

export const liveBench: Bench = {
  area: 'live-capture',
  async run({ quick }) {
    const seconds = quick ? 4 : 8;
    const rows: BenchRow[] = [];
    const nginx = await startNginx(PORT);
    try {
      for (const producer of ['tcpdump', 'cap'] as const) {
        const r = await measure(producer, seconds);
        const lossless = r.drops === 0 && r.deliveredPct >= 99.9;
        rows.push({ name: `${producer}: packets delivered to the worker`, value: r.deliveredPps, unit: 'pkt/s', target: '≥ 100k, 0 drops', met: lossless && r.deliveredPps >= 100_000 });
        rows.push({ name: `${producer}: lo packets (kernel, /proc/net/dev)`, value: r.kernelPps, unit: 'pkt/s', note: `wrk ${Math.round(r.wrkReqPerSec)} req/s` });
        rows.push({ name: `${producer}: delivered / kernel`, value: r.deliveredPct, unit: '%', target: '100', met: r.deliveredPct >= 99.9 });
        rows.push({
          name: `${producer}: drops (${producer === 'tcpdump' ? 'kernel ps_drop' : 'agent queue; cap has no pcap_stats'})`,
          value: r.drops,
          unit: 'pkts',
          target: '0',
          met: r.drops === 0,
        });
      }
    } finally {
      await nginx.stop();
    }
    return {
      area: 'live-capture',
      method: `wrk -t1 -c32 -d${seconds}s against nginx on 127.0.0.1:${PORT}, captured on lo with filter "tcp port ${PORT}" by the capture agent (child process) per producer, packets counted as they reach the worker; kernel count = lo rx delta in /proc/net/dev over the wrk window. All processes share the machine's cores.`,
      rows,
    };
  },
};
