/**
 * kfl.* (SCRIPT-API.md §3, §5): KFL on the host. Compiled queries are cached (LRU), so a
 * hook calling kfl.match with the same query per item compiles it once.
 */
import { compileKfl, validateKfl, KflError, type CompiledFilter } from '../capture/kfl/index.ts';
import { any, args, bool, optional, str } from './args.ts';
import { defineOp, type JsonValue } from './define-op.ts';

const CACHE_SIZE = 256;
const cache = new Map<string, CompiledFilter>();

/** Compiled filter for `query` (cached); throws Error with the position and the problem (`1:5: unexpected token "?"`). */
export function cachedFilter(query: string): CompiledFilter {
  let f = cache.get(query);
  if (f) {
    cache.delete(query);
    cache.set(query, f);
    return f;
  }
  try {
    f = compileKfl(query);
  } catch (e) {
    throw new Error(e instanceof KflError ? shortMessage(e) : String(e));
  }
  cache.set(query, f);
  if (cache.size > CACHE_SIZE) cache.delete(cache.keys().next().value!);
  return f;
}

/** Kubeshark's form, `1:5: unexpected token "?"`: the KFL message without what was expected. */
function shortMessage(e: KflError): string {
  const cut = e.expected.length ? e.message.indexOf(', expected ') : -1;
  return cut > 0 ? e.message.slice(0, cut) : e.message;
}

export const kflOps = [
  defineOp({
    name: 'kfl.match',
    kind: 'sync',
    args: args([any('query'), any('data')]),
    signature: '(query: string, data: object): boolean',
    doc: 'Whether the KFL `query` matches `data`. Throws on a syntax error, e.g. `1:5: unexpected token "?"`. The older argument order `kfl.match(data, query)` is accepted too.',
    run(_ctx, a, b) {
      const [query, data]: [JsonValue, JsonValue] = typeof a !== 'string' && typeof b === 'string' ? [b, a] : [a, b];
      if (typeof query !== 'string') throw new Error('kfl.match: argument 1 (query) must be a string');
      return cachedFilter(query).match(data);
    },
  }),
  defineOp({
    name: 'kfl.validate',
    kind: 'sync',
    args: args([str('query'), optional(bool('quiet'))]),
    signature: '(query: string, quiet?: boolean): boolean',
    doc: 'Whether `query` is valid KFL. Unless `quiet`, the error (with its position) is written to the console.',
    run(ctx, query, quiet) {
      const err = validateKfl(query);
      if (err && !quiet) ctx.console.error(`kfl.validate: ${err.message}\n${err.snippet}`);
      return err === null;
    },
  }),
];
