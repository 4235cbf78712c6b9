import test from 'ava';
import type { DissectorDescriptor } from './descriptor.ts';
import { createRegistry } from './registry.ts';
import { chooseDissector } from './select.ts';
import { fakeDissector } from './testing/fake-dissector.ts';
import { flowOf } from './testing/flow-fixture.ts';

/** A fake dissector that records each detect call. */
function counted(d: DissectorDescriptor, calls: string[]): DissectorDescriptor {
  return { ...d, detect: (b, dir, f) => (calls.push(d.id), d.detect(b, dir, f)) };
}

const sample = (s: string): [Uint8Array, null] => [new Uint8Array(Buffer.from(s, 'latin1')), null];
const sink = { weird: () => undefined };

test('chooseDissector: a certain server-port owner ends the search; otherwise every candidate is scored', (t) => {
  const calls: string[] = [];
  const first = counted(fakeDissector({ id: 'first', magic: 'HELLO', ports: [80], priority: 1 }), calls);
  const later = counted(fakeDissector({ id: 'later', magic: 'HELLO', ports: [80], priority: 2 }), calls);
  const other = counted(fakeDissector({ id: 'other', magic: 'NOPE', priority: 3 }), calls);
  const registry = createRegistry([later, other, first]);

  const onPort = chooseDissector(registry, flowOf('tcp', 80), sample('HELLO\n'), sink);
  t.is(onPort.desc?.id, 'first');
  t.is(onPort.score, 1);
  t.deepEqual(calls, ['first'], 'nobody after a certain port owner is asked');

  calls.length = 0;
  const offPort = chooseDissector(registry, flowOf('tcp', 9999), sample('HELLO\n'), sink);
  t.is(offPort.desc?.id, 'first', 'tie without a port match: registry order');
  t.deepEqual(calls, ['first', 'later', 'other']);
});

test('chooseDissector: a later candidate that owns the port still wins a tie', (t) => {
  const a = fakeDissector({ id: 'a', magic: 'HELLO', priority: 1 });
  const b = fakeDissector({ id: 'b', magic: 'HELLO', ports: [7000], priority: 2 });
  const c = fakeDissector({ id: 'c', magic: 'HELLO', ports: [7000], priority: 3 });
  const choice = chooseDissector(createRegistry([a, b, c]), flowOf('tcp', 7000), sample('HELLO'), sink);
  t.is(choice.desc?.id, 'b');
});
