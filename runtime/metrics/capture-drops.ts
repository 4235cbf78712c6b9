/**
 * Packets lost before they reached the node — the API live capture reports them through:
 *
 *   captureDrops(node, 'live:eth0', n)              // n more packets dropped by the kernel
 *   captureDrops(node, 'live:eth0', n, 'interface') // … by the interface/driver (pcap ifdrop)
 *   captureDrops(node, 'live:eth0', n, 'agent')     // … while the capture agent was down
 *
 * `n` is an increment (a capture agent that reports cumulative pcap_stats totals passes the
 * difference to its previous report). Exposed as
 * `wirehook_capture_dropped_packets_total{source, reason}` on the node's registry.
 */
import { Counter, type Registry } from 'prom-client';

export type CaptureDropReason = 'kernel' | 'interface' | 'agent';

const NAME = 'wirehook_capture_dropped_packets_total';

/** The drop counter of a registry (registered on first use). */
export function captureDropsMetric(registry: Registry): Counter<'source' | 'reason'> {
  const existing = registry.getSingleMetric(NAME);
  if (existing) return existing as Counter<'source' | 'reason'>;
  return new Counter({
    name: NAME,
    help: 'Packets lost before reaching the node: kernel buffer drops, interface drops, or while the capture agent was down.',
    labelNames: ['source', 'reason'],
    registers: [registry],
  });
}

/** Records `n` more dropped packets of `source`. */
export function captureDrops(node: { metrics: Registry }, source: string, n: number, reason: CaptureDropReason = 'kernel'): void {
  if (!(n > 0) || !Number.isFinite(n)) return;
  captureDropsMetric(node.metrics).inc({ source, reason }, n);
}
