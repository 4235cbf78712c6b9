/**
 * A named recording (the recorder's unit, from `recording.schedules` or the API):
 *
 *   { name, filter (KFL), start, durationMs, iterations | cron, expiration, destination }
 *
 * Windows, all in wall-clock time:
 * - daily (cron ""): `iterations` windows, window k = [start + k·24 h, + durationMs);
 * - cron: a window starts at every cron time ≥ start and lasts durationMs (`@every 10m`
 *   counts from start); windows never overlap (a start inside the previous window is skipped);
 * - no window starts at or after `expiration` (0 = none), and an open one closes then.
 * Items arriving while a window is open and matching `filter` are recorded (by arrival,
 * not packet time, so replays of old captures record too).
 */
import { validateKfl } from '../../capture/kfl/index.ts';
import { parseGoDuration, parseSchedule, type Schedule } from '../jobs/cron.ts';
import type { RecordingScheduleConfig } from '../config.ts';

export const DAY_MS = 86_400_000;
const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const TYPES = ['folder', 's3', 'gcs'] as const;

export type RecordingErrorCode = 'ERR_RECORDING_INVALID' | 'ERR_RECORDING_FILTER' | 'ERR_RECORDING_EXISTS' | 'ERR_RECORDING_NOT_FOUND' | 'ERR_RECORDING_ARCHIVE';

