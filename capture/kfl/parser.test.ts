import test from 'ava';
import type { Node } from './ast.ts';
import { parse, MAX_DEPTH } from './parser.ts';
import { KflError } from './errors.ts';

/** Compact S-expression of a tree, to assert structure and precedence. */
function sx(n: Node | null): string {
  if (n === null) return 'null';
  switch (n.type) {
    case 'or':
    case 'and':
      return `(${n.type} ${n.items.map(sx).join(' ')})`;
    case 'not':
      return `(not ${sx(n.operand)})`;
    case 'neg':
      return `(neg ${sx(n.operand)})`;
    case 'compare':
      return `(${n.op} ${sx(n.left)} ${sx(n.right)})`;
    case 'literal':
      return JSON.stringify(n.value);
    case 'regex':
      return `r/${n.source}/`;
    case 'name':
      return n.name;
    case 'call':
      return `${n.name}(${n.args.map(sx).join(', ')})`;
    case 'select':
      return `${sx(n.base)}${n.steps.map((s) => (s.kind === 'field' ? `.${s.key}` : s.kind === 'index' ? `[${JSON.stringify(s.key)}]` : `.${s.name}(${s.args.map(sx).join(', ')})`)).join('')}`;
  }
}

const p = (q: string): string => sx(parse(q));

test('parse: precedence is not > comparison > and > or', (t) => {
  t.is(p('a or b and c'), '(or a (and b c))');
  t.is(p('a and b or c'), '(or (and a b) c)');
  t.is(p('!a and b'), '(and (not a) b)');
  t.is(p('not a == b'), '(== (not a) b)');
  t.is(p('!(a == b)'), '(not (== a b))');
  t.is(p('a == 1 && b != 2 || c'), '(or (and (== a 1) (!= b 2)) c)');
  t.is(p('(a or b) and c'), '(and (or a b) c)');
  t.is(p('! dns or dns == false'), '(or (not dns) (== dns false))');
});

test('parse: and/or chains are flat n-ary nodes', (t) => {
  t.is(p('a and b and c && d'), '(and a b c d)');
  t.is(p('a || b or c'), '(or a b c)');
  const long = Array.from({ length: 10_000 }, (_, i) => `x${i}`).join(' and ');
  const tree = parse(long);
  t.is(tree?.type, 'and');
  t.is(tree?.type === 'and' ? tree.items.length : 0, 10_000);
});

test('parse: literals, negative numbers, regex', (t) => {
  t.is(p('x == nil'), '(== x null)');
  t.is(p('x == true or x == false'), '(or (== x true) (== x false))');
  t.is(p('x >= -5.5'), '(>= x -5.5)');
  t.is(p('x == - - 3'), '(== x 3)');
  t.is(p('-x < 0'), '(< (neg x) 0)');
  t.is(p(`x == 'a' or x == r"b+"`), '(or (== x "a") (== x r/b+/))');
});

test('parse: selectors, brackets, methods and calls', (t) => {
  t.is(p('request.headers["User-Agent"]'), 'request.headers["User-Agent"]');
  t.is(p('request.pathSegments[1] == "users"'), '(== request.pathSegments[1] "users")');
  t.is(p('a[-1]'), 'a[-1]');
  t.is(p('response.content.text.json().items[0].id == 3'), '(== response.content.text.json().items[0].id 3)');
  t.is(p('request.path.startsWith("/api")'), 'request.path.startsWith("/api")');
  t.is(p('timestamp >= minutes(-5)'), '(>= timestamp minutes(-5))');
  t.is(p('now()'), 'now()');
  t.is(p('f(a, b == 1)'), 'f(a, (== b 1))');
  t.is(p('a.and.not.in'), 'a.and.not.in', 'keywords are field names after a dot');
  t.is(p('"x" in namespaces'), '(in "x" namespaces)');
});

test('parse: empty queries are null', (t) => {
  t.is(parse(''), null);
  t.is(parse('  \n\t'), null);
  t.is(parse('// nothing\n'), null);
});

