/**
 * Operator × type tables: each row is a query, the `d` object of the item it runs on, and
 * the expected result. Rows read like the spec in values.ts.
 */
import test from 'ava';
import { matches } from './testing/match.ts';

type Row = [query: string, d: Record<string, unknown>, expected: boolean];

function table(title: string, rows: Row[]): void {
  test(title, (t) => {
    for (const [q, d, expected] of rows) t.is(matches(q, { d }), expected, `${q} on ${JSON.stringify(d)}`);
  });
}

table('== and != on numbers, strings, booleans, nil', [
  ['d.n == 500', { n: 500 }, true],
  ['d.n == 500', { n: 501 }, false],
  ['d.n != 500', { n: 501 }, true],
  ['d.n == 1.5', { n: 1.5 }, true],
  ['d.n == -3', { n: -3 }, true],
  ['d.s == "a"', { s: 'a' }, true],
  ['d.s == "a"', { s: 'A' }, false],
  ['d.s != "a"', { s: 'b' }, true],
  ['d.s == \'a\'', { s: 'a' }, true],
  ['d.b == true', { b: true }, true],
  ['d.b == false', { b: true }, false],
  ['d.b != false', { b: true }, true],
  ['d.z == nil', { z: null }, true],
  ['d.z != nil', { z: null }, false],
  ['d.z != nil', { z: 0 }, true],
  ['d.s == nil', { s: '' }, false],
  ['d.b == "true"', { b: true }, false],
  ['d.n == true', { n: 1 }, false],
]);

table('a missing field makes every comparison false, and its negation true', [
  ['d.x == 1', {}, false],
  ['d.x != 1', {}, false],
  ['d.x == nil', {}, false],
  ['d.x < 1', {}, false],
  ['d.x >= 1', {}, false],
  ['d.x == r".*"', {}, false],
  ['d.x != r"a"', {}, false],
  ['"a" in d.x', {}, false],
  ['d.x.y.z == 1', {}, false],
  ['d.s.y == 1', { s: 'string has no fields' }, false],
  ['!d.x', {}, true],
  ['!(d.x == 1)', {}, true],
  ['d.x', {}, false],
  ['not d.x.startsWith("a")', {}, true],
]);

table('empty strings are values, not missing', [
  ['d.ns == ""', { ns: '' }, true],
  ['d.ns != ""', { ns: '' }, false],
  ['d.ns == ""', { ns: 'shop' }, false],
  ['d.ns', { ns: '' }, false],
]);

table('numbers compare numerically with numeric strings, both ways', [
  ['d.port == 8080', { port: '8080' }, true],
  ['d.port == "8080"', { port: 8080 }, true],
  ['8080 == d.port', { port: '8080' }, true],
  ['d.port != 8080', { port: '8080' }, false],
  ['d.port > 1024', { port: '8080' }, true],
  ['d.port < 1024', { port: '8080' }, false],
  ['d.port <= 8080', { port: '8080' }, true],
  ['d.port == 8080', { port: '08080' }, true],
  ['d.port == 8080', { port: 'http' }, false],
  ['d.port > 1', { port: 'http' }, false],
  ['d.port == 8080', { port: ' 8080' }, false],
  ['d.s == "08080"', { s: '8080' }, false],
  ['d.s > "10"', { s: '9' }, false],
  ['d.s > "a"', { s: 'b' }, true],
  ['d.s < "B"', { s: 'a' }, false],
]);

table('ordering operators on numbers and strings; booleans and objects never order', [
  ['d.n < 10', { n: 9 }, true],
  ['d.n < 10', { n: 10 }, false],
  ['d.n <= 10', { n: 10 }, true],
  ['d.n > 10', { n: 10 }, false],
  ['d.n >= 10', { n: 10 }, true],
  ['10 > d.n', { n: 9 }, true],
  ['10 <= d.n', { n: 9 }, false],
  ['d.n > -1.5', { n: -1 }, true],
  ['d.b > 0', { b: true }, false],
  ['d.o > 0', { o: {} }, false],
  ['d.z < 1', { z: null }, false],
]);

