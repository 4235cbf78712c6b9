/**
 * The dashboard API as the UI sees it (docs/api.md). Types only: the server owns the
 * contract; fields the UI does not read are left out or kept loose. Maps and recordings
 * are in their own files, re-exported here.
 */
export type * from './map-types.ts';
export type * from './recording-types.ts';

/** The traffic table's row types are the server's own (runtime/hub/item-row.ts). */
export type { ItemRow, RowEndpoint, RowProtocol as ProtocolBadge } from '../../../../runtime/hub/item-row.ts';
import type { ItemRow, RowEndpoint, RowProtocol as ProtocolBadge } from '../../../../runtime/hub/item-row.ts';

export interface ItemPage {
  rows: ItemRow[];
  nextCursor: string | null;
  scanned: number;
}

/** A full item (capture/item.ts), kept loose: the detail pane renders any shape as data. */
export interface ItemFull {
  id: string;
  timestamp: number;
  startTime?: string;
  protocol: ProtocolBadge & { longName?: string };
  src: RowEndpoint & Record<string, unknown>;
  dst: RowEndpoint & Record<string, unknown>;
  request: Record<string, unknown> | null;
  response: Record<string, unknown> | null;
  requestSize: number;
  responseSize: number;
  elapsedTime: number;
  passed: boolean;
  failed: boolean;
  error: { type: string; msg: string } | null;
  tls?: boolean;
  stream?: string;
  node?: { ip: string; name: string };
}

export interface ScriptVerdict {
  script: string;
  title: string;
  passed: boolean;
  failed: boolean;
  replaced: boolean;
}

export interface ItemDetail {
  item: ItemFull;
  scripts: ScriptVerdict[];
}

/** A 400 from `/api/kfl/validate` (and from item queries with a bad filter). */
export interface KflProblem {
  code: string;
  message: string;
  line?: number;
  column?: number;
  offset?: number;
  length?: number;
  snippet?: string;
  expected?: string[];
}

export interface KflReferenceEntry {
  name: string;
  syntax: string;
  description: string;
  example: string;
}

export interface KflReference {
  macros: KflReferenceEntry[];
  operators: KflReferenceEntry[];
  functions: KflReferenceEntry[];
  variables: KflReferenceEntry[];
  literals: KflReferenceEntry[];
  fields: string[];
}

export interface ScriptStats {
  calls: number;
  errors: number;
  timeouts: number;
  drops: number;
  cpuUsPerCall: number;
  heapUsedBytes: number;
  lastError?: string;
}

export interface ScriptStatus {
  id: string;
  title: string;
  active: boolean;
  state: 'loading' | 'running' | 'failed' | 'quarantined' | 'disposed' | 'inactive';
  reason?: string;
  loadError?: string;
  stats?: ScriptStats;
  store: string;
}

export interface ScriptWithCode extends ScriptStatus {
  code: string;
}

export interface ConsoleLine {
  ts: number;
  level: 'log' | 'error';
  text: string;
}

export interface Example {
  id: string;
  title: string;
  description: string;
  code: string;
}

export interface JobInfo {
  script: string;
  tag: string;
  cron: string;
  limit: number;
  runs: number;
  nextRunMs: number | null;
  running: boolean;
}

export interface Stats {
  node: string;
  role: string;
  uptimeS: number;
  packets: number;
  bytes: number;
  items: number;
  itemsPerSec: number;
  drops: Record<string, number>;
  anomalies: number;
  flowsActive: number;
  scripts: { id: string; title: string; calls: number; errors: number; drops: number; cpuMsPerCall: number; heapBytes: number }[];
  store: { items: number; evicted: number };
}

export type ServerMessage =
  | { type: 'items'; rows: ItemRow[]; dropped: number }
  | { type: 'console'; script: string; lines: ConsoleLine[] }
  | ({ type: 'stats' } & Stats)
  | { type: 'error'; code: string; message: string };

export interface Subscription {
  items?: { filter: string } | null;
  consoles?: string[];
  stats?: boolean;
}
