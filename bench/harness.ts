/**
 * Benchmark harness. Each area file (`<area>.bench.ts`) exports a `Bench`; `run.ts`
 * runs the selected ones (all by default), prints one table per area and rewrites
 * RESULTS.md with the machine, date and versions. Benchmarks are never part of `npm test`.
 *
 * Methodology (shared by all areas unless a bench says otherwise): corpora are generated
 * by our own writer/generator with a fixed seed; one warm-up pass; then N repetitions and
 * the median is reported.
 */
export interface BenchRow {
  /** What was measured, e.g. "HTTP/1.1 items/s (ours)". */
  name: string;
  value: number;
  unit: string;
  /** Human-readable target, e.g. "≥ 60k". */
  target?: string;
  /** Whether the target is met (undefined = no target / informational). */
  met?: boolean;
  note?: string;
}

export interface BenchResult {
  area: string;
  /** Corpus and method, one or two sentences. */
  method: string;
  rows: BenchRow[];
}

export interface Bench {
  area: string;
  run(opts: { quick: boolean }): Promise<BenchResult>;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Run `fn` once to warm up, then `reps` times; returns the median of what `fn` returns. */
export async function repeat(reps: number, fn: () => Promise<number> | number): Promise<number> {
  await fn();
  const out: number[] = [];
  for (let i = 0; i < reps; i++) out.push(await fn());
  return median(out);
}

export function fmt(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  if (Math.abs(n) >= 1e6) return (n / 1e6).toFixed(2) + 'M';
  if (Math.abs(n) >= 1e4) return (n / 1e3).toFixed(1) + 'k';
  if (Math.abs(n) >= 100) return n.toFixed(0);
  return n.toFixed(2);
}
