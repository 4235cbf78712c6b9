import test from 'ava';
import { harness } from '../runtime/testing/harness.ts';
import { dnsItem, httpItem } from '../runtime/testing/items.ts';

test('kfl.match(query, data) and the legacy order kfl.match(data, query)', async (t) => {
  const h = await harness({
    'k.js': `function onItemCaptured(data) {
  console.log(kfl.match("http and response.status == 500", data), kfl.match(data, 'request.path.startsWith("/api")'), kfl.match("dns", data));
}`,
  });
  await h.items([httpItem({ status: 500, path: '/api/x' }), httpItem({ status: 200 }), dnsItem()]);
  t.deepEqual(h.lines('k.js'), ['true true false', 'false false false', 'false false true']);
  h.stop();
});

test('kfl.match throws the KFL error with its position; bad arguments are clear errors', async (t) => {
  const h = await harness({
    'e.js': `try { kfl.match("htt ??? a : p", {}); } catch (e) { console.log(e.message); }
try { kfl.match(1, 2); } catch (e) { console.log(e.message); }
try { kfl.match(); } catch (e) { console.log(e.message); }`,
  });
  t.deepEqual(h.lines('e.js'), ['1:5: unexpected token "?"', 'kfl.match: argument 1 (query) must be a string', 'kfl.match: expects 2 arguments (query, data), got 0']);
  h.stop();
});

test('kfl.validate: boolean; logs the error unless quiet', async (t) => {
  const h = await harness({ 'v.js': `console.log(kfl.validate("http and response.status == 500"), kfl.validate("a ==", true)); console.log(kfl.validate("(dns"));` });
  const lines = h.lines('v.js');
  t.is(lines[0], 'true false');
  t.regex(lines[1], /^kfl\.validate: 1:5: .*\n\(dns\n {4}\^/);
  t.is(lines[2], 'false');
  h.stop();
});
