/**
 * Built-in metrics fed by the node's buses (per item and per flow sample — never per
 * packet) plus the item bus's own counters:
 *
 *   wirehook_unmatched_messages_total{protocol, reason}  items whose request or response
 *                                                        had no partner (pair-not-found) or
 *                                                        timed out waiting (timeout)
 *   wirehook_tcp_handshake_rtt_seconds                   histogram: first SYN → ACK of each
 *                                                        flow (from L4 flow samples)
 *   wirehook_item_bus_items_total                        items published to the bus
 *   wirehook_item_bus_subscriber_errors_total            bus subscribers that threw
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import type { Item } from '../../capture/item.ts';
import type { FlowSample } from '../../capture/l4-report.ts';
import type { ItemBus } from '../roles/item-bus.ts';
import { collectedCounter } from './collected.ts';

const RTT_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5];

export interface ActivityHooks {
  items: ItemBus;
  flowListeners: ((s: FlowSample) => void)[];
}

export function registerActivityMetrics(registry: Registry, node: ActivityHooks): void {
  const unmatched = new Counter({
    name: 'wirehook_unmatched_messages_total',
    help: 'Messages without a partner: a request with no response or a response with no request (pair-not-found), or a request that timed out.',
    labelNames: ['protocol', 'reason'],
    registers: [registry],
  });
  node.items.subscribe((item: Item) => {
    const e = item.error;
    if (e !== null && (e.type === 'pair-not-found' || e.type === 'timeout')) unmatched.inc({ protocol: item.protocol.name, reason: e.type === 'timeout' ? 'timeout' : 'pair_not_found' });
  });
  const rtt = new Histogram({
    name: 'wirehook_tcp_handshake_rtt_seconds',
    help: 'TCP handshake round-trip time of each flow (SYN to the final ACK, as seen at the capture point).',
    buckets: RTT_BUCKETS,
    registers: [registry],
  });
  node.flowListeners.push((s) => {
    if (s.handshakeRttMs !== undefined) rtt.observe(s.handshakeRttMs / 1000);
  });
  collectedCounter(registry, {
    name: 'wirehook_item_bus_items_total',
    help: 'Items published to the node\'s item bus (after enrichment).',
    values: () => [[{}, node.items.published]],
  });
  collectedCounter(registry, {
    name: 'wirehook_item_bus_subscriber_errors_total',
    help: 'Item bus subscribers that threw (the item went on to the others).',
    values: () => [[{}, node.items.subscriberErrors]],
  });
}