function err(q: string): KflError {
  const e = (() => {
    try {
      parse(q);
    } catch (x) {
      return x;
    }
    return null;
  })();
  if (!(e instanceof KflError)) throw new Error(`expected a KflError for ${JSON.stringify(q)}`);
  return e;
}

test('parse errors: unexpected token with line:column and expected list', (t) => {
  const e = err('http ? x');
  t.is(e.code, 'ERR_KFL_SYNTAX');
  t.is(e.message, '1:6: unexpected token "?", expected "and", "or", a comparison operator or end of query');
  t.deepEqual([e.line, e.column, e.offset, e.length], [1, 6, 5, 1]);
  t.deepEqual(e.expected, ['"and"', '"or"', 'a comparison operator', 'end of query']);
  t.is(e.snippet, 'http ? x\n     ^');
});

test('parse errors: missing operand, missing parenthesis, bad index, dot without a name', (t) => {
  t.is(err('http and').message, '1:9: unexpected end of query, expected a field, a macro, a literal, "(" or "!"');
  t.is(err('(a == 1').message, '1:8: unexpected end of query, expected "and", "or" or ")"');
  t.is(err('(a').message, '1:3: unexpected end of query, expected "and", "or", a comparison operator or ")"');
  t.is(err('a[x]').message, '1:3: unexpected token "x", expected an integer index or a quoted key such as "User-Agent"');
  t.is(err('a[1.5]').column, 3);
  t.is(err('a. == 1').message, '1:4: unexpected token "==", expected a field name or a method such as startsWith(…)');
  t.is(err('f(a b)').message, '1:5: unexpected token "b", expected "," or ")"');
  t.is(err('and x').message, '1:1: unexpected token "and", expected a field, a macro, a literal, "(" or "!"');
});

test('parse errors: near-miss operators get a suggestion', (t) => {
  t.is(err('status_code = 500').message, '1:13: unexpected token "=", expected "and", "or", a comparison operator or end of query (did you mean "=="?)');
  t.deepEqual(err('a & b').suggestions, ['"&&"']);
  t.deepEqual(err('a | b').suggestions, ['"||"']);
});

test('parse errors: comparisons do not chain', (t) => {
  const e = err('a == b == c');
  t.is(e.code, 'ERR_KFL_SYNTAX');
  t.is(e.column, 8);
  t.regex(e.message, /comparisons do not chain; use parentheses/);
  t.is(p('(a == b) == c'), '(== (== a b) c)');
});

test('parse errors: positions on later lines of a multi-line query', (t) => {
  const e = err('http and\n  response.status >= 500 and\n\t\t(dst.name == "x" ?');
  t.deepEqual([e.line, e.column], [3, 20]);
  t.is(e.snippet, `\t\t(dst.name == "x" ?\n\t\t${' '.repeat(17)}^`);
});

test(`parse errors: nesting deeper than ${MAX_DEPTH} levels is ERR_KFL_TOO_DEEP, not a stack overflow`, (t) => {
  for (const q of ['('.repeat(10_000) + 'x' + ')'.repeat(10_000), '!'.repeat(10_000) + 'x', 'not '.repeat(10_000) + 'x', '-'.repeat(10_000) + '1', 'f('.repeat(10_000) + ')'.repeat(10_000), 'a.b('.repeat(5_000)]) {
    const e = err(q);
    t.is(e.code, 'ERR_KFL_TOO_DEEP', q.slice(0, 10));
    t.is(e.line, 1);
  }
  t.notThrows(() => parse('('.repeat(MAX_DEPTH) + 'x' + ')'.repeat(MAX_DEPTH)));
});

test('parse errors: snippets of very long lines are cut around the column', (t) => {
  const q = 'a == 1 and '.repeat(50) + '?';
  const e = err(q);
  const [line, caret] = e.snippet.split('\n');
  t.true(line.startsWith('…'));
  t.true(line.length <= 102);
  t.is(line[caret.length - 1], '?', 'the caret sits under the offending character');
});
