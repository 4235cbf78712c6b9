import test from 'ava';
import { harness } from '../runtime/testing/harness.ts';
import { httpItem } from '../runtime/testing/items.ts';

test('hub.action is delivered to every script\'s onHubAction after the calling hook returns', async (t) => {
  const h = await harness({
    'worker.js': `function onItemCaptured(d) { hub.action("dns3", { n: 1, path: d.request.path }); console.log("sent"); }
function onHubAction(action, object) { console.log("self", action, object.Path); }`,
    'hub.js': `var total = {}; function onHubAction(action, object) { if (action == "dns3") { total = wrapper.joinMaps(total, { n: object.n }); console.log(action, JSON.stringify(total)); } }`,
    'none.js': `var x;`,
  });
  await h.items([httpItem({ path: '/x' }), httpItem({ i: 1 })]);
  t.deepEqual(h.lines('worker.js'), ['sent', 'sent', 'self dns3 /x', 'self dns3 /catalogue/1']);
  t.deepEqual(h.lines('hub.js'), ['dns3 {"n":1}', 'dns3 {"n":2}']);
  h.stop();
});

test('hub.action: bad arguments, and endless nesting through onHubAction is refused', async (t) => {
  const h = await harness({
    'ping.js': `var depth = 0; function onHubAction(a, o) { depth++; try { hub.action("ping", o + 1); } catch (e) { console.log(depth, e.message); } }
try { hub.action("", 1); } catch (e) { console.log(e.message); }
try { hub.action(); } catch (e) { console.log(e.message); }
hub.action("ping", 0);`,
  });
  await h.idle();
  t.deepEqual(h.lines('ping.js'), [
    'hub.action: argument 1 (action) must not be empty',
    'hub.action: expects 2 arguments (action, object), got 0',
    '8 hub.action: actions nested 8 levels deep (onHubAction calling hub.action in a loop?)',
  ]);
  h.stop();
});

test('hub.targeted returns the Kubeshark JSON shape', async (t) => {
  const h = await harness({ 't.js': `var t = JSON.parse(hub.targeted()); console.log(Array.isArray(t.targets), Array.isArray(t.excluded));` });
  t.deepEqual(h.lines('t.js'), ['true true']);
  h.stop();
});
