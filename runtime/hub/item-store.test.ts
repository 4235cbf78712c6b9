import test from 'ava';
import { mkdtemp, readdir, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileKfl } from '../../capture/kfl/index.ts';
import { httpItem, T0 } from '../testing/items.ts';
import { decodeCursor, encodeCursor } from './item-cursor.ts';
import { ItemStore, type ItemStoreOptions } from './item-store.ts';

const MB = 1024 * 1024;

async function folder(t: { teardown(fn: () => Promise<void>): void }): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wirehook-items-'));
  t.teardown(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

function store(o: Partial<ItemStoreOptions>): ItemStore {
  return new ItemStore({ dir: null, memoryItems: 1000, memoryBytes: 64 * MB, diskBytes: 64 * MB, segmentBytes: 4 * MB, maxAgeMs: 3_600_000, ...o });
}

/** Items i = 0..n-1, one per 10 ms, status 500 for every 10th. */
function fill(s: ItemStore, n: number, from = 0): void {
  for (let i = from; i < from + n; i++) s.add(httpItem({ i, status: i % 10 === 0 ? 500 : 200 }));
  s.flush();
}

const ids = (page: { items: { item: { index: number; id: string } }[] }) => page.items.map((x) => x.item.id);

test('newest first, limit and a cursor that continues older', async (t) => {
  const s = store({});
  fill(s, 25);
  const p1 = await s.query({ limit: 10 });
  t.deepEqual(ids(p1), Array.from({ length: 10 }, (_, k) => httpItem({ i: 24 - k }).id));
  t.is(p1.scanned, 10);
  const p2 = await s.query({ limit: 10, before: p1.next });
  t.is(ids(p2)[0], httpItem({ i: 14 }).id);
  const p3 = await s.query({ limit: 10, before: p2.next });
  t.is(p3.items.length, 5);
  t.is(p3.next, null, 'nothing older');
});

test('cursors stay stable while new items arrive', async (t) => {
  const s = store({});
  fill(s, 20);
  const p1 = await s.query({ limit: 5 });
  fill(s, 50, 20);
  const p2 = await s.query({ limit: 5, before: p1.next });
  t.deepEqual(ids(p2), [14, 13, 12, 11, 10].map((i) => httpItem({ i }).id));
});

test('KFL filters and time windows; a scan budget returns early with a cursor', async (t) => {
  const s = store({});
  fill(s, 100);
  const f = compileKfl('http and response.status == 500');
  const all = await s.query({ filter: f, limit: 500 });
  t.deepEqual(ids(all), [90, 80, 70, 60, 50, 40, 30, 20, 10, 0].map((i) => httpItem({ i }).id));
  const win = await s.query({ filter: f, from: T0 + 200, to: T0 + 500, limit: 500 });
  t.deepEqual(ids(win), [50, 40, 30, 20].map((i) => httpItem({ i }).id));
  const early = await s.query({ filter: f, limit: 500, maxScan: 15 });
  t.deepEqual(ids(early), [90].map((i) => httpItem({ i }).id));
  t.is(early.scanned, 15);
  t.not(early.next, null);
  const rest = await s.query({ filter: f, limit: 500, before: early.next, maxScan: 1000 });
  t.is(rest.items.length, 9);
});

test('memory is bounded by count and by serialised bytes; memory-only eviction is counted', async (t) => {
  const byCount = store({ memoryItems: 10 });
  fill(byCount, 25);
  t.like(byCount.stats(), { items: 10, memoryItems: 10, evicted: 15 });
  t.is((await byCount.query({ limit: 100 })).items.length, 10);
  t.is(await byCount.get(httpItem({ i: 3 }).id), undefined);
  t.is((await byCount.get(httpItem({ i: 20 }).id))?.index, 0);

  const newest5 = [7, 8, 9, 10, 11].reduce((n, i) => n + JSON.stringify(httpItem({ i, status: i % 10 === 0 ? 500 : 200 })).length, 0);
  const byBytes = store({ memoryBytes: newest5 });
  fill(byBytes, 12);
  t.like(byBytes.stats(), { memoryItems: 5, memoryBytes: newest5, evicted: 7 });
});

test('items beyond memory are queried and found by id from disk segments', async (t) => {
  const dir = await folder(t);
  const s = store({ dir, memoryItems: 10, segmentBytes: 8 * 1024 });
  fill(s, 60);
  t.like(s.stats(), { items: 60, memoryItems: 10, evicted: 0 });
  t.true(s.stats().segments > 2);
  const page = await s.query({ limit: 500 });
  t.deepEqual(ids(page), Array.from({ length: 60 }, (_, k) => httpItem({ i: 59 - k }).id));
  t.is(page.next, null);
  const old = await s.query({ filter: compileKfl('response.status == 500'), from: T0, to: T0 + 150, limit: 10 });
  t.deepEqual(ids(old), [10, 0].map((i) => httpItem({ i }).id));
  const got = await s.get(httpItem({ i: 4 }).id);
  t.deepEqual(got, httpItem({ i: 4 }));
  s.close();
});

test('disk segments are bounded by size (oldest first, eviction counted) and age', async (t) => {
  const dir = await folder(t);
  let now = 1_000_000;
  const s = store({ dir, memoryItems: 5, diskBytes: 40 * 1024, segmentBytes: 10 * 1024, now: () => now });
  fill(s, 200);
  const st = s.stats();
  t.true(st.diskBytes <= 40 * 1024 + 10 * 1024, 'at most one segment over the limit before it is sealed');
  t.true(st.evicted > 0);
  t.is(st.items + st.evicted, 200, 'every item is either queryable or counted as evicted');
  const page = await s.query({ limit: 500 });
  t.is(page.items.length, st.items);
  t.is(page.items[0].item.id, httpItem({ i: 199 }).id);
  now += 3_600_001;
  fill(s, 1, 200);
  t.like(s.stats(), { items: 5, evicted: 196 }, 'aged segments go; the memory ring still holds the newest');
  s.close();
});

test('a restart reopens the segments: items, ids and seqs continue', async (t) => {
  const dir = await folder(t);
  const a = store({ dir, memoryItems: 5, segmentBytes: 8 * 1024 });
  fill(a, 30);
  a.close();
  const b = store({ dir, memoryItems: 5, segmentBytes: 8 * 1024 });
  t.is(b.stats().items, 30);
  fill(b, 5, 30);
  const page = await b.query({ limit: 500 });
  t.deepEqual(ids(page), Array.from({ length: 35 }, (_, k) => httpItem({ i: 34 - k }).id));
  t.deepEqual(page.items.map((x) => x.seq).slice(0, 2), [35, 34]);
  b.close();
});

test('an open segment left by a crash is cut after its last whole line; bad lines are counted, not thrown', async (t) => {
  const dir = await folder(t);
  const a = store({ dir, memoryItems: 5 });
  fill(a, 4);
  const open = (await readdir(dir)).find((f) => f.startsWith('open-'))!;
  await appendFile(path.join(dir, open), '5\t0\t{"id":"half');
  await writeFile(path.join(dir, '000000000100-000000000100-0-0.items'), '100\t0\tnot json\n');
  const b = store({ dir, memoryItems: 5 });
  const page = await b.query({ limit: 50 });
  t.deepEqual(ids(page), [3, 2, 1, 0].map((i) => httpItem({ i }).id));
  t.is(b.stats().corrupt, 1);
  b.close();
});

test('without a usable folder the store keeps serving from memory', async (t) => {
  const dir = await folder(t);
  await writeFile(path.join(dir, 'file'), 'x');
  const lines: string[] = [];
  const s = store({ dir: path.join(dir, 'file'), log: (l) => lines.push(l) });
  fill(s, 3);
  t.is((await s.query({ limit: 10 })).items.length, 3);
  t.is(s.stats().diskErrors, 1);
  t.regex(lines[0], /on-disk segments disabled/);
});

test('items that cannot be serialised are counted and still listed from memory', async (t) => {
  const s = store({});
  const bad = httpItem({ i: 1 }) as any;
  bad.request.self = bad;
  s.add(bad);
  s.add(httpItem({ i: 2 }));
  s.flush();
  t.is(s.stats().corrupt, 1);
  t.is((await s.query({ limit: 10 })).items.length, 2);
});

test('cursors are opaque and validated', (t) => {
  t.is(decodeCursor(encodeCursor(12345)), 12345);
  t.is(decodeCursor('12345'), null);
  t.is(decodeCursor('i1.' + Buffer.from('-1').toString('base64url')), null);
  t.is(decodeCursor('i1.' + 'A'.repeat(60)), null);
});
