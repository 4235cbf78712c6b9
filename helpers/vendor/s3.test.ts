import test from 'ava';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { S3BlobStore } from '../../capture/store/blob/s3-blob-store.ts';
import { createBucket, startSwift, SWIFT_CREDENTIALS, SWIFT_REGION, type SwiftServer } from '../../capture/store/testing/swift-server.ts';
import { tempDir } from '../../capture/testing/pcap-fixtures.ts';
import { defaultConfig } from '../../runtime/config.ts';
import { harness } from '../../runtime/testing/harness.ts';
import { s3Endpoint } from './s3.ts';

/** Swift: ports 17605–17609. */
let swift: SwiftServer;
let dataDir = '';
let cleanup: () => Promise<void>;
let bucket: S3BlobStore;

test.before(async () => {
  swift = await startSwift(17605);
  await createBucket(swift.endpoint, 'scripts');
  ({ dir: dataDir, cleanup } = await tempDir());
  await mkdir(path.join(dataDir, 'reports'));
  for (const f of ['a.txt', 'b.txt', 'c.txt']) await writeFile(path.join(dataDir, 'reports', f), `content of ${f}`);
  bucket = new S3BlobStore({ bucket: 'scripts', region: SWIFT_REGION, endpoint: swift.endpoint, forcePathStyle: true, credentials: SWIFT_CREDENTIALS });
});
test.after.always(async () => {
  await swift?.stop();
  await cleanup?.();
});

const run = (code: string) =>
  harness({ 's.js': code }, { config: (c) => ((c.dataDir = dataDir), (c.recording.s3.endpoint = swift.endpoint), (c.recording.s3.forcePathStyle = true)) });

async function text(s: Readable): Promise<string> {
  let out = '';
  for await (const c of s) out += c;
  return out;
}

test.serial('vendor.s3.put: both argument orders, key <nodeName>_<nodeIP>/<file name>, URL of the object', async (t) => {
  const h = await run(`console.log(vendor.s3.put("scripts", "reports/a.txt", "us-east-1", "test:tester", "testing"));
console.log(vendor.s3.put("us-east-1", "test:tester", "testing", "scripts", "reports/b.txt"));`);
  t.deepEqual(h.lines('s.js'), [`${swift.endpoint}/scripts/node-a_10.0.0.10/a.txt`, `${swift.endpoint}/scripts/node-a_10.0.0.10/b.txt`]);
  t.is(await text(await bucket.get('node-a_10.0.0.10/a.txt')), 'content of a.txt');
  t.is(await text(await bucket.get('node-a_10.0.0.10/b.txt')), 'content of b.txt');
  h.stop();
});

test.serial('vendor.s3.put without keys uses the default AWS credential chain (environment)', async (t) => {
  process.env.AWS_ACCESS_KEY_ID = SWIFT_CREDENTIALS.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY = SWIFT_CREDENTIALS.secretAccessKey;
  const h = await run(`console.log(vendor.s3.put("scripts", "reports/c.txt", "us-east-1"));`);
  delete process.env.AWS_ACCESS_KEY_ID;
  delete process.env.AWS_SECRET_ACCESS_KEY;
  t.deepEqual(h.lines('s.js'), [`${swift.endpoint}/scripts/node-a_10.0.0.10/c.txt`]);
  t.is(await text(await bucket.get('node-a_10.0.0.10/c.txt')), 'content of c.txt');
  h.stop();
});

test.serial('vendor.s3.put errors: wrong secret (SigV4 → 403), a path outside the data dir, a missing file', async (t) => {
  const h = await run(`[["scripts", "reports/a.txt", "us-east-1", "test:tester", "wrong"], ["scripts", "../etc/passwd", "us-east-1", "k", "s"], ["scripts", "reports/none.txt", "us-east-1", "k", "s"]]
  .forEach(function (a) { try { vendor.s3.put.apply(null, a); } catch (e) { console.log(e.message); } });`);
  const [denied, escape, missing] = h.lines('s.js');
  t.regex(denied, /^vendor\.s3\.put: put node-a_10\.0\.0\.10\/a\.txt to s3:\/\/scripts .*access denied.*SignatureDoesNotMatch \(HTTP 403\)/);
  t.regex(escape, /^vendor\.s3\.put: path "\.\.\/etc\/passwd" contains "\.\."/);
  t.is(missing, 'vendor.s3.put: "reports/none.txt" does not exist');
  h.stop();
});

test.serial('vendor.s3.clear deletes only this node\'s folder', async (t) => {
  await bucket.put('other-node_10.0.0.99/keep.txt', { data: Buffer.from('keep') });
  const h = await run(`vendor.s3.put("scripts", "reports/a.txt", "us-east-1", "test:tester", "testing");
console.log(vendor.s3.clear("us-east-1", "test:tester", "testing", "scripts"));`);
  t.deepEqual(h.lines('s.js'), ['3']);
  t.deepEqual((await bucket.list('')).map((o) => o.key), ['other-node_10.0.0.99/keep.txt']);
  h.stop();
});

test('legacy order is told apart by region, then by which argument looks like a path, then by which file exists', async (t) => {
  const h = await run(`var a = "reports/a.txt";
try { vendor.s3.put("local", "KEYID", "se/cr+et", "no-such-bucket", a); } catch (e) { console.log(e.message.split(":")[1]); }
try { vendor.s3.put("no-such-bucket", a, "local", "KEYID", "se/cr+et"); } catch (e) { console.log(e.message.split(":")[1]); }`);
  t.deepEqual(h.lines('s.js'), [' put node-a_10.0.0.10/a.txt to s3', ' put node-a_10.0.0.10/a.txt to s3'], 'the file was found in both orders (the bucket then does not exist)');
  h.stop();
});

test('S3-compatible endpoint: config first, then AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL', (t) => {
  const c = defaultConfig();
  t.deepEqual(s3Endpoint(c, {}), { forcePathStyle: false });
  t.deepEqual(s3Endpoint(c, { AWS_ENDPOINT_URL: 'http://127.0.0.1:9000' }), { endpoint: 'http://127.0.0.1:9000', forcePathStyle: true });
  t.deepEqual(s3Endpoint(c, { AWS_ENDPOINT_URL_S3: 'http://a', AWS_ENDPOINT_URL: 'http://b', AWS_S3_FORCE_PATH_STYLE: 'false' }), { endpoint: 'http://a', forcePathStyle: false });
  c.recording.s3.endpoint = 'http://cfg';
  c.recording.s3.forcePathStyle = true;
  t.deepEqual(s3Endpoint(c, { AWS_ENDPOINT_URL_S3: 'http://a' }), { endpoint: 'http://cfg', forcePathStyle: true });
});
