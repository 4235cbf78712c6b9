import test from 'ava';
import { lex, type Token } from './lexer.ts';
import { KflError } from './errors.ts';

const kinds = (q: string): string[] => lex(q).map((t) => `${t.kind}:${t.kind === 'number' ? t.value : t.text}`);
const only = (q: string): Token => lex(q)[0];

test('lex(query): names, numbers, punctuation, end of query', (t) => {
  t.deepEqual(kinds('http and response.status >= 500'), ['name:http', 'name:and', 'name:response', 'punct:.', 'name:status', 'punct:>=', 'number:500', 'eof:']);
  t.deepEqual(kinds('a&&b||!c!=d<=e<f>g==h'), ['name:a', 'punct:&&', 'name:b', 'punct:||', 'punct:!', 'name:c', 'punct:!=', 'name:d', 'punct:<=', 'name:e', 'punct:<', 'name:f', 'punct:>', 'name:g', 'punct:==', 'name:h', 'eof:']);
  t.deepEqual(kinds('x[1]["k"],(-2)'), ['name:x', 'punct:[', 'number:1', 'punct:]', 'punct:[', 'string:"k"', 'punct:]', 'punct:,', 'punct:(', 'punct:-', 'number:2', 'punct:)', 'eof:']);
});

test('lex(query): numbers are ints, floats and exponents; the sign belongs to the parser', (t) => {
  t.is(only('42').value, 42);
  t.is(only('3.14').value, 3.14);
  t.is(only('1e3').value, 1000);
  t.is(only('2.5E-1').value, 0.25);
  t.deepEqual(kinds('1.x'), ['number:1', 'punct:.', 'name:x', 'eof:']);
  t.deepEqual(kinds('-5'), ['punct:-', 'number:5', 'eof:']);
});

test('lex(query): strings in both quotes, with escapes', (t) => {
  t.is(only(`"a\\"b"`).value, 'a"b');
  t.is(only(`'it\\'s'`).value, "it's");
  t.is(only(`"say \\"hi\\"" `).value, 'say "hi"');
  t.is(only(`"\\n\\t\\r\\\\\\/"`).value, '\n\t\r\\/');
  t.is(only(`"\\x41\\u0042\\u{1F600}"`).value, 'AB😀');
  t.is(only(`"single 'inside' double"`).value, "single 'inside' double");
  t.is(only(`"\\d+"`).value, '\\d+', 'unknown escapes keep their backslash');
  t.is(only(`"line\nbreak"`).value, 'line\nbreak');
});

test('lex(query): regex literals are raw', (t) => {
  const r = only('r"^/api/v[12]/users/\\d+$"');
  t.is(r.kind, 'regex');
  t.is(r.value, '^/api/v[12]/users/\\d+$');
  t.is(only(`r'a\\'b'`).value, "a'b", 'an escaped delimiter is the bare quote');
  t.is(only('r"a\\"b"').value, 'a"b');
  t.deepEqual(kinds('r == x'), ['name:r', 'punct:==', 'name:x', 'eof:'], 'r alone is a name');
});

test('lex(query): comments and every kind of line break are skipped', (t) => {
  t.deepEqual(kinds('http // HTTP only\r\nand dns // tail'), ['name:http', 'name:and', 'name:dns', 'eof:']);
  t.deepEqual(kinds('"//not a comment"'), ['string:"//not a comment"', 'eof:']);
});

test('lex(query): positions are 1-based line:column across \\n, \\r\\n and \\r', (t) => {
  const toks = lex('a\n  bb\r\n   c\rd');
  t.deepEqual(toks.map((x) => [x.text, x.pos.line, x.pos.column, x.pos.offset, x.pos.length]), [
    ['a', 1, 1, 0, 1],
    ['bb', 2, 3, 4, 2],
    ['c', 3, 4, 11, 1],
    ['d', 4, 1, 13, 1],
    ['', 4, 2, 14, 0],
  ]);
});

test('lex(query): unknown characters become invalid tokens for the parser to report', (t) => {
  t.deepEqual(kinds('a ? b = c & 😀'), ['name:a', 'invalid:?', 'name:b', 'invalid:=', 'name:c', 'invalid:&', 'invalid:😀', 'eof:']);
});

test('lex(query): an unterminated string or regex is ERR_KFL_SYNTAX at its opening quote', (t) => {
  for (const [q, col, quote] of [['x == "abc', 6, '"'], ["x == 'abc\\'", 6, "'"], ['x == r"abc', 6, '"'], ['\n  "', 3, '"']] as const) {
    const e = t.throws(() => lex(q), { instanceOf: KflError });
    t.is(e?.code, 'ERR_KFL_SYNTAX');
    t.is(e?.column, col, q);
    t.deepEqual(e?.expected, [`a closing ${quote}`]);
    t.regex(e?.message ?? '', /unterminated string/);
  }
});
