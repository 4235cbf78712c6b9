/**
 * KFL parser: recursive descent over the lexer's tokens, producing the tree in `ast.ts`.
 *
 *   query   := orExpr? EOF                       (empty query → null: matches everything)
 *   orExpr  := andExpr (("or" | "||") andExpr)*
 *   andExpr := cmpExpr (("and" | "&&") cmpExpr)*
 *   cmpExpr := unary (("==" | "!=" | "<" | "<=" | ">" | ">=" | "in") unary)?   (no chaining)
 *   unary   := ("!" | "not" | "-") unary | postfix
 *   postfix := primary ("." name ("(" args ")")? | "[" ("-"? number | string) "]")*
 *   primary := nil | true | false | number | string | regex | name ("(" args ")")? | "(" orExpr ")"
 *
 * So `!`/`not` bind tighter than comparisons (`not a == b` is `(not a) == b`), comparisons
 * tighter than `and`, and `and` tighter than `or`. Nesting (parentheses, unary operators,
 * call arguments) is limited to MAX_DEPTH levels: deeper input is ERR_KFL_TOO_DEEP, never a
 * stack overflow. Errors carry the offending token's position and what was expected there.
 */
import type { CompareOp, Node, Step } from './ast.ts';
import { KflError, type KflErrorCode } from './errors.ts';
import { lex, type Token } from './lexer.ts';

export const MAX_DEPTH = 128;

const COMPARE_OPS = new Set<string>(['==', '!=', '<', '<=', '>', '>=']);
const RESERVED = new Set(['and', 'or', 'not', 'in', 'nil', 'true', 'false']);
const EXPECT_OPERAND = ['a field', 'a macro', 'a literal', '"("', '"!"'];
const EXPECT_FIELD = ['a field name', 'a method such as startsWith(…)'];
/** What people type for an operator KFL spells differently. */
const NEAR_MISSES = new Map([['=', '"=="'], ['&', '"&&"'], ['|', '"||"']]);

/** Parse a whole query; null when it is empty or only whitespace/comments. Throws KflError. */
export function parse(query: string): Node | null {
  const p = new Parser(query, lex(query));
  return p.parseQuery();
}

class Parser {
  private i = 0;
  private depth = 0;
  /** Whether the most recently finished cmpExpr had an operator (for "expected" lists). */
  private lastHadCompare = false;

  constructor(
    private readonly query: string,
    private readonly tokens: Token[],
  ) {}

  parseQuery(): Node | null {
    if (this.peek().kind === 'eof') return null;
    const node = this.parseOr();
    if (this.peek().kind !== 'eof') throw this.unexpected(this.afterOperand('end of query'));
    return node;
  }

  private parseOr(): Node {
    const first = this.parseAnd();
    if (!this.isWord('or', '||')) return first;
    const items = [first];
    while (this.isWord('or', '||')) {
      this.i++;
      items.push(this.parseAnd());
    }
    return { type: 'or', items, pos: first.pos };
  }

  private parseAnd(): Node {
    const first = this.parseCompare();
    if (!this.isWord('and', '&&')) return first;
    const items = [first];
    while (this.isWord('and', '&&')) {
      this.i++;
      items.push(this.parseCompare());
    }
    return { type: 'and', items, pos: first.pos };
  }

  private parseCompare(): Node {
    const left = this.parseUnary();
    const op = this.compareOp();
    if (!op) {
      this.lastHadCompare = false;
      return left;
    }
    const opTok = this.next();
    const right = this.parseUnary();
    if (this.compareOp()) {
      throw this.fail('ERR_KFL_SYNTAX', this.peek(), 'comparisons do not chain; use parentheses', ['"and"', '"or"']);
    }
    this.lastHadCompare = true;
    return { type: 'compare', op, left, right, pos: opTok.pos };
  }

  private parseUnary(): Node {
    const t = this.peek();
    const isNot = (t.kind === 'punct' && t.text === '!') || (t.kind === 'name' && t.text === 'not');
    const isNeg = t.kind === 'punct' && t.text === '-';
    if (!isNot && !isNeg) return this.parsePostfix();
    this.i++;
    this.enter(t);
    const operand = this.parseUnary();
    this.depth--;
    if (isNot) return { type: 'not', operand, pos: t.pos };
    if (operand.type === 'literal' && typeof operand.value === 'number') return { type: 'literal', value: -operand.value, pos: t.pos };
    return { type: 'neg', operand, pos: t.pos };
  }

