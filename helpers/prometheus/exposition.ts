/**
 * Renders script metrics in the Prometheus text format 0.0.4, incrementally: the
 * generator yields a chunk and gives the event loop a turn (setImmediate) whenever it has
 * rendered for `sliceMs`, so a scrape of 100k series never blocks the process for long
 * (bench/metrics.bench.ts measures it). The text of series that stay unchanged is cached,
 * so repeated scrapes of them allocate almost nothing (less GC). Series past their TTL are skipped. Metrics and
 * series created while a render is in progress may or may not appear in it; every line
 * that appears is complete and current at the moment it is written.
 */
import { performance } from 'node:perf_hooks';
import { escapeHelp, escapeLabelValue, type MetricFamily, type Series } from './metric-family.ts';
import type { ScriptMetrics } from './script-metrics.ts';

export interface RenderOptions {
  /** Longest stretch of rendering without yielding to the event loop, ms. Default 4. */
  sliceMs?: number;
}

/** Sample value as the text format writes it. */
export function formatValue(v: number): string {
  if (Number.isFinite(v)) return String(v);
  return Number.isNaN(v) ? 'NaN' : v > 0 ? '+Inf' : '-Inf';
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
/** Most series per chunk (a multiple of 128). */
const CHUNK_SERIES = 4096;

function header(f: MetricFamily): string {
  const help = f.help ? `# HELP ${f.name} ${escapeHelp(f.help)}\n` : '';
  return `${help}# TYPE ${f.name} ${f.type}\n`;
}

function histogramLines(f: MetricFamily, s: Series): string {
  const bounds = f.buckets!;
  const counts = s.buckets!;
  const sep = s.labelPairs ? ',' : '';
  let out = '';
  let cumulative = 0;
  for (let i = 0; i < bounds.length; i++) {
    cumulative += counts[i];
    out += `${f.name}_bucket{${s.labelPairs}${sep}le="${escapeLabelValue(String(bounds[i]))}"} ${cumulative}\n`;
  }
  out += `${f.name}_bucket{${s.labelPairs}${sep}le="+Inf"} ${s.count}\n`;
  out += `${f.name}_sum${s.labelText} ${formatValue(s.value)}\n`;
  out += `${f.name}_count${s.labelText} ${s.count}\n`;
  return out;
}

/** The text of every live series, in chunks (each chunk ends with a newline). */
export async function* renderScriptMetrics(store: ScriptMetrics, o: RenderOptions = {}): AsyncGenerator<string> {
  const sliceMs = o.sliceMs ?? 4;
  const now = store.now();
  let parts: string[] = [];
  let started = performance.now();
  let n = 0;
  for (const f of [...store.families.values()]) {
    let described = false;
    const histogram = f.type === 'histogram';
    for (const s of f.series.values()) {
      if (store.expired(s.updatedMs, now)) continue;
      if (!described) {
        parts.push(header(f));
        described = true;
      }
      // Text of a series that stayed unchanged over a whole scrape interval is kept until its
      // next update, so steady series cost no allocation. Text of series that keep changing
      // is not kept: it dies young, which is much cheaper for the GC than promoting it.
      let text = s.text;
      if (text === null) {
        text = histogram ? histogramLines(f, s) : `${f.name}${s.labelText} ${formatValue(s.value)}\n`;
        if (s.quiet) s.text = text;
        else s.quiet = true;
      }
      parts.push(text);
      // Yield after sliceMs, and at least every CHUNK_SERIES series: joining a chunk costs
      // time too, so chunks stay small even when the series are cheap to produce.
      if ((++n & 127) === 0 && (n % CHUNK_SERIES === 0 || performance.now() - started >= sliceMs)) {
        yield parts.join('');
        parts = [];
        await turn();
        started = performance.now();
      }
    }
  }
  if (parts.length) yield parts.join('');
}
