/**
 * Comparisons at compile time: operand checks (ERR_KFL_TYPE for operands that can never
 * compare, such as a regex with `<`), and fast paths for `selector <op> literal`, the shape of nearly every filter term. Each
 * closure first handles the type the literal implies (a number field against a number,
 * a string against a string or regex) with one `typeof` and one primitive operation, and
 * falls back to the general semantics of `values.ts` for anything else (missing, lists,
 * numeric strings, dates), so results are identical to `compareValues`.
 */
import { describeNode, type CompareOp, type Node } from './ast.ts';
import type { CompileCtx, Cond, Getter } from './context.ts';
import { compareValues } from './values.ts';

/**
 * Reject operands that make a comparison meaningless: a regex other than with `==`/`!=`
 * (or left of `in`), a boolean or nil literal with an ordering operator, and a right side
 * of `in` that is a literal other than a string.
 */
export function checkOperands(op: CompareOp, left: Node, right: Node, ctx: CompileCtx): void {
  const bad = (n: Node, expected: string[]): Error => ctx.error('ERR_KFL_TYPE', n.pos, { what: `${describeNode(n)} cannot be used with "${op}"`, expected });
  const ordering = op !== '==' && op !== '!=' && op !== 'in';
  if (right.type === 'regex' && op !== '==' && op !== '!=') throw bad(right, ['"=="', '"!="']);
  if (left.type === 'regex' && ordering) throw bad(left, ['"=="', '"!="', '"in"']);
  for (const side of [left, right]) {
    if (ordering && side.type === 'literal' && typeof side.value !== 'number' && typeof side.value !== 'string') throw bad(side, ['a number', 'a string']);
  }
  if (op === 'in' && right.type === 'literal' && typeof right.value !== 'string') throw bad(right, ['a list', 'an object', 'a string']);
}

/** A specialised condition for `g(item) op lit`, or null when no fast path applies. */
export function compareLiteral(op: CompareOp, g: Getter, lit: unknown): Cond | null {
  if (typeof lit === 'number') return numberCompare(op, g, lit);
  if (typeof lit === 'string') return stringCompare(op, g, lit);
  if (lit instanceof RegExp) return regexCompare(op, g, lit);
  return null;
}

function numberCompare(op: CompareOp, g: Getter, n: number): Cond | null {
  switch (op) {
    case '==':
      return (it) => {
        const v = g(it);
        return typeof v === 'number' ? v === n : compareValues('==', v, n);
      };
    case '!=':
      return (it) => {
        const v = g(it);
        return typeof v === 'number' ? v !== n : compareValues('!=', v, n);
      };
    case '<':
      return (it) => {
        const v = g(it);
        return typeof v === 'number' ? v < n : compareValues('<', v, n);
      };
    case '<=':
      return (it) => {
        const v = g(it);
        return typeof v === 'number' ? v <= n : compareValues('<=', v, n);
      };
    case '>':
      return (it) => {
        const v = g(it);
        return typeof v === 'number' ? v > n : compareValues('>', v, n);
      };
    case '>=':
      return (it) => {
        const v = g(it);
        return typeof v === 'number' ? v >= n : compareValues('>=', v, n);
      };
    default:
      return null;
  }
}

function stringCompare(op: CompareOp, g: Getter, s: string): Cond | null {
  if (op === '==') {
    return (it) => {
      const v = g(it);
      return typeof v === 'string' ? v === s : compareValues('==', v, s);
    };
  }
  if (op === '!=') {
    return (it) => {
      const v = g(it);
      return typeof v === 'string' ? v !== s : compareValues('!=', v, s);
    };
  }
  return null;
}

function regexCompare(op: CompareOp, g: Getter, re: RegExp): Cond | null {
  if (op === '==') {
    return (it) => {
      const v = g(it);
      return typeof v === 'string' ? re.test(v) : compareValues('==', v, re);
    };
  }
  if (op === '!=') {
    return (it) => {
      const v = g(it);
      return typeof v === 'string' ? !re.test(v) : compareValues('!=', v, re);
    };
  }
  return null;
}
