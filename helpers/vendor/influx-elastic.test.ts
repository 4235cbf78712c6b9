import test from 'ava';
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { harness } from '../../runtime/testing/harness.ts';
import { T0 } from '../../runtime/testing/items.ts';
import { urlFromCloudId } from './elastic.ts';
import { json, receiver } from './testing/receiver.ts';

async function lines(code: string): Promise<string[]> {
  const h = await harness({ 'x.js': `function attempt(f) { try { var r = f(); console.log(r === undefined ? "ok" : r); } catch (e) { console.log("error: " + e.message); } }\n${code}` });
  const out = h.lines('x.js');
  h.stop();
  return out;
}

test('vendor.influxdb writes one line-protocol point with the v2 API (Kubeshark argument order)', async (t) => {
  const rx = await receiver(17540, (r, res) => {
    if (r.url.includes('bucket=full')) return json(res, { code: 'invalid', message: 'bucket is full' }, 422);
    res.writeHead(204);
    res.end();
  });
  const out = await lines(`
attempt(function () { return vendor.influxdb("${rx.url}/", "tok-1", "my org", "traffic", "Status Codes",
  { "200": 12, latency: 1.5, path: "/api \\"v1\\"", ok: true, meta: { a: 1 }, skip: null },
  { "dst name": "carts", ns: "sock-shop", n: 3 }); });
attempt(function () { return vendor.influxdb("${rx.url}", "tok-1", "org", "traffic", "m", {}); });
attempt(function () { return vendor.influxdb("${rx.url}", "tok-1", "org", "full", "m", { v: 1 }); });
`);
  t.deepEqual(out, ['ok', 'ok', 'error: vendor.influxdb: InfluxDB answered HTTP 422: {"code":"invalid","message":"bucket is full"}']);
  t.is(rx.requests.length, 2, 'a point without fields is not sent');
  const [r] = rx.requests;
  t.is(r.method, 'POST');
  t.is(r.url, '/api/v2/write?org=my+org&bucket=traffic&precision=ns');
  t.is(r.headers.authorization, 'Token tok-1');
  t.is(r.headers['content-type'], 'text/plain; charset=utf-8');
  t.is(
    r.body.toString(),
    `Status\\ Codes,dst\\ name=carts,n=3,ns=sock-shop 200=12,latency=1.5,meta="{\\"a\\":1}",ok=true,path="/api \\"v1\\"" ${BigInt(T0) * 1_000_000n}`,
  );
  await rx.close();
});

test('vendor.elastic indexes a document; auth by API key, service token or basic', async (t) => {
  const rx = await receiver(17541, (r, res) => (r.url.startsWith('/bad') ? json(res, { error: { type: 'mapper_parsing_exception' } }, 400) : json(res, { result: 'created' }, 201)));
  const out = await lines(`
attempt(function () { return vendor.elastic("${rx.url}", "traffic-logs", { status: 500, path: "/x" }, "elastic", "s3cret"); });
attempt(function () { return vendor.elastic("${rx.url}/", "traffic-logs", { a: 1 }, "elastic", "s3cret", "", "a2V5OnNlY3JldA=="); });
attempt(function () { return vendor.elastic("${rx.url}", "traffic-logs", '{"raw":true}', "", "", "", "", "svc-token"); });
attempt(function () { return vendor.elastic("${rx.url}/bad", "i", { a: 1 }); });
attempt(function () { return vendor.elastic("", "i", { a: 1 }); });
attempt(function () { return vendor.elastic("", "i", { a: 1 }, "", "", "not-a-cloud-id", "k"); });
`);
  t.deepEqual(out, [
    'ok',
    'ok',
    'ok',
    'error: vendor.elastic: Elasticsearch answered HTTP 400: {"error":{"type":"mapper_parsing_exception"}}',
    'error: vendor.elastic: give a url, or "" as url and a cloudID',
    'error: vendor.elastic: cloudID "not-a-cloud-id" is not an Elastic Cloud ID ("<name>:<base64 of host$es-uuid$kibana-uuid>")',
  ]);
  const [basic, apiKey, bearer] = rx.requests;
  t.is(basic.method, 'POST');
  t.is(basic.url, '/traffic-logs/_doc');
  t.is(basic.headers['content-type'], 'application/json');
  t.is(basic.headers.authorization, `Basic ${Buffer.from('elastic:s3cret').toString('base64')}`);
  t.deepEqual(JSON.parse(basic.body.toString()), { status: 500, path: '/x' });
  t.is(apiKey.headers.authorization, 'ApiKey a2V5OnNlY3JldA==', 'an API key wins over basic auth');
  t.is(bearer.headers.authorization, 'Bearer svc-token');
  t.is(bearer.body.toString(), '{"raw":true}');
  await rx.close();
});

test('Elastic Cloud IDs resolve like the Go client does', (t) => {
  const id = `my-deployment:${Buffer.from('us-east-1.aws.found.io:443$abc123$def456').toString('base64')}`;
  t.is(urlFromCloudId('op', id), 'https://abc123.us-east-1.aws.found.io:443');
});

test('vendor.elastic certificateFingerprint trusts a self-signed cluster, and only that one', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wirehook-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`, '-days', '1', '-subj', '/CN=es.test'], { stdio: 'ignore' });
  const cert = await readFile(`${dir}/cert.pem`, 'utf8');
  const fingerprint = new X509Certificate(cert).fingerprint256;
  const rx = await receiver(17542, (_r, res) => json(res, { result: 'created' }, 201), { key: await readFile(`${dir}/key.pem`, 'utf8'), cert });
  const wrong = 'AA'.repeat(32);
  const out = await lines(`
attempt(function () { return vendor.elastic("${rx.url}", "logs", { a: 1 }, "", "", "", "k", "", "${fingerprint}"); });
attempt(function () { return vendor.elastic("${rx.url}", "logs", { a: 1 }, "", "", "", "k", "", "${fingerprint.replace(/:/g, '').toLowerCase()}"); });
attempt(function () { return vendor.elastic("${rx.url}", "logs", { a: 1 }, "", "", "", "k", "", "${wrong}"); });
attempt(function () { return vendor.elastic("${rx.url}", "logs", { a: 1 }, "", "", "", "k"); });
`);
  t.deepEqual(out.slice(0, 3), ['ok', 'ok', `error: vendor.elastic: the server's certificate does not match certificateFingerprint ${wrong}`]);
  t.regex(out[3], /^error: vendor\.elastic: POST https:\/\/127\.0\.0\.1:17542\/logs\/_doc failed: self[- ]signed certificate/);
  t.is(rx.requests.length, 2, 'nothing was sent to a server that failed the check');
  await rx.close();
  await rm(dir, { recursive: true, force: true });
});
