import test from 'ava';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import type { Item } from '../item.ts';
import { runTool, tempDir } from '../testing/pcap-fixtures.ts';
import { conversationFilter, followTcp, frames, recordCapture, writeMixedCapture } from './testing/store-fixtures.ts';
import { StreamStore, type StreamStoreOptions } from './stream-store.ts';

const MB = 1024 * 1024;

function options(dir: string, o: Partial<StreamStoreOptions> = {}): StreamStoreOptions {
  return { dir, maxBytes: 64 * MB, maxAgeMs: 3_600_000, segmentBytes: 16 * MB, segmentMs: 60_000, maxPendingBytes: 64 * MB, maintainMs: 0, ...o };
}

/** One item per stream, the streams with the most packets first. */
function streamsOf(items: Item[], store: StreamStore, layer4: 'tcp' | 'udp'): Item[] {
  const seen = new Map<string, Item>();
  for (const it of items) if (it.protocol.layer4 === layer4 && !seen.has(it.stream)) seen.set(it.stream, it);
  return [...seen.values()].sort((a, b) => store.slice(b.stream)!.end - store.slice(a.stream)!.end);
}

test('a stream written from the store is that conversation of the source capture (tshark: packets, times, lengths, TCP payload)', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const store = await StreamStore.open(options(path.join(dir, 'streams'), { segmentBytes: 64 * 1024 }));
  const items = await recordCapture(src, store);
  t.true(store.stats.sizes().segments > 3, 'several segments were rolled');
  const tcp = streamsOf(items, store, 'tcp').slice(0, 3);
  const udp = streamsOf(items, store, 'udp').slice(0, 2);
  t.is(tcp.length, 3);
  t.is(udp.length, 2);
  for (const it of [...tcp, ...udp]) {
    const out = path.join(dir, it.stream);
    const res = await store.writeSlices([store.slice(it.stream)!], out);
    const expected = await frames(src, conversationFilter(it));
    t.true(expected.length > 1, `${it.stream} has packets`);
    t.deepEqual(await frames(out), expected, `${it.stream}: same packets, times and lengths`);
    t.is(res.packets, expected.length);
    t.is(res.missing, 0);
    if (it.protocol.layer4 === 'tcp') t.is(await followTcp(out, 'tcp'), await followTcp(src, conversationFilter(it)), `${it.stream}: same TCP payload`);
  }
  await store.close();
  await cleanup();
});

test('writeAll merges every stream in time order; selected streams merge by time too', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const store = await StreamStore.open(options(path.join(dir, 'streams'), { segmentBytes: 128 * 1024 }));
  const items = await recordCapture(src, store);
  const all = path.join(dir, 'all.pcap');
  const res = await store.writeAll(all);
  const source = await frames(src);
  t.is(res.packets, source.length);
  t.deepEqual(await frames(all), source, 'the same packets in the same (time) order');
  const picked = [streamsOf(items, store, 'tcp')[0], streamsOf(items, store, 'udp')[0]];
  const two = path.join(dir, 'two.pcap');
  await store.writeSlices(picked.map((i) => store.slice(i.stream)!), two);
  const want = await frames(src, picked.map((i) => `(${conversationFilter(i)})`).join(' || '));
  t.deepEqual(await frames(two), want);
  await store.close();
  await cleanup();
});

test('segments are valid pcap files; slice(from) continues where a reader left off', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const store = await StreamStore.open(options(path.join(dir, 'streams'), { segmentBytes: 128 * 1024 }));
  const items = await recordCapture(src, store);
  await store.close();
  const files = (await readdir(path.join(dir, 'streams'))).filter((f) => f.endsWith('.pcap'));
  let total = 0;
  for (const f of files) total += (await frames(path.join(dir, 'streams', f))).length;
  t.is(total, store.stats.packets);
  t.regex(await runTool('capinfos', ['-t', path.join(dir, 'streams', files[0])]), /pcap/);
  const it = streamsOf(items, store, 'tcp')[0];
  const whole = store.slice(it.stream)!;
  const tail = store.slice(it.stream, 5)!;
  t.deepEqual([tail.from, tail.end, tail.locs.length], [5, whole.end, whole.locs.length - 15]);
  t.is(store.slice(it.stream, whole.end + 10)!.locs.length, 0);
  t.is(store.slice('000000999999.pcap'), null);
  await cleanup();
});

test('size bound: oldest segments are evicted, their streams leave the index, counters say so', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const evicted: string[] = [];
  const store = await StreamStore.open(options(path.join(dir, 'streams'), { maxBytes: 256 * 1024, segmentBytes: 64 * 1024, onStreamEvicted: (n) => evicted.push(n) }));
  const items = await recordCapture(src, store);
  const st = store.stats;
  t.true(st.evictedSegments > 0);
  t.true(st.evictedPackets > 0);
  t.is(st.evictedStreams, evicted.length);
  t.true(evicted.length > 0);
  t.true(store.diskBytes() <= 256 * 1024 + 64 * 1024 + 300 * 1024, `disk ${store.diskBytes()} stays near the bound`);
  t.false(store.has(evicted[0]));
  await store.close();
  const onDisk = (await readdir(path.join(dir, 'streams'))).filter((f) => f.endsWith('.pcap'));
  t.is(onDisk.length, st.sizes().segments, 'evicted segment files were deleted');
  const last = items[items.length - 1];
  const out = path.join(dir, 'last.pcap');
  await store.writeSlices([store.slice(last.stream)!], out);
  t.deepEqual(await frames(out), await frames(src, conversationFilter(last)), 'a recent stream is complete');
  await cleanup();
});

test('age bound: sealed segments written longer ago than maxAgeMs are evicted at maintenance', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  let now = 1_000_000;
  const store = await StreamStore.open(options(path.join(dir, 'streams'), { now: () => now, maxAgeMs: 60_000, segmentMs: 10_000 }));
  await recordCapture(src, store);
  const before = store.index.size;
  t.true(before > 0);
  now += 15_000;
  store.maintain();
  t.is(store.stats.evictedSegments, 0, 'rolled but young');
  now += 61_000;
  store.maintain();
  t.is(store.stats.evictedSegments, 1);
  t.is(store.index.size, 0);
  t.is(store.stats.evictedStreams, before);
  await store.close();
  await cleanup();
});

test('a store that cannot keep up drops packets (counted) instead of blocking', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const store = await StreamStore.open(options(path.join(dir, 'streams'), { maxPendingBytes: 0 }));
  const items = await recordCapture(src, store);
  t.true(items.length > 0, 'capture goes on');
  t.is(store.stats.packets, 0);
  t.is(store.stats.droppedPackets, (await frames(src)).length);
  await store.close();
  await cleanup();
});
