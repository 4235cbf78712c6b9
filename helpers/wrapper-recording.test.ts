/**
 * wrapper.kflPcapS3 and wrapper.pcapSnapshot in a real node (stream store, pcap/file/vendor
 * helpers) uploading to a real S3 server (OpenStack Swift s3api on loopback, SigV4):
 * the archives hold a pcap tshark reads back with the matching streams, and the name history.
 */
import test from 'ava';
import { mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { x as untar } from 'tar';
import { S3BlobStore } from '../capture/store/blob/s3-blob-store.ts';
import { createBucket, startSwift, SWIFT_CREDENTIALS, SWIFT_REGION, type SwiftServer } from '../capture/store/testing/swift-server.ts';
import { generateHttpCorpus } from '../capture/synth/http-corpus.ts';
import { pcapFileSink } from '../capture/synth/pcap-sink.ts';
import { tsharkRows } from '../capture/testing/pcap-fixtures.ts';
import { defaultConfig } from '../runtime/config.ts';
import { WirehookNode } from '../runtime/roles/node.ts';
import { pcapFileSource } from '../runtime/roles/packet-source.ts';

/** Swift: ports 17630–17634. */
let swift: SwiftServer;
let work = '';
let capture = '';

test.before(async () => {
  swift = await startSwift(17630);
  await createBucket(swift.endpoint, 'forensics');
  work = await mkdtemp(path.join(os.tmpdir(), 'wh-wrapper-rec-'));
  capture = path.join(work, 'http.pcap');
  const sink = pcapFileSink(capture);
  generateHttpCorpus(sink, { connections: 400, seed: 11 });
  sink.close();
});
test.after.always(async () => swift?.stop());

async function nodeWith(name: string, script: string): Promise<{ node: WirehookNode; lines: string[] }> {
  const config = defaultConfig();
  config.dataDir = path.join(work, name);
  config.dashboard.port = 0;
  config.recording.s3.endpoint = swift.endpoint;
  config.recording.s3.forcePathStyle = true;
  config.scripting.env = {
    AWS_REGION: SWIFT_REGION,
    AWS_ACCESS_KEY_ID: SWIFT_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: SWIFT_CREDENTIALS.secretAccessKey,
    S3_BUCKET: 'forensics',
  };
  await mkdir(path.join(config.dataDir, 'scripts'), { recursive: true });
  await writeFile(path.join(config.dataDir, 'scripts', 'rec.js'), script);
  const node = await WirehookNode.create({ role: 'single', config, log: () => undefined });
  const lines: string[] = [];
  node.runtime.console('rec.js').subscribe((e) => {
    if (e.type === 'line') lines.push(e.line.text);
  });
  await node.start({ listen: false });
  return { node, lines };
}

async function until(cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Download an uploaded archive, unpack it, return its files and the pcap's TCP streams. */
async function unpack(url: string): Promise<{ files: string[]; streams: Set<string> }> {
  const key = url.slice(`${swift.endpoint}/forensics/`.length);
  const bucket = new S3BlobStore({ bucket: 'forensics', region: SWIFT_REGION, endpoint: swift.endpoint, forcePathStyle: true, credentials: SWIFT_CREDENTIALS });
  const dir = await mkdtemp(path.join(work, 'unpacked-'));
  await pipeline(await bucket.get(key), untar({ cwd: dir }));
  const files = (await readdir(dir, { recursive: true })).map(String).sort();
  const pcap = files.find((f) => f.endsWith('.pcap'))!;
  const rows = await tsharkRows(path.join(dir, pcap), ['tcp.stream']);
  return { files, streams: new Set(rows.map((r) => r[0])) };
}

test.serial('wrapper.kflPcapS3 uploads the streams of matching items, with the name history', async (t) => {
  const { node, lines } = await nodeWith(
    'kfl',
    `// forensic 5xx
function onItemCaptured(data) {
  wrapper.kflPcapS3(data, { kflArr: ["http and response.status == 500"], maxL4Streams: 0 });
}`,
  );
  const expected = new Set<string>();
  node.items.subscribe((i) => {
    if (i.response?.status === 500) expected.add(i.stream);
  });
  await node.runSource(pcapFileSource(capture)).done;
  t.true(expected.size > 0);
  await until(() => lines.some((l) => l.includes('L4 streams matching KFL')), 25_000);
  const line = lines.find((l) => l.includes('L4 streams matching KFL'))!;
  t.regex(line, new RegExp(`^${swift.endpoint}/forensics/\\S+\\.tar\\.gz contains ${expected.size} L4 streams matching KFL "http and response.status == 500"`));
  const { files, streams } = await unpack(line.split(' ')[0]);
  t.true(files.some((f) => f.endsWith('name_resolution_history.json')));
  t.is(streams.size, expected.size, 'one TCP stream per matching connection');
  await node.stop();
});

test.serial('wrapper.pcapSnapshot uploads every stream and returns the object URL', async (t) => {
  const { node, lines } = await nodeWith(
    'snap',
    `// snapshot once
var done = false;
function onItemCaptured(data) {
  if (done || !data.response || data.response.status !== 404) return;
  done = true;
  console.log(wrapper.pcapSnapshot(env.AWS_REGION, env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.S3_BUCKET));
}`,
  );
  await node.runSource(pcapFileSource(capture)).done;
  await until(() => lines.length > 0, 20_000);
  t.regex(lines[0], new RegExp(`^${swift.endpoint}/forensics/`));
  const { files, streams } = await unpack(lines[0]);
  t.true(files.some((f) => f.endsWith('name_resolution_history.json')));
  t.true(streams.size >= 1);
  await node.stop();
});
