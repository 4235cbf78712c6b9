import test from 'ava';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { S3BlobStore } from '../../capture/store/blob/s3-blob-store.ts';
import { createBucket, startSwift, SWIFT_CREDENTIALS, SWIFT_REGION, type SwiftServer } from '../../capture/store/testing/swift-server.ts';
import { writeMixedCapture } from '../../capture/store/testing/store-fixtures.ts';
import { tempDir } from '../../capture/testing/pcap-fixtures.ts';
import type { WirehookConfig } from '../config.ts';
import type { ArchiveRecord } from './recording-run.ts';
import { phasedSource } from './testing/phased-source.ts';
import { sha256, startNode, until, type TestNode } from './testing/recorder-fixtures.ts';

/** Swift: ports 17610–17614. */
let swift: SwiftServer;
test.before(async () => {
  swift = await startSwift(17610);
  await createBucket(swift.endpoint, 'recordings');
});
test.after.always(() => swift?.stop());

async function bytes(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const s3Config = (c: WirehookConfig) =>
  Object.assign(c.recording.s3, { bucket: 'recordings', region: SWIFT_REGION, endpoint: swift.endpoint, forcePathStyle: true, ...SWIFT_CREDENTIALS });

const archive = async (n: TestNode, file: string): Promise<ArchiveRecord | undefined> => (await n.recording('calls')).archives.find((a) => a.file === file);

async function flush(n: TestNode): Promise<ArchiveRecord> {
  const r = await n.api('POST', '/api/recordings/calls/flush');
  if (!r.body.archive) throw new Error('nothing was archived');
  return r.body.archive;
}

test.serial('Swift down mid-recording: uploads retry with back-off, every archive arrives intact when it is back; a new node resumes what was pending', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const src = await writeMixedCapture(dir);
  const data = path.join(dir, 'data');
  const source = await phasedSource(src, 4);
  const n = await startNode(t, data, s3Config);
  t.is((await n.api('POST', '/api/recordings', { name: 'calls', filter: 'http', durationMs: 600_000, destination: 's3' })).status, 201);
  const run = n.node.runSource(source);
  await until(() => source.pushed === 1, 'phase 0');
  const first = await flush(n);
  await until(async () => (await archive(n, first.file))?.state === 'uploaded', 'the first upload');

  await swift.stopProxy();
  await source.next();
  const second = await flush(n);
  await source.next();
  const third = await flush(n);
  const failing = await until(async () => {
    const a = await archive(n, third.file);
    return a && a.state === 'retrying' && a.attempts >= 2 ? a : null;
  }, 'retries of the third archive');
  t.regex(failing.lastError, /unreachable or failing/);
  t.true((await archive(n, second.file))!.attempts >= 2);
  t.deepEqual((await readdir(path.join(data, 'spool'))).filter((f) => f.endsWith('.tar.gz')).sort(), [second.file, third.file].sort(), 'kept in the spool');
  t.regex(await n.node.metrics.metrics(), /wirehook_spool_upload_failures_total [2-9]\d*\n/);

  await swift.startProxy();
  await until(async () => (await n.recording('calls')).archives.every((a) => a.state === 'uploaded'), 'uploads after the outage');
  const bucket = new S3BlobStore({ bucket: 'recordings', region: SWIFT_REGION, endpoint: swift.endpoint, forcePathStyle: true, credentials: SWIFT_CREDENTIALS });
  for (const a of [first, second, third]) {
    t.is(a.key, `node-a_10.0.0.10/${a.file}`);
    t.is(sha256(await bytes(await bucket.get(a.key))), a.sha256, `${a.file} arrived intact`);
  }
  t.deepEqual((await readdir(path.join(data, 'spool'))).filter((f) => f.endsWith('.tar.gz')), [], 'local copies deleted after confirmation');

  await swift.stopProxy();
  await source.next();
  await run.done;
  const fourth = await flush(n);
  await until(async () => (await archive(n, fourth.file))?.state === 'retrying', 'the fourth upload to fail');
  await n.stop();
  t.deepEqual((await readdir(path.join(data, 'spool'))).filter((f) => f.endsWith('.tar.gz')), [fourth.file], 'pending when the node stopped');
  await swift.startProxy();
  const again = await startNode(t, data, s3Config);
  await until(async () => (await archive(again, fourth.file))?.state === 'uploaded', 'the pending upload after the restart');
  t.is(sha256(await bytes(await bucket.get(fourth.key))), fourth.sha256);
  t.deepEqual((await bucket.list('node-a_10.0.0.10/')).map((o) => o.key).sort(), [first, second, third, fourth].map((a) => a.key).sort(), 'every recording arrived, none lost');
  t.true(again.logs.some((l) => l.includes('resuming 1 pending upload')));
});
