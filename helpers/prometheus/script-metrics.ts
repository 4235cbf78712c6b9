/**
 * The metrics scripts define with prometheus.* (SCRIPT-API.md §3), held per node and
 * rendered on that node's /metrics after the built-in metrics.
 *
 * Semantics **(decided)**:
 * - counter: `value` is added (negative → error); gauge and untyped: `value` is set;
 *   histogram: `value` is observed.
 * - Names are global on the node, and no `script` label is added (Kubeshark dashboards
 *   query the names scripts chose). The first script to use a name defines the metric;
 *   other scripts (and later versions of the same script) may update it if they agree on
 *   type, label names and buckets — they then share its series. A disagreeing call
 *   fails with an error naming the script that defined it. A metric disappears once all
 *   its series have expired, which frees the name.
 * - Budget: each script may hold `seriesLimit` series (counted against the script that
 *   created a series). Calls that would create more are dropped and counted
 *   (`wirehook_script_series_dropped_total{script}`); existing series keep updating.
 * - TTL: a series not updated for `ttlMs` is removed (counted as evicted), so label sets
 *   of pods that went away do not pile up.
 */
import type { JsonValue } from '../define-op.ts';
import { MetricFamily, seriesKey, type FamilyDefinition, type MetricType } from './metric-family.ts';
import { checkBuckets, checkMetricName, MetricError, parseLabels } from './metric-names.ts';

declare module '../define-op.ts' {
  interface OpServices {
    /** Metrics defined by scripts on this node (helpers/prometheus/script-metrics.ts). */
    metrics: ScriptMetrics;
  }
}

export interface ScriptMetricsOptions {
  /** Series each script may create. Default 10 000. */
  seriesLimit?: number;
  /** A series not updated for this long is removed; 0 = never. Default 10 minutes. */
  ttlMs?: number;
  /** Clock for TTLs (default Date.now). */
  now?: () => number;
}

/** Per-script accounting (for metrics and the console warning). */
export interface ScriptSeriesStats {
  /** Series the script created that still exist. */
  series: number;
  /** Calls dropped because the script was at its budget. */
  dropped: number;
  /** Series removed because they were not updated within the TTL. */
  evicted: number;
  /** The over-budget warning was written to the console (reset when back under budget). */
  warned: boolean;
}

export type UpdateMode = 'add' | 'set' | 'observe';

/** One script call: what to define and update. */
export interface MetricCall {
  name: string;
  help: string;
  type: MetricType;
  value: number;
  labels?: Record<string, JsonValue>;
  /** Histogram bucket bounds (default DEFAULT_BUCKETS). */
  buckets?: readonly unknown[];
}

const MODE: Record<MetricType, UpdateMode> = { counter: 'add', gauge: 'set', untyped: 'set', histogram: 'observe' };

export class ScriptMetrics {
  readonly families = new Map<string, MetricFamily>();
  readonly seriesLimit: number;
  readonly ttlMs: number;
  readonly now: () => number;
  /** Every name in the exposition (histograms add _bucket/_sum/_count) → its family. */
  private readonly exposed = new Map<string, MetricFamily>();
  private readonly scripts = new Map<string, ScriptSeriesStats>();
  private nextSweepMs = 0;

  constructor(o: ScriptMetricsOptions = {}) {
    this.seriesLimit = o.seriesLimit ?? 10_000;
    this.ttlMs = o.ttlMs ?? 10 * 60_000;
    this.now = o.now ?? Date.now;
  }

