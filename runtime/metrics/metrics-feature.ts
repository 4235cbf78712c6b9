/**
 * The metrics feature (every role: single, worker, hub): built-in `wirehook_*` metrics on
 * `node.metrics`, the node's script-metrics store as op service `metrics` (prometheus.*),
 * and GET /metrics serving both. Everything built-in is read at scrape time from counters
 * the capture path keeps anyway, or counted per item / per flow sample — nothing per packet.
 * Metric names and meanings: capture-metrics.ts, activity-metrics.ts, capture-drops.ts,
 * script-stats-metrics.ts.
 */
import { ScriptMetrics } from '../../helpers/prometheus/script-metrics.ts';
import { defineFeature } from '../roles/feature.ts';
import { registerActivityMetrics } from './activity-metrics.ts';
import { captureDropsMetric } from './capture-drops.ts';
import { registerCaptureMetrics } from './capture-metrics.ts';
import { mountMetricsRoute } from './metrics-route.ts';
import { registerScriptStatsMetrics } from './script-stats-metrics.ts';

export const metricsFeature = defineFeature({
  name: 'metrics',
  install(node) {
    const cfg = node.config.metrics;
    const store = new ScriptMetrics({ seriesLimit: cfg.scriptSeriesLimit, ttlMs: cfg.scriptSeriesTtlSec * 1000, now: () => node.runtime.clock.now() });
    node.services.metrics = store;
    registerCaptureMetrics(node.metrics, () => node.sources);
    captureDropsMetric(node.metrics);
    registerActivityMetrics(node.metrics, node);
    registerScriptStatsMetrics(node.metrics, () => node.scripts.list(), store);
    mountMetricsRoute(node.router, node.metrics, store);
  },
});
