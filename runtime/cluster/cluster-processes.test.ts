/**
 * One hub and two worker PROCESSES, as an operator runs them: each worker replays a
 * different generated capture (HTTP, Redis). The hub sees both nodes' items (GET
 * /api/nodes and a hub-side script), hub.action crosses from the workers to the hub's
 * onHubAction, the hub's scripts run on the workers (their console lines are forwarded to
 * the hub, printed with --console), and a script added on the hub reaches the workers.
 */
import test from 'ava';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { WorkerView } from './worker-record.ts';
import { TOKEN, eventually, getJson, tempDir, writeCapture } from './testing/cluster-env.ts';
import { runWirehook, type WirehookProcess } from './testing/wirehook-process.ts';

const HUB_PORT = 18010;
const HUB = `http://127.0.0.1:${HUB_PORT}`;
const SEEN = `// Seen
console.log('loaded on ' + utils.nodeName());
var seen = {};
function onItemCaptured(data) {
  var key = data.worker + ' ' + data.protocol.abbr;
  if (seen[key]) return;
  seen[key] = true;
  if (utils.nodeName() === 'hub') console.log('hub saw ' + key);
  else hub.action('first', { node: utils.nodeName(), protocol: data.protocol.abbr });
}
function onHubAction(action, object) { console.log('action ' + action + ' from ' + object.node + ' ' + object.protocol + ' on ' + utils.nodeName()); }
`;

let dir = '';
let scriptsDir = '';
const procs: WirehookProcess[] = [];
let hubProc: WirehookProcess;
const items: Record<string, number> = {};

test.before(async () => {
  dir = await tempDir('procs');
  scriptsDir = path.join(dir, 'hub-scripts');
  await mkdir(scriptsDir);
  await writeFile(path.join(scriptsDir, 'seen.js'), SEEN);
  const http = path.join(dir, 'http.pcap');
  const redis = path.join(dir, 'redis.pcap');
  writeCapture(http, 'http', 120, 21);
  writeCapture(redis, 'redis', 40, 22);
  hubProc = runWirehook(['hub', '--port', String(HUB_PORT), '--data', path.join(dir, 'hub'), '--scripts', scriptsDir, '--token', TOKEN, '--console']);
  procs.push(hubProc);
  // The workers start with the hub: they retry until it listens, and capture once its scripts arrived.
  const workers = [
    ['w-a', http, 18011],
    ['w-b', redis, 18012],
  ] as const;
  for (const [name, pcap, port] of workers) {
    const w = runWirehook(['worker', '--hub', `ws://127.0.0.1:${HUB_PORT}`, '--token', TOKEN, '--name', name, '--pcap', pcap, '--port', String(port), '--data', path.join(dir, name)], {
      WIREHOOK_HUB_START_WAIT_MS: '60000',
    });
    procs.push(w);
  }
  await Promise.all(
    procs.slice(1).map(async (w, i) => {
      const m = await w.waitFor(/finished: \d+ packets, (\d+) items/, 60_000);
      items[workers[i][0]] = Number(m[1]);
    }),
  );
});

test.after.always(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
});

test.serial('the hub sees both workers\' items: /api/nodes counts and a hub-side script', async (t) => {
  t.true(items['w-a'] > 100 && items['w-b'] > 30, JSON.stringify(items));
  const nodes = await eventually(
    () => getJson<WorkerView[]>(`${HUB}/api/nodes`),
    (n) => n.length === 2 && n.every((w) => w.connected && w.items === items[w.name]),
    20_000,
    'both workers in /api/nodes with all their items',
  );
  t.deepEqual(nodes.map((n) => n.name).sort(), ['w-a', 'w-b']);
  t.true(nodes.every((n) => n.flows > 0 && n.drops.items === 0));
  await hubProc.waitFor(/\[seen\.js\] hub saw w-a HTTP/);
  await hubProc.waitFor(/\[seen\.js\] hub saw w-b REDIS/);
});

test.serial('hub.action from a worker script reaches the hub\'s onHubAction; worker consoles are forwarded', async (t) => {
  await hubProc.waitFor(/\[seen\.js\] action first from w-a HTTP on hub/);
  await hubProc.waitFor(/\[seen\.js\] action first from w-b REDIS on hub/);
  await hubProc.waitFor(/\[seen\.js\] \[w-a\] loaded on w-a/);
  await hubProc.waitFor(/\[seen\.js\] \[w-b\] loaded on w-b/);
  t.notRegex(hubProc.stdout(), /\[seen\.js\] \[w-.\] action/, 'onHubAction does not run on workers');
});

test.serial('a script added on the hub runs on every worker', async (t) => {
  await writeFile(path.join(scriptsDir, 'late.js'), `// Late\nconsole.log('late on ' + utils.nodeName());`);
  await hubProc.waitFor(/\[late\.js\] \[w-a\] late on w-a/);
  await hubProc.waitFor(/\[late\.js\] \[w-b\] late on w-b/);
  await hubProc.waitFor(/\[late\.js\] late on hub/);
  const nodes = await eventually(
    () => getJson<WorkerView[]>(`${HUB}/api/nodes`),
    (n) => n.every((w) => w.scripts.some((s) => s.id === 'late.js' && s.state === 'running')),
    20_000,
    'late.js running in every worker\'s stats',
  );
  t.is(nodes.length, 2);
});
