import test from 'ava';
import { harness } from '../runtime/testing/harness.ts';

test('utils.nodeName: the node name on a worker or single node, "hub" on the hub', async (t) => {
  const h = await harness({ 'n.js': `console.log(utils.nodeName());` });
  t.deepEqual(h.lines('n.js'), ['node-a']);
  const hub = await harness({ 'n.js': `console.log(utils.nodeName());` }, { runtime: { node: { name: 'x', ip: '1.2.3.4', role: 'hub' } } });
  t.deepEqual(hub.lines('n.js'), ['hub']);
  h.stop();
  hub.stop();
});

test('utils.json2Yaml converts a JSON string; bad input is a clear error', async (t) => {
  const h = await harness({
    'y.js': `console.log(utils.json2Yaml(JSON.stringify({ node: "a", pods: ["p1", "p2"], n: 2 })));
try { utils.json2Yaml("{nope"); } catch (e) { console.log(e.message.split(":").slice(0, 2).join(":")); }
try { utils.json2Yaml({ a: 1 }); } catch (e) { console.log(e.message); }`,
  });
  t.deepEqual(h.lines('y.js'), ['node: a\npods:\n  - p1\n  - p2\nn: 2\n', 'utils.json2Yaml: argument 1 (jsonString) is not valid JSON', 'utils.json2Yaml: argument 1 (jsonString) must be a string, got an object']);
  h.stop();
});
