/**
 * Argument validation for host ops. Arguments come from untrusted script code as JSON
 * (functions arrive as `{ $fn: id }` handles); each op declares what it accepts and gets
 * typed values, or the script gets `Error("<op>: argument 2 (cron) must be a string, got number")`.
 *
 *   args([str('tag'), str('cron'), fn('fn'), optional(int('limit', { min: 0 }))], any('args'))
 *
 * Extra arguments beyond the declared ones (and no rest) are ignored, as JavaScript does.
 */
import type { GuestFn, JsonValue } from './define-op.ts';

/** Thrown for a bad argument; the bridge turns it into `Error(message)` in the script. */
export class ArgError extends Error {
  readonly code = 'ERR_HELPER_ARGUMENT';
}

export interface Arg<T> {
  readonly name: string;
  readonly optional: boolean;
  /** Human description of what is accepted, e.g. "a string". */
  readonly expects: string;
  /** Returns the value, or throws ArgError (message without the op/argument prefix). */
  check(v: unknown): T;
}

export interface ArgSpec<A extends unknown[]> {
  /** Declared parameter names, for messages and docs. */
  readonly names: string[];
  /** True if any argument is a function (the guest then registers function arguments). */
  readonly takesFunctions: boolean;
  parse(op: string, raw: unknown[]): A;
}

type Values<S extends readonly Arg<any>[]> = { -readonly [I in keyof S]: S[I] extends Arg<infer T> ? T : never };

export function args<const S extends readonly Arg<any>[]>(specs: S): ArgSpec<Values<S>>;
export function args<const S extends readonly Arg<any>[], R>(specs: S, rest: Arg<R>): ArgSpec<[...Values<S>, ...R[]]>;
export function args(specs: readonly Arg<unknown>[], rest?: Arg<unknown>): ArgSpec<unknown[]> {
  const required = specs.filter((s) => !s.optional).length;
  const names = specs.map((s) => s.name).concat(rest ? [`...${rest.name}`] : []);
  return {
    names,
    takesFunctions: [...specs, ...(rest ? [rest] : [])].some((s) => s.expects === 'a function'),
    parse(op, raw) {
      if (raw.length < required) {
        const list = specs.slice(0, required).map((s) => s.name).join(', ');
        throw new ArgError(`${op}: expects ${required === specs.length ? '' : 'at least '}${required} argument${required === 1 ? '' : 's'} (${list}), got ${raw.length}`);
      }
      const out: unknown[] = [];
      specs.forEach((s, i) => out.push(checkOne(op, i, s, raw[i])));
      if (rest) for (let i = specs.length; i < raw.length; i++) out.push(checkOne(op, i, rest, raw[i]));
      return out;
    },
  };
}

function checkOne(op: string, i: number, spec: Arg<unknown>, v: unknown): unknown {
  if (spec.optional && (v === undefined || v === null)) return undefined;
  try {
    return spec.check(v);
  } catch (e) {
    if (e instanceof ArgError) throw new ArgError(`${op}: argument ${i + 1} (${spec.name}) ${e.message}`);
    throw e;
  }
}

export function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object' && v && '$fn' in v) return 'a function';
  return typeof v === 'object' ? 'an object' : typeof v;
}

function make<T>(name: string, expects: string, check: (v: unknown) => T): Arg<T> {
  return { name, optional: false, expects, check };
}

function fail(expects: string, v: unknown): never {
  throw new ArgError(`must be ${expects}, got ${describe(v)}`);
}

export function str(name: string, opts: { nonEmpty?: boolean; maxLength?: number } = {}): Arg<string> {
  return make(name, opts.nonEmpty ? 'a non-empty string' : 'a string', (v) => {
    if (typeof v !== 'string') fail('a string', v);
    if (opts.nonEmpty && v.trim() === '') throw new ArgError('must not be empty');
    if (opts.maxLength !== undefined && v.length > opts.maxLength) throw new ArgError(`is longer than ${opts.maxLength} characters`);
    return v;
  });
}

export function num(name: string, opts: { min?: number; max?: number; integer?: boolean } = {}): Arg<number> {
  const expects = opts.integer ? 'an integer' : 'a number';
  return make(name, expects, (v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(opts.integer ? 'an integer' : 'a finite number', v);
    if (opts.integer && !Number.isInteger(v)) throw new ArgError(`must be an integer, got ${v}`);
    if (opts.min !== undefined && v < opts.min) throw new ArgError(`must be at least ${opts.min}, got ${v}`);
    if (opts.max !== undefined && v > opts.max) throw new ArgError(`must be at most ${opts.max}, got ${v}`);
    return v;
  });
}

export function int(name: string, opts: { min?: number; max?: number } = {}): Arg<number> {
  return num(name, { ...opts, integer: true });
}

export function bool(name: string): Arg<boolean> {
  return make(name, 'a boolean', (v) => (typeof v === 'boolean' ? v : fail('a boolean', v)));
}

/** A plain object (not an array, not null). */
export function obj(name: string): Arg<Record<string, JsonValue>> {
  return make(name, 'an object', (v) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v) || '$fn' in v) fail('an object', v);
    return v as Record<string, JsonValue>;
  });
}

export function arr(name: string): Arg<JsonValue[]> {
  return make(name, 'an array', (v) => (Array.isArray(v) ? (v as JsonValue[]) : fail('an array', v)));
}

/** Any JSON value (functions inside are dropped by the guest's JSON encoding). */
export function any(name: string): Arg<JsonValue> {
  return make(name, 'any value', (v) => (v === undefined ? null : (v as JsonValue)));
}

export function fn(name: string): Arg<GuestFn> {
  return make(name, 'a function', (v) => {
    const id = v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as { $fn?: unknown }).$fn : undefined;
    if (typeof id !== 'number' || !Number.isInteger(id) || id <= 0) fail('a function', v);
    return { fnId: id };
  });
}

export function optional<T>(a: Arg<T>): Arg<T | undefined> {
  return { ...a, optional: true };
}

/** One of several shapes, tried in order (first that accepts wins). */
export function oneOf<T>(name: string, expects: string, options: Arg<T>[]): Arg<T> {
  return make(name, expects, (v) => {
    for (const o of options) {
      try {
        return o.check(v);
      } catch (e) {
        if (!(e instanceof ArgError)) throw e;
      }
    }
    return fail(expects, v);
  });
}
