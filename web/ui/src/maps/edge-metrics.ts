/**
 * What an edge of the map says: its value (requests, packets or bytes; cumulative or per
 * second), its width (log scale against the largest edge) and its label. Pure.
 */
import type { L4Edge, L7Edge } from '../api/types.ts';
import { formatBytes, formatCount, formatRate } from '../common/format.ts';

export interface MapSettings {
  /** Edge labels and widths by bytes instead of requests/packets. */
  bandwidth: boolean;
  /** Per second (difference between the last two polls) instead of totals. */
  rate: boolean;
  /** Count request bytes (L7) / bytes source → target (L4). */
  includeRequest: boolean;
  /** Count response bytes (L7) / bytes target → source (L4). */
  includeResponse: boolean;
}

export const DEFAULT_SETTINGS: MapSettings = { bandwidth: false, rate: false, includeRequest: true, includeResponse: true };

export const MIN_WIDTH = 1.5;
export const MAX_WIDTH = 9;

export function edgeWidth(value: number, max: number): number {
  if (max <= 0 || value <= 0) return MIN_WIDTH;
  return MIN_WIDTH + (MAX_WIDTH - MIN_WIDTH) * (Math.log1p(value) / Math.log1p(max));
}

export function l7Bytes(e: L7Edge, s: MapSettings): number {
  return (s.includeRequest ? e.requestBytes : 0) + (s.includeResponse ? e.responseBytes : 0);
}

export function l4Bytes(e: L4Edge, s: MapSettings): number {
  return (s.includeRequest ? e.bytes[0] : 0) + (s.includeResponse ? e.bytes[1] : 0);
}

/** The number an edge is sized by. */
export function l7Value(e: L7Edge, s: MapSettings): number {
  return s.bandwidth ? l7Bytes(e, s) : e.requests;
}

export function l4Value(e: L4Edge, s: MapSettings): number {
  return s.bandwidth ? l4Bytes(e, s) : e.packets[0] + e.packets[1];
}

export function l7Label(e: L7Edge, s: MapSettings): string {
  if (s.bandwidth) return s.rate ? formatRate(l7Bytes(e, s), 'B') : formatBytes(l7Bytes(e, s));
  const n = s.rate ? formatRate(e.requests, 'req') : `${formatCount(e.requests)} req`;
  return e.errors > 0 ? `${n} · ${formatCount(e.errors)} err` : n;
}

export function l4Label(e: L4Edge, s: MapSettings): string {
  if (s.bandwidth) {
    const f = (n: number) => (s.rate ? formatRate(n, 'B') : formatBytes(n));
    const parts = [];
    if (s.includeRequest) parts.push(`↑${f(e.bytes[0])}`);
    if (s.includeResponse) parts.push(`↓${f(e.bytes[1])}`);
    return parts.join(' ') || '–';
  }
  const p = e.packets[0] + e.packets[1];
  return s.rate ? formatRate(p, 'pkt') : `${formatCount(p)} pkts · ${formatCount(e.flows)} flows`;
}

export function l7Title(e: L7Edge): string {
  return (
    `${e.protocol.abbr}: ${formatCount(e.requests)} requests, ${formatCount(e.errors)} errors, ` +
    `avg latency ${e.latencyMsAvg.toFixed(1)} ms, requests ${formatBytes(e.requestBytes)}, responses ${formatBytes(e.responseBytes)}`
  );
}

export function l4Title(e: L4Edge): string {
  return (
    `${e.transport.toUpperCase()}: ${formatCount(e.flows)} flows; egress ${formatBytes(e.bytes[0])} / ${formatCount(e.packets[0])} packets, ` +
    `ingress ${formatBytes(e.bytes[1])} / ${formatCount(e.packets[1])} packets`
  );
}

function delta(cur: number, prev: number | undefined, dtS: number): number {
  return Math.max(0, cur - (prev ?? 0)) / dtS;
}

/** L7 edges per second between two polls `dtS` seconds apart (edges keyed by id). */
export function l7Rates(cur: L7Edge[], prev: L7Edge[], dtS: number): L7Edge[] {
  const before = new Map(prev.map((e) => [e.id, e]));
  const dt = Math.max(0.001, dtS);
  return cur.map((e) => {
    const p = before.get(e.id);
    return {
      ...e,
      requests: delta(e.requests, p?.requests, dt),
      errors: delta(e.errors, p?.errors, dt),
      requestBytes: delta(e.requestBytes, p?.requestBytes, dt),
      responseBytes: delta(e.responseBytes, p?.responseBytes, dt),
    };
  });
}

export function l4Rates(cur: L4Edge[], prev: L4Edge[], dtS: number): L4Edge[] {
  const before = new Map(prev.map((e) => [e.id, e]));
  const dt = Math.max(0.001, dtS);
  return cur.map((e) => {
    const p = before.get(e.id);
    return {
      ...e,
      bytes: [delta(e.bytes[0], p?.bytes[0], dt), delta(e.bytes[1], p?.bytes[1], dt)],
      packets: [delta(e.packets[0], p?.packets[0], dt), delta(e.packets[1], p?.packets[1], dt)],
      flows: delta(e.flows, p?.flows, dt),
    };
  });
}
