/**
 * Methods on a selected value: `.startsWith(s)`, `.endsWith(s)`, `.contains(s)`,
 * `.matches(re)` (booleans) and `.json()` (a JSON value to keep selecting from).
 *
 * On a list, the string methods mean "any element". Numbers and booleans are matched as
 * written (`response.status.startsWith("5")`). On a missing or non-text value the result is
 * missing, so comparisons with it are false and `!x.startsWith(…)` is true.
 */
import type { Node } from './ast.ts';
import type { CompileCtx, MethodDef, StepFn } from './context.ts';
import type { KflPos } from './errors.ts';
import { jsonValueOf } from './json-value.ts';
import { regexMatches, textOf } from './values.ts';

/** Marks a cached `.json()` failure (WeakMap.get cannot tell "absent" from undefined). */
const NOT_JSON = Symbol('not-json');

type TextTest = (text: string, arg: string) => boolean;

function applyText(cur: unknown, arg: string, test: TextTest): boolean | undefined {
  if (Array.isArray(cur)) {
    for (const el of cur) {
      const t = textOf(el);
      if (t !== undefined && test(t, arg)) return true;
    }
    return false;
  }
  const t = textOf(cur);
  return t === undefined ? undefined : test(t, arg);
}

/** Compile a string method whose single argument is text (a literal, or any value's text). */
function textMethod(name: string, test: TextTest): MethodDef['compile'] {
  return (args: Node[], ctx: CompileCtx): StepFn => {
    const a = args[0];
    if (a.type === 'literal') {
      const s = typeof a.value === 'string' || typeof a.value === 'number' ? String(a.value) : undefined;
      if (s === undefined) throw ctx.error('ERR_KFL_TYPE', a.pos, { what: `.${name}() takes a string, not ${a.value === null ? 'nil' : 'a boolean'}` });
      return (cur) => applyText(cur, s, test);
    }
    if (a.type === 'regex') {
      throw ctx.error('ERR_KFL_TYPE', a.pos, { what: `.${name}() takes a string, not a regex`, suggestions: ['.matches(r"…")'] });
    }
    const g = ctx.value(a);
    return (cur, root) => {
      const s = textOf(g(root));
      return s === undefined ? undefined : applyText(cur, s, test);
    };
  };
}

function compileMatches(args: Node[], ctx: CompileCtx): StepFn {
  const a = args[0];
  let re: RegExp;
  if (a.type === 'regex') re = ctx.regex(a.source, a.pos);
  else if (a.type === 'literal' && typeof a.value === 'string') re = ctx.regex(a.value, a.pos);
  else throw ctx.error('ERR_KFL_TYPE', a.pos, { what: '.matches() takes a regex or string literal', expected: ['r"…"', '"…"'] });
  return (cur) => (cur === undefined ? undefined : regexMatches(cur, re));
}

function compileJson(_args: Node[], ctx: CompileCtx, _pos: KflPos, chainKey: string): StepFn {
  const cache = ctx.jsonCache(chainKey);
  return (cur, root) => {
    if (typeof cur !== 'string') return jsonValueOf(cur);
    const hit = cache.get(root);
    if (hit !== undefined) return hit === NOT_JSON ? undefined : hit;
    const v = jsonValueOf(cur);
    cache.set(root, v === undefined ? NOT_JSON : v);
    return v;
  };
}

export const METHODS: readonly MethodDef[] = [
  {
    name: 'startsWith',
    syntax: '.startsWith(s)',
    arity: 1,
    description: 'True when the selected text begins with `s` (case-sensitive; any element of a list).',
    example: 'request.path.startsWith("/api")',
    compile: textMethod('startsWith', (t, s) => t.startsWith(s)),
  },
  {
    name: 'endsWith',
    syntax: '.endsWith(s)',
    arity: 1,
    description: 'True when the selected text ends with `s`.',
    example: 'dst.name.endsWith(".example.com")',
    compile: textMethod('endsWith', (t, s) => t.endsWith(s)),
  },
  {
    name: 'contains',
    syntax: '.contains(s)',
    arity: 1,
    description: 'True when the selected text contains `s`; on a list, when any element contains it.',
    example: 'request.headers["User-Agent"].contains("curl")',
    compile: textMethod('contains', (t, s) => t.includes(s)),
  },
  {
    name: 'matches',
    syntax: '.matches(re)',
    arity: 1,
    description: 'Unanchored regex match (JavaScript RegExp syntax); `re` is `r"…"` or a string literal. Same as `== r"…"`.',
    example: 'request.path.matches(r"^/api/v[12]/")',
    compile: compileMatches,
  },
  {
    name: 'json',
    syntax: '.json()',
    arity: 0,
    description:
      'Parse the selected string as JSON (base64-decoded first when it is valid base64 of JSON text, as HTTP bodies are) and keep selecting from the result. Not JSON → missing.',
    example: 'response.content.text.json().items[0].id == 3',
    compile: compileJson,
  },
];
