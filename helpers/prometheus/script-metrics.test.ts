import test from 'ava';
import { renderScriptMetrics } from './exposition.ts';
import { MetricError } from './metric-names.ts';
import { ScriptMetrics } from './script-metrics.ts';

async function text(store: ScriptMetrics): Promise<string> {
  let out = '';
  for await (const chunk of renderScriptMetrics(store)) out += chunk;
  return out;
}

function codeOf(f: () => unknown): [string, string] | undefined {
  try {
    f();
  } catch (e) {
    if (e instanceof MetricError) return [e.code, e.message];
    throw e;
  }
  return undefined;
}

test('counter adds, gauge and untyped set, histogram observes; exposition text', async (t) => {
  const m = new ScriptMetrics();
  m.update('op', 'a.js', { name: 'requests_total', help: 'Requests.', type: 'counter', value: 2, labels: { s_pod: 'web-1', code: 200 } });
  m.update('op', 'a.js', { name: 'requests_total', help: 'Requests.', type: 'counter', value: 3, labels: { code: 200, s_pod: 'web-1' } });
  m.update('op', 'a.js', { name: 'requests_total', help: 'Requests.', type: 'counter', value: 1, labels: { s_pod: 'we"b\\2\n', code: 500 } });
  m.update('op', 'a.js', { name: 'temperature', help: 'Line 1\nand \\ 2', type: 'gauge', value: 5 });
  m.update('op', 'a.js', { name: 'temperature', help: 'Line 1\nand \\ 2', type: 'gauge', value: -1.5 });
  m.update('op', 'a.js', { name: 'raw', help: '', type: 'untyped', value: 7 });
  for (const v of [0.05, 0.3, 0.3, 2]) m.update('op', 'a.js', { name: 'latency_seconds', help: 'Latency.', type: 'histogram', value: v, labels: { path: '/x' }, buckets: [0.1, 0.5, 1] });
  t.is(
    await text(m),
    [
      '# HELP requests_total Requests.',
      '# TYPE requests_total counter',
      'requests_total{code="200",s_pod="web-1"} 5',
      'requests_total{code="500",s_pod="we\\"b\\\\2\\n"} 1',
      '# HELP temperature Line 1\\nand \\\\ 2',
      '# TYPE temperature gauge',
      'temperature -1.5',
      '# TYPE raw untyped',
      'raw 7',
      '# HELP latency_seconds Latency.',
      '# TYPE latency_seconds histogram',
      'latency_seconds_bucket{path="/x",le="0.1"} 1',
      'latency_seconds_bucket{path="/x",le="0.5"} 3',
      'latency_seconds_bucket{path="/x",le="1"} 3',
      'latency_seconds_bucket{path="/x",le="+Inf"} 4',
      'latency_seconds_sum{path="/x"} 2.65',
      'latency_seconds_count{path="/x"} 4',
      '',
    ].join('\n'),
  );
});

test('invalid and reserved names, labels, values and buckets are coded errors', (t) => {
  const m = new ScriptMetrics();
  const call = (o: Partial<Parameters<ScriptMetrics['update']>[2]>) => () => m.update('prometheus.metric', 'a.js', { name: 'x', help: '', type: 'gauge', value: 1, ...o });
  t.deepEqual(codeOf(call({ name: '1abc' }))?.[0], 'ERR_METRIC_NAME');
  t.regex(codeOf(call({ name: 'a-b' }))![1], /^prometheus\.metric: invalid metric name "a-b": use letters/);
  t.regex(codeOf(call({ name: 'wirehook_packets_total' }))![1], /reserved prefix/);
  t.deepEqual(codeOf(call({ name: '__x' }))?.[0], 'ERR_METRIC_NAME');
  t.regex(codeOf(call({ labels: { 'bad-label': 'v' } }))![1], /invalid label name "bad-label"/);
  t.regex(codeOf(call({ labels: { le: '1' } }))![1], /label name "le" is reserved/);
  t.regex(codeOf(call({ labels: { __name__: 'y' } }))![1], /reserved/);
  t.regex(codeOf(call({ labels: { a: { nested: 1 } } }))![1], /label "a" must be a string, number or boolean, got an object/);
  t.deepEqual(codeOf(call({ type: 'counter', value: -1 })), [
    'ERR_METRIC_VALUE',
    'prometheus.metric: counter "x" only goes up: value must be >= 0, got -1 (use a gauge for values that go down)',
  ]);
  t.is(codeOf(call({ type: 'histogram', buckets: [1, 1] }))?.[0], 'ERR_METRIC_BUCKETS');
  t.is(codeOf(call({ type: 'histogram', buckets: [] }))?.[0], 'ERR_METRIC_BUCKETS');
  t.is(m.families.size, 0, 'nothing was defined by refused calls');
});