table('ISO-8601 date strings order against epoch ms', [
  ['d.t >= 1700000000000', { t: '2023-11-14T22:13:20.000Z' }, true],
  ['d.t > 1700000000000', { t: '2023-11-14T22:13:20.000Z' }, false],
  ['d.t < 1700000000000', { t: '2023-01-01T00:00:00Z' }, true],
  ['d.t < 1700000000000', { t: 'yesterday' }, false],
]);

table('regex: unanchored match with == (numbers as written), no match with !=', [
  ['d.s == r"curl/.*"', { s: 'curl/8.4.0' }, true],
  ['d.s == r"curl/.*"', { s: 'x curl/8' }, true],
  ['d.s == r"^curl"', { s: 'x curl/8' }, false],
  ['d.s != r"^curl"', { s: 'x curl/8' }, true],
  ['d.s != r"curl"', { s: 'curl' }, false],
  ['d.n == r"4.*"', { n: 404 }, true],
  ['d.n == r"^4"', { n: 500 }, false],
  ['d.b == r"^true$"', { b: true }, true],
  ['d.o == r".*"', { o: { a: 1 } }, false],
  ['d.z == r".*"', { z: null }, false],
  ['r"^ab" == d.s', { s: 'abc' }, true],
  ['d.s == r"(?i)^CURL"', { s: 'curl/8' }, true],
  ['d.s == r"a\\.b"', { s: 'a.b' }, true],
  ['d.s == r"a\\.b"', { s: 'axb' }, false],
]);

table('a list against a scalar means any element', [
  ['d.l == "users"', { l: ['api', 'users', '42'] }, true],
  ['d.l == "orders"', { l: ['api', 'users'] }, false],
  ['d.l != "orders"', { l: ['api', 'users'] }, true],
  ['d.l != "users"', { l: ['api', 'users'] }, false],
  ['d.l == 42', { l: ['api', '42'] }, true],
  ['d.l > 40', { l: [1, 41] }, true],
  ['d.l > 40', { l: [1, 2] }, false],
  ['d.l == r"^us"', { l: ['api', 'users'] }, true],
  ['d.l == "x"', { l: [] }, false],
  ['d.l', { l: [] }, false],
  ['d.l', { l: [0] }, true],
  ['"users" == d.l', { l: ['users'] }, true],
]);

table('lists and objects against each other compare structurally', [
  ['d.a == d.b', { a: [1, 2], b: [1, 2] }, true],
  ['d.a == d.b', { a: [1, 2], b: [2, 1] }, false],
  ['d.a == d.b', { a: { x: 1, y: [1] }, b: { y: [1], x: 1 } }, true],
  ['d.a == d.b', { a: { x: 1 }, b: { x: 1, y: 2 } }, false],
  ['d.a != d.b', { a: { x: 1 }, b: { x: 2 } }, true],
  ['d.a == d.b', { a: 'ns1', b: 'ns1' }, true],
  ['d.a == d.b', { a: 500, b: '500' }, true],
]);

table('in: list membership, object keys, substrings', [
  ['"shop" in d.l', { l: ['data', 'shop'] }, true],
  ['"web" in d.l', { l: ['data', 'shop'] }, false],
  ['8080 in d.l', { l: ['8080'] }, true],
  ['r"^sh" in d.l', { l: ['data', 'shop'] }, true],
  ['"Host" in d.o', { o: { Host: 'x' } }, true],
  ['"constructor" in d.o', { o: {} }, false],
  ['"api" in d.s', { s: '/api/v1' }, true],
  ['"API" in d.s', { s: '/api/v1' }, false],
  ['d.s in "GET POST PUT"', { s: 'POST' }, true],
  ['"a" in d.n', { n: 5 }, false],
]);

table('truthiness of a field used alone', [
  ['d.v', { v: true }, true],
  ['d.v', { v: false }, false],
  ['d.v', { v: 0 }, false],
  ['d.v', { v: 7 }, true],
  ['d.v', { v: '' }, false],
  ['d.v', { v: 'x' }, true],
  ['d.v', { v: null }, false],
  ['d.v', { v: {} }, true],
  ['!d.v', { v: 'x' }, false],
  ['not not d.v', { v: 'x' }, true],
]);

