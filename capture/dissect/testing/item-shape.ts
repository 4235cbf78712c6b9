/**
 * Structural check of an item (SCRIPT-API.md §4) for fuzz and property tests: returns the
 * first problem found, or null. Checks the envelope, not protocol semantics.
 */
import type { Item } from '../../item.ts';

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const PROTOCOL_STRINGS = ['name', 'version', 'abbr', 'longName', 'macro', 'backgroundColor', 'foregroundColor', 'referenceLink'];

export function itemProblem(it: Item, expectedIndex: number): string | null {
  if (!isObj(it)) return 'item is not an object';
  if (it.index !== expectedIndex) return `index ${it.index}, expected ${expectedIndex}`;
  if (typeof it.id !== 'string' || !it.id.endsWith(`-${expectedIndex}`)) return `bad id ${it.id}`;
  if (!isObj(it.protocol)) return 'protocol missing';
  for (const f of PROTOCOL_STRINGS) if (typeof (it.protocol as unknown as Record<string, unknown>)[f] !== 'string') return `protocol.${f} not a string`;
  if (it.request === null && it.response === null) return 'neither request nor response';
  if (it.request !== null && !isObj(it.request)) return 'request not an object';
  if (it.response !== null && !isObj(it.response)) return 'response not an object';
  for (const k of ['timestamp', 'requestSize', 'responseSize', 'elapsedTime'] as const) {
    if (!Number.isFinite(it[k]) || it[k] < 0) return `${k} = ${it[k]}`;
  }
  if (Number.isNaN(Date.parse(it.startTime))) return 'bad startTime';
  if (it.error !== null && !(isObj(it.error) && typeof it.error.type === 'string' && typeof it.error.msg === 'string')) return 'bad error';
  if (typeof it.src?.port !== 'string' || typeof it.dst?.port !== 'string') return 'ports must be strings';
  try {
    JSON.stringify(it);
  } catch (e) {
    return `not serialisable: ${(e as Error).message}`;
  }
  return null;
}
