/**
 * Field access for selectors, pre-split at compile time so evaluation is a few property
 * reads. Contracts:
 * - only own properties of JSON objects/arrays are read (`request.constructor` is missing,
 *   never a function or a prototype);
 * - a key missing as written falls back to its Go-style alias (`Protocol` → `protocol`,
 *   `IP` → `ip`, `ObjectMeta` → `metadata`), as script arguments do (SCRIPT-API.md §1);
 * - bracket keys (`request.headers["User-Agent"]`) fall back to a case-insensitive match,
 *   since HTTP/2 lower-cases header names;
 * - `[n]` indexes a list (`[-1]` is the last element); on an object it is the key `"n"`.
 */
import type { Getter, StepFn } from './context.ts';

/** Go-style alias of a JSON key, or null when the key is not capitalised. */
export function goAlias(key: string): string | null {
  if (key === 'ObjectMeta') return 'metadata';
  const c = key.charCodeAt(0);
  if (!(c >= 65 && c <= 90)) return null;
  return key === key.toUpperCase() ? key.toLowerCase() : key[0].toLowerCase() + key.slice(1);
}

/** Keys that can be read with a bare `obj[key]`: no alias, nothing inherited by that name. */
export function isPlainKey(key: string): boolean {
  return goAlias(key) === null && !(key in Object.prototype) && !(key in Array.prototype);
}

/** Own property `key` of `cur` (with alias and optional case-insensitive fallback). */
function readKey(cur: unknown, key: string, alias: string | null, lower: string | null): unknown {
  if (cur === null || typeof cur !== 'object') return undefined;
  const obj = cur as Record<string, unknown>;
  if (Object.hasOwn(obj, key)) return obj[key];
  if (alias !== null && Object.hasOwn(obj, alias)) return obj[alias];
  if (lower !== null && !Array.isArray(obj)) {
    for (const k in obj) if (k.toLowerCase() === lower && Object.hasOwn(obj, k)) return obj[k];
  }
  return undefined;
}

/** `.key` (caseInsensitive = false) or `["key"]` (true). */
export function fieldStep(key: string, caseInsensitive: boolean): StepFn {
  const alias = goAlias(key);
  const lower = caseInsensitive ? key.toLowerCase() : null;
  return (cur) => readKey(cur, key, alias, lower);
}

/** `[n]`: list element (negative counts from the end), or the key `"n"` of an object. */
export function indexStep(n: number): StepFn {
  const key = String(n);
  return (cur) => {
    if (Array.isArray(cur)) return cur[n < 0 ? cur.length + n : n];
    return readKey(cur, key, null, null);
  };
}

/** Getter for a chain of plain keys from the item root (the common case: `response.status`). */
export function plainPath(keys: readonly string[]): Getter {
  switch (keys.length) {
    case 0:
      return (it) => it;
    case 1: {
      const [a] = keys;
      return (it) => it[a];
    }
    case 2: {
      const [a, b] = keys;
      return (it) => {
        const x = it[a];
        return x !== null && typeof x === 'object' ? x[b] : undefined;
      };
    }
    case 3: {
      const [a, b, c] = keys;
      return (it) => {
        const x = it[a];
        if (x === null || typeof x !== 'object') return undefined;
        const y = x[b];
        return y !== null && typeof y === 'object' ? y[c] : undefined;
      };
    }
    default:
      return (it) => {
        let cur = it;
        for (let i = 0; i < keys.length; i++) {
          if (cur === null || typeof cur !== 'object') return undefined;
          cur = cur[keys[i]];
        }
        return cur;
      };
  }
}

/** Apply `steps` to the value `base` yields; a missing value stops the chain. */
export function chainGetter(base: Getter, steps: readonly StepFn[]): Getter {
  const n = steps.length;
  if (n === 0) return base;
  if (n === 1) {
    const [f] = steps;
    return (it) => {
      const v = base(it);
      return v === undefined ? undefined : f(v, it);
    };
  }
  return (it) => {
    let cur = base(it);
    for (let i = 0; i < n; i++) {
      if (cur === undefined) return undefined;
      cur = steps[i](cur, it);
    }
    return cur;
  };
}
