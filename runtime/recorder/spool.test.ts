import test from 'ava';
import { readdir, readFile, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { BlobStore, PutResult } from '../../capture/store/blob/blob-store.ts';
import { FolderBlobStore } from '../../capture/store/blob/folder-blob-store.ts';
import { tempDir } from '../../capture/testing/pcap-fixtures.ts';
import { Spool, type SpoolEntry } from './spool.ts';
import { until } from './testing/recorder-fixtures.ts';

const entry = (file: string, size: number): SpoolEntry => ({ file, recording: 'r', destination: { type: 'folder' }, key: `k/${file}`, size, sha256: '', createdMs: 1, attempts: 0, nextAttemptMs: 0, lastError: '' });

test('open: resumes complete entries, drops a manifest whose archive never arrived, deletes partial files', async (t) => {
  const { dir, cleanup } = await tempDir();
  const out = path.join(dir, 'out');
  await writeFile(path.join(dir, 'a.tar.gz.json'), JSON.stringify(entry('a.tar.gz', 3)));
  await writeFile(path.join(dir, 'b.tar.gz.partial'), 'half');
  await writeFile(path.join(dir, 'c.tar.gz'), 'ccc');
  await writeFile(path.join(dir, 'c.tar.gz.json'), JSON.stringify(entry('c.tar.gz', 3)));
  const logs: string[] = [];
  const uploaded: string[] = [];
  const spool = await Spool.open({ dir, maxBytes: 1 << 20, retryInitialMs: 10, retryMaxMs: 100, storeFor: () => new FolderBlobStore(out), log: (l) => logs.push(l), onUploaded: (e) => uploaded.push(e.file) });
  await until(() => uploaded.length === 1, 'the resumed upload');
  t.deepEqual(uploaded, ['c.tar.gz']);
  t.is(await readFile(path.join(out, 'k', 'c.tar.gz'), 'utf8'), 'ccc');
  t.deepEqual(await readdir(dir), ['out'], 'archive and manifest removed after the upload; debris gone');
  t.true(logs.some((l) => l.includes('a.tar.gz.json describes an archive that was never completed')));
  t.true(logs.some((l) => l.includes('resuming 1 pending upload')));
  await spool.close();
  await cleanup();
});

test('failed uploads retry with exponential back-off (persisted), then the archive goes only after the store confirmed it', async (t) => {
  const { dir, cleanup } = await tempDir();
  let calls = 0;
  const delays: number[] = [];
  const flaky: BlobStore = {
    kind: 'folder', location: 'flaky', url: (k) => k, get: () => Promise.reject(new Error('no')), list: async () => [], deletePrefix: async () => 0,
    put: async (key): Promise<PutResult> => {
      if (++calls < 5) throw new Error(`outage ${calls}`);
      return { key, url: `x://${key}`, size: 5, md5: '' };
    },
  };
  const spool = await Spool.open({
    dir, maxBytes: 4, retryInitialMs: 20, retryMaxMs: 100, random: () => 0.5, storeFor: () => flaky,
    onFailed: (e) => delays.push(e.nextAttemptMs - Date.now()),
  });
  const file = spool.uniqueName('x_wirehook_1.tar.gz');
  t.is(spool.uniqueName('x_wirehook_1.tar.gz'), 'x_wirehook_1-1.tar.gz', 'a name being built is not handed out twice');
  await writeFile(spool.path(file) + '.partial', 'hello');
  const e = await spool.add(file, 'x', { type: 'folder' }, `k/${file}`);
  t.deepEqual([e.size, e.sha256], [5, '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824']);
  t.true(spool.full, 'over maxBytes');
  const manifest = await until(async () => {
    const m = JSON.parse(await readFile(spool.path(file) + '.json', 'utf8').catch(() => '{}')) as SpoolEntry;
    return m.attempts >= 2 ? m : null;
  }, 'two failures persisted');
  t.is(manifest.lastError, `outage ${manifest.attempts}`, 'attempts and the last error are in the manifest, for a restart');
  await until(() => spool.list().length === 0, 'the upload to succeed');
  t.is(calls, 5);
  // nextAttemptMs − now at each failure: the back-off doubles up to retryMaxMs.
  t.deepEqual(delays.map((d) => Math.round(d / 10) * 10), [20, 40, 80, 100]);
  t.is(spool.stats.failures, 4);
  t.deepEqual(await readdir(dir), []);
  await spool.close();
  await cleanup();
});

test('an archive deleted behind the spool\'s back is dropped and counted as lost', async (t) => {
  const { dir, cleanup } = await tempDir();
  const logs: string[] = [];
  const spool = await Spool.open({ dir, maxBytes: 1 << 20, retryInitialMs: 10, retryMaxMs: 10, storeFor: () => new FolderBlobStore(path.join(dir, 'blocked\0')), log: (l) => logs.push(l) });
  await writeFile(spool.path('z.tar.gz') + '.partial', 'zzz');
  await spool.add('z.tar.gz', 'r', { type: 'folder' }, 'k/z');
  await unlink(spool.path('z.tar.gz'));
  await until(() => spool.stats.lost === 1, 'the loss to be noticed');
  t.deepEqual(spool.list(), []);
  t.true(logs.some((l) => l.includes('z.tar.gz was deleted from')));
  await spool.close();
  await cleanup();
});
