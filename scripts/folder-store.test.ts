import test from 'ava';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FolderStore } from './folder-store.ts';
import { ScriptStoreError, type StoreEvent } from './store.ts';

async function folder(files: Record<string, string>) {
  const dir = await mkdtemp(join(tmpdir(), 'wirehook-scripts-'));
  for (const [n, c] of Object.entries(files)) await writeFile(join(dir, n), c);
  return dir;
}

function nextEvents(store: FolderStore, count: number): Promise<StoreEvent[]> {
  return new Promise((resolve) => {
    const got: StoreEvent[] = [];
    const off = store.watch((e) => {
      got.push(e);
      if (got.length >= count) {
        off();
        resolve(got);
      }
    });
  });
}

test('lists .js files only (no dot files, no sub-folders)', async (t) => {
  const dir = await folder({ 'a.js': 'var a;', 'b.js': 'var b;', 'notes.txt': 'x', '.hidden.js': 'x' });
  await mkdir(join(dir, 'sub.js'));
  const store = new FolderStore(dir);
  t.deepEqual(await store.list(), [{ id: 'a.js', code: 'var a;' }, { id: 'b.js', code: 'var b;' }]);
  store.close();
  await rm(dir, { recursive: true });
});

test('watch reports changed, added and removed scripts once, after the burst settles', async (t) => {
  const dir = await folder({ 'a.js': 'var a;', 'b.js': 'var b;' });
  const store = new FolderStore(dir, { debounceMs: 50 });
  await store.list();
  const events = nextEvents(store, 3);
  await writeFile(join(dir, 'a.js'), 'var a = 1;');
  await writeFile(join(dir, 'a.js'), 'var a = 2;');
  await writeFile(join(dir, 'c.js'), 'var c;');
  await rm(join(dir, 'b.js'));
  t.deepEqual(
    (await events).sort((x, y) => x.id.localeCompare(y.id)),
    [{ type: 'put', id: 'a.js', code: 'var a = 2;' }, { type: 'delete', id: 'b.js' }, { type: 'put', id: 'c.js', code: 'var c;' }],
  );
  store.close();
  await rm(dir, { recursive: true });
});

test('put and delete write the folder (atomically) and are seen by the watcher', async (t) => {
  const dir = await folder({});
  const store = new FolderStore(dir, { debounceMs: 30 });
  await store.list();
  const added = nextEvents(store, 1);
  await store.put('new.js', '// New\nvar x;');
  t.deepEqual(await added, [{ type: 'put', id: 'new.js', code: '// New\nvar x;' }]);
  const removed = nextEvents(store, 1);
  await store.delete('new.js');
  t.deepEqual(await removed, [{ type: 'delete', id: 'new.js' }]);
  await t.throwsAsync(store.put('../escape.js', 'x'), { instanceOf: ScriptStoreError, message: /not a valid script id/ });
  store.close();
  await rm(dir, { recursive: true });
});

test('a missing folder is a coded error', async (t) => {
  const store = new FolderStore('/nonexistent/wirehook-scripts');
  const e = await t.throwsAsync(store.list(), { instanceOf: ScriptStoreError });
  t.is(e!.code, 'ERR_SCRIPT_READ');
});
