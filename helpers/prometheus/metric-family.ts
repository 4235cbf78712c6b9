/**
 * One script-defined metric (a family: name, type, help, label names, histogram buckets)
 * and its series, one per label-value set. A family is defined by the first script that
 * uses the name (its `owner`); later calls must agree on type, label names and buckets.
 * Each series remembers the script that created it (its series count against that
 * script's budget) and when it was last updated (TTL eviction).
 *
 * Label text (`{a="x",b="y"}`) is escaped once, when the series is created, so rendering
 * /metrics is string concatenation.
 */
import type { LabelSet } from './metric-names.ts';

export type MetricType = 'counter' | 'gauge' | 'untyped' | 'histogram';

export interface Series {
  /** `{a="x"}` (escaped), or '' without labels. */
  readonly labelText: string;
  /** Label pairs without braces (`a="x"`), for histogram bucket lines. */
  readonly labelPairs: string;
  /** Counter/gauge/untyped: the value; histogram: the sum of observations. */
  value: number;
  /** Histogram only: observations per bucket (not cumulative; last = above the highest bound). */
  readonly buckets: Float64Array | null;
  /** Histogram only: number of observations. */
  count: number;
  updatedMs: number;
  /** Script id whose budget the series counts against. */
  readonly creator: string;
  /** Its exposition lines, kept once they were rendered twice unchanged; null after an update (see exposition.ts). */
  text: string | null;
  /** Not updated since the last render. */
  quiet: boolean;
}

export interface FamilyDefinition {
  name: string;
  type: MetricType;
  help: string;
  labelNames: readonly string[];
  /** Histogram bucket upper bounds (without +Inf); null for other types. */
  buckets: readonly number[] | null;
}

/** Escapes a label value for the text format (backslash, double quote, newline). */
export function escapeLabelValue(v: string): string {
  return /[\\"\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : v;
}

/**
 * A flat copy of a string built by concatenation (V8 keeps those as trees of pieces, which
 * every later concatenation and join has to walk): series text is built once, read often.
 */
export function flatString(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/** Escapes HELP text (backslash, newline). */
export function escapeHelp(v: string): string {
  return /[\\\n]/.test(v) ? v.replace(/\\/g, '\\\\').replace(/\n/g, '\\n') : v;
}

export class MetricFamily implements FamilyDefinition {
  readonly series = new Map<string, Series>();
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  readonly labelNames: readonly string[];
  readonly buckets: readonly number[] | null;

  constructor(
    def: FamilyDefinition,
    /** Script id that defined it. */
    readonly owner: string,
  ) {
    this.name = def.name;
    this.type = def.type;
    this.help = def.help;
    this.labelNames = def.labelNames;
    this.buckets = def.buckets;
  }

  /** Names this family adds to the exposition (histograms: _bucket, _sum, _count too). */
  exposedNames(): string[] {
    return this.type === 'histogram' ? [this.name, `${this.name}_bucket`, `${this.name}_sum`, `${this.name}_count`] : [this.name];
  }

  /** Why `def` cannot share this family, or null if it can. */
  conflict(def: FamilyDefinition): string | null {
    if (def.type !== this.type) return `it is already a ${this.type}`;
    if (def.labelNames.join(',') !== this.labelNames.join(',')) return `it already has ${this.describeLabels()}`;
    if (this.buckets && def.buckets && def.buckets.join(',') !== this.buckets.join(',')) return `it already has buckets [${this.buckets.join(', ')}]`;
    return null;
  }

  describeLabels(): string {
    return this.labelNames.length ? `labels (${this.labelNames.join(', ')})` : 'no labels';
  }

  /** The series of these label values, or undefined. */
  get(key: string): Series | undefined {
    return this.series.get(key);
  }

  create(key: string, labels: LabelSet, creator: string, nowMs: number): Series {
    const pairs = labels.names.map((n, i) => `${n}="${escapeLabelValue(labels.values[i])}"`).join(',');
    const s: Series = {
      labelText: pairs ? flatString(`{${pairs}}`) : '',
      labelPairs: flatString(pairs),
      value: 0,
      buckets: this.buckets ? new Float64Array(this.buckets.length + 1) : null,
      count: 0,
      updatedMs: nowMs,
      creator,
      text: null,
      quiet: false,
    };
    this.series.set(key, s);
    return s;
  }

  /** Records an observation in a histogram series. */
  observe(s: Series, v: number): void {
    const bounds = this.buckets!;
    let i = 0;
    while (i < bounds.length && v > bounds[i]) i++;
    s.buckets![i]++;
    s.value += v;
    s.count++;
  }
}

/** Map key of a label-value set (values in label-name order). */
export function seriesKey(values: readonly string[]): string {
  return values.length === 0 ? '' : values.length === 1 ? values[0] : values.join('\u0000');
}
