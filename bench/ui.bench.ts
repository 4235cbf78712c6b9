/**
 * UI benchmark, in Debian's Chromium driven by playwright-core:
 *  1. Map layout: the dashboard's MapLayout with ELK in its Web Worker (fast layered
 *     options), first layout of 50/100/200/500-workload service maps (clusterGraph: 5
 *     tiers, ~2 calls per service, a few cycles and externals), of the 500-workload map as
 *     the UI shows it (largest groups collapsed), and placing 10 new workloads on a laid-out
 *     500-workload map (cached positions, only the new nodes laid out). Median of reps.
 *  2. Streaming: the real dashboard (built UI, real node and WebSocket) on the traffic
 *     page while a paced source produces 1,000 HTTP items/s: rows shown per second, the
 *     main thread's long tasks (PerformanceObserver 'longtask') and frame intervals.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { ensureUiBuilt, UI_ROOT } from '../web/ui/build.ts';
import { buildView } from '../web/ui/src/maps/graph-model.ts';
import { DEFAULT_SETTINGS } from '../web/ui/src/maps/edge-metrics.ts';
import { launchChromium, openDashboard } from '../web/ui/testing/browser.ts';
import { clusterGraph, l7MapOf } from '../web/ui/testing/map-fixtures.ts';
import { startTestNode } from '../web/ui/testing/node-server.ts';
import { pacedHttpSource } from '../web/ui/testing/paced-http-source.ts';
import { median, type Bench, type BenchRow } from './harness.ts';

/** The probe page's API (testing/layout-probe.ts), as the page exposes it. */
interface Probe {
  full(nodes: Graph['nodes'], edges: Graph['edges']): Promise<number>;
  incremental(nodes: Graph['nodes'], edges: Graph['edges'], extraNodes: Graph['nodes'], extraEdges: Graph['edges']): Promise<{ ms: number; strategy: string }>;
  longTasks(): number[];
}

/** What the probe page's global object holds (callbacks below run in the page: casts only, no helpers). */
type ProbeGlobal = { wirehookLayoutProbe: Probe };

type Graph = { nodes: { id: string; label: string; members?: number }[]; edges: { source: string; target: string }[] };

function viewGraph(workloads: number, collapseAbove: number, seed = 7): Graph {
  const v = buildView('l7', l7MapOf(clusterGraph(workloads, { seed })), { settings: DEFAULT_SETTINGS, collapseAbove, expanded: new Set(), hidden: new Set(), focus: null });
  return { nodes: v.nodes.map((n) => ({ id: n.id, label: n.label, members: n.members })), edges: v.edges.map((e) => ({ source: e.source, target: e.target })) };
}

