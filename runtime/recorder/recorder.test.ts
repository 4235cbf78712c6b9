import test from 'ava';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { compileKfl } from '../../capture/kfl/index.ts';
import type { Item } from '../../capture/item.ts';
import { startGcsJsonApiServer } from '../../capture/store/testing/gcs-server.ts';
import { conversationFilter, frames, writeMixedCapture } from '../../capture/store/testing/store-fixtures.ts';
import { tempDir } from '../../capture/testing/pcap-fixtures.ts';
import { defaultConfig } from '../config.ts';
import { WirehookNode } from '../roles/node.ts';
import { pcapFileSource } from '../roles/packet-source.ts';
import { storageFeature } from './storage-feature.ts';
import { phasedSource } from './testing/phased-source.ts';
import { archiveMembers, sha256, startNode, until } from './testing/recorder-fixtures.ts';

const POSTS = 'http and request.method == "POST"';

test('a recording made through the API: matching items, their streams\' packets and the name history, uploaded and downloadable', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const out = path.join(dir, 'out');
  const n = await startNode(t, path.join(dir, 'data'));
  const created = await n.api('POST', '/api/recordings', { name: 'posts', filter: POSTS, durationMs: 600_000, destination: { type: 'folder', folder: out } });
  t.is(created.status, 201);
  t.is(created.body.state, 'recording');
  const expected: Item[] = [];
  const f = compileKfl(POSTS);
  n.node.items.subscribe((i) => f.match(i) && expected.push(i));
  await n.node.runSource(pcapFileSource(src)).done;
  t.true(expected.length > 5);
  const flushed = await n.api('POST', '/api/recordings/posts/flush');
  t.is(flushed.status, 200);
  const a = flushed.body.archive;
  t.regex(a.file, /^posts_wirehook_\d{10}\.tar\.gz$/);
  t.deepEqual([a.reason, a.items, a.key], ['manual', expected.length, `node-a_10.0.0.10/${a.file}`]);
  const done = await until(async () => (await n.recording('posts')).archives.find((x) => x.state === 'uploaded'), 'the upload');
  t.is(done.url, `file://${out}/node-a_10.0.0.10/${a.file}`);
  const uploaded = await readFile(path.join(out, 'node-a_10.0.0.10', a.file));
  t.is(sha256(uploaded), a.sha256, 'the uploaded archive is the spooled one');
  t.deepEqual(await readdir(path.join(dir, 'data', 'spool')), ['recordings.json', 'work'], 'nothing left in the spool');

  const m = await archiveMembers(uploaded);
  t.deepEqual([...m.keys()].sort(), ['capture.pcap', 'items.ndjson', 'name-resolution.json', 'recording.json']);
  const items = m.get('items.ndjson')!.toString().trim().split('\n').map((l) => JSON.parse(l) as Item);
  t.deepEqual(items.map((i) => i.id), expected.map((i) => i.id));
  await writeFile(path.join(dir, 'capture.pcap'), m.get('capture.pcap')!);
  const streams = [...new Map(expected.map((i) => [i.stream, i])).values()];
  t.deepEqual(await frames(path.join(dir, 'capture.pcap')), await frames(src, streams.map((i) => `(${conversationFilter(i)})`).join(' || ')), 'every packet of those streams, nothing else');
  t.true(Object.values(JSON.parse(m.get('name-resolution.json')!.toString()) as Record<string, Record<string, { FullAddress: string }>>).some((v) => v['203.0.113.7']?.FullAddress === 'api.partner.example.com'));
  t.like(JSON.parse(m.get('recording.json')!.toString()), { recording: 'posts', filter: POSTS, reason: 'manual', items: expected.length, packets: (await frames(path.join(dir, 'capture.pcap'))).length });

  const dl = await n.api('GET', `/api/recordings/posts/archives/${a.file}`, undefined, null);
  t.is(dl.status, 200);
  t.is(sha256(dl.body), a.sha256, 'downloaded from the destination after upload');
  await n.stop();
  await cleanup();
});

