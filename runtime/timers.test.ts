import test from 'ava';
import { harness } from './testing/harness.ts';

test('setTimeout runs once after the delay with its args; clearTimeout cancels', async (t) => {
  const h = await harness({
    't.js': `var a = setTimeout(function (x) { console.log("a", x, Date.now() % 10000); }, 1500, "arg");
var b = setTimeout(function () { console.log("b"); }, 1000); clearTimeout(b); clearTimeout(12345); clearTimeout();
console.log(typeof a, a !== b);`,
  }, { start: 1_700_000_000_000 });
  await h.advance(5000);
  t.deepEqual(h.lines('t.js'), ['number true', 'a arg 1500']);
  h.stop();
});

test('setInterval repeats until cleared; runs after the current call', async (t) => {
  const h = await harness({ 'i.js': `var n = 0; var id = setInterval(function () { n++; console.log("tick", n); if (n === 3) clearInterval(id); }, 1000); console.log("first");` });
  await h.advance(10_000);
  t.deepEqual(h.lines('i.js'), ['first', 'tick 1', 'tick 2', 'tick 3']);
  h.stop();
});

test('setTimeout(fn, 0) runs after the current hook returns', async (t) => {
  const h = await harness({ 'z.js': `function onHubAction() { setTimeout(function () { console.log("later"); }, 0); console.log("now"); }` });
  await h.rt.dispatcher.invokeHook('onHubAction', ['x', null]);
  await h.advance(1);
  t.deepEqual(h.lines('z.js'), ['now', 'later']);
  h.stop();
});

test('bad timer arguments and the per-script timer limit', async (t) => {
  const h = await harness({
    'b.js': `try { setTimeout("code", 10); } catch (e) { console.log(e.message); }
try { setTimeout(function () {}, -5); } catch (e) { console.log(e.message); }
try { for (var i = 0; i < 10; i++) setTimeout(function () {}, 1000); } catch (e) { console.log(i, e.message); }`,
  }, { limits: { maxTimers: 4 } });
  t.deepEqual(h.lines('b.js'), [
    'setTimeout: argument 1 (fn) must be a function, got string',
    'setTimeout: argument 2 (ms) must be at least 0, got -5',
    '4 setTimeout: this script already has 4 timers',
  ]);
  h.stop();
});
