import test from 'ava';
import { flowOf, feed, harness, run } from './testing/flow-fixture.ts';
import { fakeDissector } from './testing/fake-dissector.ts';

test('port match breaks a tie between equally confident detectors', (t) => {
  const a = fakeDissector({ id: 'a', magic: 'HELLO', ports: [7000] });
  const b = fakeDissector({ id: 'b', magic: 'HELLO', ports: [9000] });
  for (const port of [7000, 9000]) {
    const h = harness([a, b], { flow: flowOf('tcp', port) });
    feed(h.session, [{ dir: 0, bytes: 'HELLO\n' }]);
    t.is(h.session.dissectorId, port === 7000 ? 'a' : 'b');
  }
});

test('a client-port match counts when the server port matches nothing', (t) => {
  const a = fakeDissector({ id: 'a', magic: 'HELLO' });
  const b = fakeDissector({ id: 'b', magic: 'HELLO', ports: [51000] });
  const h = harness([a, b], { flow: flowOf('tcp', 1234, { clientPort: 51000 }) });
  feed(h.session, [{ dir: 0, bytes: 'HELLO\n' }]);
  t.is(h.session.dissectorId, 'b');
});

test('detect beats the port table: a heuristic match wins over a port owner that scores 0', (t) => {
  const owner = fakeDissector({ id: 'owner', magic: 'OWN', ports: [80] });
  const other = fakeDissector({ id: 'other', magic: 'HELLO' });
  const h = run([owner, other], [{ dir: 0, bytes: 'HELLO\nreq\n' }, { dir: 1, bytes: 'res\n' }], { flow: flowOf('tcp', 80) });
  t.is(h.session.dissectorId, 'other');
  t.is(h.items.length, 2);
  t.is(h.items[0].protocol.name, 'other');
});

test('selection waits for a confident score, then replays buffered bytes in order', (t) => {
  const log: string[] = [];
  const d = fakeDissector({ id: 'd', magic: 'MAGIC', log });
  const h = harness([d]);
  feed(h.session, [{ dir: 0, bytes: 'MA' }, { dir: 1, bytes: 'x' }, { dir: 0, bytes: 'GIC\n' }]);
  t.is(h.session.state, 'pinned');
  t.deepEqual(log, ['data 0 MA', 'data 1 x', 'data 0 GIC\n']);
});

test('a low score wins once the detect limit is reached', (t) => {
  const d = fakeDissector({ id: 'd', magic: 'AB', score: 0.5 });
  const h = harness([d], { limits: { detectBytes: 8 } });
  feed(h.session, [{ dir: 0, bytes: 'AB12' }]);
  t.is(h.session.state, 'selecting');
  feed(h.session, [{ dir: 0, bytes: '3456\n' }]);
  t.is(h.session.dissectorId, 'd');
});

test('a full direction that matched nothing waits for the other one; excess bytes replay as a gap', (t) => {
  const log: string[] = [];
  const d = fakeDissector({ id: 'd', magic: 'RESP', log });
  const h = harness([d], { limits: { detectBytes: 8 } });
  feed(h.session, [{ dir: 0, bytes: '0123456789AB' }, { dir: 0, bytes: 'CD' }]);
  t.is(h.session.state, 'selecting');
  feed(h.session, [{ dir: 1, bytes: 'RESP\n' }]);
  t.deepEqual(log, ['data 0 01234567', 'gap 0 4', 'gap 0 2', 'data 1 RESP\n']);
});

test('nothing claims the flow: no items, counted as dissect_unclaimed', (t) => {
  const d = fakeDissector({ id: 'd', magic: 'X' });
  const h = run([d], [{ dir: 0, bytes: 'hello there, this is not it\n' }, { dir: 1, bytes: 'nor this\n' }]);
  t.is(h.items.length, 0);
  t.is(h.session.state, 'ended');
  t.is(h.weirds.get('dissect_unclaimed'), 1);
});

test('unclaimed flows go to the fallback when one is registered', (t) => {
  const log: string[] = [];
  const raw = fakeDissector({ id: 'raw', handoffOnly: true, log });
  const d = fakeDissector({ id: 'd', magic: 'X' });
  const h = run([d, raw], [{ dir: 0, bytes: 'nope\n' }, { dir: 1, bytes: 'nada\n' }], { registryOptions: { fallback: { tcp: 'raw' } } });
  t.is(h.session.dissectorId, 'raw');
  t.is(h.items.length, 1);
  t.deepEqual(h.items[0].request, { line: 'nope' });
  t.is(h.weirds.get('dissect_unclaimed'), 0);
});

test('violate() unpins: pending requests flush, later bytes go to the fallback, not replayed', (t) => {
  const log: string[] = [];
  const d = fakeDissector({ id: 'd', magic: 'GO' });
  const raw = fakeDissector({ id: 'raw', handoffOnly: true, log });
  const h = run([d, raw], [{ dir: 0, bytes: 'GO\n' }, { dir: 1, bytes: 'VIOLATE\n' }, { dir: 0, bytes: 'after\n' }], {
    registryOptions: { fallback: { tcp: 'raw' } },
  });
  t.is(h.weirds.get('dissect_violation'), 1);
  t.is(h.items[0].request?.line, 'GO');
  t.is(h.items[0].error?.type, 'pair-not-found');
  t.deepEqual(log, ['data 0 after\n', 'end']);
  t.is(h.items[1].protocol.name, 'raw');
});

test('violate() without a fallback leaves the flow inert', (t) => {
  const d = fakeDissector({ id: 'd', magic: 'GO' });
  const h = run([d], [{ dir: 0, bytes: 'GO\nVIOLATE\nq2\n' }, { dir: 1, bytes: 'r\n' }]);
  t.is(h.items.length, 1);
  t.is(h.session.state, 'ended');
  t.is(h.weirds.get('dissect_violation'), 1);
});