/** The probe page (layout-probe.ts bundled) and elkjs' worker, served from a temp folder. */
async function probeServer(dir: string): Promise<{ url: string; close: () => Promise<void> }> {
  await build({ entryPoints: [path.join(UI_ROOT, 'testing/layout-probe.ts')], outfile: path.join(dir, 'probe.js'), bundle: true, format: 'esm', minify: true, logLevel: 'silent' });
  const require = createRequire(import.meta.url);
  copyFileSync(path.join(path.dirname(require.resolve('elkjs/package.json')), 'lib/elk-worker.min.js'), path.join(dir, 'elk-worker.min.js'));
  writeFileSync(path.join(dir, 'index.html'), '<!doctype html><meta charset="utf-8"><title>layout probe</title><script type="module" src="probe.js"></script>');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript' };
  const server = http.createServer((req, res) => {
    const name = (req.url ?? '/').split('?')[0] === '/' ? 'index.html' : path.basename(req.url!.split('?')[0]);
    try {
      const body = readFileSync(path.join(dir, name));
      res.writeHead(200, { 'content-type': types[path.extname(name)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

async function layoutRows(browser: Browser, quick: boolean): Promise<BenchRow[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wirehook-ui-bench-'));
  const srv = await probeServer(dir);
  const rows: BenchRow[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(srv.url);
    await page.waitForFunction(() => 'wirehookLayoutProbe' in globalThis);
    const full = async (g: Graph) => page.evaluate((x) => (globalThis as unknown as ProbeGlobal).wirehookLayoutProbe.full(x.nodes, x.edges), g);
    const targets: Record<number, number> = { 100: 1000, 500: 6000 };
    for (const n of [50, 100, 200, 500]) {
      const g = viewGraph(n, Infinity);
      const reps = quick || n >= 500 ? 3 : 5;
      await full(g);
      const ms: number[] = [];
      for (let i = 0; i < reps; i++) ms.push(await full(g));
      const t = targets[n];
      rows.push({ name: `layout ${n} workloads (${g.nodes.length} nodes, ${g.edges.length} edges), Web Worker`, value: median(ms), unit: 'ms', ...(t ? { target: `≤ ${t} ms`, met: median(ms) <= t } : {}) });
    }
    const collapsed = viewGraph(500, 40);
    await full(collapsed);
    const cms: number[] = [];
    for (let i = 0; i < 3; i++) cms.push(await full(collapsed));
    rows.push({ name: `layout 500 workloads as shown (largest groups collapsed to ≤ 40 where possible: ${collapsed.nodes.length} nodes)`, value: median(cms), unit: 'ms', note: 'what the map lays out at 200+ workloads' });

    const base = viewGraph(500, Infinity);
    const extra = Array.from({ length: 10 }, (_, i) => ({ id: `svc:new/extra-${i}`, label: `extra-${i}` }));
    const extraEdges = extra.map((x, i) => ({ source: base.nodes[i * 7].id, target: x.id }));
    const inc = await page.evaluate((x) => (globalThis as unknown as ProbeGlobal).wirehookLayoutProbe.incremental(x.b.nodes, x.b.edges, x.extra, x.extraEdges), { b: base, extra, extraEdges });
    rows.push({ name: '10 new workloads on a laid-out 500-workload map (cached positions)', value: inc.ms, unit: 'ms', note: inc.strategy });
    const longest = Math.max(0, ...(await page.evaluate(() => (globalThis as unknown as ProbeGlobal).wirehookLayoutProbe.longTasks())));
    rows.push({ name: 'longest main-thread task during all layouts', value: longest, unit: 'ms', target: '≤ 200 ms', met: longest <= 200 });
    await page.close();
  } finally {
    await srv.close();
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

async function streamingRows(browser: Browser, quick: boolean): Promise<BenchRow[]> {
  await ensureUiBuilt();
  const dir = mkdtempSync(path.join(os.tmpdir(), 'wirehook-ui-stream-'));
  for (const d of ['data', 'scripts']) mkdirSync(path.join(dir, d));
  const node = await startTestNode({ port: 0, dataDir: path.join(dir, 'data'), scriptsDir: path.join(dir, 'scripts') });
  const rate = 1000;
  const source = pacedHttpSource({ rate });
  try {
    node.node.runSource(source);
    const dash = await openDashboard(browser, node.url, { token: node.token });
    const page = dash.page;
    // A string, not a function: tsx's name helpers do not exist in the page.
    await page.evaluate(`(() => {
      const w = window;
      w.__perf = { tasks: [], frames: [] };
      new PerformanceObserver((l) => l.getEntries().forEach((e) => w.__perf.tasks.push(e.duration))).observe({ type: 'longtask' });
      let last = performance.now();
      const tick = (t) => { w.__perf.frames.push(t - last); last = t; requestAnimationFrame(tick); };
      requestAnimationFrame(tick);
    })()`);
    await page.locator('[data-testid=live-state]', { hasText: 'live' }).waitFor();
    await page.waitForTimeout(2000);
    const count = () => page.evaluate(`Number(document.querySelector('[role=grid]')?.getAttribute('aria-rowcount') ?? 0)`) as Promise<number>;
    await page.evaluate(`window.__perf.tasks = []; window.__perf.frames = [];`);
    const rows0 = await count();
    const seconds = quick ? 5 : 10;
    const t0 = Date.now();
    await page.waitForTimeout(seconds * 1000);
    const elapsed = (Date.now() - t0) / 1000;
    const rows1 = await count();
    const perf = (await page.evaluate('window.__perf')) as { tasks: number[]; frames: number[] };
    const frames = [...perf.frames].sort((a, b) => a - b);
    const p95 = frames.length ? frames[Math.min(frames.length - 1, Math.floor(frames.length * 0.95))] : 0;
    const longest = Math.max(0, ...perf.tasks);
    await dash.context.close();
    return [
      { name: `rows shown per second while ${rate} items/s stream in`, value: (rows1 - rows0) / elapsed, unit: 'rows/s', target: `≈ ${rate}`, met: (rows1 - rows0) / elapsed >= rate * 0.9 },
      { name: 'longest main-thread task while streaming', value: longest, unit: 'ms', target: '≤ 200 ms', met: longest <= 200 },
      { name: 'long tasks (> 50 ms) while streaming', value: perf.tasks.length, unit: `in ${seconds} s` },
      { name: 'frame interval p50 while streaming', value: median(perf.frames), unit: 'ms' },
      { name: 'frame interval p95 while streaming', value: p95, unit: 'ms' },
    ];
  } finally {
    await node.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const uiBench: Bench = {
  area: 'ui',
  async run({ quick }) {
    const browser = await launchChromium();
    try {
      const rows = [...(await layoutRows(browser, quick)), ...(await streamingRows(browser, quick))];
      return {
        area: 'ui',
        method:
          'Chromium (Debian) via playwright-core, 1280×800. Layout: the dashboard MapLayout, elkjs 0.12.1 layered with the fast options (LONGEST_PATH, BRANDES_KOEPF, thoroughness 1) in its Web Worker, timed in the page; seeded 5-tier service maps; median of 3–5 runs after a warm-up. Streaming: real node + WebSocket + built UI on the traffic page, 1,000 HTTP items/s from a paced source, observed for 10 s (5 s quick) after 2 s warm-up.',
        rows,
      };
    } finally {
      await browser.close();
    }
  },
};
