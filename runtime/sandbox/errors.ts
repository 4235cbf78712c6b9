/**
 * Errors of script loading and running, with stable codes (DESIGN.md §8). What a failure
 * of isolated-vm looks like (its messages) is recognised here and nowhere else.
 */
import type { Posted } from './report.ts';

export type ScriptErrorCode =
  | 'ERR_SCRIPT_COMPILE'
  | 'ERR_SCRIPT_TOPLEVEL'
  | 'ERR_SCRIPT_TIMEOUT'
  | 'ERR_SCRIPT_MEMORY'
  | 'ERR_SCRIPT_FILTER'
  | 'ERR_SCRIPT_INTERNAL';

/** A script could not be (re)loaded; it does not run. `message` is what its console shows. */
export class ScriptLoadError extends Error {
  constructor(
    readonly code: ScriptErrorCode,
    message: string,
    /** 'line:col' in the script, or ''. */
    readonly location = '',
    /** Console lines the top-level code wrote before it failed. */
    readonly posted: Posted[] = [],
  ) {
    super(message);
  }

  /** The console line: `(load) SyntaxError: Unexpected token ';' at 2:9` */
  consoleLine(): string {
    return `(load) ${this.message}${this.location ? ` at ${this.location}` : ''}`;
  }
}

export type RunFailure = 'timeout' | 'memory' | 'disposed' | 'other';

/** What went wrong when an isolated-vm call rejected. */
export function classifyFailure(err: unknown, isolateDisposed: boolean): RunFailure {
  const msg = err instanceof Error ? err.message : String(err);
  if (/memory limit/i.test(msg)) return 'memory';
  if (/timed out/i.test(msg)) return 'timeout';
  if (isolateDisposed || /disposed/i.test(msg)) return 'disposed';
  return 'other';
}

/** `line:col` of `filename` in an error stack or message (`[file.js:2:9]` for syntax errors). */
export function locationIn(err: unknown, filename: string): string {
  const s = err instanceof Error ? `${err.message}\n${err.stack ?? ''}` : String(err);
  const at = s.indexOf(`${filename}:`);
  if (at < 0) return '';
  const m = /^(\d+):(\d+)/.exec(s.slice(at + filename.length + 1));
  return m ? `${m[1]}:${m[2]}` : '';
}

/** Text of a top-level error: "TypeError: message", without isolated-vm's location suffix. */
export function describeLoadError(err: unknown): string {
  if (!(err instanceof Error)) return typeof err === 'string' ? err : 'top-level code threw a value that is not an Error';
  if (/not an instance of `Error`/.test(err.message)) return 'top-level code threw a value that is not an Error';
  const name = err.name && err.name !== 'Error' ? `${err.name}: ` : 'Error: ';
  return name + err.message.replace(/\s*\[[^\]]*:\d+:\d+\]$/, '');
}
