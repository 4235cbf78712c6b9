import test from 'ava';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { blobStoreContract } from '../testing/blob-contract.ts';
import { FolderBlobStore } from './folder-blob-store.ts';

let root = '';
blobStoreContract('folder', async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'wh-folder-store-'));
  return { store: new FolderBlobStore(root), stop: () => rm(root, { recursive: true, force: true }) };
});

test('folder: objects are plain files under the root, with no temporary files left', async (t) => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wh-folder-store-'));
  const store = new FolderBlobStore(dir);
  const r = await store.put('a/b/c.txt', { data: Buffer.from('hello') });
  t.is(r.url, `file://${dir}/a/b/c.txt`);
  t.deepEqual(await readdir(path.join(dir, 'a', 'b')), ['c.txt']);
  await store.deletePrefix('a/');
  t.deepEqual(await readdir(dir), [], 'emptied directories are removed');
  t.throws(() => new FolderBlobStore(''), { code: 'ERR_BLOB_CONFIG' } as never);
  await rm(dir, { recursive: true, force: true });
});
