/**
 * Bounded fuzzing (fixed seeds, a few thousand cases, a few seconds): random token
 * streams, random characters and mutated valid queries either compile or throw a
 * KflError — nothing else, no hang; compiled filters never throw on random items,
 * including null, numbers, strings, arrays and deeply nested JSON.
 */
import test from 'ava';
import { compileKfl, KflError, kflReference, type CompiledFilter } from './index.ts';
import { allFixtures } from './testing/items.ts';
import { generateItems } from './testing/corpus.ts';
import { mutateJson, randomJson, rng, type Rng } from './testing/random.ts';

const VOCAB = [
  'http', 'dns', 'tls', 'grpc', 'status_code', 'src.pod.name', 'request', '.path', '.headers', '["User-Agent"]', '[0]', '[-1]', 'response.status',
  'timestamp', 'x', 'and', 'or', 'not', '&&', '||', '!', '==', '!=', '<', '<=', '>', '>=', 'in', '(', ')', '[', ']', '.', ',', '-',
  'nil', 'true', 'false', '0', '500', '-5', '3.14', '1e3', '"a"', "'b'", '"\\u00e9"', 'r"^/api"', 'r"("', 'r"(?i)x"',
  '.startsWith("/")', '.contains(', '.json()', '.matches(r".")', 'now()', 'minutes(-5)', 'seconds(', 'size(', 'datetime("2023-01-01")',
  '"', "'", 'r"', '?', '=', '&', '|', '$', '#', '😀', '\n', '//c\n', 'foo', 'Protocol', 'ObjectMeta',
];

const SEED_QUERIES = [
  ...(['literals', 'operators', 'functions', 'macros', 'variables'] as const).flatMap((s) => kflReference[s].map((e) => e.example)),
  '(src.namespace == "ns1" and dst.namespace == "ns2") or (src.namespace == "ns2" and dst.namespace == "ns1")',
  '! dns or dns == false',
  'request.headers["User-Agent"] == r"curl/.*"',
];

function compileOrKflError(t: { fail(m: string): void }, q: string): CompiledFilter | null {
  try {
    return compileKfl(q, { now: () => 1_700_000_030_000 });
  } catch (e) {
    if (!(e instanceof KflError)) t.fail(`non-KflError for ${JSON.stringify(q)}: ${String(e)}`);
    else if (!(e.line >= 1 && e.column >= 1 && e.snippet.includes('^') && /^\d+:\d+: /.test(e.message))) t.fail(`malformed KflError for ${JSON.stringify(q)}: ${e.message}`);
    return null;
  }
}

function randomTokens(r: Rng): string {
  const n = 1 + r.int(12);
  let q = '';
  for (let i = 0; i < n; i++) q += r.pick(VOCAB) + r.pick(['', ' ', ' ', '\t', '\n']);
  return q;
}

function randomChars(r: Rng): string {
  let q = '';
  for (let i = r.int(30); i > 0; i--) q += String.fromCharCode(r.chance(0.9) ? 32 + r.int(95) : r.int(0x3000));
  return q;
}

function mutate(r: Rng, q: string): string {
  const at = r.int(q.length + 1);
  switch (r.int(5)) {
    case 0:
      return q.slice(0, at) + q.slice(at + 1 + r.int(3));
    case 1:
      return q.slice(0, at) + r.pick(VOCAB) + q.slice(at);
    case 2:
      return q.slice(0, at);
    case 3:
      return q.slice(0, at) + q.slice(r.int(q.length)) ;
    default:
      return q.slice(0, at) + String.fromCharCode(32 + r.int(95)) + q.slice(at);
  }
}

const SELECTORS = ['request.path', 'response.status', 'status_code', 'src.port', 'dst.pod.namespace', 'request.headers["host"]', 'request.pathSegments[1]',
  'response.content.text.json().items[0].id', 'request.postData.text.json()', 'namespaces', 'dns_questions', 'timestamp', 'elapsedTime', 'tls', 'Protocol.Abbr', 'a.b[2].c'];
const VALUES = ['nil', 'true', 'false', '0', '500', '-1.5', '"500"', '""', '"/api"', 'r"^/api"', 'r"5.."', 'minutes(-5)', 'now()', 'size(request.headers)'];
const OPS = ['==', '!=', '<', '<=', '>', '>=', 'in'];