test('API errors are coded; changes need the token', async (t) => {
  const { dir, cleanup } = await tempDir();
  const n = await startNode(t, dir);
  const body = { name: 'r1', filter: 'dns', durationMs: 60_000 };
  t.like(await n.api('POST', '/api/recordings', body, null), { status: 401, body: { code: 'ERR_UNAUTHORIZED' } });
  t.like(await n.api('POST', '/api/recordings', { ...body, filter: 'dns and' }), { status: 400, body: { code: 'ERR_RECORDING_FILTER' } });
  t.like(await n.api('POST', '/api/recordings', { ...body, durationMs: 5 }), { status: 400, body: { code: 'ERR_RECORDING_INVALID' } });
  t.is((await n.api('POST', '/api/recordings', body)).status, 201);
  t.like(await n.api('POST', '/api/recordings', body), { status: 409, body: { code: 'ERR_RECORDING_EXISTS' } });
  t.like(await n.api('GET', '/api/recordings/nope'), { status: 404, body: { code: 'ERR_RECORDING_NOT_FOUND' } });
  t.like(await n.api('GET', '/api/recordings/r1/archives/x_wirehook_1.tar.gz'), { status: 404, body: { code: 'ERR_RECORDING_NOT_FOUND' } });
  t.like(await n.api('POST', '/api/recordings/r1/flush'), { status: 200, body: { archive: null } });
  t.like(await n.api('POST', '/api/recordings/r1/stop'), { status: 200, body: { state: 'stopped', window: null } });
  t.like(await n.api('DELETE', '/api/recordings/r1'), { status: 200, body: { removed: 'r1' } });
  t.deepEqual((await n.api('GET', '/api/recordings')).body, []);
  await n.stop();
  await cleanup();
});

test('a scheduled window records only what arrives while it is open, and archives itself at its end', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const out = path.join(dir, 'out');
  const source = await phasedSource(src, 3);
  const T = Date.UTC(2026, 5, 1, 2, 0, 0);
  let now = T - 60_000;
  const n = await startNode(
    t,
    path.join(dir, 'data'),
    (c) => {
      c.recording.local.folder = out;
      c.recording.schedules = { calls: { filter: 'http', start: new Date(T).toISOString(), duration: '10m', destination: 'folder' } };
    },
    { tickMs: 0, now: () => now },
  );
  const tick = (ms: number) => ((now = ms), n.node.services.recorder!.tick());
  let phase = 0;
  const httpPerPhase = [0, 0, 0];
  n.node.items.subscribe((i) => i.protocol.name === 'http' && httpPerPhase[phase]++);
  const run = n.node.runSource(source);
  await until(() => source.pushed === 1, 'phase 0');
  t.like(await n.recording('calls'), { state: 'scheduled', origin: 'config', items: 0, nextWindow: { start: T, end: T + 600_000 } });
  tick(T);
  t.like(await n.recording('calls'), { state: 'recording', window: { start: T, end: T + 600_000 } });
  phase = 1;
  await source.next();
  tick(T + 600_000);
  const r = await until(async () => {
    const s = await n.recording('calls');
    return s.archives.length > 0 ? s : null;
  }, 'the window to be archived');
  phase = 2;
  await source.next();
  await run.done;
  t.is(r.state, 'finished');
  t.is(r.archives.length, 1);
  t.like(r.archives[0], { reason: 'window-end', items: httpPerPhase[1], windowStart: T, windowEnd: T + 600_000 });
  t.regex(r.archives[0].file, new RegExp(`^calls_wirehook_${(T + 600_000) / 1000}\\.tar\\.gz$`));
  t.true(httpPerPhase[0] > 0 && httpPerPhase[1] > 0 && httpPerPhase[2] > 0);
  t.is((await n.recording('calls')).items, httpPerPhase[1], 'nothing before or after the window');
  await until(async () => (await n.recording('calls')).archives[0].state === 'uploaded', 'the upload');
  const metrics = await n.node.metrics.metrics();
  t.regex(metrics, new RegExp(`wirehook_recorder_items_total\\{recording="calls"\\} ${httpPerPhase[1]}\\n`));
  t.regex(metrics, /wirehook_spool_uploads_total 1\n/);
  t.regex(metrics, /wirehook_stream_store_packets_total [1-9]\d*\n/);
  await n.stop();
  await cleanup();
});