  /**
   * Defines the metric if new (or checks it agrees with the existing one) and updates the
   * series of `call.labels`. Returns 'dropped' when the script is at its series budget.
   * Throws MetricError for invalid names, labels, values and conflicting definitions.
   */
  update(op: string, script: string, call: MetricCall): 'ok' | 'dropped' {
    checkMetricName(op, call.name);
    const labels = parseLabels(op, call.labels);
    const mode = MODE[call.type];
    if (mode === 'add' && call.value < 0) {
      throw new MetricError('ERR_METRIC_VALUE', `${op}: counter "${call.name}" only goes up: value must be >= 0, got ${call.value} (use a gauge for values that go down)`);
    }
    const now = this.now();
    if (now >= this.nextSweepMs) this.sweep(now);
    const buckets = call.type === 'histogram' ? checkBuckets(op, call.buckets) : null;
    const family = this.define(op, script, { name: call.name, type: call.type, help: call.help, labelNames: labels.names, buckets });
    const key = seriesKey(labels.values);
    let s = family.get(key);
    if (s === undefined) {
      const st = this.statsOf(script);
      if (st.series >= this.seriesLimit) {
        st.dropped++;
        return 'dropped';
      }
      st.series++;
      s = family.create(key, labels, script, now);
    }
    s.updatedMs = now;
    s.text = null;
    s.quiet = false;
    if (mode === 'add') s.value += call.value;
    else if (mode === 'set') s.value = call.value;
    else family.observe(s, call.value);
    return 'ok';
  }

  /** True once per over-budget episode of a script: the caller then warns in its console. */
  takeWarning(script: string): boolean {
    const st = this.statsOf(script);
    if (st.warned) return false;
    st.warned = true;
    return true;
  }

  /** Per-script accounting, by script id. */
  scriptStats(): ReadonlyMap<string, Readonly<ScriptSeriesStats>> {
    return this.scripts;
  }

  /** Series currently held, all scripts. */
  get seriesCount(): number {
    let n = 0;
    for (const f of this.families.values()) n += f.series.size;
    return n;
  }

  /** True if the series is past its TTL (rendering skips it; the next sweep removes it). */
  expired(updatedMs: number, nowMs: number): boolean {
    return this.ttlMs > 0 && nowMs - updatedMs > this.ttlMs;
  }

  /** Removes expired series and empty metrics. Runs by itself at most every ttl/4 (≤ 30 s). */
  sweep(nowMs = this.now()): void {
    this.nextSweepMs = nowMs + Math.min(30_000, Math.max(1000, this.ttlMs / 4));
    if (this.ttlMs <= 0) return;
    for (const family of this.families.values()) {
      for (const [key, s] of family.series) {
        if (!this.expired(s.updatedMs, nowMs)) continue;
        family.series.delete(key);
        const st = this.statsOf(s.creator);
        st.series--;
        st.evicted++;
        if (st.series < this.seriesLimit) st.warned = false;
      }
      if (family.series.size === 0) this.forget(family);
    }
  }

  private define(op: string, script: string, def: FamilyDefinition): MetricFamily {
    const existing = this.families.get(def.name);
    if (existing) {
      const why = existing.conflict(def);
      if (why) {
        throw new MetricError(
          'ERR_METRIC_CONFLICT',
          `${op}: metric "${def.name}" cannot be used as a ${def.type} with ${def.labelNames.length ? `labels (${def.labelNames.join(', ')})` : 'no labels'}: ${why} (defined by script "${existing.owner}")`,
        );
      }
      return existing;
    }
    const family = new MetricFamily(def, script);
    for (const n of family.exposedNames()) {
      const other = this.exposed.get(n);
      if (other) {
        throw new MetricError(
          'ERR_METRIC_CONFLICT',
          `${op}: metric "${def.name}" would expose "${n}", which the ${other.type} "${other.name}" already does (defined by script "${other.owner}"); choose another name`,
        );
      }
    }
    this.families.set(def.name, family);
    for (const n of family.exposedNames()) this.exposed.set(n, family);
    return family;
  }

  private forget(family: MetricFamily): void {
    this.families.delete(family.name);
    for (const n of family.exposedNames()) this.exposed.delete(n);
  }

  private statsOf(script: string): ScriptSeriesStats {
    let st = this.scripts.get(script);
    if (!st) {
      st = { series: 0, dropped: 0, evicted: 0, warned: false };
      this.scripts.set(script, st);
    }
    return st;
  }
}
