import test from 'ava';
import { harness } from '../runtime/testing/harness.ts';

test('test.pass / test.fail set the flag and return the same object', async (t) => {
  const h = await harness({
    't.js': `var o = { a: 1 }; var r = test.pass(o); console.log(r === o, o.passed, JSON.stringify(test.fail({ b: 2 })));
try { test.pass(null); } catch (e) { console.log(e.message); }
try { test.fail("str"); } catch (e) { console.log(e.message); }`,
  });
  t.deepEqual(h.lines('t.js'), [
    'true true {"b":2,"failed":true}',
    'test.pass: argument 1 (data) must be an object, got null',
    'test.fail: argument 1 (data) must be an object, got string',
  ]);
  h.stop();
});