  private parsePostfix(): Node {
    const base = this.parsePrimary();
    const steps: Step[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'punct' && t.text === '.') {
        this.i++;
        const nameTok = this.peek();
        if (nameTok.kind !== 'name') throw this.unexpected(EXPECT_FIELD);
        this.i++;
        if (this.isPunct('(')) steps.push({ kind: 'method', name: nameTok.text, args: this.parseArgs(nameTok), pos: nameTok.pos });
        else steps.push({ kind: 'field', key: nameTok.text, pos: nameTok.pos });
      } else if (t.kind === 'punct' && t.text === '[') {
        this.i++;
        steps.push({ kind: 'index', key: this.parseIndexKey(), pos: t.pos });
        this.expectPunct(']', ['"]"']);
      } else {
        break;
      }
    }
    return steps.length ? { type: 'select', base, steps, pos: base.pos } : base;
  }

  private parseIndexKey(): string | number {
    const neg = this.isPunct('-');
    if (neg) this.i++;
    const t = this.peek();
    if (t.kind === 'number' && Number.isInteger(t.value)) {
      this.i++;
      return neg ? -(t.value as number) : (t.value as number);
    }
    if (t.kind === 'string' && !neg) {
      this.i++;
      return t.value as string;
    }
    throw this.unexpected(neg ? ['an integer'] : ['an integer index', 'a quoted key such as "User-Agent"']);
  }

  private parsePrimary(): Node {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
      case 'string':
        this.i++;
        return { type: 'literal', value: t.value, pos: t.pos };
      case 'regex':
        this.i++;
        return { type: 'regex', source: t.value as string, pos: t.pos };
      case 'name': {
        if (t.text === 'nil' || t.text === 'true' || t.text === 'false') {
          this.i++;
          return { type: 'literal', value: t.text === 'nil' ? null : t.text === 'true', pos: t.pos };
        }
        if (RESERVED.has(t.text)) throw this.unexpected(EXPECT_OPERAND);
        this.i++;
        if (this.isPunct('(')) return { type: 'call', name: t.text, args: this.parseArgs(t), pos: t.pos };
        return { type: 'name', name: t.text, pos: t.pos };
      }
      case 'punct':
        if (t.text === '(') {
          this.i++;
          this.enter(t);
          const inner = this.parseOr();
          this.depth--;
          this.expectPunct(')', this.afterOperand('")"'));
          return inner;
        }
        throw this.unexpected(EXPECT_OPERAND);
      default:
        throw this.unexpected(EXPECT_OPERAND);
    }
  }

  /** `(` args `)` after a function or method name; the current token is `(`. */
  private parseArgs(nameTok: Token): Node[] {
    this.i++;
    const args: Node[] = [];
    if (this.isPunct(')')) {
      this.i++;
      return args;
    }
    this.enter(nameTok);
    for (;;) {
      args.push(this.parseOr());
      if (this.isPunct(',')) {
        this.i++;
        continue;
      }
      this.expectPunct(')', ['","', '")"']);
      break;
    }
    this.depth--;
    return args;
  }

  /** What may follow a complete operand, ending with `closer` (")" or end of query). */
  private afterOperand(closer: string): string[] {
    return this.lastHadCompare ? ['"and"', '"or"', closer] : ['"and"', '"or"', 'a comparison operator', closer];
  }

  private compareOp(): CompareOp | null {
    const t = this.peek();
    if (t.kind === 'punct' && COMPARE_OPS.has(t.text)) return t.text as CompareOp;
    if (t.kind === 'name' && t.text === 'in') return 'in';
    return null;
  }

  private enter(t: Token): void {
    if (++this.depth > MAX_DEPTH) {
      throw this.fail('ERR_KFL_TOO_DEEP', t, `expression nested more than ${MAX_DEPTH} levels deep; flatten it`, []);
    }
  }

  private expectPunct(text: string, expected: string[]): void {
    if (this.isPunct(text)) this.i++;
    else throw this.unexpected(expected);
  }

  private isPunct(text: string): boolean {
    const t = this.peek();
    return t.kind === 'punct' && t.text === text;
  }

  private isWord(word: string, symbol: string): boolean {
    const t = this.peek();
    return (t.kind === 'name' && t.text === word) || (t.kind === 'punct' && t.text === symbol);
  }

  private peek(): Token {
    return this.tokens[this.i];
  }

  private next(): Token {
    return this.tokens[this.i++];
  }

  private unexpected(expected: string[]): KflError {
    const t = this.peek();
    if (t.kind === 'eof') return this.fail('ERR_KFL_SYNTAX', t, 'unexpected end of query', expected);
    const near = NEAR_MISSES.get(t.text);
    return new KflError('ERR_KFL_SYNTAX', this.query, t.pos, {
      what: `unexpected token ${JSON.stringify(t.text)}`,
      expected,
      suggestions: near ? [near] : [],
    });
  }

  private fail(code: KflErrorCode, t: Token, what: string, expected: string[]): KflError {
    return new KflError(code, this.query, t.pos, { what, expected });
  }
}