export class RecordingError extends Error {
  constructor(
    readonly code: RecordingErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** Where archives go; fields left out come from `recording.local/s3/gcs` in the config. */
export interface DestinationSpec {
  type: 'folder' | 's3' | 'gcs';
  /** Key prefix inside the bucket or folder (a "/" is added when missing). */
  prefix?: string;
  /** folder */
  folder?: string;
  /** s3, gcs */
  bucket?: string;
  endpoint?: string;
  /** s3 */
  region?: string;
  forcePathStyle?: boolean;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** gcs: service-account key object, its JSON text, or a key file path. */
  key?: string | Record<string, unknown>;
}

export interface RecordingSpec {
  name: string;
  filter: string;
  /** First window start, epoch ms. */
  start: number;
  durationMs: number;
  /** Daily windows (when cron is ""). */
  iterations: number;
  cron: string;
  /** Epoch ms; 0 = none. */
  expiration: number;
  destination: DestinationSpec;
  origin: 'config' | 'api';
}

export interface Window {
  start: number;
  end: number;
}

const bad = (msg: string): never => {
  throw new RecordingError('ERR_RECORDING_INVALID', msg);
};

/** Epoch ms from a number, an RFC 3339 string or an epoch-ms string; `dflt` when absent/"". */
export function parseTime(v: unknown, what: string, dflt: number): number {
  if (v === undefined || v === null || v === '') return dflt;
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return Math.floor(v);
  if (typeof v === 'string') {
    const n = /^\d+$/.test(v) ? Number(v) : Date.parse(v);
    if (Number.isFinite(n)) return n;
  }
  return bad(`${what} must be an RFC 3339 time (2026-01-01T02:00:00Z) or epoch milliseconds, got ${JSON.stringify(v)}`);
}

function parseDestination(v: unknown): DestinationSpec {
  if (v === undefined || v === null || v === '') return { type: 'folder' };
  if (typeof v === 'string') v = { type: v };
  if (typeof v !== 'object' || Array.isArray(v)) return bad('destination must be "folder", "s3", "gcs" or an object with a type');
  const d = v as Record<string, unknown>;
  if (!TYPES.includes(d.type as never)) return bad(`destination.type must be one of ${TYPES.join(', ')}, got ${JSON.stringify(d.type)}`);
  const out: DestinationSpec = { type: d.type as DestinationSpec['type'] };
  for (const k of ['prefix', 'folder', 'bucket', 'endpoint', 'region', 'accessKeyId', 'secretAccessKey'] as const) {
    if (d[k] === undefined || d[k] === null || d[k] === '') continue;
    if (typeof d[k] !== 'string') bad(`destination.${k} must be a string`);
    out[k] = d[k] as string;
  }
  if (d.forcePathStyle !== undefined) {
    if (typeof d.forcePathStyle !== 'boolean') bad('destination.forcePathStyle must be true or false');
    out.forcePathStyle = d.forcePathStyle as boolean;
  }
  if (d.key !== undefined && d.key !== null && d.key !== '') {
    if (typeof d.key !== 'string' && (typeof d.key !== 'object' || Array.isArray(d.key))) bad('destination.key must be a service-account key object, its JSON text or a file path');
    out.key = d.key as DestinationSpec['key'];
  }
  if (out.prefix && (out.prefix.startsWith('/') || out.prefix.split('/').includes('..'))) bad('destination.prefix must be a relative key prefix without ".."');
  return out;
}

/** Validates a recording from the API (JSON) or the config; throws RecordingError. */
export function parseRecording(input: unknown, nowMs: number, origin: RecordingSpec['origin']): RecordingSpec {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return bad('a recording must be an object');
  const r = input as Record<string, unknown>;
  if (typeof r.name !== 'string' || !NAME.test(r.name)) bad('name must be 1–64 letters, digits, "_", "-" or ".", starting with a letter or digit');
  const filter = r.filter ?? '';
  if (typeof filter !== 'string') bad('filter must be a KFL string');
  const kflError = validateKfl(filter as string);
  if (kflError) throw new RecordingError('ERR_RECORDING_FILTER', `filter: ${kflError.message}`);
  let durationMs = r.durationMs;
  if (durationMs === undefined && r.duration !== undefined) {
    durationMs = typeof r.duration === 'string' ? parseGoDuration(r.duration) : r.duration;
  }
  if (typeof durationMs !== 'number' || !Number.isFinite(durationMs) || durationMs < 1000) bad('durationMs must be at least 1000 (or duration a Go duration such as "30m")');
  const iterations = r.iterations ?? 1;
  if (typeof iterations !== 'number' || !Number.isInteger(iterations) || iterations < 1) bad('iterations must be an integer ≥ 1');
  const cron = r.cron ?? '';
  if (typeof cron !== 'string') bad('cron must be a string');
  if (cron !== '') {
    try {
      parseSchedule(cron as string);
    } catch (e) {
      bad(`cron: ${(e as Error).message}`);
    }
  }
  if (cron === '' && (iterations as number) > 1 && (durationMs as number) > DAY_MS) bad('daily windows (iterations > 1) must last at most 24 h');
  const start = parseTime(r.start, 'start', nowMs);
  const expiration = parseTime(r.expiration, 'expiration', 0);
  if (expiration !== 0 && expiration <= start) bad('expiration must be after start');
  return {
    name: r.name as string,
    filter: filter as string,
    start,
    durationMs: Math.floor(durationMs as number),
    iterations: iterations as number,
    cron: cron as string,
    expiration,
    destination: parseDestination(r.destination),
    origin,
  };
}

/** A `recording.schedules.<name>` entry as a recording. */
export function recordingFromConfig(name: string, c: Partial<RecordingScheduleConfig>, nowMs: number): RecordingSpec {
  return parseRecording({ ...c, name, duration: c.duration ?? '1h', destination: { type: c.destination ?? 'folder', prefix: c.prefix } }, nowMs, 'config');
}

const schedules = new Map<string, Schedule>();

/** The first window that ends after `after` and starts no earlier than `notBefore`, or null. */
export function nextWindow(spec: RecordingSpec, after: number, notBefore = 0): Window | null {
  const exp = spec.expiration;
  const endOf = (s: number): number => (exp !== 0 ? Math.min(s + spec.durationMs, exp) : s + spec.durationMs);
  if (spec.cron === '') {
    for (let k = 0; k < spec.iterations; k++) {
      const s = spec.start + k * DAY_MS;
      if (exp !== 0 && s >= exp) return null;
      const e = endOf(s);
      if (e > after && e > notBefore) return { start: Math.max(s, notBefore), end: e };
    }
    return null;
  }
  const from = Math.max(spec.start - 1, after - spec.durationMs, notBefore - 1);
  let s: number | null;
  const every = /^@every\s+(\S+)$/.exec(spec.cron.trim());
  if (every) {
    // Anchored at start (cron's @every counts from the previous run, which windows have not).
    const step = Math.max(1000, Math.floor(parseGoDuration(every[1]) / 1000) * 1000);
    s = spec.start + Math.max(0, Math.floor((from - spec.start) / step) + 1) * step;
  } else {
    let sch = schedules.get(spec.cron);
    if (!sch) schedules.set(spec.cron, (sch = parseSchedule(spec.cron)));
    s = sch.next(from);
  }
  if (s === null || (exp !== 0 && s >= exp) || endOf(s) <= after) return null;
  return { start: s, end: endOf(s) };
}