test('an open window is also archived every cutMinutes: streams that span cuts are split between archives, never duplicated', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const source = await phasedSource(src, 3);
  const T = Date.UTC(2026, 5, 1, 2, 0, 0);
  let now = T;
  const n = await startNode(
    t,
    path.join(dir, 'data'),
    (c) => {
      c.recording.cutMinutes = 1;
      c.recording.schedules = { calls: { filter: 'http', start: new Date(T).toISOString(), duration: '10m' } };
    },
    { tickMs: 0, now: () => now },
  );
  const tick = (ms: number) => ((now = ms), n.node.services.recorder!.tick());
  const all: Item[] = [];
  n.node.items.subscribe((i) => i.protocol.name === 'http' && all.push(i));
  const run = n.node.runSource(source);
  await until(() => source.pushed === 1, 'phase 0');
  tick(T + 60_000);
  await source.next();
  tick(T + 120_000);
  await source.next();
  await run.done;
  tick(T + 600_000);
  const r = await until(async () => {
    const s = await n.recording('calls');
    return s.archives.length === 3 && s.archives.every((a) => a.state === 'uploaded') ? s : null;
  }, 'three archives');
  t.deepEqual(r.archives.map((a) => a.reason), ['interval', 'interval', 'window-end']);
  const ids: string[] = [];
  const got: string[] = [];
  for (const a of r.archives) {
    const m = await archiveMembers(path.join(dir, 'data', 'recordings', a.key));
    ids.push(...m.get('items.ndjson')!.toString().trim().split('\n').map((l) => (JSON.parse(l) as Item).id));
    await writeFile(path.join(dir, 'part.pcap'), m.get('capture.pcap')!);
    got.push(...(await frames(path.join(dir, 'part.pcap'))));
  }
  t.deepEqual(ids, all.map((i) => i.id), 'every item once, in order');
  const streams = [...new Map(all.map((i) => [i.stream, i])).values()];
  const want = await frames(src, streams.map((i) => `(${conversationFilter(i)})`).join(' || '));
  t.is(got.length, want.length, 'no packet twice');
  t.deepEqual([...got].sort(), [...want].sort(), 'every packet of the recorded streams');
  await n.stop();
  await cleanup();
});

test('spool full: recordings stop collecting (counted, logged) and never delete the unsent archive; they resume once it uploads', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const data = path.join(dir, 'data');
  const blocker = path.join(dir, 'blocker');
  await writeFile(blocker, 'a file where the destination folder should be');
  const old = Buffer.alloc(2 * 1024 * 1024, 1);
  const file = 'old_wirehook_1700000000.tar.gz';
  await mkdir(path.join(data, 'spool'), { recursive: true });
  await writeFile(path.join(data, 'spool', file), old);
  const entry = { file, recording: 'old', destination: { type: 'folder', folder: path.join(blocker, 'sub') }, key: `k/${file}`, size: old.length, sha256: sha256(old), createdMs: 1, attempts: 0, nextAttemptMs: 0, lastError: '' };
  await writeFile(path.join(data, 'spool', file + '.json'), JSON.stringify(entry));
  const n = await startNode(t, data, (c) => (c.recording.spool.maxMb = 1));
  await n.api('POST', '/api/recordings', { name: 'all', filter: '', durationMs: 600_000 });
  const source = await phasedSource(src, 2);
  const run = n.node.runSource(source);
  await until(() => source.pushed === 1, 'phase 0');
  const paused = await n.recording('all');
  t.like(paused, { paused: true, items: 0 });
  t.true(paused.itemsDropped > 0);
  t.true(n.logs.some((l) => l.includes('the spool is full')));
  const waiting = JSON.parse(await readFile(path.join(data, 'spool', file + '.json'), 'utf8'));
  t.true(waiting.attempts >= 1, 'the upload is being retried');
  t.regex(waiting.lastError, /put k\/old_wirehook_1700000000\.tar\.gz/);
  await rm(blocker);
  await until(() => n.logs.some((l) => l.includes('the spool has room again')), 'the retry to succeed');
  t.is(sha256(await readFile(path.join(blocker, 'sub', 'k', file))), entry.sha256, 'the archive arrived intact');
  await source.next();
  await run.done;
  const resumed = await n.recording('all');
  t.true(resumed.items > 0, 'collecting again');
  t.is(resumed.itemsDropped, paused.itemsDropped);
  await n.stop();
  await cleanup();
});

