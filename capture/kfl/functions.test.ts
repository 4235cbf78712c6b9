/**
 * Functions and methods: string methods, `.json()`, the clock helpers, dates, durations,
 * `size()`.
 */
import test from 'ava';
import { compileKfl } from './index.ts';
import { parseDuration } from './functions.ts';
import { FIXTURE_NOW } from './testing/cluster.ts';
import { matches, matching } from './testing/match.ts';

const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64');

test('.startsWith/.endsWith/.contains on strings, numbers, lists and missing values', (t) => {
  const item = { d: { s: '/api/v1/users', n: 503, l: ['alpha', 'beta'], o: { a: 1 } } };
  const rows: [string, boolean][] = [
    ['d.s.startsWith("/api")', true],
    ['d.s.startsWith("/API")', false],
    ['d.s.endsWith("users")', true],
    ['d.s.contains("v1")', true],
    ['d.s.contains("v2")', false],
    ['d.n.startsWith("5")', true],
    ['d.n.endsWith(3)', true],
    ['d.l.contains("et")', true],
    ['d.l.startsWith("gam")', false],
    ['d.o.contains("a")', false],
    ['d.missing.contains("a")', false],
    ['!d.missing.contains("a")', true],
    ['d.s.startsWith("/api") == true', true],
    ['d.s.startsWith("/x") == false', true],
    ['d.missing.startsWith("/x") == false', false],
    ['d.s.contains(d.l[0])', false],
    ['d.s.contains(d.s)', true],
    ['"literal".startsWith("lit")', true],
  ];
  for (const [q, want] of rows) t.is(matches(q, item), want, q);
});

test('.matches(re) takes a regex or a string pattern; unanchored like == r"…"', (t) => {
  const item = { d: { s: '/api/v2/users/17', l: ['x', 'user-9'] } };
  t.true(matches('d.s.matches(r"^/api/v[12]/users/\\d+$")', item));
  t.true(matches('d.s.matches("users/\\d+")', item));
  t.false(matches('d.s.matches("^users")', item));
  t.true(matches('d.l.matches(r"-\\d$")', item));
  t.true(matches('d.s.matches(r"(?i)/API/")', item));
  t.false(matches('d.missing.matches(r".*")', item));
  t.deepEqual(matching('request.path.matches(r"^/api/v[12]/users/\\d+$")'), ['httpGet200']);
});

test('.json() decodes base64 HTTP bodies and keeps selecting', (t) => {
  t.deepEqual(matching('response.content.text.json().items[0].id == 3'), ['httpGet200']);
  t.deepEqual(matching('response.content.text.json().items.name == "The Pen"'), []);
  t.deepEqual(matching('response.content.text.json().items[-1].name == "The Pen"'), ['httpGet200']);
  t.deepEqual(matching('response.content.text.json().error == "card declined"'), ['httpPost500']);
  t.deepEqual(matching('response.content.text.json()[1].id == 2'), ['http2Get']);
  t.deepEqual(matching('response.content.text.json().data.product.price > 10'), ['gqlQuery']);
});

test('.json() parses plain JSON strings, and what is not JSON is missing', (t) => {
  t.deepEqual(matching('request.postData.text.json().user == "alice"'), ['httpPost500']);
  t.deepEqual(matching('response.value.json().qty == 2'), ['redisNs2ToNs1']);
  const rows: [unknown, string, boolean][] = [
    ['{"a":{"b":[1,2,3]}}', 'd.v.json().a.b[2] == 3', true],
    [b64('{"a":1}'), 'd.v.json().a == 1', true],
    [b64('  [1, 2]  '), 'd.v.json() == 2', true],
    ['1234', 'd.v.json() == 1234', true],
    ['true', 'd.v.json() == true', true],
    ['"quoted"', 'd.v.json() == "quoted"', true],
    ['null', 'd.v.json() == nil', true],
    ['not json', 'd.v.json() == nil', false],
    ['not json', '!d.v.json()', true],
    ['{"broken":', 'd.v.json().broken == nil', false],
    [b64('plain text, not json'), 'd.v.json() == nil', false],
    [b64(JSON.stringify({ inner: b64('{"deep":true}') })), 'd.v.json().inner.json().deep == true', true],
    [{ already: 'object' }, 'd.v.json().already == "object"', true],
    [42, 'd.v.json() == 42', false],
    ['', 'd.v.json() == ""', false],
    [b64('{"é":"ü"}'), 'd.v.json()["é"] == "ü"', true],
  ];
  for (const [v, q, want] of rows) t.is(matches(q, { d: { v } }), want, `${q} on ${JSON.stringify(v)}`);
});

