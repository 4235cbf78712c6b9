import test from 'ava';
import { harness } from './testing/harness.ts';
import { dnsItem, httpItem, mixedHttpItems, packetInfo } from './testing/items.ts';

test('onItemCaptured receives every item with its JSON fields', async (t) => {
  const h = await harness({
    'a.js': `function onItemCaptured(data) { console.log(data.id, data.protocol.name, data.request.method, data.response.status, data.src.port, typeof data.timestamp); }`,
  });
  await h.items([httpItem({ i: 1 }), httpItem({ i: 2, status: 500 }), dnsItem()]);
  t.deepEqual(h.lines('a.js'), [
    'worker-a/000000001001.pcap-0 http GET 200 40001 number',
    'worker-a/000000001002.pcap-0 http GET 500 40002 number',
    'worker-a/000000005000_udp.pcap-0 dns undefined undefined 33000 number',
  ]);
  h.stop();
});

test('several scripts see the same items independently; mutation in one is invisible to another', async (t) => {
  const h = await harness({
    'mutator.js': `function onItemCaptured(d) { d.response.status = 999; d.extra = 1; delete d.request; console.log(d.response.status); }`,
    'reader.js': `function onItemCaptured(d) { console.log(d.response.status, d.extra, typeof d.request); }`,
  });
  await h.items(mixedHttpItems(3));
  t.deepEqual(h.lines('mutator.js'), ['999', '999', '999']);
  t.deepEqual(h.lines('reader.js'), ['500 undefined object', '200 undefined object', '200 undefined object']);
  h.stop();
});

test('scripts keep their own global state', async (t) => {
  const h = await harness({
    'a.js': `var n = 0; function onItemCaptured() { n++; } function onJobPassed() {} jobs.schedule('r', '@every 1s', function () { console.log('a', n); }, 1);`,
    'b.js': `var n = 100; function onItemCaptured() { n += 2; } jobs.schedule('r', '@every 1s', function () { console.log('b', n); }, 1);`,
  });
  await h.items(mixedHttpItems(5));
  await h.advance(1000);
  t.deepEqual(h.lines('a.js'), ['a 5']);
  t.deepEqual(h.lines('b.js'), ['b 110']);
  h.stop();
});

test('a script without a hook is never called and costs nothing: wantsPackets/wantsItems', async (t) => {
  const h = await harness({ 'jobs-only.js': `var x = 1;` });
  t.false(h.rt.dispatcher.wantsItems);
  t.false(h.rt.dispatcher.wantsPackets);
  await h.items(mixedHttpItems(10));
  t.is(h.sandboxes['jobs-only.js'].stats().calls, 0);
  const h2 = await harness({ 'p.js': `var n = 0; function onPacketCaptured(info) { n += info.length; }` });
  t.true(h2.rt.dispatcher.wantsPackets);
  t.false(h2.rt.dispatcher.wantsItems);
  h.stop();
  h2.stop();
});

test('onPacketCaptured is batched and gets info fields, Go names too', async (t) => {
  const h = await harness({
    'p.js': `var n = 0, bytes = 0, syn = 0;
      function onPacketCaptured(info) { n++; bytes += info.length; if (info.TcpFlags === 'S') syn++; }
      function onItemCaptured() { console.log(n, bytes, syn); }`,
  });
  await h.packets(Array.from({ length: 3000 }, (_, i) => packetInfo(i, 100)));
  await h.items([httpItem()]);
  t.deepEqual(h.lines('p.js'), ['3000 300000 60']);
  t.is(h.sandboxes['p.js'].stats().calls, 3001);
  h.stop();
});

test('a hook defined later (by a job) starts receiving items', async (t) => {
  const h = await harness({ 'late.js': `jobs.schedule('enable', '@every 1s', function () { onItemCaptured = function (d) { console.log('got', d.index); }; }, 1);` });
  t.false(h.rt.dispatcher.wantsItems);
  await h.advance(1000);
  t.true(h.rt.dispatcher.wantsItems);
  await h.items([httpItem()]);
  t.deepEqual(h.lines('late.js'), ['got 0']);
  h.stop();
});

