/**
 * Per-script built-in metrics, read at scrape time from the script manager's statuses
 * (runtime/sandbox/stats.ts) and the script-metrics store; label `script` = script id.
 * Counters restart from 0 when a script is reloaded (a new sandbox), which Prometheus'
 * rate() treats as a counter reset.
 *
 *   wirehook_script_calls_total, _errors_total, _timeouts_total   hook/job/timer calls
 *   wirehook_script_dropped_events_total   items/packets dropped because its queue was full
 *   wirehook_script_rebuilds_total         isolates rebuilt after a memory-limit kill
 *   wirehook_script_cpu_seconds_total      CPU time in its isolate
 *   wirehook_script_heap_bytes             V8 heap in use after its last call
 *   wirehook_script_queue_depth            batches and calls waiting for it
 *   wirehook_script_state{state}           1 for its current state
 *   wirehook_script_series                 prometheus.* series it holds
 *   wirehook_script_series_dropped_total   prometheus.* calls dropped at its series budget
 *   wirehook_script_series_evicted_total   its series removed by the TTL
 */
import type { Registry } from 'prom-client';
import type { ScriptMetrics } from '../../helpers/prometheus/script-metrics.ts';
import type { ScriptStats } from '../sandbox/stats.ts';
import type { ScriptStatus } from '../../scripts/manager.ts';
import { collectedCounter, collectedGauge, type Sample } from './collected.ts';

export function registerScriptStatsMetrics(registry: Registry, statuses: () => ScriptStatus[], store: ScriptMetrics): void {
  const per = (f: (s: ScriptStats) => number) => (): Sample<'script'>[] => statuses().flatMap((st) => (st.stats ? [[{ script: st.id }, f(st.stats)] as Sample<'script'>] : []));
  const counter = (name: string, help: string, f: (s: ScriptStats) => number) => collectedCounter(registry, { name, help, labelNames: ['script'], values: per(f) });
  const gauge = (name: string, help: string, f: (s: ScriptStats) => number) => collectedGauge(registry, { name, help, labelNames: ['script'], values: per(f) });
  counter('wirehook_script_calls_total', 'Hook, job and timer calls made into the script.', (s) => s.calls);
  counter('wirehook_script_errors_total', 'Calls into the script that threw.', (s) => s.errors);
  counter('wirehook_script_timeouts_total', 'Calls into the script that ran past their time limit.', (s) => s.timeouts);
  counter('wirehook_script_dropped_events_total', 'Items and packets dropped because the script\'s queue was full.', (s) => s.drops);
  counter('wirehook_script_rebuilds_total', 'Isolates of the script rebuilt after a memory-limit kill.', (s) => s.rebuilds);
  counter('wirehook_script_cpu_seconds_total', 'CPU time spent in the script\'s isolate.', (s) => s.cpuMs / 1000);
  gauge('wirehook_script_heap_bytes', 'V8 heap the script\'s isolate used after its last call.', (s) => s.heapUsedBytes);
  gauge('wirehook_script_queue_depth', 'Batches and calls waiting for the script.', (s) => s.queued);
  collectedGauge(registry, {
    name: 'wirehook_script_state',
    help: 'State of each script (1 for its current state: inactive, loading, running, failed, quarantined, disposed).',
    labelNames: ['script', 'state'],
    values: () => statuses().map((st): Sample<'script' | 'state'> => [{ script: st.id, state: st.state }, 1]),
  });
  const series = (f: (s: { series: number; dropped: number; evicted: number }) => number) => (): Sample<'script'>[] =>
    [...store.scriptStats()].map(([script, st]): Sample<'script'> => [{ script }, f(st)]);
  collectedGauge(registry, { name: 'wirehook_script_series', help: 'Series the script holds in its prometheus.* metrics.', labelNames: ['script'], values: series((s) => s.series) });
  collectedCounter(registry, {
    name: 'wirehook_script_series_dropped_total',
    help: 'prometheus.* calls dropped because the script was at its series budget (metrics.scriptSeriesLimit).',
    labelNames: ['script'],
    values: series((s) => s.dropped),
  });
  collectedCounter(registry, {
    name: 'wirehook_script_series_evicted_total',
    help: 'Series of the script removed because they were not updated within metrics.scriptSeriesTtlSec.',
    labelNames: ['script'],
    values: series((s) => s.evicted),
  });
}
