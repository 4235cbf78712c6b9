import test from 'ava';
import { harness } from '../runtime/testing/harness.ts';
import { buildHar } from './har.ts';
import { dnsItem, httpItem } from '../runtime/testing/items.ts';
import type { JsonValue } from './define-op.ts';

test('wrapper.joinMaps: deep merge adding numbers, inputs unchanged', async (t) => {
  const h = await harness({
    'j.js': `var a = { "kube-dns (kube-system)": { "a.svc": 2, "b.svc": 1 }, total: 3, name: "x", list: [1] };
var b = { "kube-dns (kube-system)": { "a.svc": 5, "c.svc": 1 }, total: 4, name: "y", list: [2], extra: { n: 1 } };
var r = wrapper.joinMaps(a, b);
console.log(JSON.stringify(r));
console.log(JSON.stringify(a["kube-dns (kube-system)"]), r.extra !== b.extra);
console.log(JSON.stringify(wrapper.joinMaps({}, { x: 1 })), JSON.stringify(wrapper.joinMaps(null, { x: 1 })));
try { wrapper.joinMaps(1, {}); } catch (e) { console.log(e.message); }`,
  });
  t.deepEqual(h.lines('j.js'), [
    '{"kube-dns (kube-system)":{"a.svc":7,"b.svc":1,"c.svc":1},"total":7,"name":"y","list":[2],"extra":{"n":1}}',
    '{"a.svc":2,"b.svc":1} true',
    '{"x":1} {"x":1}',
    'wrapper.joinMaps: argument 1 (a) must be an object',
  ]);
  h.stop();
});

test('wrapper.buildHAR returns a HAR 1.2 string of the HTTP items', async (t) => {
  const h = await harness({
    'h.js': `var items = []; function onItemCaptured(d) { items.push(d); }
function onHubAction() { var har = JSON.parse(wrapper.buildHAR(items)); console.log(har.log.version, har.log.entries.length, har.log.entries[0].request.url, har.log.entries[0].response.status); }`,
  });
  await h.items([httpItem({ path: '/a' }), dnsItem(), httpItem({ i: 1, path: '/b', status: 500 })]);
  await h.rt.dispatcher.invokeHook('onHubAction', ['x', null]);
  t.deepEqual(h.lines('h.js'), ['1.2 2 http://catalogue:8080/a?page=1&size=6 200']);
  h.stop();
});

test('buildHar entries carry method, headers, query, content and timings; junk is tolerated', (t) => {
  const item = httpItem({ method: 'POST', path: '/orders', status: 201 }) as unknown as JsonValue;
  const har = buildHar([item, null, 42, { protocol: { name: 'http' } }]) as { log: { entries: Record<string, any>[] } };
  t.is(har.log.entries.length, 1);
  const e = har.log.entries[0];
  t.is(e.request.method, 'POST');
  t.deepEqual(e.request.queryString, [{ name: 'page', value: '1' }, { name: 'size', value: '6' }]);
  t.deepEqual(e.request.headers[0], { name: 'Host', value: 'catalogue:8080' });
  t.is(e.response.content.encoding, 'base64');
  t.is(e.response.content.mimeType, 'application/json');
  t.deepEqual(e.timings, { send: 0, wait: 3, receive: 0 });
  t.is(e.serverIPAddress, '10.1.0.21');
  t.is(e.startedDateTime, '2023-11-14T22:13:20.000Z');
});