test('two scripts: same definition shares the metric; a different one names the owner', async (t) => {
  const m = new ScriptMetrics();
  m.update('op', 'a.js', { name: 'dns_requests', help: 'DNS.', type: 'counter', value: 1, labels: { s_pod: 'p1' } });
  m.update('op', 'b.js', { name: 'dns_requests', help: 'other help', type: 'counter', value: 2, labels: { s_pod: 'p1' } });
  t.regex(await text(m), /# HELP dns_requests DNS\.\n# TYPE dns_requests counter\ndns_requests\{s_pod="p1"\} 3\n/);
  t.deepEqual(codeOf(() => m.update('prometheus.vector', 'b.js', { name: 'dns_requests', help: '', type: 'gauge', value: 1, labels: { s_pod: 'p1' } })), [
    'ERR_METRIC_CONFLICT',
    'prometheus.vector: metric "dns_requests" cannot be used as a gauge with labels (s_pod): it is already a counter (defined by script "a.js")',
  ]);
  t.regex(codeOf(() => m.update('op', 'b.js', { name: 'dns_requests', help: '', type: 'counter', value: 1, labels: { pod: 'p1' } }))![1], /it already has labels \(s_pod\) \(defined by script "a\.js"\)/);
  m.update('op', 'a.js', { name: 'rtt', help: '', type: 'histogram', value: 1 });
  t.regex(codeOf(() => m.update('op', 'b.js', { name: 'rtt_count', help: '', type: 'gauge', value: 1 }))![1], /would expose "rtt_count", which the histogram "rtt" already does \(defined by script "a\.js"\)/);
  t.regex(codeOf(() => m.update('op', 'b.js', { name: 'rtt', help: '', type: 'histogram', value: 1, buckets: [1, 2] }))![1], /already has buckets \[0\.005/);
});

test('series budget per script: new series dropped and counted, existing ones keep updating', async (t) => {
  const m = new ScriptMetrics({ seriesLimit: 3 });
  const results = [];
  for (let i = 0; i < 5; i++) results.push(m.update('op', 'a.js', { name: 'hits', help: '', type: 'gauge', value: i, labels: { n: i } }));
  t.deepEqual(results, ['ok', 'ok', 'ok', 'dropped', 'dropped']);
  t.is(m.update('op', 'a.js', { name: 'hits', help: '', type: 'gauge', value: 42, labels: { n: 0 } }), 'ok');
  t.is(m.update('op', 'b.js', { name: 'hits', help: '', type: 'gauge', value: 9, labels: { n: 9 } }), 'ok', 'another script has its own budget');
  t.like(m.scriptStats().get('a.js'), { series: 3, dropped: 2 });
  t.true(m.takeWarning('a.js'));
  t.false(m.takeWarning('a.js'), 'the warning is given once');
  const out = await text(m);
  t.regex(out, /hits\{n="0"\} 42\n/);
  t.notRegex(out, /n="3"/);
});

test('TTL: series not updated are skipped, then evicted; an empty metric frees its name', async (t) => {
  let now = 1_000_000;
  const m = new ScriptMetrics({ ttlMs: 60_000, seriesLimit: 1, now: () => now });
  m.update('op', 'a.js', { name: 'old_metric', help: '', type: 'gauge', value: 1, labels: { pod: 'gone' } });
  t.is(m.update('op', 'a.js', { name: 'old_metric', help: '', type: 'gauge', value: 1, labels: { pod: 'new' } }), 'dropped');
  now += 61_000;
  t.is(await text(m), '', 'expired series are not rendered');
  m.sweep();
  t.like(m.scriptStats().get('a.js'), { series: 0, evicted: 1, warned: false });
  t.is(m.families.size, 0);
  t.is(m.update('op', 'b.js', { name: 'old_metric', help: '', type: 'counter', value: 1 }), 'ok', 'the name is free again');
  t.is(m.families.get('old_metric')?.owner, 'b.js');
});

test('rendering yields to the event loop between slices', async (t) => {
  const m = new ScriptMetrics({ seriesLimit: 100_000 });
  for (let i = 0; i < 50_000; i++) m.update('op', 'a.js', { name: 'big', help: 'Big.', type: 'gauge', value: i, labels: { pod: `pod-${i}`, namespace: `ns-${i % 7}` } });
  let turns = 0;
  const ticker = setInterval(() => turns++, 0);
  let chunks = 0;
  let lines = 0;
  for await (const chunk of renderScriptMetrics(m, { sliceMs: 1 })) {
    chunks++;
    t.true(chunk.endsWith('\n'));
    lines += chunk.split('\n').length - 1;
  }
  clearInterval(ticker);
  t.is(lines, 50_002);
  t.true(chunks > 1);
  t.true(turns > 0, 'timers ran while the render was in progress');
});

test('rendered text follows every update (text kept for steady series is dropped on update)', async (t) => {
  const m = new ScriptMetrics();
  const set = (v: number) => m.update('op', 'a.js', { name: 'g', help: '', type: 'gauge', value: v, labels: { k: 'x' } });
  const observe = (v: number) => m.update('op', 'a.js', { name: 'h', help: '', type: 'histogram', value: v, buckets: [1] });
  set(1);
  observe(0.5);
  for (let i = 0; i < 3; i++) {
    const out = await text(m);
    t.regex(out, /^g\{k="x"\} 1$/m);
    t.regex(out, /^h_count 1$/m);
  }
  set(2);
  observe(5);
  const out = await text(m);
  t.regex(out, /^g\{k="x"\} 2$/m);
  t.regex(out, /^h_bucket\{le="1"\} 1\nh_bucket\{le="\+Inf"\} 2\nh_sum 5\.5\nh_count 2$/m);
});
