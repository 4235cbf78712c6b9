/**
 * The cluster link between workers and the hub (DESIGN.md §1): one WebSocket per worker at
 * `CLUSTER_PATH` on the hub's HTTP port, authenticated with the cluster token
 * (`Authorization: Bearer <token>`). Every message is one JSON text frame with a type `t`.
 *
 * Worker → hub:
 *   hello   first message: who the worker is (the hub answers `welcome` or closes 4000/4002)
 *   batch   items, L4 flow samples and script console lines, plus cumulative drop counts
 *   action  one `hub.action(action, object)` for the hub's onHubAction
 *   stats   every few seconds: sources, script states, drops
 * Hub → worker:
 *   welcome the hello was accepted; batches may flow
 *   scripts the hub's active scripts and scripting env (the whole set, on connect and change)
 *   identity the hub's identity tables (whatever its identity provider snapshots)
 *
 * The hub treats worker messages as untrusted: `parseWorkerMessage` checks shapes and
 * returns null for anything malformed (counted by the caller), never throws.
 */
import { readFileSync } from 'node:fs';
import type { JsonValue } from '../../helpers/define-op.ts';
import { rememberItemJson } from '../../capture/item-json.ts';

export const CLUSTER_PATH = '/api/cluster';
/** Bumped on incompatible changes; the hub refuses other versions (close code 4002). */
/** 2: batch frames may carry their items as JSON lines after the header line. */
export const PROTOCOL_VERSION = 2;
export const WIREHOOK_VERSION: string = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Close codes the hub uses (4000–4999 are application codes). */
export const CloseCode = {
  badHello: 4000,
  protocol: 4002,
  /** A newer connection with the same worker name took over. */
  replaced: 4003,
  shutdown: 1001,
} as const;

/** Cumulative counts of what a worker could not send (buffer full while the hub was slow or away). */
export interface DropCounts {
  items: number;
  flows: number;
  console: number;
  actions: number;
}

export interface Hello {
  t: 'hello';
  protocol: number;
  name: string;
  ip: string;
  version: string;
  /** Packet sources of the worker, e.g. ["live:eth0"]. */
  sources: string[];
}

/** A forwarded script console line: script id, level, text, time (epoch ms). */
export interface ConsoleEntry {
  s: string;
  l: 'log' | 'error';
  x: string;
  t: number;
}

/** Items and flow samples are JSON objects as produced by the worker (capture/item.ts Item, capture/l4-report.ts FlowSample). */
export interface Batch {
  t: 'batch';
  items: Record<string, unknown>[];
  flows: Record<string, unknown>[];
  console: ConsoleEntry[];
  dropped: DropCounts;
}

export interface ActionMessage {
  t: 'action';
  action: string;
  object: JsonValue;
  depth: number;
}

export interface WorkerScriptState {
  id: string;
  state: string;
  calls: number;
  errors: number;
  reason?: string;
}

export interface WorkerStats {
  t: 'stats';
  sources: string[];
  packets: number;
  items: number;
  scripts: WorkerScriptState[];
  dropped: DropCounts;
}

export type WorkerMessage = Hello | Batch | ActionMessage | WorkerStats;

export interface Welcome {
  t: 'welcome';
  protocol: number;
  version: string;
}

export interface ScriptsMessage {
  t: 'scripts';
  scripts: { id: string; code: string }[];
  env: Record<string, JsonValue>;
}

export interface IdentityMessage {
  t: 'identity';
  tables: JsonValue;
}

export type HubMessage = Welcome | ScriptsMessage | IdentityMessage;

const MAX_ACTION_LENGTH = 200;

function isObj(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0;
}

export function dropCounts(v: unknown): DropCounts {
  const o = isObj(v) ? v : {};
  return { items: count(o.items), flows: count(o.flows), console: count(o.console), actions: count(o.actions) };
}

function strings(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').slice(0, 64) : [];
}

