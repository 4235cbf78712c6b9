/**
 * `wirehook worker --demo` as an operator runs it, connected to a `wirehook hub`: the
 * worker generates the demo cluster's traffic and the hub's dashboard API shows it,
 * endpoints named by the demo identities the worker's identity feature applied.
 */
import test from 'ava';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { TOKEN, eventually, getJson, tempDir } from '../../../runtime/cluster/testing/cluster-env.ts';
import { runWirehook, type WirehookProcess } from '../../../runtime/cluster/testing/wirehook-process.ts';

const HUB_PORT = 18180;
const procs: WirehookProcess[] = [];
let dir = '';

test.after.always(async () => {
  await Promise.all(procs.map((p) => p.kill('SIGKILL')));
  if (dir) await rm(dir, { recursive: true, force: true });
});

test('a demo worker streams named demo traffic to the hub', async (t) => {
  dir = await tempDir('demo-worker');
  procs.push(runWirehook(['hub', '--port', String(HUB_PORT), '--data', path.join(dir, 'hub'), '--token', TOKEN]));
  const worker = runWirehook(['worker', '--hub', `ws://127.0.0.1:${HUB_PORT}`, '--token', TOKEN, '--name', 'demo-1', '--demo', '--rate', '30', '--port', '18181', '--data', path.join(dir, 'w')], {
    WIREHOOK_HUB_START_WAIT_MS: '60000',
  });
  procs.push(worker);
  await worker.waitFor(/wirehook: source demo/, 60_000);
  const page = await eventually(
    () => getJson<{ rows: { protocol: { abbr: string }; src: { namespace: string }; dst: { name: string; namespace: string }; node: string }[] }>(`http://127.0.0.1:${HUB_PORT}/api/items?limit=300`),
    (p) => new Set(p.rows.map((r) => r.protocol.abbr)).size >= 4 && p.rows.some((r) => r.dst.namespace === 'payments'),
    30_000,
    'demo items on the hub',
  );
  t.true(page.rows.every((r) => r.node === 'demo-1'));
  t.true(page.rows.some((r) => r.dst.name.startsWith('gateway-') && r.dst.namespace === 'shop'));
  t.regex(worker.stderr(), /demo cluster: 3 nodes, 4 namespaces, 29 pods; 30 requests\/s/);
  t.notRegex(worker.stderr(), /copied example scripts/, 'a worker gets its scripts from the hub');
});
