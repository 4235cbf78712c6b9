/**
 * KFL syntax tree, as produced by `parser.ts` and consumed once by `compile.ts`.
 * Every node keeps the position of the token that introduced it, for compile errors.
 *
 * `and`/`or` are n-ary (a chain of 10 000 `and`s is one node, so neither compiling nor
 * evaluating it recurses deeply). A postfix chain (`a.b[1].json().c`) is one `select` node
 * whose `steps` are applied in order to the value of `base`.
 */
import type { KflPos } from './errors.ts';

export type CompareOp = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in';

export type Node =
  | { type: 'or'; items: Node[]; pos: KflPos }
  | { type: 'and'; items: Node[]; pos: KflPos }
  /** `!x` / `not x`. */
  | { type: 'not'; operand: Node; pos: KflPos }
  /** Unary minus on a non-literal (`-elapsedTime`); `-5` is folded into a literal. */
  | { type: 'neg'; operand: Node; pos: KflPos }
  | { type: 'compare'; op: CompareOp; left: Node; right: Node; pos: KflPos }
  /** `nil` → null, `true`, `false`, numbers and strings. */
  | { type: 'literal'; value: null | boolean | number | string; pos: KflPos }
  /** `r"…"`: `source` is the pattern as written between the quotes. */
  | { type: 'regex'; source: string; pos: KflPos }
  /** A bare name: macro, KFL2 variable or the root of a field path (decided at compile). */
  | { type: 'name'; name: string; pos: KflPos }
  /** `now()`, `minutes(-5)` … */
  | { type: 'call'; name: string; args: Node[]; pos: KflPos }
  | { type: 'select'; base: Node; steps: Step[]; pos: KflPos };

export type Step =
  /** `.name` */
  | { kind: 'field'; key: string; pos: KflPos }
  /** `[1]`, `[-1]` (from the end), `["User-Agent"]` */
  | { kind: 'index'; key: string | number; pos: KflPos }
  /** `.startsWith("x")`, `.json()` … */
  | { kind: 'method'; name: string; args: Node[]; pos: KflPos };

/** Human-readable kind of a node, for type errors ("a string", "a regex" …). */
export function describeNode(n: Node): string {
  switch (n.type) {
    case 'literal':
      if (n.value === null) return 'nil';
      return typeof n.value === 'string' ? 'a string' : typeof n.value === 'number' ? 'a number' : 'a boolean';
    case 'regex':
      return 'a regex';
    case 'call':
      return `${n.name}()`;
    default:
      return 'an expression';
  }
}
