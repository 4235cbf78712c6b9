/**
 * Compile errors as operators and script authors see them: code, line:column, message,
 * expected list, suggestions and caret snippet — through compileKfl and validateKfl.
 */
import test from 'ava';
import { compileKfl, KflError, validateKfl } from './index.ts';
import { compileError } from './testing/match.ts';

test('validateKfl(query): null for valid queries, the KflError otherwise', (t) => {
  for (const q of ['', 'http', 'http and response.status == 500', 'request.path.startsWith("/api")', 'timestamp >= minutes(-5)']) t.is(validateKfl(q), null, q);
  const e = validateKfl('http ?');
  t.true(e instanceof KflError);
  t.is(e?.code, 'ERR_KFL_SYNTAX');
  t.is(e?.name, 'KflError');
});

test('ERR_KFL_SYNTAX: the SCRIPT-API example message shape', (t) => {
  const e = compileError('dns ? 1');
  t.is(e.message, '1:5: unexpected token "?", expected "and", "or", a comparison operator or end of query');
  t.is(e.snippet, 'dns ? 1\n    ^');
});

test('ERR_KFL_UNKNOWN_MACRO: unknown bare names, with close names as hints', (t) => {
  const e = compileError('htpp and response.status == 500');
  t.is(e.code, 'ERR_KFL_UNKNOWN_MACRO');
  t.deepEqual([e.line, e.column, e.length], [1, 1, 4]);
  t.deepEqual(e.expected, ['a macro', 'a variable', 'a field path such as request.path']);
  t.is(e.suggestions[0], 'http');
  t.regex(e.message, /^1:1: unknown name "htpp", expected a macro, a variable or a field path such as request.path \(did you mean http/);
  t.deepEqual(compileError('status_cod >= 500').suggestions, ['status_code']);
  t.deepEqual(compileError('dns and\n   kafak == false').suggestions, ['kafka']);
  t.deepEqual([compileError('dns and\n   kafak == false').line, compileError('dns and\n   kafak == false').column], [2, 4]);
  t.deepEqual(compileError('zzzzzzzz').suggestions, []);
  t.is(compileError('foo == 1').code, 'ERR_KFL_UNKNOWN_MACRO');
});

test('known bare names and any dotted path compile', (t) => {
  for (const q of ['tls', 'passed', 'failed', 'timestamp > 0', 'namespace == ""', 'error == nil', 'Protocol.Name == "http"', 'custom.field == 1', 'x.y', 'Tls']) {
    t.is(validateKfl(q), null, q);
  }
});

test('ERR_KFL_UNKNOWN_FUNCTION: functions and methods', (t) => {
  const e = compileError('timestamp >= minute(-5)');
  t.is(e.code, 'ERR_KFL_UNKNOWN_FUNCTION');
  t.deepEqual([e.line, e.column], [1, 14]);
  t.deepEqual(e.suggestions, ['minutes()']);
  t.is(e.message, '1:14: unknown function "minute()" (did you mean minutes()?)');
  const m = compileError('request.path.startWith("/api")');
  t.is(m.code, 'ERR_KFL_UNKNOWN_FUNCTION');
  t.deepEqual([m.line, m.column], [1, 14]);
  t.deepEqual(m.suggestions, ['.startsWith()']);
  t.regex(compileError('startsWith("/x")').message, /startsWith\(\) is a method; call it on a value/);
  t.regex(compileError('request.path.now()').message, /now\(\) is a function, not a method/);
  t.is(compileError('request.path.lower()').code, 'ERR_KFL_UNKNOWN_FUNCTION');
});

test('ERR_KFL_BAD_REGEX: regex literals and .matches() patterns, at their position', (t) => {
  const e = compileError('http and request.path == r"(unclosed"');
  t.is(e.code, 'ERR_KFL_BAD_REGEX');
  t.deepEqual([e.line, e.column], [1, 26]);
  t.regex(e.message, /^1:26: bad regex: /);
  t.is(e.snippet, 'http and request.path == r"(unclosed"\n                         ^');
  const m = compileError('request.path.matches(\n  "[z-a]")');
  t.is(m.code, 'ERR_KFL_BAD_REGEX');
  t.deepEqual([m.line, m.column], [2, 3]);
  t.is(compileError('r"*" == request.path').code, 'ERR_KFL_BAD_REGEX');
});

test('ERR_KFL_TYPE: literals as conditions, regex/boolean ordering, bad arguments', (t) => {
  const cases: [string, number, RegExp][] = [
    ['"abc"', 1, /a string is not a condition/],
    ['http and 42', 10, /a number is not a condition/],
    ['r"x"', 1, /a regex is not a condition/],
    ['nil', 1, /nil is not a condition/],
    ['now()', 1, /now\(\) is not a condition/],
    ['http or minutes(5)', 9, /minutes\(\) is not a condition/],
    ['response.status < r"5"', 19, /a regex cannot be used with "<"/],
    ['r"5" >= response.status', 1, /a regex cannot be used with ">="/],
    ['response.status in r"5"', 20, /a regex cannot be used with "in"/],
    ['tls > true', 7, /a boolean cannot be used with ">"/],
    ['response > nil', 12, /nil cannot be used with ">"/],
    ['"a" in 5', 8, /a number cannot be used with "in"/],
    ['timestamp >= minutes("5")', 22, /minutes\(\) takes a number/],
    ['timestamp >= datetime("not a date")', 23, /datetime\(\) cannot read "not a date"/],
    ['timestamp >= datetime(request.path)', 23, /datetime\(\) takes a string literal/],
    ['elapsedTime > duration("5 minutes")', 24, /duration\(\) cannot read/],
    ['request.path.startsWith(r"/a")', 25, /takes a string, not a regex/],
    ['request.path.startsWith(nil)', 25, /takes a string, not nil/],
    ['request.path.matches(request.url)', 22, /takes a regex or string literal/],
  ];
  for (const [q, col, re] of cases) {
    const e = compileError(q);
    t.is(e.code, 'ERR_KFL_TYPE', q);
    t.is(e.column, col, q);
    t.regex(e.message, re, q);
  }
});

test('ERR_KFL_ARGUMENTS: wrong argument counts', (t) => {
  const e = compileError('timestamp >= minutes()');
  t.is(e.code, 'ERR_KFL_ARGUMENTS');
  t.is(e.message, '1:14: minutes(n) takes 1 argument, got 0, expected minutes(n)');
  t.is(compileError('now(1)').code, 'ERR_KFL_ARGUMENTS');
  t.is(compileError('request.path.json(1) == 1').code, 'ERR_KFL_ARGUMENTS');
  t.regex(compileError('request.path.startsWith("a", "b")').message, /\.startsWith\(s\) takes 1 argument, got 2/);
});

test('ERR_KFL_TOO_DEEP through compileKfl', (t) => {
  const e = compileError('('.repeat(10_000) + 'http' + ')'.repeat(10_000));
  t.is(e.code, 'ERR_KFL_TOO_DEEP');
  t.regex(e.message, /^1:129: expression nested more than 128 levels deep/);
});

test('a non-string query is ERR_KFL_TYPE, not a crash', (t) => {
  for (const q of [null, undefined, 42, {}, ['http']]) {
    const e = t.throws(() => compileKfl(q as unknown as string), { instanceOf: KflError });
    t.is(e?.code, 'ERR_KFL_TYPE');
  }
});

test('errors inside multi-line queries point at the right line', (t) => {
  const q = ['http', '  and response.status >= 500', '  and request.headers["Host"].endsWit(".svc")'].join('\n');
  const e = compileError(q);
  t.deepEqual([e.line, e.column], [3, 31]);
  t.is(e.snippet, `  and request.headers["Host"].endsWit(".svc")\n${' '.repeat(30)}^`);
  const crlf = compileError('http\r\nand\r\n  ?');
  t.deepEqual([crlf.line, crlf.column], [3, 3]);
});
