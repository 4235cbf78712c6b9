/**
 * KFL — the Kubeshark Filter Language (classic syntax and the KFL2 spellings), used by
 * `kfl.match`, the dashboard filter box, the items API, recordings and script pre-filters.
 * Reference: docs/kfl.md (generated from `kflReference`). Contract: SCRIPT-API.md §5.
 *
 *   const f = compileKfl('http and response.status >= 500');   // throws KflError
 *   f.match(item);                                               // boolean, never throws
 *
 * A query is lexed, parsed and compiled once into a closure tree; `match` reads the item
 * in place (no copy, no allocation on the common paths). The item is any JSON value —
 * Kubeshark-shaped items (capture/item.ts) are what the names and macros are made for;
 * for a non-object every field is missing. An empty or whitespace-only query matches
 * everything. Items must not be mutated after they were first matched by a filter that
 * uses `.json()` (parsed bodies are cached per item).
 */
import { compileTree } from './compile.ts';
import type { EvalState } from './context.ts';
import { KflError } from './errors.ts';
import { parse } from './parser.ts';

export { KflError, KFL_ERROR_CODES, type KflErrorCode, type KflPos } from './errors.ts';
export { kflReference, type KflReference, type KflReferenceEntry, type KflFunctionEntry, type KflOperatorEntry, type KflVariableEntry } from './reference.ts';

export interface CompiledFilter {
  /** The query as given. */
  readonly query: string;
  /** Whether `item` passes the filter. Never throws. */
  match(item: unknown): boolean;
}

export interface CompileOptions {
  /** Clock for `now()`, `minutes(n)` …: epoch ms. Sampled once per `match` call. Default `Date.now`. */
  now?: () => number;
}

/** What a non-object item looks like to a filter: no fields at all. */
const NO_FIELDS: object = Object.freeze({});

/** Compile `query` once; throws KflError (with code, line:column, expected, snippet). */
export function compileKfl(query: string, opts: CompileOptions = {}): CompiledFilter {
  if (typeof query !== 'string') {
    throw new KflError('ERR_KFL_TYPE', '', { offset: 0, line: 1, column: 1, length: 0 }, { what: `the query must be a string, not ${query === null ? 'null' : typeof query}` });
  }
  const ast = parse(query);
  if (ast === null) return { query, match: () => true };
  const state: EvalState = { nowMs: 0 };
  const { cond, usesClock } = compileTree(ast, query, state);
  if (!usesClock) {
    return { query, match: (item) => cond(item !== null && typeof item === 'object' ? item : NO_FIELDS) };
  }
  const clock = opts.now ?? Date.now;
  return {
    query,
    match(item) {
      state.nowMs = clock();
      return cond(item !== null && typeof item === 'object' ? item : NO_FIELDS);
    },
  };
}

/** The error `compileKfl(query)` would throw, or null when the query is valid. */
export function validateKfl(query: string): KflError | null {
  try {
    compileKfl(query);
    return null;
  } catch (e) {
    if (e instanceof KflError) return e;
    throw e;
  }
}
