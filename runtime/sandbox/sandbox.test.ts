import test from 'ava';
import { harness } from '../testing/harness.ts';
import { httpItem, mixedHttpItems } from '../testing/items.ts';

test('classic sloppy scripts: implicit globals, legacy octal escapes, var hoisting', async (t) => {
  const h = await harness({
    'legacy.js': `// Legacy
blue = "\\033[34m";
reset = "\\033[0m";
console.log(blue + "hello" + reset, typeof later);
function onItemCaptured(data) { counter = (typeof counter === 'undefined' ? 0 : counter) + 1; console.log(counter, this === globalThis); }
var later = 1;`,
  });
  await h.items([httpItem(), httpItem({ i: 1 })]);
  t.deepEqual(h.lines('legacy.js'), ['\u001b[34mhello\u001b[0m undefined', '1 true', '2 true']);
  h.stop();
});

test('Go-style capitalised reads map to JSON names; enumeration and JSON show JSON names', async (t) => {
  const h = await harness({
    'go.js': `function onItemCaptured(data) {
  console.log(data.Protocol.Name, data.Request.Path, data.Request.Method, data.Response.Status, data.Src.IP, data.Dst.Name);
  console.log(data.ElapsedTime, data.StartTime === data.startTime, data.Request.HTTPVersion, data.ID === data.id);
  console.log(data.Dst.Pod.ObjectMeta.Labels.app, data.dst.pod.Spec.NodeName, data.Dst.Pod.Status.PodIP);
  console.log(data.request.Path, data.protocol.Abbr, data.Missing, data.response.Content.Encoding);
  console.log(Object.keys(data.protocol).indexOf('Name'), JSON.stringify(data.node), data.hasOwnProperty('Protocol'), data instanceof Object);
  var ks = []; for (var k in data.src) ks.push(k); console.log(ks.join(','));
  console.log(data.request.headers.Host, data.request.headers.host);
}`,
  });
  await h.items([httpItem({ path: '/api/v1/users' })]);
  t.deepEqual(h.lines('go.js'), [
    'http /api/v1/users GET 200 10.1.0.11 catalogue',
    '3 true HTTP/1.1 true',
    'catalogue node-a 10.1.0.21',
    '/api/v1/users HTTP undefined base64',
    '-1 {"ip":"10.0.0.10","name":"node-a"} false true',
    'ip,port,name,namespace,pod,service,endpointSlice',
    'catalogue:8080 undefined',
  ]);
  h.stop();
});

test('env: JSON types kept; each key a bare global unless it collides with a built-in', async (t) => {
  const h = await harness(
    { 'env.js': `console.log(JSON.stringify(env)); console.log(typeof LIMIT, LIMIT + 1, SLACK_URL, typeof JSON.parse, typeof console.log, FLAGS.on);` },
    { env: { LIMIT: 5, SLACK_URL: 'https://hooks.example/x', JSON: 'nope', console: 1, FLAGS: { on: true }, 'not-ident': 2 } },
  );
  t.deepEqual(h.lines('env.js'), [
    '{"LIMIT":5,"SLACK_URL":"https://hooks.example/x","JSON":"nope","console":1,"FLAGS":{"on":true},"not-ident":2}',
    'number 6 https://hooks.example/x function function true',
  ]);
  h.stop();
});

test('a throwing hook is logged with hook name, message and line:col, counted, and items keep flowing', async (t) => {
  const h = await harness({
    'thrower.js': `function onItemCaptured(d) {
  if (d.response.status === 404) {
    null.boom;
  }
}`,
    'sibling.js': `var n = 0; function onItemCaptured() { n++; } function onHubAction() { console.log(n); }`,
  });
  await h.items(mixedHttpItems(15));
  await h.rt.dispatcher.invokeHook('onHubAction', ['n', null]);
  t.deepEqual(h.lines('thrower.js'), ["(hook=onItemCaptured) TypeError: Cannot read properties of null (reading 'boom') at 3:10", "(hook=onItemCaptured) TypeError: Cannot read properties of null (reading 'boom') at 3:10"]);
  const s = h.sandboxes['thrower.js'].stats();
  t.is(s.calls, 15);
  t.is(s.errors, 2);
  t.is(h.sandboxes['thrower.js'].state, 'running');
  t.deepEqual(h.lines('sibling.js'), ['15']);
  h.stop();
});