/** A random query from a small grammar: mostly valid, so evaluation gets exercised. */
function randomQuery(r: Rng, depth: number): string {
  const k = r.int(depth > 0 ? 7 : 4);
  switch (k) {
    case 0:
      return r.pick(['http', 'dns', 'grpc', 'tcp', 'udp', 'tls', 'ws', 'dns_request', 'passed']);
    case 1:
      return `${r.pick(SELECTORS)} ${r.pick(OPS)} ${r.pick(VALUES)}`;
    case 2:
      return `${r.pick(SELECTORS)}.${r.pick(['startsWith', 'endsWith', 'contains'])}(${r.pick(['"/"', '"5"', '""', 'request.path'])})`;
    case 3:
      return `${r.pick(VALUES)} ${r.pick(['==', '!=', 'in'])} ${r.pick(SELECTORS)}`;
    case 4:
      return `${r.pick(['!', 'not ', ''])}(${randomQuery(r, depth - 1)})`;
    default:
      return `${randomQuery(r, depth - 1)} ${r.pick(['and', 'or', '&&', '||'])} ${randomQuery(r, depth - 1)}`;
  }
}

/** Items filters must survive: fixtures, mutated fixtures, random JSON, non-objects, deep nesting. */
function itemsFor(r: Rng): unknown[] {
  let deep: unknown = 1;
  for (let i = 0; i < 5000; i++) deep = [deep];
  const deepText = '['.repeat(3000) + ']'.repeat(3000);
  return [
    ...allFixtures,
    ...Array.from({ length: 60 }, () => mutateJson(r, r.pick(allFixtures), 1 + r.int(4))),
    ...Array.from({ length: 60 }, () => randomJson(r, 5)),
    null, undefined, 0, 42, 'http', '', true, [], [1, 2], {},
    { response: { content: { text: deepText } }, request: { path: deep } },
    { d: deep, protocol: deep, src: { port: deep } },
  ];
}

test('random token streams compile or throw KflError, and compiled filters never throw', (t) => {
  const r = rng(4242);
  const items = itemsFor(r);
  let compiled = 0;
  for (let i = 0; i < 3000; i++) {
    const f = compileOrKflError(t, randomTokens(r));
    if (!f) continue;
    compiled++;
    for (let j = 0; j < 8; j++) t.is(typeof f.match(r.pick(items)), 'boolean');
  }
  t.true(compiled > 30, `some random streams compiled and were evaluated (${compiled})`);
});

test('random grammar-shaped queries compile or throw KflError, and never throw on items', (t) => {
  const r = rng(2024);
  const items = itemsFor(r);
  let compiled = 0;
  for (let i = 0; i < 2000; i++) {
    const f = compileOrKflError(t, randomQuery(r, 3));
    if (!f) continue;
    compiled++;
    for (const item of items) t.is(typeof f.match(item), 'boolean');
  }
  t.true(compiled > 1000, `most grammar-shaped queries compile (${compiled})`);
});

test('random characters compile or throw KflError', (t) => {
  const r = rng(7);
  for (let i = 0; i < 3000; i++) compileOrKflError(t, randomChars(r));
  t.pass();
});

test('mutated valid queries compile or throw KflError; survivors evaluate every item', (t) => {
  const r = rng(99);
  const items = itemsFor(r);
  let compiled = 0;
  for (let i = 0; i < 3000; i++) {
    let q = r.pick(SEED_QUERIES);
    for (let m = 1 + r.int(3); m > 0; m--) q = mutate(r, q);
    const f = compileOrKflError(t, q);
    if (!f) continue;
    compiled++;
    for (const item of items.slice(0, 40)) t.is(typeof f.match(item), 'boolean');
  }
  t.true(compiled > 300, `enough mutants compiled (${compiled})`);
});

test('every reference example evaluates every fuzz item without throwing', (t) => {
  const r = rng(1);
  const items = itemsFor(r);
  for (const q of SEED_QUERIES) {
    const f = compileKfl(q);
    for (const item of items) t.is(typeof f.match(item), 'boolean', q);
  }
});

test('the benchmark corpus is repeatable and the benchmark queries select part of it', (t) => {
  const a = generateItems(400, 7);
  const b = generateItems(400, 7);
  t.deepEqual(a.map((i) => [i.request, i.response, i.src.namespace, i.dst.namespace]), b.map((i) => [i.request, i.response, i.src.namespace, i.dst.namespace]));
  for (const q of ['http and response.status >= 500', 'request.path == r"^/api/v[12]/users/\\d+$"', '(src.namespace == "ns1" and dst.namespace == "ns2") or (src.namespace == "ns2" and dst.namespace == "ns1")']) {
    const hits = a.filter((i) => compileKfl(q).match(i)).length;
    t.true(hits > 0 && hits < a.length, `${q}: ${hits}`);
  }
});
