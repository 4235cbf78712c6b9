/**
 * What scripts may call their metrics and labels (Prometheus data model), and the coded
 * errors the prometheus.* ops throw. Metric names match `[a-zA-Z_:][a-zA-Z0-9_:]*`, label
 * names `[a-zA-Z_][a-zA-Z0-9_]*`. Reserved for the runtime: the `wirehook_` prefix
 * (built-in metrics) and `__` (Prometheus internals) on metric and label names, and the
 * label names `le` (histogram buckets) and `quantile` (summaries).
 */
import type { JsonValue } from '../define-op.ts';

export type MetricErrorCode =
  | 'ERR_METRIC_NAME'
  | 'ERR_METRIC_LABEL'
  | 'ERR_METRIC_CONFLICT'
  | 'ERR_METRIC_VALUE'
  | 'ERR_METRIC_BUCKETS';

/** A refused metric call; the message (shown in the script) says what to change. */
export class MetricError extends Error {
  constructor(
    readonly code: MetricErrorCode,
    message: string,
  ) {
    super(message);
  }
}

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const RESERVED_LABELS = new Set(['le', 'quantile']);
/** Longest metric or label name accepted. */
export const MAX_NAME_LENGTH = 200;
/** Longest label value accepted (characters). */
export const MAX_LABEL_VALUE_LENGTH = 2048;
/** Most labels one metric may have. */
export const MAX_LABELS = 32;

export function checkMetricName(op: string, name: string): void {
  if (name.length > MAX_NAME_LENGTH || !METRIC_NAME.test(name)) {
    throw new MetricError(
      'ERR_METRIC_NAME',
      `${op}: invalid metric name ${JSON.stringify(name)}: use letters, digits, '_' and ':' (not starting with a digit), at most ${MAX_NAME_LENGTH} characters, e.g. "http_requests_total"`,
    );
  }
  if (name.startsWith('wirehook_') || name.startsWith('__')) {
    throw new MetricError('ERR_METRIC_NAME', `${op}: metric name ${JSON.stringify(name)} uses a reserved prefix ("wirehook_" is for built-in metrics, "__" for Prometheus); choose another name`);
  }
}

function checkLabelName(op: string, name: string): void {
  if (name.length > MAX_NAME_LENGTH || !LABEL_NAME.test(name)) {
    throw new MetricError('ERR_METRIC_LABEL', `${op}: invalid label name ${JSON.stringify(name)}: use letters, digits and '_' (not starting with a digit), e.g. "s_pod"`);
  }
  if (name.startsWith('__') || RESERVED_LABELS.has(name)) {
    throw new MetricError('ERR_METRIC_LABEL', `${op}: label name ${JSON.stringify(name)} is reserved by Prometheus; choose another name`);
  }
}

function labelValue(op: string, name: string, v: JsonValue | undefined): string {
  let s: string;
  if (typeof v === 'string') s = v;
  else if (typeof v === 'number' || typeof v === 'boolean') s = String(v);
  else if (v === null || v === undefined) s = '';
  else throw new MetricError('ERR_METRIC_LABEL', `${op}: label ${JSON.stringify(name)} must be a string, number or boolean, got ${Array.isArray(v) ? 'an array' : 'an object'}`);
  if (s.length > MAX_LABEL_VALUE_LENGTH) {
    throw new MetricError('ERR_METRIC_LABEL', `${op}: value of label ${JSON.stringify(name)} is longer than ${MAX_LABEL_VALUE_LENGTH} characters`);
  }
  return s;
}

/** Labels of one call, validated: names sorted, values in the same order. */
export interface LabelSet {
  names: string[];
  values: string[];
}

const NO_LABELS: LabelSet = { names: [], values: [] };

export function parseLabels(op: string, labels: Record<string, JsonValue> | undefined): LabelSet {
  if (!labels) return NO_LABELS;
  const names = Object.keys(labels).sort();
  if (names.length === 0) return NO_LABELS;
  if (names.length > MAX_LABELS) throw new MetricError('ERR_METRIC_LABEL', `${op}: more than ${MAX_LABELS} labels`);
  for (const n of names) checkLabelName(op, n);
  return { names, values: names.map((n) => labelValue(op, n, labels[n])) };
}

/** Default histogram buckets (seconds-oriented, as prom-client and client_golang). */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

/** Bucket upper bounds: finite, strictly increasing, 1–64 of them. */
export function checkBuckets(op: string, buckets: readonly unknown[] | undefined): readonly number[] {
  if (buckets === undefined) return DEFAULT_BUCKETS;
  const ok = buckets.length >= 1 && buckets.length <= 64 && buckets.every((b, i) => typeof b === 'number' && Number.isFinite(b) && (i === 0 || b > (buckets[i - 1] as number)));
  if (!ok) {
    throw new MetricError('ERR_METRIC_BUCKETS', `${op}: buckets must be 1 to 64 finite numbers in increasing order, e.g. [0.1, 0.5, 1, 5] (+Inf is added automatically)`);
  }
  return buckets as number[];
}
