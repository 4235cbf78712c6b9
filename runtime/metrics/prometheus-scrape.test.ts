import test from 'ava';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { metricsNode } from './testing/metrics-node.ts';
import { startPrometheus } from './testing/prometheus-server.ts';

test('a real Prometheus scrapes /metrics: built-in and script metrics are queryable', async (t) => {
  const m = await metricsNode();
  const prom = await startPrometheus(await mkdtemp(path.join(tmpdir(), 'wirehook-prom-')), 17510, [`127.0.0.1:${m.node.http!.port}`]);
  try {
    const packets = await prom.waitFor(`wirehook_packets_total{source="pcap:${m.httpPcap}"}`);
    t.is(packets.length, 1);
    t.like(packets[0].metric, { __name__: 'wirehook_packets_total', job: 'wirehook', instance: `127.0.0.1:${m.node.http!.port}` });
    t.is(Number(packets[0].value[1]), m.packets.http);

    const items = await prom.query('sum(wirehook_items_total)');
    t.is(Number(items[0].value[1]), [...m.items.values()].reduce((a, b) => a + b, 0));

    const byStatus = await prom.query('script_http_responses_total');
    t.deepEqual(
      Object.fromEntries(byStatus.map((r) => [r.metric.s_status, Number(r.value[1])])),
      Object.fromEntries(m.statuses),
    );
    const p50 = await prom.query('histogram_quantile(0.5, sum by (le) (script_http_elapsed_seconds_bucket))');
    t.true(Number(p50[0].value[1]) > 0 && Number(p50[0].value[1]) <= 1);

    const up = await prom.query('up{job="wirehook"}');
    t.is(up[0].value[1], '1');
  } finally {
    await prom.stop();
    await m.stop();
  }
});
