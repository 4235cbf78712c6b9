/**
 * Runtime semantics of KFL values. Values are the item's own JSON values (never copied):
 * `undefined` means "missing from the item", `null` is `nil`, plus booleans, numbers,
 * strings, arrays, objects, and RegExps from regex literals.
 *
 * Contracts (documented in docs/kfl.md, asserted by values.test.ts):
 * - a missing side makes every comparison false (`==`, `!=`, `<` …, `in`);
 * - `==` with a regex is an unanchored match of the other side's text (numbers and
 *   booleans as written, lists: any element); `!=` is its negation;
 * - a list against a non-list means "any element"; two lists or two objects compare
 *   structurally;
 * - a number against a numeric string compares numerically (`"8080" == 8080`); ordering two
 *   numeric strings is numeric too, other strings order by UTF-16 code units; ordering a
 *   number against an ISO-8601 date string uses the date's epoch ms;
 * - truthiness (a field used alone as a condition): missing, nil, false, 0, "" and [] are
 *   false, everything else is true.
 * None of these functions throws or recurses deeper than MAX_STRUCTURE_DEPTH.
 */
import type { CompareOp } from './ast.ts';

const MAX_STRUCTURE_DEPTH = 32;
const NUMERIC = /^[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}(?:[T ]|$)/;

export function truthy(v: unknown): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (typeof v === 'number') return !Number.isNaN(v);
  if (Array.isArray(v)) return v.length > 0;
  return true;
}

/** The number a numeric string spells, else NaN (`""`, `"12px"`, `" 1"` are not numeric). */
export function numberOf(s: string): number {
  return NUMERIC.test(s) ? Number(s) : NaN;
}

/** Text of a scalar for string methods and regex matches; undefined for anything else. */
export function textOf(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return undefined;
}

/** `a op b` with both sides already evaluated. */
export function compareValues(op: CompareOp, a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return false;
  switch (op) {
    case '==':
      return looseEquals(a, b);
    case '!=':
      return !looseEquals(a, b);
    case 'in':
      return contains(a, b);
    default:
      return order(op, a, b);
  }
}

export function regexMatches(v: unknown, re: RegExp): boolean {
  if (Array.isArray(v)) {
    for (const el of v) {
      const t = textOf(el);
      if (t !== undefined && re.test(t)) return true;
    }
    return false;
  }
  const t = textOf(v);
  return t !== undefined && re.test(t);
}

export function looseEquals(a: unknown, b: unknown): boolean {
  if (b instanceof RegExp) return a instanceof RegExp ? a.source === b.source : regexMatches(a, b);
  if (a instanceof RegExp) return regexMatches(b, a);
  const aList = Array.isArray(a);
  const bList = Array.isArray(b);
  if (aList === bList) return scalarEquals(a, b);
  const list = (aList ? a : b) as unknown[];
  const other = aList ? b : a;
  for (const el of list) if (scalarEquals(el, other)) return true;
  return false;
}

function scalarEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  const ta = typeof a;
  const tb = typeof b;
  if (ta === 'number' && tb === 'string') return a === numberOf(b as string);
  if (ta === 'string' && tb === 'number') return numberOf(a as string) === b;
  if (ta === 'object' && tb === 'object') return deepEquals(a, b, 0);
  return false;
}

function deepEquals(a: unknown, b: unknown, depth: number): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (depth >= MAX_STRUCTURE_DEPTH) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bl = b as unknown[];
    if (a.length !== bl.length) return false;
    for (let i = 0; i < a.length; i++) if (!deepEquals(a[i], bl[i], depth + 1)) return false;
    return true;
  }
  const ak = Object.keys(a);
  if (ak.length !== Object.keys(b).length) return false;
  for (const k of ak) {
    if (!Object.hasOwn(b, k) || !deepEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], depth + 1)) return false;
  }
  return true;
}

/** `x in container`: list membership, object key, or substring. */
export function contains(x: unknown, container: unknown): boolean {
  if (x === undefined || container === undefined) return false;
  if (Array.isArray(container)) {
    if (x instanceof RegExp) return regexMatches(container, x);
    for (const el of container) if (scalarEquals(el, x)) return true;
    return false;
  }
  if (typeof container === 'string') {
    if (x instanceof RegExp) return x.test(container);
    const t = textOf(x);
    return t !== undefined && container.includes(t);
  }
  if (container !== null && typeof container === 'object') {
    const t = textOf(x);
    return t !== undefined && Object.hasOwn(container, t);
  }
  return false;
}

function order(op: CompareOp, a: unknown, b: unknown): boolean {
  if (Array.isArray(a)) {
    for (const el of a) if (!Array.isArray(el) && el !== undefined && order(op, el, b)) return true;
    return false;
  }
  if (Array.isArray(b)) {
    for (const el of b) if (!Array.isArray(el) && el !== undefined && order(op, a, el)) return true;
    return false;
  }
  let x: number | string;
  let y: number | string;
  if (typeof a === 'number' && typeof b === 'number') {
    x = a;
    y = b;
  } else if (typeof a === 'string' && typeof b === 'string') {
    const na = numberOf(a);
    const nb = numberOf(b);
    const numeric = !Number.isNaN(na) && !Number.isNaN(nb);
    x = numeric ? na : a;
    y = numeric ? nb : b;
  } else if (typeof a === 'number' && typeof b === 'string') {
    x = a;
    y = numberOrDate(b);
  } else if (typeof a === 'string' && typeof b === 'number') {
    x = numberOrDate(a);
    y = b;
  } else {
    return false;
  }
  switch (op) {
    case '<':
      return x < y;
    case '<=':
      return x <= y;
    case '>':
      return x > y;
    case '>=':
      return x >= y;
    default:
      return false;
  }
}

/** A numeric string's number, an ISO date's epoch ms, else NaN (so every ordering is false). */
function numberOrDate(s: string): number {
  const n = numberOf(s);
  if (!Number.isNaN(n) || !ISO_DATE.test(s)) return n;
  return Date.parse(s);
}
