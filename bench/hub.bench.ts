/**
 * Hub ingest benchmark: items/s the hub takes in from 2 worker PROCESSES over the cluster
 * link (WebSocket on 127.0.0.1), each worker replaying a different generated HTTP/1.1
 * capture. The hub runs in this process, so its CPU time is measured exactly.
 *
 * - burst: the workers replay their captures while the hub is down (their buffers hold
 *   everything), then the hub starts and both reconnect and send what they hold: this
 *   isolates the hub's ingest (parse, validate, publish to the bus) from dissection.
 *   Measured from the first to the last item received; hub CPU over the same span.
 *   Two hub configurations: the cluster link alone, and with the built-in features a real
 *   hub runs (item store, maps, metrics, identity …) subscribed to its bus.
 * - live: hub up, workers replay while streaming (dissection, serialisation and ingest all
 *   compete for this machine's cores); end-to-end items/s, informational.
 * Kubeshark's hub handles about 5k items/s on 0.83 core: 6k items per CPU-second.
 */
import { rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createHubNode } from '../runtime/cluster/cluster-nodes.ts';
import { hubFeature } from '../runtime/cluster/hub-feature.ts';
import { TOKEN, nodeConfig, tempDir } from '../runtime/cluster/testing/cluster-env.ts';
import { runWirehook, type WirehookProcess } from '../runtime/cluster/testing/wirehook-process.ts';
import { WirehookNode } from '../runtime/roles/node.ts';
import { httpCorpus } from './corpus.ts';
import { median, repeat, type Bench, type BenchRow } from './harness.ts';

const PORT = 18050;

interface Ingest {
  items: number;
  seconds: number;
  cpuSeconds: number;
}

function startWorkers(pcaps: string[], dir: string): WirehookProcess[] {
  return pcaps.map((pcap, i) =>
    runWirehook(['worker', '--hub', `ws://127.0.0.1:${PORT}`, '--token', TOKEN, '--name', `bench-${i}`, '--pcap', pcap, '--port', '0', '--data', path.join(dir, `w${i}`)], {
      WIREHOOK_HUB_BUFFER_ITEMS: '1000000',
      WIREHOOK_HUB_BUFFER_MB: '2048',
      WIREHOOK_HUB_RECONNECT_MAX_MS: '200',
      WIREHOOK_HUB_START_WAIT_MS: '0',
    }),
  );
}

async function finished(w: WirehookProcess): Promise<number> {
  return Number((await w.waitFor(/finished: \d+ packets, (\d+) items/, 300_000))[1]);
}

async function hubNode(dir: string, builtins: boolean): Promise<WirehookNode> {
  const config = nodeConfig({ dir, name: 'hub', port: PORT });
  config.itemStore.diskMb = 0;
  if (builtins) return createHubNode(config, { log: () => undefined });
  return WirehookNode.create({ role: 'hub', config, log: () => undefined, features: [hubFeature()] });
}

/**
 * Counts items on the hub's bus until the expected number arrived. `expect(n)` may come
 * after the items did (the live run learns the total when the workers report it): it
 * settles at once then.
 */
function measure(hub: WirehookNode): { done: Promise<Ingest>; expect(total: number): void } {
  let n = 0;
  let total = Infinity;
  let t0 = 0n;
  let cpu0: NodeJS.CpuUsage | undefined;
  let settle!: (r: Ingest) => void;
  const done = new Promise<Ingest>((resolve) => (settle = resolve));
  let last = 0n;
  const check = () => {
    if (n < total || n === 0) return;
    // CPU up to now: an idle hub between the last item and the workers' report adds ~nothing.
    const cpu = process.cpuUsage(cpu0);
    unsubscribe();
    settle({ items: n, seconds: Number(last - t0) / 1e9, cpuSeconds: (cpu.user + cpu.system) / 1e6 });
  };
  const unsubscribe = hub.items.subscribe(() => {
    if (n++ === 0) {
      t0 = process.hrtime.bigint();
      cpu0 = process.cpuUsage();
    }
    last = process.hrtime.bigint();
    check();
  });
  return {
    done,
    expect(t) {
      total = t;
      check();
    },
  };
}

async function burst(pcaps: string[], builtins: boolean): Promise<Ingest> {
  const dir = await tempDir('hub-bench');
  const workers = startWorkers(pcaps, dir);
  try {
    const total = (await Promise.all(workers.map(finished))).reduce((a, b) => a + b, 0);
    const hub = await hubNode(dir, builtins);
    const m = measure(hub);
    m.expect(total);
    await hub.start();
    const r = await m.done;
    await hub.stop();
    return r;
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await rm(dir, { recursive: true, force: true });
  }
}

async function live(pcaps: string[]): Promise<Ingest> {
  const dir = await tempDir('hub-bench');
  const hub = await hubNode(dir, true);
  await hub.start();
  const m = measure(hub);
  const workers = startWorkers(pcaps, dir);
  try {
    m.expect((await Promise.all(workers.map(finished))).reduce((a, b) => a + b, 0));
    return await m.done;
  } finally {
    await Promise.all(workers.map((w) => w.kill('SIGKILL')));
    await hub.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

export const hubBench: Bench = {
  area: 'hub',
  async run({ quick }) {
    const connections = quick ? 4_000 : 20_000;
    const reps = quick ? 1 : 3;
    const pcaps = [httpCorpus(connections, 1), httpCorpus(connections, 2)];
    const rows: BenchRow[] = [];
    let items = 0;
    for (const [label, builtins] of [
      ['cluster link only', false],
      ['with built-in features (item store, maps, metrics …)', true],
    ] as const) {
      const runs: Ingest[] = [];
      await repeat(reps, async () => {
        const r = await burst(pcaps, builtins);
        runs.push(r);
        items = r.items;
        return r.items / r.seconds;
      });
      const measured = runs.slice(1);
      const rate = median(measured.map((r) => r.items / r.seconds));
      const perCpu = median(measured.map((r) => r.items / r.cpuSeconds));
      rows.push({ name: `hub ingest from 2 workers, ${label}`, value: rate, unit: 'items/s', target: '≥ 50k', met: rate >= 50_000 });
      rows.push({ name: `hub items per CPU-second, ${label}`, value: perCpu, unit: 'items/CPU-s', target: '> 6k (Kubeshark: 5k/s on 0.83 core)', met: perCpu > 6_000 });
    }
    const e2e = await live(pcaps);
    rows.push({
      name: 'end to end: 2 workers replaying and streaming to the hub at once',
      value: e2e.items / e2e.seconds,
      unit: 'items/s',
      note: `dissection + link + ingest sharing ${os.cpus().length} cores`,
    });
    return {
      area: 'hub',
      method:
        `Two worker processes (\`wirehook worker --pcap\`), each replaying its own synthesized HTTP/1.1 capture (${connections.toLocaleString('en')} connections, seeds 1 and 2; ${items.toLocaleString('en')} items in all), ` +
        `stream to a hub in the benchmark process over WebSocket on 127.0.0.1. Burst: the workers replay while the hub is down (everything buffered), then the hub starts; rate and hub CPU from the first to the last item received, median of ${reps} after one warm-up. ` +
        'Live: hub up while the workers replay (one run).',
      rows,
    };
  },
};

