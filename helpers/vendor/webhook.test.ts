import test from 'ava';
import { harness, type HarnessOptions } from '../../runtime/testing/harness.ts';
import { receiver } from './testing/receiver.ts';

async function script(code: string, o: HarnessOptions = {}) {
  const h = await harness({ 'w.js': `function attempt(f) { try { console.log(f()); } catch (e) { console.log("error: " + e.message); } }\n${code}` }, o);
  const lines = h.rt.console('w.js').lines().map((l) => (l.level === 'error' ? `[console.error] ${l.text}` : l.text));
  h.stop();
  return lines;
}

test('vendor.webhook sends exactly the request asked for and returns the body', async (t) => {
  const rx = await receiver(17520, (r, res) => {
    res.writeHead(r.url.startsWith('/missing') ? 404 : 200, { 'content-type': 'application/json' });
    res.end(r.url.startsWith('/missing') ? 'not here' : '{"received":true}');
  });
  const lines = await script(`
attempt(function () { return JSON.parse(vendor.webhook("POST", "${rx.url}/hook?x=1", JSON.stringify({ status: 500 }), { "content-type": "application/json", "X-Count": 3 })).received; });
attempt(function () { return vendor.webhook("put", "${rx.url}/obj", { a: [1, 2] }); });
attempt(function () { return vendor.webhook("GET", "${rx.url}/missing", ""); });
`);
  t.deepEqual(lines, ['true', '{"received":true}', 'not here']);
  const [a, b, c] = rx.requests;
  t.is(a.method, 'POST');
  t.is(a.url, '/hook?x=1');
  t.is(a.body.toString(), '{"status":500}');
  t.like(a.headers, { 'content-type': 'application/json', 'x-count': '3', 'content-length': '14', host: '127.0.0.1:17520' });
  t.deepEqual(Object.keys(a.headers).sort(), ['connection', 'content-length', 'content-type', 'host', 'x-count'], 'no hidden headers');
  t.is(b.method, 'PUT');
  t.is(b.body.toString(), '{"a":[1,2]}');
  t.is(b.headers['content-type'], 'application/json', 'objects are sent as JSON');
  t.is(c.method, 'GET');
  t.is(c.body.length, 0);
  t.is(c.headers['content-length'], undefined);
  await rx.close();
});

test('vendor.webhook: transport errors, time-outs and refused URLs throw; long answers are cut with a note', async (t) => {
  const silent = await receiver(17521, () => undefined);
  const big = await receiver(17522, (_r, res) => res.end('y'.repeat(5000)));
  const lines = await script(
    `
attempt(function () { return vendor.webhook("POST", "http://127.0.0.1:17529/closed", "x"); });
attempt(function () { return vendor.webhook("POST", "${silent.url}/slow", "x"); });
attempt(function () { return vendor.webhook("GET", "file:///etc/passwd", ""); });
attempt(function () { return vendor.webhook("GET", "not a url", ""); });
attempt(function () { return vendor.webhook("GE T", "${big.url}/", ""); });
attempt(function () { return vendor.webhook("GET", "${big.url}/", "", { "bad header": "v" }); });
attempt(function () { return vendor.webhook("GET", "${big.url}/big", "").length; });
`,
    { config: (c) => Object.assign(c.vendor, { timeoutMs: 300, maxResponseBytes: 1024 }) },
  );
  t.deepEqual(lines, [
    'error: vendor.webhook: POST http://127.0.0.1:17529/closed failed: connect ECONNREFUSED 127.0.0.1:17529',
    `error: vendor.webhook: no complete response from ${silent.url}/slow within 300 ms (vendor.timeoutMs)`,
    'error: vendor.webhook: only http and https URLs are allowed, got "file:"',
    'error: vendor.webhook: "not a url" is not a valid URL',
    'error: vendor.webhook: invalid HTTP method "GE T"',
    'error: vendor.webhook: Header name must be a valid HTTP token ["bad header"]',
    `[console.error] vendor.webhook: the response from ${big.url}/big was cut to 1024 bytes (vendor.maxResponseBytes)`,
    '1024',
  ]);
  t.is(big.requests.length, 1, 'requests that fail validation are never sent');
  await silent.close();
  await big.close();
});

test('vendor.*: per-script rate limit (vendor.callsPerMinute), refilled over time', async (t) => {
  const rx = await receiver(17523);
  const h = await harness(
    {
      'a.js': `function burst(n) { var out = []; for (var i = 0; i < n; i++) { try { out.push(vendor.webhook("POST", "${rx.url}/a", "x")); } catch (e) { out.push(e.message); } } console.log(out.join(" | ")); }
burst(4);
jobs.schedule("later", "@every 30s", function () { burst(2); }, 1);`,
      'b.js': `console.log(vendor.webhook("POST", "${rx.url}/b", "x"));`,
    },
    { config: (c) => (c.vendor.callsPerMinute = 3) },
  );
  await h.advance(30_000);
  const limit = 'vendor.webhook: rate limit of 3 vendor calls per minute for this script reached (vendor.callsPerMinute); collect alerts and send them together from a job';
  t.deepEqual(h.lines('a.js'), [`ok | ok | ok | ${limit}`, `ok | ${limit}`]);
  t.deepEqual(h.lines('b.js'), ['ok'], 'each script has its own allowance');
  t.is(rx.requests.length, 5);
  h.stop();
  await rx.close();
});