test('// @filter pre-filters items on the host: rejected items never cross', async (t) => {
  const h = await harness({
    'errors.js': `// Errors only\n// @filter http and response.status >= 500\nfunction onItemCaptured(d) { console.log(d.response.status); }`,
    'all.js': `var n = 0; function onItemCaptured(d) { n++; } jobs.schedule('x', '@every 1s', function () { console.log(n); }, 1);`,
  });
  await h.items(mixedHttpItems(30));
  await h.advance(1000);
  t.deepEqual(h.lines('errors.js'), ['500', '500', '500']);
  t.is(h.sandboxes['errors.js'].stats().calls, 3);
  t.deepEqual(h.lines('all.js'), ['30']);
  t.is(h.sandboxes['errors.js'].title, 'Errors only');
  h.stop();
});

test('an invalid @filter stops the script from loading with the KFL position', async (t) => {
  const h = await harness({ 'bad.js': `// @filter http and ??\nfunction onItemCaptured(d) {}` });
  t.is(h.sandboxes['bad.js'].state, 'failed');
  t.regex(h.lines('bad.js')[0], /^\(load\) @filter: 1:10: /);
  h.stop();
});

test('onItemQueried returns the object the script returned, chained through scripts', async (t) => {
  const h = await harness({
    'pass-fail.js': `// Monitoring: Fail HTTP Status Code is 500, Pass Anything Else
function onItemQueried(data) {
  if (data.protocol.name === "http" && data.response.status === 500)
    return test.fail(data)
  else
    return test.pass(data)
}`,
    'annotate.js': `function onItemQueried(d) { d.note = d.failed ? 'bad' : 'good'; return d; }`,
    'ignores.js': `function onItemQueried(d) { return 42; }`,
  });
  const failed = await h.rt.dispatcher.queryItem(httpItem({ status: 500 }));
  t.true(failed.failed);
  t.false(failed.passed);
  t.is((failed as unknown as { note: string }).note, 'bad');
  const passed = await h.rt.dispatcher.queryItem(httpItem({ status: 200 }));
  t.true(passed.passed);
  t.is((passed as unknown as { note: string }).note, 'good');
  h.stop();
});

test('invokeHook delivers onPodEvent with Go-style pod names', async (t) => {
  const h = await harness({ 'pods.js': `function onPodEvent(event, pod) { console.log(event, pod.ObjectMeta.Labels.app, pod.metadata.name, JSON.stringify(Object.keys(pod))); }` });
  await h.rt.dispatcher.invokeHook('onPodEvent', ['ADDED', { metadata: { name: 'web-1', labels: { app: 'web' } }, spec: {} }]);
  t.deepEqual(h.lines('pods.js'), ['ADDED web web-1 ["metadata","spec"]']);
  h.stop();
});

test('live mode: a full queue drops batches and counts them; capture does not wait', async (t) => {
  const h = await harness(
    { 'slow.js': `var x = 0; function onItemCaptured(d) { for (var i = 0; i < 300000; i++) x += i; }` },
    { mode: 'live', limits: { queue: 2 }, config: (c) => (c.scripting.batchSize = 10) },
  );
  const start = Date.now();
  for (const it of mixedHttpItems(200)) h.rt.dispatcher.pushItem(it);
  t.true(Date.now() - start < 1000);
  await h.idle();
  const s = h.sandboxes['slow.js'].stats();
  t.true(s.drops > 0);
  t.is(s.drops + s.calls, 200);
  h.stop();
});

test('offline mode never drops: every item reaches the script', async (t) => {
  const h = await harness({ 'n.js': `var n = 0; function onItemCaptured() { n++; } function onHubAction() { console.log(n); }` }, { limits: { queue: 1 }, config: (c) => (c.scripting.batchSize = 7) });
  for (const it of mixedHttpItems(500)) h.rt.dispatcher.pushItem(it);
  await h.idle();
  await h.rt.dispatcher.invokeHook('onHubAction', ['count', null]);
  t.deepEqual(h.lines('n.js'), ['500']);
  t.is(h.sandboxes['n.js'].stats().drops, 0);
  h.stop();
});
