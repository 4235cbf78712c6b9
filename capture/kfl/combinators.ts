/**
 * Combinators for compiled closures: n-ary `and`/`or` (short-circuit, iterative, so a
 * 10 000-term chain costs no stack) and unary minus on values.
 */
import type { Cond } from './context.ts';
import { numberOf } from './values.ts';

export function negate(v: unknown): number | undefined {
  if (typeof v === 'number') return -v;
  if (typeof v !== 'string') return undefined;
  const n = numberOf(v);
  return Number.isNaN(n) ? undefined : -n;
}

export function anyOf(cs: Cond[]): Cond {
  if (cs.length === 2) {
    const [a, b] = cs;
    return (it) => a(it) || b(it);
  }
  return (it) => {
    for (let i = 0; i < cs.length; i++) if (cs[i](it)) return true;
    return false;
  };
}

export function allOf(cs: Cond[]): Cond {
  if (cs.length === 2) {
    const [a, b] = cs;
    return (it) => a(it) && b(it);
  }
  return (it) => {
    for (let i = 0; i < cs.length; i++) if (!cs[i](it)) return false;
    return true;
  };
}
