/**
 * Hub restart with worker processes running: the hub process is killed (SIGKILL, by PID)
 * while a worker produces items; the worker buffers within its bound, counts what it
 * drops and logs the outage; a new hub on the same port gets the worker back (reconnect
 * with back-off), items flow again and the drops show in /api/nodes and the worker's log.
 */
import test from 'ava';
import path from 'node:path';
import type { WorkerView } from './worker-record.ts';
import { TOKEN, eventually, getJson, tempDir, writeSteadyCapture } from './testing/cluster-env.ts';
import { runWirehook, type WirehookProcess } from './testing/wirehook-process.ts';

const HUB_PORT = 18020;
const HUB = `http://127.0.0.1:${HUB_PORT}`;
const procs: WirehookProcess[] = [];

test.after.always(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
});

test('workers reconnect to a restarted hub; drops while it was down are counted and reported', async (t) => {
  const dir = await tempDir('restart');
  const startHub = () => {
    const p = runWirehook(['hub', '--port', String(HUB_PORT), '--data', path.join(dir, 'hub'), '--token', TOKEN]);
    procs.push(p);
    return p;
  };
  // Steady traffic: a capture spanning 60 s, replayed at its own pace (about 35 items/s).
  const pcap = path.join(dir, 'steady.pcap');
  writeSteadyCapture(pcap, 1000, 31, 60_000);
  const worker = runWirehook(['worker', '--hub', HUB, '--token', TOKEN, '--name', 'w-r', '--pcap', pcap, '--speed', '1', '--port', '18021', '--data', path.join(dir, 'w-r')], {
    WIREHOOK_HUB_BUFFER_ITEMS: '20',
    WIREHOOK_HUB_RECONNECT_MAX_MS: '300',
    WIREHOOK_HUB_START_WAIT_MS: '60000',
  });
  procs.push(worker);
  // Hub and worker start together: the worker retries until the hub listens.
  const hub1 = startHub();
  await eventually(() => getJson<WorkerView[]>(`${HUB}/api/nodes`).catch(() => []), (n) => n[0]?.items > 0, 60_000, 'first items at the hub');

  const beforeKill = worker.mark();
  t.is(await hub1.kill('SIGKILL'), 'SIGKILL');
  await worker.waitFor(/hub ws:\/\/127\.0\.0\.1:18020\/api\/cluster unreachable \(.+\); buffering up to 20 items/, 20_000, beforeKill);
  // Let the bounded buffer (20 items) overflow.
  await new Promise((r) => setTimeout(r, 2000));

  const hub2 = startHub();
  await hub2.waitFor(/workers connect with --hub/, 60_000);
  const nodes = await eventually(
    () => getJson<WorkerView[]>(`${HUB}/api/nodes`).catch(() => []),
    (n) => n[0]?.connected && n[0].items > 20 && n[0].drops.items > 0,
    30_000,
    'the worker back on the new hub, items flowing, drops reported',
  );
  t.is(nodes[0].name, 'w-r');
  const m = await worker.waitFor(/connected to hub \S+ after [\d.]+ s; dropped (\d+) items/, 20_000, beforeKill);
  t.true(Number(m[1]) > 0);
  t.true(nodes[0].drops.items >= Number(m[1]));
  const metrics = await (await fetch('http://127.0.0.1:18021/metrics')).text();
  const dropped = Number(/^wirehook_uplink_dropped_total\{kind="items"\} (\d+)$/m.exec(metrics)?.[1]);
  t.true(dropped >= Number(m[1]), 'the worker exports its drops on /metrics');
  t.regex(metrics, /^wirehook_uplink_connected 1$/m);
});