test('items a crashed node left in a recording\'s working folder are archived at the next start', async (t) => {
  const { dir, cleanup } = await tempDir();
  const out = path.join(dir, 'out');
  const part = path.join(dir, 'spool', 'work', 'cfg', '1700000000000-1700000000001', 'part-0');
  await mkdir(part, { recursive: true });
  await writeFile(path.join(part, 'items.ndjson'), '{"id":"a"}\n{"id":"b"}\n{"id":"c"}\n');
  const n = await startNode(t, dir, (c) => {
    c.recording.local.folder = out;
    c.recording.schedules = { cfg: { filter: 'http', start: '2020-01-01T00:00:00Z', duration: '1h' } };
  });
  const a = await until(async () => (await n.recording('cfg')).archives.find((x) => x.state === 'uploaded'), 'the recovered archive');
  t.like(a, { reason: 'recovered', items: 3, packets: 0 });
  const m = await archiveMembers(path.join(out, a.key));
  t.is(m.get('items.ndjson')!.toString(), '{"id":"a"}\n{"id":"b"}\n{"id":"c"}\n');
  t.true(n.logs.some((l) => l.includes('recovered 3 items of "cfg"')));
  t.deepEqual(await readdir(path.join(dir, 'spool', 'work')), []);
  await n.stop();
  await cleanup();
});

test('a GCS destination (loopback GCS JSON-API server): the archive arrives with the key layout, confirmed by MD5', async (t) => {
  const { dir, cleanup } = await tempDir();
  const src = await writeMixedCapture(dir);
  const gcs = await startGcsJsonApiServer();
  const n = await startNode(t, path.join(dir, 'data'), (c) => Object.assign(c.recording.gcs, { bucket: 'recs', endpoint: gcs.endpoint, key: JSON.stringify({ type: 'service_account', project_id: 'p' }) }));
  await n.api('POST', '/api/recordings', { name: 'g', filter: 'dns', durationMs: 600_000, destination: { type: 'gcs', prefix: 'wh' } });
  await n.node.runSource(pcapFileSource(src)).done;
  const stopped = await n.api('POST', '/api/recordings/g/stop');
  const a = stopped.body.archives[0];
  t.like(a, { reason: 'stop', key: `wh/node-a_10.0.0.10/${a.file}`, destination: { type: 'gcs', prefix: 'wh' } });
  const up = await until(async () => (await n.recording('g')).archives.find((x) => x.state === 'uploaded'), 'the upload');
  t.is(up.url, `${gcs.endpoint}/download/storage/v1/b/recs/o/${encodeURIComponent(a.key)}?alt=media`);
  t.is(sha256(gcs.objects.get(`recs/${a.key}`)!.data), a.sha256);
  await n.stop();
  await gcs.stop();
  await cleanup();
});

test('the hub has no packets: its recordings API answers 501 ERR_NOT_AVAILABLE', async (t) => {
  const { dir, cleanup } = await tempDir();
  const config = defaultConfig();
  Object.assign(config, { dataDir: dir });
  config.dashboard.port = 0;
  const hub = await WirehookNode.create({ role: 'hub', config, features: [storageFeature()] });
  await hub.start();
  const r = await fetch(`${hub.http!.url}/api/recordings`);
  t.is(r.status, 501);
  t.like(await r.json(), { code: 'ERR_NOT_AVAILABLE' });
  t.is(hub.services.streams, undefined);
  await hub.stop();
  await cleanup();
});
