/**
 * The README's first command: `npm start` (its `prestart` builds the dashboard) runs the
 * demo — here on a test port with a temp data dir. The dashboard answers, items of several
 * protocols arrive named after the demo cluster's namespaces, the example scripts seeded
 * into the empty script folder run (pass/fail verdicts on queried items, their metrics on
 * /metrics), and a real Prometheus scraping the node evaluates every query of the shipped
 * Grafana dashboard (examples/grafana/wirehook.json).
 */
import test from 'ava';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DEMO_SCRIPTS } from '../capture/synth/demo/demo-feature.ts';
import { startPrometheus, type PrometheusServer } from '../runtime/metrics/testing/prometheus-server.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const PORT = 18170;
const URL_BASE = `http://127.0.0.1:${PORT}`;

let dataDir = '';
let child: ChildProcess | null = null;
let output = '';
let prometheus: PrometheusServer | null = null;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; wirehook output:\n${output}`);
    await sleep(250);
  }
}

async function getJson(p: string): Promise<any> {
  const res = await fetch(URL_BASE + p);
  if (!res.ok) throw new Error(`${p}: HTTP ${res.status}`);
  return res.json();
}

test.before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'wh-npm-start-'));
  // Its own process group, so the test can stop npm and the node it started together.
  child = spawn('npm', ['start', '--silent', '--', '--port', String(PORT), '--data', dataDir, '--rate', '40'], { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (b: Buffer) => (output += b));
  child.stderr!.on('data', (b: Buffer) => (output += b));
  await until('the dashboard URL', async () => (/wirehook: dashboard http:\/\/127\.0\.0\.1:\d+/.test(output) ? true : undefined), 120_000);
});

test.after.always(async () => {
  await prometheus?.stop();
  if (child?.pid && child.exitCode === null) {
    const exited = new Promise((r) => child!.once('exit', r));
    process.kill(-child.pid, 'SIGTERM');
    await Promise.race([exited, sleep(10_000)]);
    if (child.exitCode === null) process.kill(-child.pid, 'SIGKILL');
  }
  await rm(dataDir, { recursive: true, force: true });
});

test.serial('the dashboard answers on the demo with named, multi-protocol items', async (t) => {
  const home = await fetch(URL_BASE + '/');
  t.is(home.status, 200);
  t.regex(home.headers.get('content-type') ?? '', /text\/html/);
  t.regex(await home.text(), /<script[^>]+src="[^"]*app\.js/);
  const rows = await until('items of the demo', async () => {
    const page = await getJson('/api/items?limit=500');
    const protocols = new Set(page.rows.map((r: any) => r.protocol.abbr));
    return protocols.size >= 5 ? page.rows : undefined;
  });
  const namespaces = new Set(rows.flatMap((r: any) => [r.src.namespace, r.dst.namespace]));
  for (const ns of ['shop', 'payments', 'data', 'kube-system']) t.true(namespaces.has(ns), `namespace ${ns}`);
  t.true(rows.some((r: any) => r.dst.name.startsWith('gateway-')));
});

test.serial('the example scripts seeded into the empty script folder run: verdicts and metrics', async (t) => {
  t.deepEqual((await readdir(path.join(dataDir, 'scripts'))).sort(), [...DEMO_SCRIPTS].sort());
  const list: { id: string; state: string }[] = await getJson('/api/scripts');
  t.deepEqual(list.map((s) => [s.id, s.state]).sort(), [...DEMO_SCRIPTS].sort().map((id) => [id, 'running']));
  const http = (await getJson('/api/items?limit=50&filter=' + encodeURIComponent('http and dst.namespace == "shop"'))).rows[0];
  const { item } = await getJson(`/api/items/${encodeURIComponent(http.id)}`);
  t.true(item.passed === true || item.failed === true, 'pass-fail.js judged the queried item');
  const metrics = await until('the example metrics', async () => {
    const text = await (await fetch(URL_BASE + '/metrics')).text();
    return /^namespace_requests_total\{/m.test(text) && /^service_request_duration_seconds_bucket\{/m.test(text) ? text : undefined;
  });
  t.regex(metrics, /^namespace_requests_total\{[^}]*dst_namespace="shop"/m);
  t.regex(metrics, /^wirehook_items_total\{protocol="HTTP"\} \d+/m);
});

test.serial('every query of the Grafana dashboard evaluates on a real Prometheus scraping the node', async (t) => {
  const dash = JSON.parse(await readFile(path.join(ROOT, 'examples/grafana/wirehook.json'), 'utf8'));
  const exprs: string[] = dash.panels.flatMap((p: any) => (p.targets ?? []).map((x: any) => x.expr));
  t.true(exprs.length >= 15);
  prometheus = await startPrometheus(await mkdtemp(path.join(tmpdir(), 'wh-prom-')), PORT + 1, [`127.0.0.1:${PORT}`]);
  const items = await prometheus.waitFor('sum by (protocol) (rate(wirehook_items_total[1m]))', 30_000);
  t.true(items.length >= 5, JSON.stringify(items));
  for (const q of exprs) await t.notThrowsAsync(prometheus.query(q), q);
  t.true((await prometheus.query('sum by (src_namespace, dst_namespace) (rate(namespace_requests_total[5m]))')).length > 3);
  t.true((await prometheus.query('histogram_quantile(0.95, sum by (le, service) (rate(service_request_duration_seconds_bucket[5m])))')).length > 3);
});