test('N consecutive failures quarantine the script with the reason; a success resets the run', async (t) => {
  const h = await harness(
    { 'q.js': `function onItemCaptured(d) { if (d.index === 0 && d.response.status !== 200) throw new Error('bad ' + d.response.status); }` },
    { limits: { maxConsecutiveFailures: 3 } },
  );
  await h.items([httpItem({ status: 500 }), httpItem({ status: 500 }), httpItem({ status: 200 }), httpItem({ status: 500 }), httpItem({ status: 500 })]);
  t.is(h.sandboxes['q.js'].state, 'running');
  await h.items([httpItem({ status: 404 }), httpItem({ status: 500 })]);
  const sb = h.sandboxes['q.js'];
  t.is(sb.state, 'quarantined');
  t.regex(sb.reason!, /^3 consecutive failed calls \(last: \(hook=onItemCaptured\) Error: bad 404 at 1:\d+\)$/);
  t.is(sb.stats().calls, 6);
  t.false(h.rt.dispatcher.wantsItems);
  t.regex(h.lines('q.js').at(-1)!, /^quarantined: /);
  h.stop();
});

test('top-level errors: the script does not start and the console shows the error with its line', async (t) => {
  const h = await harness({
    'syntax.js': `var a = 1;\nvar b = ;\n`,
    'throws.js': `console.log('before');\nvar x = {};\nx.y.z = 1;\nfunction onItemCaptured() {}`,
    'string.js': `throw "just a string";`,
    'ok.js': `function onItemCaptured() {}`,
  });
  t.is(h.sandboxes['syntax.js'].state, 'failed');
  t.deepEqual(h.lines('syntax.js'), ["(load) SyntaxError: Unexpected token ';' at 2:9"]);
  t.is(h.sandboxes['throws.js'].state, 'failed');
  t.deepEqual(h.lines('throws.js'), ['before', "(load) TypeError: Cannot set properties of undefined (setting 'z') at 3:7"]);
  t.deepEqual(h.lines('string.js'), ['(load) just a string']);
  t.regex(h.sandboxes['throws.js'].reason!, /^ERR_SCRIPT_TOPLEVEL: /);
  t.deepEqual(h.rt.dispatcher.list().map((s) => s.id), ['ok.js']);
  h.stop();
});

test('a call that runs longer than timeoutMs is interrupted and counted; the batch goes on', async (t) => {
  const h = await harness(
    { 'loop.js': `function onItemCaptured(d) { if (d.index === 0 && d.response.status === 500) { console.log('spinning'); while (true) {} } console.log('ok', d.response.status); }` },
    { limits: { timeoutMs: 100 } },
  );
  await h.items([httpItem({ status: 200 }), httpItem({ status: 500 }), httpItem({ status: 404 })]);
  t.deepEqual(h.lines('loop.js'), ['ok 200', 'spinning', '(hook=onItemCaptured) interrupted: ran longer than 100 ms', 'ok 404']);
  const s = h.sandboxes['loop.js'].stats();
  t.is(s.timeouts, 1);
  t.is(s.calls, 3);
  h.stop();
});

test('live, a slow call that does return is still a timeout (guest time, helper waits excluded)', async (t) => {
  const h = await harness({ 'slow.js': `function onItemCaptured(d) { var x = 0; for (var i = 0; i < 3e7; i++) x += i; }` }, { mode: 'live', limits: { timeoutMs: 1 } });
  await h.items([httpItem()]);
  const s = h.sandboxes['slow.js'].stats();
  t.is(s.timeouts, 1);
  t.regex(h.lines('slow.js')[0], /^\(hook=onItemCaptured\) (took \d+ ms, over the 1 ms limit|interrupted: ran longer than 1 ms)$/);
  h.stop();
});

