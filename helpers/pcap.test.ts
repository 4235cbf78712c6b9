import test from 'ava';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { DnsNameHistory } from '../capture/store/dns-name-history.ts';
import { StreamStore } from '../capture/store/stream-store.ts';
import { conversationFilter, followTcp, frames, recordCapture, writeMixedCapture } from '../capture/store/testing/store-fixtures.ts';
import type { Item } from '../capture/item.ts';
import { tempDir } from '../capture/testing/pcap-fixtures.ts';
import { harness } from '../runtime/testing/harness.ts';

interface Fixture {
  dir: string;
  src: string;
  store: StreamStore;
  items: Item[];
  history: DnsNameHistory;
  cleanup(): Promise<void>;
}

async function fixture(): Promise<Fixture> {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const store = await StreamStore.open({ dir: path.join(dir, 'data', 'streams'), maxBytes: 64 << 20, maxAgeMs: 3_600_000, segmentBytes: 64 << 10, segmentMs: 60_000, maxPendingBytes: 64 << 20, maintainMs: 0 });
  const items = await recordCapture(src, store);
  const history = new DnsNameHistory();
  for (const it of items) history.observe(it);
  return { dir, src, store, items, history, cleanup: async () => (await store.close(), await cleanup()) };
}

async function scripted(fx: Fixture, code: string, items: Item[]) {
  const h = await harness({ 's.js': code }, { config: (c) => (c.dataDir = path.join(fx.dir, 'data')), runtime: { services: { streams: fx.store, nameHistory: fx.history } } });
  await h.items(items);
  return h;
}

const first = (items: Item[], l4: string) => items.find((i) => i.protocol.layer4 === l4)!;

test('pcap.path(data.stream) returns a data-dir path of that stream; tshark sees the source conversation', async (t) => {
  const fx = await fixture();
  const tcp = first(fx.items, 'tcp');
  const udp = first(fx.items, 'udp');
  const h = await scripted(fx, `function onItemCaptured(d) { var p = pcap.path(d.stream); console.log(p, pcap.path(d.stream) === p); }`, [tcp, udp]);
  t.deepEqual(h.lines('s.js'), [`pcaps/${tcp.stream} true`, `pcaps/${udp.stream} true`]);
  for (const it of [tcp, udp]) t.deepEqual(await frames(path.join(fx.dir, 'data', 'pcaps', it.stream)), await frames(fx.src, conversationFilter(it)));
  t.is(await followTcp(path.join(fx.dir, 'data', 'pcaps', tcp.stream), 'tcp'), await followTcp(fx.src, conversationFilter(tcp)));
  h.stop();
  await fx.cleanup();
});

test('pcap.snapshot: all streams, selected streams, or the pcaps of a folder — merged in time order', async (t) => {
  const fx = await fixture();
  const tcp = first(fx.items, 'tcp');
  const udp = first(fx.items, 'udp');
  const h = await scripted(
    fx,
    `var n = 0; function onItemCaptured(d) { pcap.path(d.stream); if (++n < 2) return;
  var all = pcap.snapshot(); var two = pcap.snapshot(["${tcp.stream}", "${udp.stream}", "000000999999.pcap"]); var dir = pcap.snapshot([], "pcaps");
  console.log(/^snapshots\\/\\d+(_\\d+)?\\.pcap$/.test(all), all !== two, two !== dir); console.log(all); console.log(two); console.log(dir); }`,
    [tcp, udp],
  );
  const [check, all, two, dir] = h.lines('s.js').filter((l) => !l.includes('not in the stream store'));
  t.is(check, 'true true true');
  t.true(h.rt.console('s.js').texts().some((l) => l.includes('1 selected stream(s) not in the stream store') && l.includes('000000999999.pcap')));
  const data = (p: string) => path.join(fx.dir, 'data', p);
  t.deepEqual(await frames(data(all)), await frames(fx.src));
  const want = await frames(fx.src, `(${conversationFilter(tcp)}) || (${conversationFilter(udp)})`);
  t.deepEqual(await frames(data(two)), want);
  t.deepEqual(await frames(data(dir)), want, 'the folder held the two pcap.path files');
  t.deepEqual((await readdir(data('snapshots'))).length, 3);
  h.stop();
  await fx.cleanup();
});

test('pcap.path errors: not a stream name, unknown stream, no stream store', async (t) => {
  const fx = await fixture();
  const h = await scripted(
    fx,
    `function onItemCaptured(d) { ["../../etc/passwd", "000000999999.pcap"].forEach(function (s) { try { pcap.path(s); } catch (e) { console.log(e.message); } }); }`,
    [fx.items[0]],
  );
  t.deepEqual(h.lines('s.js'), [
    'pcap.path: "../../etc/passwd" is not a stream name (items carry them in data.stream, e.g. "000000000042.pcap")',
    'pcap.path: stream 000000999999.pcap is not in the stream store (not seen on this node, or its packets were evicted)',
  ]);
  h.stop();
  const bare = await harness({ 'b.js': `try { pcap.path("000000000001.pcap"); } catch (e) { console.log(e.message); } console.log(JSON.stringify(pcap.nameResolutionHistory()));` }, { config: (c) => (c.dataDir = path.join(fx.dir, 'data')) });
  t.deepEqual(bare.lines('b.js'), ['pcap.path: the stream store is not running on this node (enable storage.streams; the hub has none)', '{}']);
  bare.stop();
  await fx.cleanup();
});

test('pcap.nameResolutionHistory: names from DNS answers by the time they were learned, cluster names with their namespace', async (t) => {
  const fx = await fixture();
  const h = await scripted(fx, `var h = pcap.nameResolutionHistory(); var out = {}; for (var ts in h) for (var ip in h[ts]) out[ip] = h[ts][ip].FullAddress + " " + h[ts][ip].Namespace + " " + /^\\d{10}$/.test(ts); console.log(JSON.stringify(out));`, []);
  const seen = JSON.parse(h.lines('s.js')[0]) as Record<string, string>;
  t.is(seen['203.0.113.7'], 'api.partner.example.com  true', 'external name through a CNAME chain, no namespace');
  const cluster = Object.entries(seen).filter(([ip]) => ip.startsWith('10.96.'));
  t.true(cluster.length > 3);
  for (const [, v] of cluster) t.regex(v, /^[a-z]+\.(shop|default)\.svc\.cluster\.local (shop|default) true$/);
  for (const [, v] of cluster) t.is(v.split(' ')[0].split('.')[1], v.split(' ')[1]);
  h.stop();
  await fx.cleanup();
});
