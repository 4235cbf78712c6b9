/**
 * Prometheus metrics of the cluster link, read from the uplink's and the hub's own counters
 * at scrape time (nothing is counted twice on the hot path).
 *
 * Worker (`wirehook_uplink_*`): connected, reconnects, sent and dropped per kind
 * (items, flows, console, actions), queued per kind.
 * Hub (`wirehook_hub_*`): workers connected, received per worker and kind, drops each worker
 * reported, rejected (malformed) messages.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { ClusterHub } from './hub-server.ts';
import type { HubUplink } from './uplink.ts';

type Values = [labels: Record<string, string>, value: number][];

/** A counter that follows cumulative values read at scrape time. */
function followCounter(registry: Registry, name: string, help: string, labelNames: string[], read: () => Values): void {
  const last = new Map<string, number>();
  new Counter({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      for (const [labels, value] of read()) {
        const key = JSON.stringify(labels);
        const prev = last.get(key);
        const d = value - (prev ?? 0);
        // inc(0) on first sight: the series exists (at 0) before anything happened.
        if (d > 0 || prev === undefined) this.inc(labels, Math.max(0, d));
        last.set(key, Math.max(value, prev ?? 0));
      }
    },
  });
}

function readGauge(registry: Registry, name: string, help: string, labelNames: string[], read: () => Values): void {
  new Gauge({
    name,
    help,
    labelNames,
    registers: [registry],
    collect() {
      this.reset();
      for (const [labels, value] of read()) this.set(labels, value);
    },
  });
}

const KINDS = ['items', 'flows', 'console', 'actions'] as const;

export function registerUplinkMetrics(registry: Registry, u: HubUplink): void {
  readGauge(registry, 'wirehook_uplink_connected', 'Whether this worker is connected to its hub (1) or not (0)', [], () => [[{}, u.connected ? 1 : 0]]);
  followCounter(registry, 'wirehook_uplink_reconnects_total', 'Connection attempts to the hub after a failure or disconnect', [], () => [[{}, u.reconnects]]);
  followCounter(registry, 'wirehook_uplink_sent_total', 'Messages sent to the hub, by kind', ['kind'], () => KINDS.map((k) => [{ kind: k }, u.sent[k]]));
  followCounter(registry, 'wirehook_uplink_dropped_total', 'Messages dropped because the hub was unreachable or slow and the buffer was full, by kind', ['kind'], () => {
    const d = u.dropped();
    return KINDS.map((k) => [{ kind: k }, d[k]]);
  });
  readGauge(registry, 'wirehook_uplink_queued', 'Messages waiting to be sent to the hub, by kind', ['kind'], () => [
    [{ kind: 'items' }, u.items.size],
    [{ kind: 'flows' }, u.flows.size],
    [{ kind: 'console' }, u.console.size],
    [{ kind: 'actions' }, u.actions.size],
  ]);
}

export function registerHubMetrics(registry: Registry, hub: ClusterHub): void {
  readGauge(registry, 'wirehook_hub_workers_connected', 'Workers connected to this hub', [], () => [[{}, hub.workers().filter((w) => w.connected).length]]);
  followCounter(registry, 'wirehook_hub_received_total', 'Messages received from workers, by worker and kind', ['worker', 'kind'], () =>
    hub.workers().flatMap((w) => (['items', 'flows', 'console', 'actions'] as const).map((k): Values[number] => [{ worker: w.name, kind: k }, w.received[k]])),
  );
  readGauge(registry, 'wirehook_hub_worker_dropped', 'Messages each worker reports it dropped (cumulative since the worker started), by kind', ['worker', 'kind'], () =>
    hub.workers().flatMap((w) => KINDS.map((k): Values[number] => [{ worker: w.name, kind: k }, w.dropped[k]])),
  );
  followCounter(registry, 'wirehook_hub_rejected_messages_total', 'Malformed or unexpected messages from workers (ignored)', [], () => [[{}, hub.rejected]]);
}
