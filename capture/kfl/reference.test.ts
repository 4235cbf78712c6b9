/**
 * `kflReference` is complete and honest: every documented construct has an example that
 * compiles and matches at least one fixture item (and not all of them, so it filters),
 * and every table the compiler uses is in the reference.
 */
import test from 'ava';
import { kflReference } from './index.ts';
import { FUNCTIONS } from './functions.ts';
import { MACROS } from './macros.ts';
import { METHODS } from './methods.ts';
import { VARIABLES } from './variables.ts';
import { KFL_ERROR_CODES } from './errors.ts';
import { allFixtures } from './testing/items.ts';
import { matching } from './testing/match.ts';

const sections = ['literals', 'operators', 'functions', 'macros', 'variables'] as const;

for (const section of sections) {
  for (const entry of kflReference[section]) {
    test(`${section}: ${entry.name} — example "${entry.example.replace(/\n/g, ' ')}" filters the fixtures`, (t) => {
      const hits = matching(entry.example);
      t.true(hits.length > 0, 'matches at least one fixture');
      t.true(hits.length < allFixtures.length, 'does not match every fixture');
    });
  }
}

test('the reference lists every function, method, macro, variable and error code', (t) => {
  const names = (xs: readonly { name: string }[]): string[] => xs.map((x) => x.name).sort();
  t.deepEqual(names(kflReference.functions.filter((f) => f.kind === 'function')), names(FUNCTIONS));
  t.deepEqual(names(kflReference.functions.filter((f) => f.kind === 'method')), names(METHODS));
  t.deepEqual(names(kflReference.macros), names(MACROS));
  t.deepEqual(names(kflReference.variables), names(VARIABLES));
  t.deepEqual(kflReference.errors.map((e) => e.code).sort(), Object.keys(KFL_ERROR_CODES).sort());
});

test('the reference covers the brief: every macro and the named KFL2 variables', (t) => {
  const macros = kflReference.macros.map((m) => m.name);
  for (const m of ['http', 'http2', 'grpc', 'gql', 'dns', 'redis', 'kafka', 'amqp', 'tls', 'tcp', 'udp', 'icmp', 'ws']) t.true(macros.includes(m), m);
  const vars = kflReference.variables.map((v) => v.name);
  for (const v of ['status_code', 'method', 'path', 'url', 'host', 'src.pod.name', 'src.pod.namespace', 'dst.pod.name', 'dst.pod.namespace', 'src.ip', 'dst.port', 'elapsed_time', 'latency', 'request_size', 'response_size', 'namespace']) {
    t.true(vars.includes(v), v);
  }
});

test('the reference is plain JSON data (no functions leak to the UI)', (t) => {
  t.deepEqual(JSON.parse(JSON.stringify(kflReference)), kflReference);
});
