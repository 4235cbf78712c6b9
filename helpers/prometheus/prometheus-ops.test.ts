import test from 'ava';
import type { OpServices } from '../define-op.ts';
import { harness } from '../../runtime/testing/harness.ts';
import { httpItem } from '../../runtime/testing/items.ts';
import { renderScriptMetrics } from './exposition.ts';
import type { ScriptMetrics } from './script-metrics.ts';

async function text(store: ScriptMetrics | undefined): Promise<string> {
  let out = '';
  for await (const chunk of renderScriptMetrics(store!)) out += chunk;
  return out;
}

test('prometheus.metric / vector / histogram from a script (Kubeshark-style calls)', async (t) => {
  const services: Partial<OpServices> = {};
  const h = await harness(
    {
      'm.js': `function onItemCaptured(data) {
  prometheus.metric("items_seen_total", "Items seen.", 1, 1);
  prometheus.metric("last_status", "Last status.", 2, data.response.status, { s_path: data.request.path });
  prometheus.metric("raw_value", "Raw.", 3, 0.5);
  console.log(prometheus.vector("http_status_total", "By status.", 1, 1, { s_status: data.response.status, s_active: true }));
  prometheus.vector("pending", "Pending by path.", 2, 7, { s_path: data.request.path });
  prometheus.histogram("body_bytes", "Response body size.", data.responseSize, { s_path: data.request.path }, [100, 1000, 10000]);
}`,
    },
    { runtime: { services } },
  );
  await h.items([httpItem({ status: 200, path: '/a' }), httpItem({ status: 500, path: '/a' }), httpItem({ status: 200, path: '/b' })]);
  t.deepEqual(h.lines('m.js'), ['ok', 'ok', 'ok']);
  const out = await text(services.metrics);
  t.regex(out, /# TYPE items_seen_total counter\nitems_seen_total 3\n/);
  t.regex(out, /last_status\{s_path="\/a"\} 500\nlast_status\{s_path="\/b"\} 200\n/);
  t.regex(out, /# TYPE raw_value untyped\nraw_value 0\.5\n/);
  t.regex(out, /http_status_total\{s_active="true",s_status="200"\} 2\nhttp_status_total\{s_active="true",s_status="500"\} 1\n/);
  t.regex(out, /pending\{s_path="\/a"\} 7\n/);
  t.regex(out, /body_bytes_bucket\{s_path="\/a",le="\+Inf"\} 2\nbody_bytes_sum\{s_path="\/a"\} \d+\nbody_bytes_count\{s_path="\/a"\} 2\n/);
  h.stop();
});

test('prometheus.* errors reach the script as clear messages', async (t) => {
  const services: Partial<OpServices> = {};
  const h = await harness(
    {
      'a.js': `prometheus.vector("shared_total", "Shared.", 1, 1, { s_pod: "p" });`,
      'b.js': `function attempt(f) { try { f(); console.log("no error"); } catch (e) { console.log(e.message); } }
attempt(function () { prometheus.metric("bad name", "x", 2, 1); });
attempt(function () { prometheus.metric("wirehook_packets_total", "x", 2, 1); });
attempt(function () { prometheus.metric("x_total", "x", 1, -3); });
attempt(function () { prometheus.metric("x", "x", 4, 1); });
attempt(function () { prometheus.vector("v", "x", 3, 1, {}); });
attempt(function () { prometheus.vector("shared_total", "x", 2, 1, { s_pod: "p" }); });
attempt(function () { prometheus.vector("shared_total", "x", 1, 1, { s_pod: "q" }); });
attempt(function () { prometheus.histogram("h", "x", 1, {}, [5, 1]); });
attempt(function () { prometheus.metric("m", "x", 2, NaN); });`,
    },
    { runtime: { services } },
  );
  t.deepEqual(h.lines('b.js'), [
    'prometheus.metric: invalid metric name "bad name": use letters, digits, \'_\' and \':\' (not starting with a digit), at most 200 characters, e.g. "http_requests_total"',
    'prometheus.metric: metric name "wirehook_packets_total" uses a reserved prefix ("wirehook_" is for built-in metrics, "__" for Prometheus); choose another name',
    'prometheus.metric: counter "x_total" only goes up: value must be >= 0, got -3 (use a gauge for values that go down)',
    'prometheus.metric: argument 3 (type) must be at most 3, got 4',
    'prometheus.vector: argument 3 (type) must be at most 2, got 3',
    'prometheus.vector: metric "shared_total" cannot be used as a gauge with labels (s_pod): it is already a counter (defined by script "a.js")',
    'no error',
    'prometheus.histogram: buckets must be 1 to 64 finite numbers in increasing order, e.g. [0.1, 0.5, 1, 5] (+Inf is added automatically)',
    'prometheus.metric: argument 4 (value) must be a finite number, got null',
  ]);
  t.regex(await text(services.metrics), /shared_total\{s_pod="p"\} 1\nshared_total\{s_pod="q"\} 1\n/);
  h.stop();
});

test('series budget: the script is told once, the vector status says "dropped"', async (t) => {
  const services: Partial<OpServices> = {};
  const h = await harness(
    {
      'many.js': `var s = [];
for (var i = 0; i < 5; i++) s.push(prometheus.vector("per_pod", "x", 2, i, { s_pod: "pod-" + i }));
console.log(s.join(","));`,
    },
    { runtime: { services }, config: (c) => (c.metrics.scriptSeriesLimit = 3) },
  );
  const lines = h.rt.console('many.js').lines();
  t.deepEqual(
    lines.map((l) => [l.level, l.text]),
    [
      ['error', 'prometheus.vector: this script holds 3 series (metrics.scriptSeriesLimit); calls creating new series are dropped and counted in wirehook_script_series_dropped_total'],
      ['log', 'ok,ok,ok,dropped,dropped'],
    ],
  );
  t.like(services.metrics!.scriptStats().get('many.js'), { series: 3, dropped: 2 });
  h.stop();
});
