import test from 'ava';
import { builtinDissectors } from './manifest.ts';
import { createRegistry, DissectorError } from './registry.ts';
import { fakeDissector } from './testing/fake-dissector.ts';

test('createRegistry accepts the built-in dissectors and indexes their ports', (t) => {
  const r = createRegistry(builtinDissectors);
  t.deepEqual(r.byPort('tcp', 80).map((d) => d.id), ['http']);
  t.deepEqual(r.byPort('udp', 53).map((d) => d.id), ['dns']);
  t.deepEqual(r.byPort('tcp', 53).map((d) => d.id), ['dns-tcp']);
  t.deepEqual(r.byPort('udp', 80), []);
  t.true(r.isServerPort(8080));
  t.true(r.isServerPort(5355, 'udp'));
  t.deepEqual(r.byPort('tcp', 443).map((d) => d.id), ['tls'], '443 is TLS, not listed by HTTP');
  t.false(r.isServerPort(51000));
  t.is(r.get('http')?.protocol.abbr, 'HTTP');
  t.is(r.fallback('tcp'), undefined);
});

test('duplicate ids are rejected with ERR_DISSECTOR_DUPLICATE', (t) => {
  const err = t.throws(() => createRegistry([fakeDissector({ id: 'x' }), fakeDissector({ id: 'x' })]), { instanceOf: DissectorError });
  t.is(err?.code, 'ERR_DISSECTOR_DUPLICATE');
  t.regex(err!.message, /"x"/);
});

const invalidCases: [string, Record<string, unknown>][] = [
  ['id with capitals', { id: 'Http' }],
  ['empty id', { id: '' }],
  ['port 0', { ports: [0] }],
  ['port 65536', { ports: [65536] }],
  ['fractional port', { ports: [80.5] }],
  ['string port', { ports: ['80'] }],
  ['transport icmp', { transport: 'icmp' }],
  ['pairing unknown', { pairing: 'lifo' }],
  ['negative timeout', { pairTimeoutMs: -1 }],
  ['missing detect', { detect: undefined }],
];
for (const [what, patch] of invalidCases) {
  test(`invalid descriptor (${what}) is rejected with ERR_DISSECTOR_INVALID`, (t) => {
    const d = { ...fakeDissector({ id: 'ok' }), ...patch } as never;
    const err = t.throws(() => createRegistry([d]), { instanceOf: DissectorError });
    t.is(err?.code, 'ERR_DISSECTOR_INVALID');
  });
}

test('a protocol descriptor missing fields is rejected with ERR_DISSECTOR_INVALID', (t) => {
  const base = fakeDissector({ id: 'p' });
  for (const field of ['abbr', 'macro', 'longName', 'fontSize', 'layer4', 'priority', 'ports']) {
    const protocol = { ...base.protocol } as Record<string, unknown>;
    delete protocol[field];
    const err = t.throws(() => createRegistry([{ ...base, protocol } as never]));
    t.is((err as DissectorError).code, 'ERR_DISSECTOR_INVALID', field);
    t.true(err!.message.includes(field), field);
  }
});

test('tables do not depend on registration order; lower priority number comes first', (t) => {
  const a = fakeDissector({ id: 'a', ports: [9000], priority: 3 });
  const b = fakeDissector({ id: 'b', ports: [9000], priority: 1 });
  const c = fakeDissector({ id: 'c', ports: [9000], priority: 3 });
  const h = fakeDissector({ id: 'h', handoffOnly: true, ports: [9000] });
  for (const order of [[a, b, c, h], [h, c, b, a], [c, a, h, b]]) {
    const r = createRegistry(order);
    t.deepEqual(r.byPort('tcp', 9000).map((d) => d.id), ['b', 'a', 'c']);
    t.deepEqual(r.heuristics('tcp').map((d) => d.id), ['b', 'a', 'c']);
    t.is(r.get('h')?.id, 'h', 'handoff-only dissectors are reachable by id');
  }
});

test('fallback must name a registered dissector of that transport', (t) => {
  const raw = fakeDissector({ id: 'raw-tcp' });
  t.is(createRegistry([raw], { fallback: { tcp: 'raw-tcp' } }).fallback('tcp'), raw);
  const e1 = t.throws(() => createRegistry([raw], { fallback: { tcp: 'nope' } }));
  t.is((e1 as DissectorError).code, 'ERR_DISSECTOR_INVALID');
  const e2 = t.throws(() => createRegistry([raw], { fallback: { udp: 'raw-tcp' } }));
  t.is((e2 as DissectorError).code, 'ERR_DISSECTOR_INVALID');
});
