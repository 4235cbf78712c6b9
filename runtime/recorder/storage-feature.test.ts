import test from 'ava';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { followTcp, frames } from '../../capture/store/testing/store-fixtures.ts';
import { tempDir } from '../../capture/testing/pcap-fixtures.ts';
import { startNginx } from '../../capture/testing/servers.ts';
import { startCapture } from '../../capture/testing/tcpdump.ts';
import { pcapFileSource } from '../roles/packet-source.ts';
import { writeHttpCapture } from '../testing/capture.ts';
import { startNode, until } from './testing/recorder-fixtures.ts';

const exec = promisify(execFile);
/** nginx for the real traffic. */
const NGINX = 17620;

const SCRIPT = `// pcap helpers on a real node
function onItemCaptured(data) {
  if (data.protocol.name != "http") return;
  var p = pcap.path(data.stream);
  console.log(p + " " + data.src.ip + " " + data.src.port + " " + data.dst.ip + " " + data.dst.port);
}
function onHubAction(action) { if (action == "snap") console.log("snapshot " + pcap.snapshot()); }
`;

test('scripts on a node capturing real traffic: pcap.path and pcap.snapshot files are what tcpdump saw (tshark)', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const nginx = await startNginx(NGINX, { 'big.json': JSON.stringify({ rows: Array.from({ length: 3000 }, (_, i) => ({ i })) }) });
  t.teardown(() => nginx.stop());
  const real = path.join(dir, 'real.pcap');
  const cap = await startCapture(real, `tcp port ${NGINX}`);
  for (const p of ['/hello', '/big.json', '/status/404']) await exec('curl', ['-s', '-o', '/dev/null', `http://127.0.0.1:${NGINX}${p}`]);
  await exec('curl', ['-s', '-o', '/dev/null', '-d', 'a=1&b=2', `http://127.0.0.1:${NGINX}/submit`]);
  await cap.stop();

  const scripts = path.join(dir, 'scripts');
  await mkdir(scripts);
  await writeFile(path.join(scripts, 'pcaps.js'), SCRIPT);
  const data = path.join(dir, 'data');
  const n = await startNode(t, data, (c) => (c.scripting.source = scripts));
  await n.node.runSource(pcapFileSource(real)).done;
  const con = n.node.runtime.console('pcaps.js');
  const lines = await until(() => (con.texts().length >= 4 ? con.texts() : null), 'the script to see 4 HTTP items');
  t.is(lines.length, 4, lines.join('\n'));
  for (const line of lines) {
    const [rel, sip, sport, dip, dport] = line.split(' ');
    t.regex(rel, /^pcaps\/\d{12}\.pcap$/);
    const filter = `ip.addr==${sip} && ip.addr==${dip} && tcp.port==${sport} && tcp.port==${dport}`;
    const want = await frames(real, filter);
    t.true(want.length >= 6, 'a whole TCP connection');
    t.deepEqual(await frames(path.join(data, rel)), want, `${rel}: the connection's packets`);
    t.is(await followTcp(path.join(data, rel), 'tcp'), await followTcp(real, filter), `${rel}: the same byte stream`);
  }
  await n.node.runtime.dispatcher.invokeHook('onHubAction', ['snap', null]);
  const snap = await until(() => con.texts().find((l) => l.startsWith('snapshot ')), 'the snapshot');
  t.deepEqual(await frames(path.join(data, snap.slice(9))), await frames(real), 'everything tcpdump captured');
  t.is(n.node.services.streams!.stats.packets, (await frames(real)).length);
});

test('stream-store bounds on a node: evicted streams lose their pcaps/ file, and the metrics count the eviction', async (t) => {
  const { dir, cleanup } = await tempDir();
  t.teardown(cleanup);
  const capture = path.join(dir, 'big.pcap');
  writeHttpCapture(capture, { connections: 3000 });
  const scripts = path.join(dir, 'scripts');
  await mkdir(scripts);
  await writeFile(path.join(scripts, 'first.js'), `var done = false; function onItemCaptured(d) { if (!done) { done = true; console.log(pcap.path(d.stream)); } }`);
  const data = path.join(dir, 'data');
  const n = await startNode(t, data, (c) => {
    c.scripting.source = scripts;
    Object.assign(c.storage.streams, { maxMb: 1, segmentMb: 1 });
  });
  const run = n.node.runSource(pcapFileSource(capture));
  const con = n.node.runtime.console('first.js');
  const rel = await until(() => con.texts()[0], 'the first pcap.path');
  await run.done;
  const st = n.node.services.streams!.stats;
  await until(() => st.evictedStreams > 0 && !existsSync(path.join(data, rel)), 'the first stream to be evicted with its file');
  t.false(n.node.services.streams!.has(path.basename(rel)));
  t.true(n.node.services.streams!.diskBytes() <= 1.5 * 1024 * 1024);
  const metrics = await n.node.metrics.metrics();
  t.regex(metrics, /wirehook_stream_store_evicted_segments_total [1-9]\d*\n/);
  t.regex(metrics, new RegExp(`wirehook_stream_store_evicted_streams_total ${st.evictedStreams}\\n`));
});
