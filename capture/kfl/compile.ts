/**
 * KFL compiler: syntax tree → closure tree, once per query. Names are resolved here:
 *
 *   bare name  → KFL2 variable, else protocol macro, else item field (`tls`, `timestamp`,
 *                Go-style `Protocol` …), else ERR_KFL_UNKNOWN_MACRO with close names;
 *   dotted     → dotted KFL2 variable (`src.pod.name`), else bare variable + selection
 *                (`query_string.id`), else a path on the item — any root, so objects that
 *                are not items (`kfl.match(q, {...})`) can be filtered too.
 *
 * Regexes are compiled, paths pre-split, literal arguments folded. Comparisons against a
 * literal get a fast path for the expected type; everything else goes through `values.ts`.
 * Recursion here follows the tree, whose depth the parser bounds.
 */
import { describeNode, type CompareOp, type Node, type Step } from './ast.ts';
import type { CompileCtx, Cond, EvalState, Getter, StepFn } from './context.ts';
import { closeNames, KflError, type KflErrorCode, type KflErrorDetail, type KflPos } from './errors.ts';
import { FUNCTIONS } from './functions.ts';
import { MACRO_BY_NAME, MACROS } from './macros.ts';
import { METHODS } from './methods.ts';
import { chainGetter, fieldStep, goAlias, indexStep, isPlainKey, plainPath } from './paths.ts';
import { checkOperands, compareLiteral } from './compare.ts';
import { compareValues, truthy } from './values.ts';
import { allOf, anyOf, negate } from './combinators.ts';
import { VARIABLE_BY_NAME, VARIABLES } from './variables.ts';

/** Top-level fields of an item (SCRIPT-API.md §4); bare names that are plain field reads. */
export const ITEM_FIELDS: readonly string[] = [
  'id', 'index', 'stream', 'worker', 'node', 'protocol', 'tls', 'src', 'dst', 'timestamp', 'startTime', 'request',
  'response', 'requestSize', 'responseSize', 'elapsedTime', 'passed', 'failed', 'error', 'namespace',
];
const ITEM_FIELD_SET = new Set(ITEM_FIELDS);
const FUNCTION_BY_NAME = new Map(FUNCTIONS.map((f) => [f.name, f]));
const METHOD_BY_NAME = new Map(METHODS.map((m) => [m.name, m]));
const FLIP: Record<CompareOp, CompareOp> = { '==': '==', '!=': '!=', '<': '>', '<=': '>=', '>': '<', '>=': '<=', in: 'in' };
/** Longest dotted variable, in segments (`src.service.namespace`). */
const MAX_VARIABLE_SEGMENTS = 3;

export interface CompiledTree {
  cond: Cond;
  /** The tree reads `state.nowMs`: sample the clock before each evaluation. */
  usesClock: boolean;
}

export function compileTree(root: Node, query: string, state: EvalState): CompiledTree {
  const c = new Compiler(query, state);
  return { cond: c.cond(root), usesClock: c.usesClock };
}

class Compiler implements CompileCtx {
  usesClock = false;
  private readonly caches = new Map<string, WeakMap<object, unknown>>();

  constructor(
    readonly query: string,
    readonly state: EvalState,
  ) {}

  useClock(): void {
    this.usesClock = true;
  }

  error(code: KflErrorCode, pos: KflPos, detail: KflErrorDetail): KflError {
    return new KflError(code, this.query, pos, detail);
  }

  jsonCache(key: string): WeakMap<object, unknown> {
    let c = this.caches.get(key);
    if (!c) this.caches.set(key, (c = new WeakMap()));
    return c;
  }

  /** `(?i)`, `(?s)`, `(?m)` prefixes (Go/RE2 style) become JavaScript flags. */
  regex(source: string, pos: KflPos): RegExp {
    const m = /^\(\?([ims]+)\)/.exec(source);
    const flags = m ? [...new Set(m[1])].join('') : '';
    try {
      return new RegExp(m ? source.slice(m[0].length) : source, flags);
    } catch (e) {
      const why = e instanceof Error ? e.message.replace(/^Invalid regular expression: /, '') : String(e);
      throw this.error('ERR_KFL_BAD_REGEX', pos, { what: `bad regex: ${why}` });
    }
  }

  cond(n: Node): Cond {
    switch (n.type) {
      case 'or':
        return anyOf(n.items.map((x) => this.cond(x)));
      case 'and':
        return allOf(n.items.map((x) => this.cond(x)));
      case 'not': {
        const c = this.cond(n.operand);
        return (it) => !c(it);
      }
      case 'compare':
        return this.compare(n.op, n.left, n.right);
      case 'literal':
        if (typeof n.value === 'boolean') return n.value ? () => true : () => false;
        throw this.notCondition(n);
      case 'regex':
        throw this.notCondition(n);
      case 'name': {
        const m = MACRO_BY_NAME.get(n.name);
        if (m) return m.test;
        break;
      }
      case 'call': {
        const g = this.value(n);
        if (FUNCTION_BY_NAME.get(n.name)?.returns === 'number') throw this.notCondition(n);
        return (it) => truthy(g(it));
      }
    }
    const g = this.value(n);
    return (it) => truthy(g(it));
  }

  value(n: Node): Getter {
    switch (n.type) {
      case 'literal': {
        const v = n.value;
        return () => v;
      }
      case 'regex': {
        const re = this.regex(n.source, n.pos);
        return () => re;
      }
      case 'name':
        return this.name(n.name, n.pos);
      case 'call':
        return this.call(n.name, n.args, n.pos);
      case 'select':
        return this.select(n.base, n.steps);
      case 'neg': {
        const g = this.value(n.operand);
        return (it) => negate(g(it));
      }
      default: {
        const c = this.cond(n);
        return (it) => c(it);
      }
    }
  }