table('and/or short-circuit and combine; literals true/false', [
  ['true', {}, true],
  ['false', {}, false],
  ['d.a == 1 and d.b == 2', { a: 1, b: 2 }, true],
  ['d.a == 1 and d.b == 2', { a: 1, b: 3 }, false],
  ['d.a == 1 or d.b == 2', { a: 0, b: 2 }, true],
  ['d.a == 1 || d.b == 2 || d.c == 3', { c: 3 }, true],
  ['d.a == 1 && d.b == 2 && d.c == 3', { a: 1, b: 2 }, false],
  ['not d.a == false', { a: true }, true],
  ['(d.a == 1) == true', { a: 1 }, true],
]);

table('unary minus negates numbers and numeric strings', [
  ['-d.n == -5', { n: 5 }, true],
  ['-d.n == -5', { n: '5' }, true],
  ['-d.n < 0', { n: 'x' }, false],
]);

table('paths: own properties only, Go-style aliases, indexes, bracket keys', [
  ['d.constructor == nil', {}, false],
  ['d.toString', {}, false],
  ['d.__proto__ == nil', {}, false],
  ['d.l.length == 2', { l: [1, 2] }, true],
  ['d.l.map', { l: [1, 2] }, false],
  ['D.Name == "x"', { name: 'x' }, true],
  ['d.IP == "1.2.3.4"', { ip: '1.2.3.4' }, true],
  ['d.Pod.ObjectMeta.Labels.app == "web"', { pod: { metadata: { labels: { app: 'web' } } } }, true],
  ['d.Name == "exact"', { Name: 'exact', name: 'alias' }, true],
  ['d.l[0] == "a"', { l: ['a', 'b'] }, true],
  ['d.l[-1] == "b"', { l: ['a', 'b'] }, true],
  ['d.l[5] == "b"', { l: ['a', 'b'] }, false],
  ['d.o[1] == "one"', { o: { 1: 'one' } }, true],
  ['d.h["x-request-id"] == "abc"', { h: { 'X-Request-Id': 'abc' } }, true],
  ['d.h["X-Request-Id"] == "abc"', { h: { 'x-request-id': 'abc' } }, true],
  ['d.h.accept == "x"', { h: { Accept: 'x' } }, false],
  ['d.l["0"] == "a"', { l: ['a'] }, true],
]);

test('10 000-term and/or chains compile and evaluate without deep recursion', (t) => {
  const ands = Array.from({ length: 10_000 }, (_, i) => `d.n != ${i + 1}`).join(' and ');
  t.true(matches(ands, { d: { n: 0 } }));
  t.false(matches(ands, { d: { n: 9_999 } }));
  const ors = Array.from({ length: 10_000 }, (_, i) => `d.n == ${i + 1}`).join(' || ');
  t.true(matches(ors, { d: { n: 10_000 } }));
  t.false(matches(ors, { d: { n: 0 } }));
});

table('precedence, evaluated: not > comparison > and > or', [
  // a or (b and c), not (a or b) and c
  ['d.a or d.b and d.c', { a: true, b: true, c: false }, true],
  ['(d.a or d.b) and d.c', { a: true, b: true, c: false }, false],
  ['d.a and d.b or d.c', { a: false, b: true, c: true }, true],
  // (!a) and b
  ['!d.a and d.b', { a: false, b: true }, true],
  ['!(d.a and d.b)', { a: false, b: false }, true],
  ['!d.a and d.b', { a: false, b: false }, false],
  // (not a) == b
  ['not d.a == d.b', { a: true, b: false }, true],
  ['not (d.a == d.b)', { a: true, b: false }, true],
  ['not d.a == d.b', { a: 1, b: 1 }, false],
  ['not (d.a == d.b)', { a: 1, b: 1 }, false],
  ['not d.a == false', { a: 'x' }, true],
]);
