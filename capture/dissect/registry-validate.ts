/**
 * Construction-time validation of dissector descriptors (CONVENTIONS.md §10): a bad
 * descriptor is rejected before anything is registered, with a stable code.
 */
import type { DissectorDescriptor } from './descriptor.ts';

export type DissectorErrorCode = 'ERR_DISSECTOR_INVALID' | 'ERR_DISSECTOR_DUPLICATE';

export class DissectorError extends Error {
  readonly code: DissectorErrorCode;
  constructor(code: DissectorErrorCode, message: string) {
    super(message);
    this.name = 'DissectorError';
    this.code = code;
  }
}

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
const STRING_FIELDS = ['name', 'version', 'abbr', 'longName', 'macro', 'backgroundColor', 'foregroundColor', 'referenceLink'] as const;
const PAIRINGS = new Set(['fifo', 'key', 'none']);

function invalid(id: unknown, what: string): never {
  const who = typeof id === 'string' && id ? `dissector "${id}"` : 'a dissector';
  throw new DissectorError('ERR_DISSECTOR_INVALID', `${who}: ${what}`);
}

function isPort(p: unknown): boolean {
  return typeof p === 'number' && Number.isInteger(p) && p >= 1 && p <= 65535;
}

/** Throws `DissectorError('ERR_DISSECTOR_INVALID')` naming the first bad field. */
export function validateDescriptor(d: DissectorDescriptor): void {
  if (d === null || typeof d !== 'object') invalid(undefined, 'descriptor must be an object made with defineDissector()');
  const id = d.id;
  if (typeof id !== 'string' || !ID.test(id)) {
    invalid(id, `id must be lower-case kebab-case like "http" or "dns-tcp" (got ${JSON.stringify(id)})`);
  }
  if (d.transport !== 'tcp' && d.transport !== 'udp') invalid(id, `transport must be "tcp" or "udp" (got ${JSON.stringify(d.transport)})`);
  if (!Array.isArray(d.ports) || !d.ports.every(isPort)) invalid(id, 'ports must be integers 1–65535');
  if (typeof d.detect !== 'function') invalid(id, 'detect must be a function');
  if (typeof d.createParser !== 'function') invalid(id, 'createParser must be a function');
  if (!PAIRINGS.has(d.pairing)) invalid(id, `pairing must be "fifo", "key" or "none" (got ${JSON.stringify(d.pairing)})`);
  if (d.pairTimeoutMs !== undefined && !(typeof d.pairTimeoutMs === 'number' && d.pairTimeoutMs > 0)) {
    invalid(id, 'pairTimeoutMs must be a positive number of milliseconds');
  }
  const p = d.protocol;
  if (p === null || typeof p !== 'object') invalid(id, 'protocol descriptor is missing');
  for (const f of STRING_FIELDS) {
    if (typeof p[f] !== 'string' || (f !== 'version' && p[f] === '')) invalid(id, `protocol.${f} must be a non-empty string`);
  }
  if (typeof p.fontSize !== 'number' || !(p.fontSize > 0)) invalid(id, 'protocol.fontSize must be a positive number');
  if (typeof p.priority !== 'number' || !Number.isFinite(p.priority)) invalid(id, 'protocol.priority must be a number');
  if (p.layer4 !== 'tcp' && p.layer4 !== 'udp') invalid(id, 'protocol.layer4 must be "tcp" or "udp"');
  if (!Array.isArray(p.ports) || !p.ports.every((x) => typeof x === 'string')) invalid(id, 'protocol.ports must be an array of strings');
}
