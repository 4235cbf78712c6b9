import test from 'ava';
import { ScriptConsole, type ConsoleEvent } from '../runtime/console.ts';
import { harness } from '../runtime/testing/harness.ts';
import { httpItem } from '../runtime/testing/items.ts';

test('console.log/info/debug and error/warn: String(arg) joined with a space, errors marked', async (t) => {
  const h = await harness({
    'c.js': `console.log("a", 1, true, null, undefined, {x: 1}, [1, 2], function f() {});
console.error("bad", new Error("boom"));
console.info("i"); console.debug("d"); console.warn("w");
console.log({ toString: function () { return "custom"; } });
try { kfl.match("htt ??? a : p", {}); } catch (error) { console.log("Caught an error!", error); }`,
  });
  const lines = h.rt.console('c.js').lines();
  t.deepEqual(lines.map((l) => [l.level, l.text]), [
    ['log', 'a 1 true null undefined [object Object] 1,2 function f() {}'],
    ['error', 'bad Error: boom'],
    ['log', 'i'],
    ['log', 'd'],
    ['error', 'w'],
    ['log', 'custom'],
    ['log', 'Caught an error! Error: 1:5: unexpected token "?"'],
  ]);
  t.true(lines.every((l, i) => l.seq === i + 1 && l.time === h.clock.now()));
  h.stop();
});

test('console lines keep their order relative to helpers that also write (kfl.validate)', async (t) => {
  const h = await harness({ 'o.js': `console.log("one"); kfl.validate("a ==", false); console.log("three");` });
  const lines = h.lines('o.js');
  t.is(lines[0], 'one');
  t.regex(lines[1], /^kfl\.validate: 1:5: /);
  t.is(lines[2], 'three');
  h.stop();
});

test('console.clear empties the console and tells viewers', async (t) => {
  const h = await harness({ 'c.js': `console.log("old"); function onItemCaptured() { console.clear(); console.log("new"); }` });
  const events: ConsoleEvent['type'][] = [];
  h.rt.console('c.js').subscribe((e) => events.push(e.type));
  await h.items([httpItem()]);
  t.deepEqual(h.lines('c.js'), ['new']);
  t.deepEqual(events, ['clear', 'line']);
  h.stop();
});

test('huge output: lines are cut, a loop of lines is flushed in chunks and the ring keeps the last lines', async (t) => {
  const h = await harness(
    { 'big.js': `console.log(new Array(100001).join("x")); for (var i = 0; i < 5000; i++) console.log("line " + i);` },
    { limits: { maxLineLength: 100, consoleLines: 1000 } },
  );
  const c = h.rt.console('big.js');
  t.is(c.texts().length, 1000);
  t.is(c.texts().at(-1), 'line 4999');
  t.is(c.texts()[0], 'line 4000');
  t.is(c.evicted, 4001);
  t.is(h.sandboxes['big.js'].state, 'running');
  h.stop();
});

test('ScriptConsole: ring buffer, line cap, subscribe/unsubscribe, a throwing viewer is harmless', (t) => {
  let now = 5;
  const c = new ScriptConsole({ capacity: 3, maxLineLength: 20, now: () => now++ });
  const got: string[] = [];
  c.subscribe(() => {
    throw new Error('viewer bug');
  });
  const off = c.subscribe((e) => got.push(e.type === 'line' ? e.line.text : 'CLEAR'));
  for (const s of ['a', 'b', 'c', 'd']) c.log(s);
  c.error('y'.repeat(50));
  t.deepEqual(c.texts(), ['c', 'd', `${'y'.repeat(19)}…`]);
  t.deepEqual(c.lines().map((l) => l.time), [7, 8, 9]);
  c.clear();
  off();
  c.log('after');
  t.deepEqual(got, ['a', 'b', 'c', 'd', `${'y'.repeat(19)}…`, 'CLEAR']);
  t.deepEqual(c.texts(), ['after']);
  t.is(c.lines()[0].seq, 6);
});
