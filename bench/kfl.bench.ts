/**
 * KFL benchmark: filter throughput (items/s on one core) for three typical queries over
 * 1M items, and compile time. Corpus: 400 distinct realistic items from the seeded
 * generator in capture/kfl/testing/corpus.ts, cycled.
 */
import { compileKfl } from '../capture/kfl/index.ts';
import { generateItems } from '../capture/kfl/testing/corpus.ts';
import { median, repeat, type Bench, type BenchRow } from './harness.ts';

const QUERIES: [label: string, query: string][] = [
  ['macro + status', 'http and response.status >= 500'],
  ['regex on path', 'request.path == r"^/api/v[12]/users/\\d+$"'],
  ['namespace pair', '(src.namespace == "ns1" and dst.namespace == "ns2") or (src.namespace == "ns2" and dst.namespace == "ns1")'],
];
const COMPILE_QUERIES = [
  ...QUERIES.map(([, q]) => q),
  'http && status_code >= 400 && status_code < 500 && request.headers["User-Agent"] == r"curl/.*" && timestamp >= minutes(-5)',
];
const TARGET_ITEMS_PER_S = 1_000_000;

/** Items/s of one pass of `n` matches over the cycled corpus. */
function throughput(query: string, items: readonly unknown[], n: number): { rate: number; hits: number } {
  const f = compileKfl(query);
  const len = items.length;
  let hits = 0;
  const t0 = process.hrtime.bigint();
  for (let i = 0, j = 0; i < n; i++) {
    if (f.match(items[j])) hits++;
    if (++j === len) j = 0;
  }
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rate: n / seconds, hits };
}

/** Median µs per compile, over `batches` batches of `per` compiles. */
function compileMicros(batches: number, per: number): number {
  const samples: number[] = [];
  for (let b = 0; b < batches; b++) {
    const q = COMPILE_QUERIES[b % COMPILE_QUERIES.length];
    const t0 = process.hrtime.bigint();
    for (let i = 0; i < per; i++) compileKfl(q);
    samples.push(Number(process.hrtime.bigint() - t0) / 1e3 / per);
  }
  return median(samples);
}

export const kflBench: Bench = {
  area: 'kfl',
  async run({ quick }) {
    const items = generateItems(400, 7);
    const n = quick ? 200_000 : 1_000_000;
    const reps = quick ? 3 : 5;
    const rows: BenchRow[] = [];
    for (const [label, query] of QUERIES) {
      let hits = 0;
      const rate = await repeat(reps, () => {
        const r = throughput(query, items, n);
        hits = r.hits;
        return r.rate;
      });
      rows.push({
        name: `${label}: \`${query}\``,
        value: rate,
        unit: 'items/s',
        target: '≥ 1M',
        met: rate >= TARGET_ITEMS_PER_S,
        note: `${((hits / n) * 100).toFixed(1)}% match`,
      });
    }
    compileMicros(20, 50);
    rows.push({ name: 'compile time (median over 4 queries)', value: compileMicros(quick ? 40 : 200, 50), unit: 'µs/compile' });
    return {
      area: 'kfl',
      method:
        `${n.toLocaleString('en')} matches per repetition over 400 distinct generated items (seed 7: HTTP/1.1, gRPC, DNS, Redis, Kafka across 5 namespaces), ` +
        `cycled; one warm-up, median of ${reps}; single thread. Compile time: median of batches of 50 compiles of 4 queries (lex + parse + compile).`,
      rows,
    };
  },
};
