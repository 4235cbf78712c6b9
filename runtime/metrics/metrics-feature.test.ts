import test from 'ava';
import { spawnSync } from 'node:child_process';
import { captureDrops } from './capture-drops.ts';
import { metricsNode, samples, type MetricsNode } from './testing/metrics-node.ts';

let m: MetricsNode;
let text: string;
let contentType: string | null;

test.before(async () => {
  m = await metricsNode();
  captureDrops(m.node, 'live:eth9', 7);
  captureDrops(m.node, 'live:eth9', 2, 'interface');
  const res = await fetch(`${m.node.http!.url}/metrics`);
  contentType = res.headers.get('content-type');
  text = await res.text();
});

test.after.always(async () => {
  await m?.stop();
});

test('GET /metrics answers in the Prometheus text format', (t) => {
  t.is(contentType, 'text/plain; version=0.0.4; charset=utf-8');
  t.regex(text, /^# HELP wirehook_packets_total /m);
  t.regex(text, /^# TYPE wirehook_packets_total counter$/m);
  t.regex(text, /^# TYPE wirehook_tcp_handshake_rtt_seconds histogram$/m);
});

test('capture counters match the captures: packets, bytes, undecoded, anomalies, drops', (t) => {
  const s = samples(text);
  t.is(s.get(`wirehook_packets_total{source="pcap:${m.httpPcap}"}`), m.packets.http);
  t.is(s.get(`wirehook_packets_total{source="pcap:${m.oddPcap}"}`), m.packets.odd);
  t.true((s.get(`wirehook_bytes_total{source="pcap:${m.httpPcap}"}`) ?? 0) > m.packets.http * 54);
  t.is(s.get('wirehook_undecoded_packets_total{reason="decode_error"}'), 1);
  t.is(s.get('wirehook_anomalies_total{name="ipv4_bad_header_len"}'), 1);
  t.is(s.get('wirehook_capture_dropped_packets_total{source="live:eth9",reason="kernel"}'), 7);
  t.is(s.get('wirehook_capture_dropped_packets_total{source="live:eth9",reason="interface"}'), 2);
});

test('flows, items per protocol, unmatched messages and handshake RTT', (t) => {
  const s = samples(text);
  const flows = m.connections + 1;
  t.is(s.get('wirehook_flows_created_total'), flows);
  const ended = ['fin', 'rst', 'idle', 'eof', 'evicted'].reduce((n, r) => n + (s.get(`wirehook_flows_ended_total{reason="${r}"}`) ?? 0), 0);
  t.is(ended, flows, 'every flow ended (end of capture)');
  t.is(s.get('wirehook_flows_active'), 0);
  t.is(s.get('wirehook_items_total{protocol="HTTP"}'), m.items.get('HTTP'));
  t.is(s.get('wirehook_item_bus_items_total'), [...m.items.values()].reduce((a, b) => a + b, 0));
  t.is(s.get('wirehook_unmatched_messages_total{protocol="http",reason="pair_not_found"}'), 1);
  t.is(s.get('wirehook_tcp_handshake_rtt_seconds_count'), flows);
  t.is(s.get('wirehook_reassembly_buffered_bytes'), 0);
});

test('per-script metrics and the script\'s own metrics', (t) => {
  const s = samples(text);
  t.true((s.get('wirehook_script_calls_total{script="status.js"}') ?? 0) > 0);
  t.is(s.get('wirehook_script_errors_total{script="status.js"}'), 0);
  t.is(s.get('wirehook_script_state{script="status.js",state="running"}'), 1);
  t.true((s.get('wirehook_script_heap_bytes{script="status.js"}') ?? 0) > 0);
  t.is(s.get('wirehook_script_series{script="status.js"}'), m.statuses.size + 1);
  t.is(s.get('wirehook_script_series_dropped_total{script="status.js"}'), 0);
  t.true(m.statuses.size >= 2);
  for (const [status, n] of m.statuses) t.is(s.get(`script_http_responses_total{s_status="${status}"}`), n, `status ${status}`);
  const answered = [...m.statuses.values()].reduce((a, b) => a + b, 0);
  t.is(s.get('script_http_elapsed_seconds_count'), answered);
  t.is(s.get('script_http_elapsed_seconds_bucket{le="+Inf"}'), answered);
});

test('promtool check metrics accepts the output', (t) => {
  const r = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  t.is(r.stdout + r.stderr, '');
  t.is(r.status, 0);
});
