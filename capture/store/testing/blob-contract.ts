/**
 * The BlobStore contract (capture/store/blob/blob-store.ts) as one AVA suite, run by each
 * backend's test file against a real store: a temp folder, a real Swift s3api server, the
 * loopback GCS JSON-API server.
 *
 *   blobStoreContract('s3', async () => ({ store, stop }));
 *
 * Every test works under its own key prefix, so they may run concurrently on one store.
 */
import test from 'ava';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { BlobStoreError, type BlobStore } from '../blob/blob-store.ts';

export interface ContractFixture {
  store: BlobStore;
  stop(): Promise<void>;
}

async function read(s: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

const md5 = (b: Buffer) => createHash('md5').update(b).digest('base64');
const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function rejectsWith(p: Promise<unknown>, code: string): Promise<boolean> {
  try {
    await p;
    return false;
  } catch (e) {
    return e instanceof BlobStoreError && e.code === code;
  }
}

export function blobStoreContract(name: string, setup: () => Promise<ContractFixture>): void {
  let fx: ContractFixture;
  let tmp: string;
  test.before(async () => {
    fx = await setup();
    tmp = await mkdtemp(path.join(os.tmpdir(), 'wh-blob-'));
  });
  test.after.always(async () => {
    await fx?.stop();
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  test(`${name}: put(bytes) is confirmed with size and MD5, get returns the same bytes`, async (t) => {
    const data = randomBytes(70_000);
    const r = await fx.store.put('bytes/one.bin', { data });
    t.deepEqual([r.key, r.size, r.md5], ['bytes/one.bin', data.length, md5(data)]);
    t.is(r.url, fx.store.url('bytes/one.bin'));
    t.true(sha(await read(await fx.store.get('bytes/one.bin'))) === sha(data));
  });

  test(`${name}: put(file) uploads the file; keys keep spaces and non-ASCII`, async (t) => {
    const data = randomBytes(1_500_000);
    const file = path.join(tmp, 'f.bin');
    await writeFile(file, data);
    const key = 'node-a_10.0.0.1/rec 1/ä.tar.gz';
    const r = await fx.store.put(key, { file }, { contentType: 'application/gzip' });
    t.is(r.size, data.length);
    t.is(r.md5, md5(data));
    t.is(sha(await read(await fx.store.get(key))), sha(data));
    t.deepEqual(await fx.store.list('node-a_10.0.0.1/'), [{ key, size: data.length }]);
  });

  test(`${name}: put(stream) of unknown length, larger than one upload part`, async (t) => {
    const data = randomBytes(17 * 1024 * 1024 + 123);
    const stream = Readable.from((function* () {
      for (let o = 0; o < data.length; o += 300_000) yield data.subarray(o, o + 300_000);
    })());
    const r = await fx.store.put('stream/big.bin', { stream });
    t.deepEqual([r.size, r.md5], [data.length, md5(data)]);
    t.is(sha(await read(await fx.store.get('stream/big.bin'))), sha(data));
    const empty = await fx.store.put('stream/empty.bin', { stream: Readable.from([]) });
    t.is(empty.size, 0);
    t.is((await read(await fx.store.get('stream/empty.bin'))).length, 0);
  });

  test(`${name}: put replaces an existing object`, async (t) => {
    await fx.store.put('replace/x', { data: Buffer.from('first version') });
    await fx.store.put('replace/x', { data: Buffer.from('second') });
    t.is((await read(await fx.store.get('replace/x'))).toString(), 'second');
    t.deepEqual(await fx.store.list('replace/'), [{ key: 'replace/x', size: 6 }]);
  });

  test(`${name}: list(prefix) is by key prefix and sorted; deletePrefix removes exactly those`, async (t) => {
    for (const k of ['lst/b/2', 'lst/a/1', 'lst/a/2', 'lst/ab/1']) await fx.store.put(k, { data: Buffer.from(k) });
    t.deepEqual((await fx.store.list('lst/a/')).map((o) => o.key), ['lst/a/1', 'lst/a/2']);
    t.deepEqual((await fx.store.list('lst/a')).map((o) => o.key), ['lst/a/1', 'lst/a/2', 'lst/ab/1']);
    t.deepEqual((await fx.store.list('lst/')).map((o) => o.size), [7, 7, 8, 7]);
    t.is(await fx.store.deletePrefix('lst/a/'), 2);
    t.deepEqual((await fx.store.list('lst/')).map((o) => o.key), ['lst/ab/1', 'lst/b/2']);
    t.is(await fx.store.deletePrefix('lst/none/'), 0);
    t.is(await fx.store.deletePrefix('lst/'), 2);
    t.deepEqual(await fx.store.list('lst/'), []);
  });

  test(`${name}: get of a missing key is ERR_BLOB_NOT_FOUND; bad keys are ERR_BLOB_KEY`, async (t) => {
    t.true(await rejectsWith(fx.store.get('missing/nothing-here'), 'ERR_BLOB_NOT_FOUND'));
    for (const k of ['/abs', '../up', 'a//b', 'a/./b', '']) t.true(await rejectsWith(fx.store.put(k, { data: Buffer.from('x') }), 'ERR_BLOB_KEY'), k);
  });
}
