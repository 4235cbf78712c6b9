/**
 * Types shared by the compiler (`compile.ts`) and the tables it consults (functions,
 * methods, macros, variables). A query compiles once into a tree of closures:
 * `Cond` for conditions, `Getter` for values; both take the item as it is (never copied)
 * and never throw on any JSON input.
 */
import type { Node } from './ast.ts';
import type { KflError, KflErrorCode, KflErrorDetail, KflPos } from './errors.ts';

/** Reads a value from the item; `undefined` = missing. */
export type Getter = (item: any) => unknown;
export type Cond = (item: any) => boolean;
/** One step of a selector chain: `cur` is the value so far, `root` the item. */
export type StepFn = (cur: unknown, root: any) => unknown;

/** Per-evaluation state, written by `match()` before the tree runs. */
export interface EvalState {
  /** The clock, sampled once per `match()` call when the query uses time helpers. */
  nowMs: number;
}

export interface CompileCtx {
  readonly query: string;
  readonly state: EvalState;
  /** The query reads the clock: `match()` must sample it. */
  useClock(): void;
  value(n: Node): Getter;
  cond(n: Node): Cond;
  /** Compile a regex literal or pattern string (ERR_KFL_BAD_REGEX at `pos` if invalid). */
  regex(source: string, pos: KflPos): RegExp;
  /** Per-filter cache of `.json()` results for the selector spelled `key`. */
  jsonCache(key: string): WeakMap<object, unknown>;
  error(code: KflErrorCode, pos: KflPos, detail: KflErrorDetail): KflError;
}

/** Documentation shared by every table entry; `kflReference` exposes exactly these fields. */
export interface DocEntry {
  name: string;
  /** How it is written, e.g. `minutes(n)` or `.startsWith(s)`. */
  syntax: string;
  description: string;
  /** A query using it; reference.test.ts checks each compiles and matches a fixture item. */
  example: string;
}

/** A global function such as `now()` or `minutes(n)`. */
export interface FunctionDef extends DocEntry {
  arity: number;
  /** `number` results (time helpers) cannot stand alone as a condition (ERR_KFL_TYPE). */
  returns: 'number' | 'value';
  compile(args: Node[], ctx: CompileCtx, pos: KflPos): Getter;
}

/** A method applied to the selected value, such as `.startsWith(s)` or `.json()`. */
export interface MethodDef extends DocEntry {
  arity: number;
  /** `chainKey` spells the selector up to this call, for caching. */
  compile(args: Node[], ctx: CompileCtx, pos: KflPos, chainKey: string): StepFn;
}

/** A protocol macro/flag: a condition on the item (`http`, `dns`, `tls` …). */
export interface MacroDef extends DocEntry {
  test(item: any): boolean;
}

/** A KFL2 short variable (`status_code`, `src.pod.name` …): a computed value. */
export interface VariableDef extends DocEntry {
  /** Value type shown in the docs: string, number, boolean, list, object. */
  type: string;
  get(item: any): unknown;
}