test('memory-limit kill: only that isolate is rebuilt (top-level re-run), counted; siblings unaffected', async (t) => {
  const h = await harness(
    {
      'bomb.js': `console.log('top-level run'); var keep = [];
function onItemCaptured(d) { if (d.response.status === 500) { while (true) keep.push(new Array(100000).fill(d.id)); } }`,
      'sibling.js': `var n = 0; function onItemCaptured() { n++; } function onHubAction() { console.log(n); }`,
    },
    { limits: { memoryMb: 16, timeoutMs: 5000 } },
  );
  await h.items([httpItem({ status: 200 }), httpItem({ i: 1, status: 500 }), httpItem({ status: 200 })]);
  const sb = h.rt.dispatcher.list().find((s) => s.id === 'bomb.js')!;
  t.is(sb.state, 'running');
  t.is(sb.stats().rebuilds, 1);
  const lines = h.lines('bomb.js');
  t.is(lines[0], 'top-level run');
  t.regex(lines[1], /^\(hook=onItemCaptured\) used more than the 16 MB memory limit; the sandbox was rebuilt/);
  t.is(lines[2], 'top-level run');
  await h.rt.dispatcher.invokeHook('onHubAction', ['n', null]);
  t.deepEqual(h.lines('sibling.js'), ['3']);
  h.stop();
});

test('stats: calls, CPU time per call, heap used', async (t) => {
  const h = await harness({ 's.js': `var seen = {}; function onItemCaptured(d) { seen[d.id] = d.request.path; }` });
  await h.items(mixedHttpItems(300));
  await h.sandboxes['s.js'].refreshHeap();
  const s = h.sandboxes['s.js'].stats();
  t.is(s.calls, 300);
  t.true(s.cpuMs > 0);
  t.true(s.cpuUsPerCall > 0);
  t.true(s.heapUsedBytes > 100_000);
  t.is(s.queued, 0);
  h.stop();
});

test('long runs keep memory flat: thousands of batches through a small sandbox cause no memory kill', async (t) => {
  const h = await harness(
    { 'long.js': `var c = {}; function onItemCaptured(d) { c[d.response.status] = (c[d.response.status] || 0) + 1; }
function onHubAction(a, o) { return JSON.stringify(o).length; }` },
    { limits: { memoryMb: 16 }, config: (c) => (c.scripting.batchSize = 256) },
  );
  const items = mixedHttpItems(256);
  for (let round = 0; round < 400; round++) {
    for (const it of items) h.rt.dispatcher.pushItem(it);
    if (round % 50 === 0) await h.rt.dispatcher.invokeHook('onHubAction', ['big', { payload: 'x'.repeat(50_000) }]);
  }
  await h.idle();
  const s = h.sandboxes['long.js'].stats();
  t.is(s.rebuilds, 0, h.lines('long.js').join('\n'));
  t.is(s.calls, 400 * 256 + 8);
  h.stop();
});

test('output of an interrupted call is delivered once: lines flushed mid-call are not repeated, the rest not lost', async (t) => {
  const h = await harness(
    { 'flood.js': `function onItemCaptured(d) { for (var i = 0; i < 300; i++) console.log("line " + i); if (d.response.status === 500) while (true) {} console.log("done " + d.index); }` },
    { limits: { timeoutMs: 100 } },
  );
  await h.items([httpItem({ status: 500 }), httpItem({ i: 1, status: 200 })]);
  const lines = h.lines('flood.js');
  t.is(lines.length, 602);
  t.is(lines.filter((l) => l === 'line 299').length, 2);
  t.is(lines[300], '(hook=onItemCaptured) interrupted: ran longer than 100 ms');
  t.is(lines[601], 'done 0');
  t.is(h.sandboxes['flood.js'].stats().calls, 2);
  h.stop();
});

test('offline, a call that returns late is not a timeout (output must not depend on load)', async (t) => {
  const code = `function onItemCaptured(d) { var x = 0; for (var i = 0; i < 6e6; i++) x += i; console.log("done"); }`;
  const h = await harness({ 'slow.js': code }, { limits: { timeoutMs: 2 } });
  await h.items([httpItem(), httpItem({ i: 1 })]);
  const lines = h.lines('slow.js');
  t.false(lines.some((l) => / took \d+ ms, over the 2 ms limit$/.test(l)), lines.join('\n'));
  t.is(h.sandboxes['slow.js'].stats().timeouts, lines.filter((l) => l.includes('interrupted')).length);
  h.stop();
});