test('a throwing parser is counted and violated; capture goes on', (t) => {
  const d = fakeDissector({ id: 'd', magic: 'GO' });
  const h = harness([d]);
  t.notThrows(() => feed(h.session, [{ dir: 0, bytes: 'GO\nTHROW\n' }, { dir: 1, bytes: 'x\n' }]));
  h.session.end('fin', 5);
  t.is(h.weirds.get('dissect_parser_exception'), 1);
  t.is(h.weirds.get('dissect_violation'), 1);
  t.is(h.session.state, 'ended');
});

test('handoff() passes the rest of the flow, with initial bytes, to the named dissector', (t) => {
  const log: string[] = [];
  const d = fakeDissector({ id: 'd', magic: 'GO' });
  const ws = fakeDissector({ id: 'ws', handoffOnly: true, log });
  const h = run([d, ws], [{ dir: 0, bytes: 'GO\n' }, { dir: 1, bytes: 'ok\nHANDOFF ws\nframe1\n' }, { dir: 0, bytes: 'frame2\n' }]);
  t.is(h.session.dissectorId, 'ws');
  t.deepEqual(log, ['data 1 frame1\n', 'data 0 frame2\n', 'end']);
  t.deepEqual(h.items.map((i) => i.protocol.name), ['d', 'ws', 'ws']);
});

test('handoff() to an unregistered id stops dissection quietly', (t) => {
  const d = fakeDissector({ id: 'd', magic: 'GO' });
  const h = run([d], [{ dir: 0, bytes: 'GO\n' }, { dir: 1, bytes: 'ok\nHANDOFF nothing\nmore\n' }]);
  t.is(h.items.length, 1);
  t.is(h.weirds.total, 0);
});

test('items are numbered per flow and carry the flow identity', (t) => {
  const d = fakeDissector({ id: 'd', magic: 'GO' });
  const h = run([d], [{ dir: 0, bytes: 'GO\nq2\n', ts: 1000 }, { dir: 1, bytes: 'r1\nr2\n', ts: 1250 }]);
  t.deepEqual(h.items.map((i) => [i.index, i.id]), [[0, 'w1/000000000007.pcap-0'], [1, 'w1/000000000007.pcap-1']]);
  t.is(h.items[0].elapsedTime, 250);
  t.is(h.items[0].dst.port, '80');
  t.is(h.items[0].src.ip, '10.1.0.2');
});

test('key pairing through the session; unmatched request at end is pair-not-found', (t) => {
  const d = fakeDissector({ id: 'd', magic: '1=', pairing: 'key' });
  const h = run([d], [{ dir: 0, bytes: '1=a\n2=b\n3=c\n' }, { dir: 1, bytes: '2=B\n1=A\n' }]);
  t.deepEqual(h.items.map((i) => [i.request?.line, i.response?.line, i.error?.type ?? null]), [
    ['b', 'B', null], ['a', 'A', null], ['c', undefined, 'pair-not-found'],
  ]);
});

test('UDP flows are decided on the first datagram', (t) => {
  const d = fakeDissector({ id: 'u', magic: 'Q', transport: 'udp' });
  const h = run([d], [{ dir: 0, bytes: 'Q1\n' }, { dir: 1, bytes: 'R1\n' }], { flow: flowOf('udp', 5000) });
  t.is(h.session.dissectorId, 'u');
  t.is(h.items.length, 1);
  const none = run([d], [{ dir: 0, bytes: 'x' }, { dir: 0, bytes: 'Q' }], { flow: flowOf('udp', 5000) });
  t.is(none.session.dissectorId, null);
  t.is(none.weirds.get('dissect_unclaimed'), 1);
});

test('a gap during selection decides with what is buffered and is passed on', (t) => {
  const log: string[] = [];
  const d = fakeDissector({ id: 'd', magic: 'GO', score: 0.5, log });
  const h = harness([d]);
  feed(h.session, [{ dir: 0, bytes: 'GO' }, { dir: 0, gap: 10 }]);
  t.deepEqual(log, ['data 0 GO', 'gap 0 10']);
});

test('a gap before any byte is recorded and selection goes on', (t) => {
  const log: string[] = [];
  const d = fakeDissector({ id: 'd', magic: 'GO', log });
  const h = harness([d]);
  feed(h.session, [{ dir: 1, gap: 1000 }, { dir: 0, bytes: 'GO\n' }]);
  t.is(h.session.dissectorId, 'd');
  t.deepEqual(log, ['gap 1 1000', 'data 0 GO\n']);
});

test('end() is called once; data after end is ignored', (t) => {
  const log: string[] = [];
  const d = fakeDissector({ id: 'd', magic: 'GO', log });
  const h = harness([d]);
  feed(h.session, [{ dir: 0, bytes: 'GO\n' }]);
  h.session.end('fin', 10);
  h.session.end('eof', 11);
  h.session.data(0, Buffer.from('x\n'), 12);
  t.deepEqual(log, ['data 0 GO\n', 'end']);
});

test('an onItem callback that throws is counted, not propagated', (t) => {
  const d = fakeDissector({ id: 'd', magic: 'GO', pairing: 'none' });
  const h = harness([d], {
    onItem: () => {
      throw new Error('consumer bug');
    },
  });
  t.notThrows(() => feed(h.session, [{ dir: 0, bytes: 'GO\n' }]));
  t.is(h.items.length, 1);
  t.is(h.weirds.get('dissect_on_item_exception'), 1);
});
