/**
 * Metrics benchmark: GET /metrics of a node holding 1k, 10k and 100k script-metric series
 * (plus the built-in registry) — wall time of a full scrape and the longest event-loop
 * block during it (largest gap between ticks of a 1 ms timer; the scrape's HTTP client runs
 * in the same process, so its parsing is included), next to the same measurement on an
 * idle loop (machine noise). For comparison, the same series rendered by prom-client in
 * one synchronous `registry.metrics()` call.
 * Series: 10 gauge/counter families × N/10 label sets of 3 labels (pod, namespace, path).
 */
import Router from '@koa/router';
import http from 'node:http';
import { Gauge, Registry } from 'prom-client';
import { ScriptMetrics } from '../helpers/prometheus/script-metrics.ts';
import { registerCaptureMetrics } from '../runtime/metrics/capture-metrics.ts';
import { mountMetricsRoute } from '../runtime/metrics/metrics-route.ts';
import { createApp, listen } from '../web/server/http-server.ts';
import { median, type Bench, type BenchRow } from './harness.ts';

const SIZES = [1_000, 10_000, 100_000];
const BLOCK_TARGET_MS = 50;

/** Sets every one of the `n` series (creating them on the first call). */
function fill(store: ScriptMetrics, n: number, round: number): void {
  for (let i = 0; i < n; i++) {
    const f = i % 10;
    store.update('bench', 'bench.js', {
      name: `bench_family_${f}${f % 2 ? '_total' : ''}`,
      help: `Family ${f}.`,
      type: f % 2 ? 'counter' : 'gauge',
      value: i + round,
      labels: { s_pod: `pod-${Math.floor(i / 10)}`, s_namespace: `ns-${i % 17}`, s_path: `/api/v1/items/${i % 101}` },
    });
  }
}

/** Watches the event loop with a 1 ms interval; `stop()` returns the longest gap between ticks, ms. */
function watchLoop(): { stop(): number } {
  let last = performance.now();
  let max = 0;
  const t = setInterval(() => {
    const now = performance.now();
    max = Math.max(max, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(t);
      return Math.max(max, performance.now() - last);
    },
  };
}

/** Longest event-loop gap of an idle process over `ms` (the machine's own scheduling noise). */
async function idleGap(ms: number): Promise<number> {
  const w = watchLoop();
  await new Promise((r) => setTimeout(r, ms));
  return w.stop();
}

/** Bytes of one GET, and its wall time and the longest event-loop block while it ran. */
async function scrape(url: string): Promise<{ ms: number; blockMs: number; bytes: number }> {
  const h = watchLoop();
  const t0 = performance.now();
  const bytes = await new Promise<number>((resolve, reject) => {
    http
      .get(url, (res) => {
        let n = 0;
        res.on('data', (c: Buffer) => (n += c.length));
        res.on('end', () => resolve(n));
      })
      .on('error', reject);
  });
  const ms = performance.now() - t0;
  return { ms, blockMs: h.stop(), bytes };
}

function promClientBlockMs(n: number): number {
  const reg = new Registry();
  const gauges = Array.from({ length: 10 }, (_, f) => new Gauge({ name: `bench_family_${f}`, help: `Family ${f}.`, labelNames: ['s_pod', 's_namespace', 's_path'], registers: [reg] }));
  for (let i = 0; i < n; i++) gauges[i % 10].set({ s_pod: `pod-${Math.floor(i / 10)}`, s_namespace: `ns-${i % 17}`, s_path: `/api/v1/items/${i % 101}` }, i);
  const t0 = performance.now();
  void reg.metrics();
  return performance.now() - t0;
}

interface Runs {
  ms: number[];
  block: number[];
  idle: number[];
  bytes: number;
}

/** `reps` scrapes of a store with `n` series; `changed` = every series updated before each scrape. */
async function measure(n: number, reps: number, changed: boolean): Promise<Runs> {
  const store = new ScriptMetrics({ seriesLimit: n });
  fill(store, n, 0);
  const registry = new Registry();
  registerCaptureMetrics(registry, () => []);
  const router = new Router();
  mountMetricsRoute(router, registry, store);
  const server = await listen(createApp(router, () => ({})), '127.0.0.1', 0);
  const url = `${server.url}/metrics`;
  await scrape(url);
  const out: Runs = { ms: [], block: [], idle: [], bytes: 0 };
  for (let i = 0; i < reps; i++) {
    if (changed) fill(store, n, i + 1);
    const r = await scrape(url);
    out.ms.push(r.ms);
    out.block.push(r.blockMs);
    out.bytes = r.bytes;
    out.idle.push(await idleGap(Math.max(20, r.ms)));
  }
  await server.close();
  return out;
}

export const metricsBench: Bench = {
  area: 'metrics',
  async run({ quick }) {
    const reps = quick ? 3 : 7;
    const rows: BenchRow[] = [];
    for (const n of SIZES) {
      for (const changed of [false, true]) {
        const r = await measure(n, reps, changed);
        const label = `${n.toLocaleString('en')} series${changed ? ', all updated before each scrape' : ''}`;
        const typical = median(r.block);
        const target = n === 100_000;
        rows.push({ name: `scrape time, ${label}`, value: median(r.ms), unit: 'ms', note: `${(r.bytes / 1e6).toFixed(1)} MB` });
        rows.push({
          name: `longest event-loop block in a scrape, ${label}`,
          value: typical,
          unit: 'ms',
          target: target ? `≤ ${BLOCK_TARGET_MS}` : undefined,
          met: target ? typical <= BLOCK_TARGET_MS : undefined,
          note: `median over ${reps} scrapes; worst ${Math.max(...r.block).toFixed(0)} ms; idle-loop noise ${median(r.idle).toFixed(0)} ms`,
        });
      }
    }
    rows.push({ name: 'for comparison: prom-client registry.metrics(), 100,000 series, one synchronous render', value: promClientBlockMs(100_000), unit: 'ms' });
    return {
      area: 'metrics',
      method:
        `GET /metrics over loopback against the node's route (built-in registry + script metrics store), 10 families × N/10 series of 3 labels, ` +
        `series unchanged between scrapes (cached text) or all updated before each scrape (every line re-rendered); one warm-up, then ${reps} scrapes. ` +
        `Block = longest gap between ticks of a 1 ms interval timer during a scrape (client in the same process); it includes GC pauses and time the OS did not run the process, ` +
        `so the same measurement on an idle event loop right after each scrape is given as the machine's noise floor.`,
      rows,
    };
  },
};