/** Parses one worker frame; null when it is not JSON or not a known, well-formed message. */
export function parseWorkerMessage(text: string): WorkerMessage | null {
  // A batch may put its items after the header, one JSON text per line: each line is
  // parsed on its own and kept as that item's JSON (the item store and scripts reuse it).
  const nl = text.indexOf('\n');
  const head = nl < 0 ? text : text.slice(0, nl);
  let m: unknown;
  try {
    m = JSON.parse(head);
  } catch {
    return null;
  }
  if (nl >= 0 && isObj(m) && m.t === 'batch' && Array.isArray(m.items)) {
    const items = m.items as unknown[];
    for (const line of text.slice(nl + 1).split('\n')) {
      if (!line) continue;
      try {
        const item: unknown = JSON.parse(line);
        if (isObj(item)) rememberItemJson(item, line);
        items.push(item);
      } catch {
        items.push(null);
      }
    }
  }
  if (!isObj(m)) return null;
  switch (m.t) {
    case 'hello':
      if (typeof m.name !== 'string' || !/^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/.test(m.name) || m.name === 'hub') return null;
      return {
        t: 'hello',
        protocol: count(m.protocol),
        name: m.name,
        ip: typeof m.ip === 'string' ? m.ip.slice(0, 64) : '',
        version: typeof m.version === 'string' ? m.version.slice(0, 64) : '',
        sources: strings(m.sources),
      };
    case 'batch': {
      if (!Array.isArray(m.items) || !Array.isArray(m.flows)) return null;
      const console = Array.isArray(m.console) ? (m.console as unknown[]).filter(isConsoleEntry) : [];
      return { t: 'batch', items: m.items as Record<string, unknown>[], flows: m.flows as Record<string, unknown>[], console, dropped: dropCounts(m.dropped) };
    }
    case 'action':
      if (typeof m.action !== 'string' || !m.action || m.action.length > MAX_ACTION_LENGTH) return null;
      if (!Number.isInteger(m.depth) || (m.depth as number) < 1) return null;
      return { t: 'action', action: m.action, object: (m.object ?? null) as JsonValue, depth: m.depth as number };
    case 'stats':
      return {
        t: 'stats',
        sources: strings(m.sources),
        packets: count(m.packets),
        items: count(m.items),
        scripts: Array.isArray(m.scripts) ? (m.scripts as unknown[]).filter(isScriptState).slice(0, 1000) : [],
        dropped: dropCounts(m.dropped),
      };
    default:
      return null;
  }
}

function isConsoleEntry(v: unknown): v is ConsoleEntry {
  return isObj(v) && typeof v.s === 'string' && (v.l === 'log' || v.l === 'error') && typeof v.x === 'string' && typeof v.t === 'number';
}

function isScriptState(v: unknown): v is WorkerScriptState {
  return isObj(v) && typeof v.id === 'string' && typeof v.state === 'string' && typeof v.calls === 'number' && typeof v.errors === 'number';
}

/** Parses one hub frame on the worker; null when malformed. */
export function parseHubMessage(text: string): HubMessage | null {
  let m: unknown;
  try {
    m = JSON.parse(text);
  } catch {
    return null;
  }
  if (!isObj(m)) return null;
  if (m.t === 'welcome') return { t: 'welcome', protocol: count(m.protocol), version: String(m.version ?? '') };
  if (m.t === 'identity') return { t: 'identity', tables: (m.tables ?? null) as JsonValue };
  if (m.t === 'scripts' && Array.isArray(m.scripts) && isObj(m.env)) {
    const scripts = (m.scripts as unknown[]).filter((s): s is { id: string; code: string } => isObj(s) && typeof s.id === 'string' && typeof s.code === 'string');
    return { t: 'scripts', scripts: scripts.map((s) => ({ id: s.id, code: s.code })), env: m.env as Record<string, JsonValue> };
  }
  return null;
}

/**
 * The WebSocket URL of a hub address: `ws://`/`wss://` kept, `http(s)://` mapped, a bare
 * `host:port` taken as ws://; the path defaults to CLUSTER_PATH.
 * Throws ClusterAddressError for anything else.
 */
export function clusterUrl(address: string): string {
  const a = address.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(a) ? a : `ws://${a}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new ClusterAddressError(address);
  }
  const scheme = { 'ws:': 'ws:', 'wss:': 'wss:', 'http:': 'ws:', 'https:': 'wss:' }[u.protocol];
  if (!scheme || !u.hostname) throw new ClusterAddressError(address);
  u.protocol = scheme;
  if (u.pathname === '' || u.pathname === '/') u.pathname = CLUSTER_PATH;
  return u.toString();
}

export class ClusterAddressError extends Error {
  readonly code = 'ERR_HUB_ADDRESS';
  readonly hint = 'give the hub as ws://HOST:PORT (or http://HOST:PORT), e.g. --hub ws://wirehook-hub:8899';
  constructor(address: string) {
    super(`"${address}" is not a hub address`);
  }
}