test('.json() results are cached per item and selector within a filter', (t) => {
  const f = compileKfl('d.v.json().a == 1 or d.v.json().b == 2');
  const item = { d: { v: '{"a":0,"b":2}' } };
  t.true(f.match(item));
  t.true(f.match(item));
  t.false(f.match({ d: { v: '{"a":0,"b":0}' } }), 'another item is parsed on its own');
});

test('now() and seconds/minutes/hours/days are epoch ms relative to the clock', (t) => {
  let clock = 1_000_000_000;
  const at = (q: string, ts: number): boolean => compileKfl(q, { now: () => clock }).match({ timestamp: ts });
  t.true(at('timestamp >= minutes(-5)', clock - 5 * 60_000));
  t.false(at('timestamp >= minutes(-5)', clock - 5 * 60_000 - 1));
  t.true(at('timestamp >= seconds(-1)', clock - 1000));
  t.true(at('timestamp < hours(-1)', clock - 3_600_001));
  t.true(at('timestamp > days(-2) and timestamp < days(-1)', clock - 1.5 * 86_400_000));
  t.true(at('timestamp <= now()', clock));
  t.false(at('timestamp < now()', clock));
  t.true(at('timestamp == minutes(0.5)', clock + 30_000));
  const byField = compileKfl('timestamp >= minutes(-d.n)', { now: () => clock });
  t.true(byField.match({ timestamp: clock - 120_000, d: { n: 2 } }), 'a field as argument');
  t.false(byField.match({ timestamp: clock - 120_001, d: { n: '2' } }));
  t.false(byField.match({ timestamp: clock, d: { n: 'soon' } }), 'a non-numeric argument is missing');
  const f = compileKfl('timestamp >= seconds(-10)', { now: () => clock });
  const item = { timestamp: clock };
  t.true(f.match(item));
  clock += 11_000;
  t.false(f.match(item), 'the clock is read on every match');
});

test('time helpers default to Date.now', (t) => {
  t.true(compileKfl('timestamp >= minutes(-1)').match({ timestamp: Date.now() }));
  t.false(compileKfl('timestamp >= minutes(-1)').match({ timestamp: Date.now() - 120_000 }));
});

test('time helpers over the fixtures (10-day-old item, skewed clock)', (t) => {
  t.deepEqual(matching('timestamp >= days(-7)').includes('httpOld'), false);
  t.deepEqual(matching('timestamp > now()'), ['redisSkewed']);
  t.is(matching('timestamp >= minutes(-5)').length, matching('true').length - 1);
  t.deepEqual(matching('startTime >= seconds(-12) and startTime < now()'), matching('timestamp >= seconds(-12) and timestamp < now()'));
});

test('datetime(s)/timestamp(s) and duration(s) fold to constants', (t) => {
  t.true(matches('d.t == datetime("2023-11-14T22:13:20Z")', { d: { t: 1_700_000_000_000 } }));
  t.true(matches('d.t == timestamp("2023-11-14T22:13:20.000Z")', { d: { t: 1_700_000_000_000 } }));
  t.true(matches('d.e == duration("1h30m")', { d: { e: 5_400_000 } }));
  t.true(matches('d.e > duration("250ms")', { d: { e: 251 } }));
  t.true(matches('d.e == duration("-5m")', { d: { e: -300_000 } }));
  t.is(parseDuration('1.5s'), 1500);
  t.is(parseDuration('2d'), 172_800_000);
  t.is(parseDuration('500us'), 0.5);
  t.is(parseDuration('1h1m1s1ms'), 3_661_001);
  t.true(Number.isNaN(parseDuration('')));
  t.true(Number.isNaN(parseDuration('5')));
  t.true(Number.isNaN(parseDuration('5x')));
  t.true(Number.isNaN(parseDuration('m5')));
  t.is(FIXTURE_NOW - 30_000, 1_700_000_000_000);
});

test('size(x): strings, lists, objects; missing otherwise', (t) => {
  const d = { s: 'abcd', l: [1, 2, 3], o: { a: 1, b: 2 }, n: 5 };
  t.true(matches('size(d.s) == 4', { d }));
  t.true(matches('size(d.l) == 3', { d }));
  t.true(matches('size(d.o) == 2', { d }));
  t.false(matches('size(d.n) == 0', { d }));
  t.false(matches('size(d.missing) == 0', { d }));
  t.true(matches('size(d.l)', { d }));
  t.false(matches('size(d.e)', { d: { e: [] } }));
  t.deepEqual(matching('size(request.pathSegments) >= 4'), ['httpGet200', 'httpNs1ToNs2']);
});
