/**
 * The guest trampoline's report (see guest/06-trampoline.js), decoded and validated: it
 * comes from the user's isolate, so every field is checked and anything malformed is
 * replaced by safe values rather than trusted.
 */
export interface Fault {
  /** Hook name, `job=<tag>` or `timer` — what was running. */
  label: string;
  kind: 'error' | 'timeout';
  text: string;
  /** 'line:col' in the script, or ''. */
  location: string;
}

/**
 * The script's ordered output, each entry with its sequence number: a queued post op
 * (`[seq, name, text]`, e.g. console.log) or a fault (`[seq, '', label, kind, text, location]`).
 */
export type Posted = [seq: number, name: string, text: string] | [seq: number, '', string, string, string, string];

/** Totals since the isolate was built, and output not yet acknowledged (may repeat). */
export interface GuestReport {
  calls: number;
  errors: number;
  timeouts: number;
  consecutive: number;
  /** The failure limit was reached: quarantine. */
  stopped: boolean;
  /** Bit mask over hookNames of the hooks the script defines now. */
  defined: number;
  posted: Posted[];
  /** JSON of an object returned by a hook, or 'E'+message for a failed function, or ''. */
  result: string;
  /** False when a batch yielded before its end (call resume). */
  done: boolean;
}

function count(v: unknown): number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 ? v : 0;
}

function text(v: unknown, max = 100_000): string {
  return typeof v === 'string' ? (v.length > max ? v.slice(0, max) : v) : '';
}

function parseList(json: unknown): unknown[] {
  if (typeof json !== 'string' || json === '') return [];
  try {
    const v = JSON.parse(json);
    return Array.isArray(v) ? v : [];
  } catch {
    return [];
  }
}

/** Validates one posted entry; null if malformed. */
export function decodePosted(p: unknown): Posted | null {
  if (!Array.isArray(p) || typeof p[0] !== 'number' || !Number.isInteger(p[0]) || p[0] <= 0 || typeof p[1] !== 'string') return null;
  if (p[1] !== '') return typeof p[2] === 'string' && p.length === 3 ? [p[0], p[1], p[2]] : null;
  return [p[0], '', text(p[2], 200), p[3] === 'timeout' ? 'timeout' : 'error', text(p[4], 4000), text(p[5], 40)];
}

/** A fault entry of the posted stream as a Fault, else null. */
export function faultOf(p: Posted): Fault | null {
  if (p.length !== 6) return null;
  return { label: p[2], kind: p[3] === 'timeout' ? 'timeout' : 'error', text: p[4], location: p[5] };
}

export function decodeReport(raw: unknown): GuestReport {
  const r = Array.isArray(raw) ? raw : [];
  const posted: Posted[] = [];
  for (const p of parseList(r[6])) {
    const d = decodePosted(p);
    if (d) posted.push(d);
  }
  return {
    calls: count(r[0]),
    errors: count(r[1]),
    timeouts: count(r[2]),
    consecutive: count(r[3]),
    stopped: r[4] === 1,
    defined: count(r[5]),
    posted,
    result: text(r[7], 64 * 1024 * 1024),
    done: r[8] !== 0,
  };
}

/** True for the label of a job or timer run (as opposed to a hook call). */
export function isFnLabel(label: string): boolean {
  return label.startsWith('job=') || label === 'timer';
}

/** What ran, as shown in console lines: `hook=onItemCaptured`, `job=report`, `timer`, `load`. */
export function labelText(label: string): string {
  return isFnLabel(label) || label === 'load' ? label : `hook=${label}`;
}

/** `(hook=onItemCaptured) TypeError: x is undefined at 12:7` */
export function faultLine(f: Fault): string {
  return `(${labelText(f.label)}) ${f.text}${f.location ? ` at ${f.location}` : ''}`;
}
