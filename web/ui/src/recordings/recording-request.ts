/**
 * The recordings API as the form and list use it, pure: the form's fields turned into
 * the `POST /api/recordings` body `{name, filter, start, durationMs, iterations | cron,
 * expiration, destination: {type, bucket | folder, prefix}}` (times in epoch ms,
 * expiration 0 = never) or the first problem worded for the user, and the list read
 * from either `[...]` or `{recordings: [...]}`.
 */
import type { Recording, RecordingDestination } from '../api/types.ts';

export interface RecordingRequest {
  name: string;
  filter: string;
  start: number;
  durationMs: number;
  iterations?: number;
  cron?: string;
  expiration: number;
  destination: RecordingDestination;
}

/** The form's fields (all strings, as inputs hold them). */
export type RecordingFields = Record<'name' | 'filter' | 'start' | 'minutes' | 'repeat' | 'iterations' | 'cron' | 'expiration' | 'destType' | 'bucket' | 'folder' | 'prefix', string>;

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** `YYYY-MM-DDTHH:MM` in local time, for a datetime-local input. */
export function localInputValue(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function destination(f: RecordingFields): RecordingDestination | string {
  const type = f.destType as RecordingDestination['type'];
  if (type !== 'folder' && type !== 's3' && type !== 'gcs') return 'Destination: folder, S3 or GCS.';
  const d: RecordingDestination = { type };
  const prefix = f.prefix.trim().replace(/^\/+/, '');
  if (prefix.split('/').includes('..')) return 'Prefix: a relative key prefix without "..".';
  if (prefix) d.prefix = prefix;
  if (type === 'folder') {
    if (f.folder.trim()) d.folder = f.folder.trim();
  } else if (f.bucket.trim()) d.bucket = f.bucket.trim();
  return d;
}

/** Form fields → request body, or the first problem found. */
export function recordingRequest(f: RecordingFields): RecordingRequest | string {
  if (!NAME.test(f.name)) return 'Name: 1–64 letters, digits, ".", "_" or "-", starting with a letter or digit.';
  const start = f.start ? new Date(f.start).getTime() : Date.now();
  if (!Number.isFinite(start)) return 'Start: not a date.';
  const minutes = Number(f.minutes);
  if (!(minutes * 60_000 >= 1000)) return 'Duration: at least one second (minutes may have decimals).';
  const expiration = f.expiration ? new Date(f.expiration).getTime() : 0;
  if (!Number.isFinite(expiration)) return 'Expiration: not a date.';
  if (expiration && expiration <= start) return 'Expiration: must be after the start.';
  const dest = destination(f);
  if (typeof dest === 'string') return dest;
  const r: RecordingRequest = { name: f.name, filter: f.filter.trim(), start, durationMs: Math.round(minutes * 60_000), expiration, destination: dest };
  if (f.repeat === 'cron') {
    if (!f.cron.trim()) return 'Cron: an expression, e.g. "0 2 * * *" or "@every 6h".';
    r.cron = f.cron.trim();
  } else {
    const n = Number(f.iterations);
    if (!Number.isInteger(n) || n < 1) return 'Iterations: a whole number from 1.';
    if (n > 1 && minutes > 24 * 60) return 'Duration: daily windows last at most 24 h.';
    r.iterations = n;
  }
  return r;
}

/** The list, whether the server answers `[...]` or `{recordings: [...]}`. */
export function recordingsOf(body: unknown): Recording[] {
  if (Array.isArray(body)) return body as Recording[];
  const r = (body as { recordings?: unknown } | null)?.recordings;
  return Array.isArray(r) ? (r as Recording[]) : [];
}

/** `s3://bucket/prefix`, `gcs://…`, `folder …` for the list. */
export function destinationText(d: RecordingDestination | undefined): string {
  if (!d) return '–';
  const prefix = d.prefix ? `/${d.prefix}` : '';
  if (d.type === 'folder') return `folder ${d.folder ?? '(default)'}${prefix}`;
  return `${d.type}://${d.bucket ?? '(default bucket)'}${prefix}`;
}
