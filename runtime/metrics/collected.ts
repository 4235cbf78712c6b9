/**
 * Built-in metrics read at scrape time (prom-client `collect`): the capture path only
 * keeps its own plain counters (PipelineStats, FlowTableStats, Weirds …) and never pays
 * for metrics; a scrape copies their current totals into the metric. `values()` returns
 * the complete current set of series, so series that disappeared (a script unloaded) are
 * dropped from the output.
 */
import { Counter, Gauge, type Registry } from 'prom-client';

export type Sample<L extends string> = [labels: Partial<Record<L, string>>, value: number];

export interface CollectedSpec<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
  values(): Iterable<Sample<L>>;
}

/** A counter whose totals are read from elsewhere at scrape time (must only grow, except after a reset of the source). */
export function collectedCounter<L extends string>(registry: Registry, spec: CollectedSpec<L>): Counter<L> {
  return new Counter<L>({
    name: spec.name,
    help: spec.help,
    labelNames: spec.labelNames ?? [],
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, v] of spec.values()) if (v > 0 || Object.keys(labels).length) this.inc(labels, Math.max(0, v));
    },
  });
}

/** A gauge whose values are read at scrape time. */
export function collectedGauge<L extends string>(registry: Registry, spec: CollectedSpec<L>): Gauge<L> {
  return new Gauge<L>({
    name: spec.name,
    help: spec.help,
    labelNames: spec.labelNames ?? [],
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, v] of spec.values()) this.set(labels, v);
    },
  });
}

/** Sum of `f` over `xs`. */
export function sum<T>(xs: Iterable<T>, f: (x: T) => number): number {
  let n = 0;
  for (const x of xs) n += f(x);
  return n;
}

/** Adds the entries of `m` into `into`. */
export function addCounts(into: Map<string, number>, m: Iterable<[string, number]>): Map<string, number> {
  for (const [k, v] of m) into.set(k, (into.get(k) ?? 0) + v);
  return into;
}
