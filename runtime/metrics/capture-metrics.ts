/**
 * Built-in capture metrics of a node, read at scrape time from the counters every source's
 * pipeline keeps (capture/pipeline.ts PipelineStats, the flow table's FlowTableStats, the
 * reassembly budget's ReassemblyStats, Weirds). Totals are over all sources the node has
 * run; packets and bytes are also split by source.
 *
 *   wirehook_packets_total{source}              packets read
 *   wirehook_bytes_total{source}                wire bytes (original lengths)
 *   wirehook_undecoded_packets_total{reason}    not_ip | decode_error | fragment_held
 *   wirehook_anomalies_total{name}              decode/dissection anomalies (weirds)
 *   wirehook_reassembly_gaps_total{cause}       TCP gaps declared, by cause
 *   wirehook_reassembly_gap_bytes_total{cause}  bytes lost in them (dropped from reassembly)
 *   wirehook_reassembly_buffered_bytes          out-of-order bytes held now
 *   wirehook_flows_active                       flows in the flow tables
 *   wirehook_flows_created_total
 *   wirehook_flows_ended_total{reason}          fin | rst | idle | eof | evicted
 *   wirehook_tcp_retransmissions_total, wirehook_tcp_resets_total
 *   wirehook_items_total{protocol}              items built, by protocol abbreviation
 *   wirehook_enrich_errors_total                enrichers that threw
 */
import type { Registry } from 'prom-client';
import type { GapCause } from '../../capture/tcp/reassembly-budget.ts';
import type { SourceRun } from '../roles/node.ts';
import { addCounts, collectedCounter, collectedGauge, sum, type Sample } from './collected.ts';

const GAP_CAUSES: GapCause[] = ['ack', 'stream_limit', 'budget', 'flush', 'truncated'];

export function registerCaptureMetrics(registry: Registry, sources: () => readonly SourceRun[]): void {
  const pipes = () => sources().map((s) => s.pipeline);
  collectedCounter(registry, {
    name: 'wirehook_packets_total',
    help: 'Packets read from the capture sources.',
    labelNames: ['source'],
    values: () => sources().map((s): Sample<'source'> => [{ source: s.source.name }, s.pipeline.stats.packets]),
  });
  collectedCounter(registry, {
    name: 'wirehook_bytes_total',
    help: 'Bytes of the packets read (original wire lengths).',
    labelNames: ['source'],
    values: () => sources().map((s): Sample<'source'> => [{ source: s.source.name }, s.pipeline.stats.bytes]),
  });
  collectedCounter(registry, {
    name: 'wirehook_undecoded_packets_total',
    help: 'Packets not decoded into a flow: not IP, malformed, or IP fragments held for reassembly.',
    labelNames: ['reason'],
    values: () => [
      [{ reason: 'not_ip' }, sum(pipes(), (p) => p.stats.notIp)],
      [{ reason: 'decode_error' }, sum(pipes(), (p) => p.stats.decodeErrors)],
      [{ reason: 'fragment_held' }, sum(pipes(), (p) => p.stats.fragmentsHeld)],
    ],
  });
  collectedCounter(registry, {
    name: 'wirehook_anomalies_total',
    help: 'Anomalies ("weirds") met while decoding and dissecting, by name.',
    labelNames: ['name'],
    values: () => [...pipes().reduce((m, p) => addCounts(m, p.weirds.counts), new Map<string, number>())].map(([name, n]): Sample<'name'> => [{ name }, n]),
  });
  collectedCounter(registry, {
    name: 'wirehook_reassembly_gaps_total',
    help: 'Gaps declared in reassembled TCP streams, by cause.',
    labelNames: ['cause'],
    values: () => GAP_CAUSES.map((cause): Sample<'cause'> => [{ cause }, sum(pipes(), (p) => p.flows.budget.stats.gapsByCause[cause])]),
  });
  collectedCounter(registry, {
    name: 'wirehook_reassembly_gap_bytes_total',
    help: 'Bytes lost in TCP reassembly gaps (never seen, or dropped from the out-of-order buffer), by cause.',
    labelNames: ['cause'],
    values: () => GAP_CAUSES.map((cause): Sample<'cause'> => [{ cause }, sum(pipes(), (p) => p.flows.budget.stats.gapBytesByCause[cause])]),
  });
  collectedGauge(registry, {
    name: 'wirehook_reassembly_buffered_bytes',
    help: 'Out-of-order TCP bytes held for reassembly now.',
    values: () => [[{}, sum(pipes(), (p) => p.flows.budget.used)]],
  });
  collectedGauge(registry, {
    name: 'wirehook_flows_active',
    help: 'Flows in the flow tables now.',
    values: () => [[{}, sum(pipes(), (p) => p.flows.stats.active)]],
  });
  collectedCounter(registry, {
    name: 'wirehook_flows_created_total',
    help: 'Flows created.',
    values: () => [[{}, sum(pipes(), (p) => p.flows.stats.flowsCreated)]],
  });
  collectedCounter(registry, {
    name: 'wirehook_flows_ended_total',
    help: 'Flows removed from the flow tables, by reason (fin, rst, idle, eof = end of capture, evicted = table full).',
    labelNames: ['reason'],
    values: () => (['fin', 'rst', 'idle', 'eof', 'evicted'] as const).map((reason): Sample<'reason'> => [{ reason }, sum(pipes(), (p) => p.flows.stats.flowsEnded[reason])]),
  });
  collectedCounter(registry, {
    name: 'wirehook_tcp_retransmissions_total',
    help: 'TCP segments seen again (retransmissions).',
    values: () => [[{}, sum(pipes(), (p) => p.flows.stats.retransmissions)]],
  });
  collectedCounter(registry, {
    name: 'wirehook_tcp_resets_total',
    help: 'TCP RST packets.',
    values: () => [[{}, sum(pipes(), (p) => p.flows.stats.resets)]],
  });
  collectedCounter(registry, {
    name: 'wirehook_items_total',
    help: 'Items (L7 messages or request/response pairs) built, by protocol.',
    labelNames: ['protocol'],
    values: () => [...pipes().reduce((m, p) => addCounts(m, p.stats.itemsByProtocol), new Map<string, number>())].map(([protocol, n]): Sample<'protocol'> => [{ protocol }, n]),
  });
  collectedCounter(registry, {
    name: 'wirehook_enrich_errors_total',
    help: 'Item enrichers that threw (the item went on unenriched).',
    values: () => [[{}, sum(pipes(), (p) => p.stats.enrichErrors)]],
  });
}
