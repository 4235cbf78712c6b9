/**
 * prometheus.* (SCRIPT-API.md §3): metrics scripts define, served on the /metrics of the
 * node that ran the call. Semantics, sharing between scripts, budget and TTL are
 * documented in script-metrics.ts. The store is the node's `services.metrics` (installed
 * by the metrics feature); runs without one (offline `wirehook run`, tests) get a store of
 * their own, so names and values are still checked.
 */
import { arr, args, int, num, obj, optional, str } from '../args.ts';
import { defineOp, type OpContext } from '../define-op.ts';
import type { MetricType } from './metric-family.ts';
import { ScriptMetrics, type MetricCall } from './script-metrics.ts';

/** The node's script-metrics store (created from the config when no feature installed one). */
export function scriptMetricsOf(ctx: Pick<OpContext, 'services' | 'config'>): ScriptMetrics {
  const m = ctx.config.metrics;
  ctx.services.metrics ??= new ScriptMetrics({ seriesLimit: m.scriptSeriesLimit, ttlMs: m.scriptSeriesTtlSec * 1000 });
  return ctx.services.metrics;
}

function record(ctx: OpContext, op: string, call: MetricCall): 'ok' | 'dropped' {
  const store = scriptMetricsOf(ctx);
  const status = store.update(op, ctx.script.id, call);
  if (status === 'dropped' && store.takeWarning(ctx.script.id)) {
    ctx.console.error(
      `${op}: this script holds ${store.seriesLimit} series (metrics.scriptSeriesLimit); calls creating new series are dropped and counted in wirehook_script_series_dropped_total`,
    );
  }
  return status;
}

const METRIC_TYPES: Record<number, MetricType> = { 1: 'counter', 2: 'gauge', 3: 'untyped' };
const name = str('name', { nonEmpty: true, maxLength: 200 });
const help = str('help', { maxLength: 4096 });

export const prometheusOps = [
  defineOp({
    name: 'prometheus.metric',
    kind: 'sync',
    args: args([name, help, int('type', { min: 1, max: 3 }), num('value'), optional(obj('labels'))]),
    signature: '(name: string, help: string, type: 1 | 2 | 3, value: number, labels?: Record<string, string>): void',
    doc:
      'Sets a metric on this node\'s `/metrics`. `type` 1 = counter (`value` is **added**; negative values are an error), 2 = gauge (`value` is set), 3 = untyped (set). ' +
      'Metric and label names must be valid Prometheus names; the prefixes `wirehook_` and `__` are reserved. The first script to use a name defines its type and label names; ' +
      'other scripts may update it if they agree, otherwise the call throws naming the defining script. No `script` label is added. ' +
      'Each script may hold `metrics.scriptSeriesLimit` series (default 10 000; more are dropped and counted); series not updated for `metrics.scriptSeriesTtlSec` (default 600 s) are removed.',
    run(ctx, n, h, type, value, labels) {
      record(ctx, 'prometheus.metric', { name: n, help: h, type: METRIC_TYPES[type], value, labels });
    },
  }),
  defineOp({
    name: 'prometheus.vector',
    kind: 'sync',
    args: args([name, help, int('type', { min: 1, max: 2 }), num('value'), obj('labels')]),
    signature: '(name: string, help: string, type: 1 | 2, value: number, labels: Record<string, string>): string',
    doc:
      'Updates the series of `labels` in a labelled metric: `type` 1 = counter vector (`value` is added), 2 = gauge vector (`value` is set). ' +
      'Returns `"ok"`, or `"dropped"` when this script is at its series budget and `labels` is a new label set. Same naming rules as `prometheus.metric`.',
    run: (ctx, n, h, type, value, labels) => record(ctx, 'prometheus.vector', { name: n, help: h, type: METRIC_TYPES[type], value, labels }),
  }),
  defineOp({
    name: 'prometheus.histogram',
    kind: 'sync',
    args: args([name, help, num('value'), optional(obj('labels')), optional(arr('buckets'))]),
    signature: '(name: string, help: string, value: number, labels?: Record<string, string>, buckets?: number[]): void',
    doc:
      'Observes `value` in a histogram (`_bucket`, `_sum`, `_count` series). `buckets` are the upper bounds, increasing (default 0.005 … 10, suited to seconds; `+Inf` is implicit); ' +
      'every call for the same metric must use the same buckets. Use base units (seconds, bytes) and a unit suffix, e.g. `request_duration_seconds`.',
    run(ctx, n, h, value, labels, buckets) {
      record(ctx, 'prometheus.histogram', { name: n, help: h, type: 'histogram', value, labels, buckets });
    },
  }),
];