  private name(name: string, pos: KflPos): Getter {
    const v = VARIABLE_BY_NAME.get(name);
    if (v) return v.get;
    const m = MACRO_BY_NAME.get(name);
    if (m) return m.test;
    if (ITEM_FIELD_SET.has(name) || ITEM_FIELD_SET.has(goAlias(name) ?? '')) return this.chain(null, [{ kind: 'field', key: name, pos }], '');
    const known = [...MACROS.map((x) => x.name), ...VARIABLES.map((x) => x.name).filter((x) => !x.includes('.')), ...ITEM_FIELDS];
    throw this.error('ERR_KFL_UNKNOWN_MACRO', pos, {
      what: `unknown name ${JSON.stringify(name)}`,
      expected: ['a macro', 'a variable', 'a field path such as request.path'],
      suggestions: closeNames(name, known),
    });
  }

  private call(name: string, args: Node[], pos: KflPos): Getter {
    const f = FUNCTION_BY_NAME.get(name);
    if (!f) {
      const method = METHOD_BY_NAME.get(name);
      throw this.error('ERR_KFL_UNKNOWN_FUNCTION', pos, {
        what: method ? `${name}() is a method; call it on a value` : `unknown function ${JSON.stringify(name + '()')}`,
        suggestions: method ? [`request.path${method.syntax}`] : closeNames(name, FUNCTION_BY_NAME.keys()).map((x) => `${x}()`),
      });
    }
    if (args.length !== f.arity) throw this.arity(f.syntax, f.arity, args.length, pos);
    return f.compile(args, this, pos);
  }

  private select(base: Node, steps: Step[]): Getter {
    if (base.type !== 'name') return this.chain(this.value(base), steps, `@${base.pos.offset}`);
    for (let k = Math.min(steps.length, MAX_VARIABLE_SEGMENTS - 1); k >= 1; k--) {
      const head = steps.slice(0, k).map(plainFieldKey);
      if (head.includes(null)) continue;
      const dotted = [base.name, ...head].join('.');
      const v = VARIABLE_BY_NAME.get(dotted);
      if (v) return this.chain(v.get, steps.slice(k), dotted);
    }
    const v = VARIABLE_BY_NAME.get(base.name);
    if (v) return this.chain(v.get, steps, base.name);
    return this.chain(null, [{ kind: 'field', key: base.name, pos: base.pos }, ...steps], '');
  }

  /** `base` = null: selection starts at the item, leading plain keys read directly. */
  private chain(base: Getter | null, steps: Step[], key: string): Getter {
    let i = 0;
    if (base === null) {
      const keys: string[] = [];
      for (let k = plainFieldKey(steps[0]); k !== null && isPlainKey(k); k = plainFieldKey(steps[++i])) keys.push(k);
      key = keys.join('.');
      base = plainPath(keys);
    }
    const fns: StepFn[] = [];
    for (; i < steps.length; i++) {
      const s = steps[i];
      if (s.kind === 'field') {
        key += `.${s.key}`;
        fns.push(fieldStep(s.key, false));
      } else if (s.kind === 'index') {
        key += `[${JSON.stringify(s.key)}]`;
        fns.push(typeof s.key === 'number' ? indexStep(s.key) : fieldStep(s.key, true));
      } else {
        const m = METHOD_BY_NAME.get(s.name);
        if (!m) {
          const isFunction = FUNCTION_BY_NAME.has(s.name);
          throw this.error('ERR_KFL_UNKNOWN_FUNCTION', s.pos, {
            what: isFunction ? `${s.name}() is a function, not a method` : `unknown method ${JSON.stringify(`.${s.name}()`)}`,
            suggestions: isFunction ? [`${s.name}(…)`] : closeNames(s.name, METHOD_BY_NAME.keys()).map((x) => `.${x}()`),
          });
        }
        if (s.args.length !== m.arity) throw this.arity(m.syntax, m.arity, s.args.length, s.pos);
        key += `.${s.name}()`;
        fns.push(m.compile(s.args, this, s.pos, key));
      }
    }
    return chainGetter(base, fns);
  }

  private compare(op: CompareOp, left: Node, right: Node): Cond {
    checkOperands(op, left, right, this);
    if (op !== 'in' && isConstant(left) && !isConstant(right)) [left, right, op] = [right, left, FLIP[op]];
    const lg = this.value(left);
    if (op !== 'in' && (right.type === 'regex' || right.type === 'literal')) {
      const lit = right.type === 'regex' ? this.regex(right.source, right.pos) : right.value;
      const fast = compareLiteral(op, lg, lit);
      if (fast) return fast;
    }
    const rg = this.value(right);
    return (it) => compareValues(op, lg(it), rg(it));
  }

  private notCondition(n: Node): KflError {
    return this.error('ERR_KFL_TYPE', n.pos, {
      what: `${describeNode(n)} is not a condition`,
      expected: ['a comparison such as status_code == 500', 'a macro such as http', 'a field'],
    });
  }

  private arity(syntax: string, want: number, got: number, pos: KflPos): KflError {
    return this.error('ERR_KFL_ARGUMENTS', pos, { what: `${syntax} takes ${want} argument${want === 1 ? '' : 's'}, got ${got}`, expected: [syntax] });
  }
}

/** The key of a `.field` step (not `["key"]`), else null. */
function plainFieldKey(s: Step | undefined): string | null {
  return s !== undefined && s.kind === 'field' ? s.key : null;
}

function isConstant(n: Node): boolean {
  return n.type === 'literal' || n.type === 'regex';
}
