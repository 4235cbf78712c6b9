/**
 * Timed watch events in identity files: parsed and sorted, malformed ones rejected with
 * ERR_IDENTITY_FILE, handed out once as time passes; on a node replaying a capture
 * (`identity.file`), a pod that moved to another address is resolved as of each packet and
 * scripts get `onPodEvent` for it.
 */
import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import { pcapFileSource } from '../../runtime/roles/packet-source.ts';
import { startTestNode, waitFor } from '../live/testing/live-node.ts';
import { ClusterState } from './cluster-state.ts';
import { IdentityTimeline, parseIdentityEvents } from './identity-events.ts';
import { identityFeature } from './identity-feature.ts';
import { IdentityFileError, loadIdentityFile } from './static-identity.ts';
import { pod, writeIdentityCapture } from './testing/cluster-fixtures.ts';

const T = Date.UTC(2024, 5, 1, 12, 0, 0);
const iso = (ms: number) => new Date(ms).toISOString();

/** pay-1 answers on 10.4.0.10, restarts at T+1 s (not ready), is back on 10.4.0.20 at T+2 s. */
const IDENTITY = {
  pods: [pod('pay-1', 'payments', '10.4.0.10'), pod('client-1', 'shop', '10.4.0.99')],
  events: [
    { at: iso(T + 2000), type: 'MODIFIED', object: { kind: 'Pod', ...pod('pay-1', 'payments', '10.4.0.20') } },
    { at: T + 1000, type: 'MODIFIED', object: { kind: 'Pod', ...pod('pay-1', 'payments', '10.4.0.10'), status: { podIP: '', phase: 'Running' } } },
  ],
};

async function withDir<T>(fn: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-idev-'));
  try {
    return await fn(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

test('events are parsed (RFC 3339 or epoch ms), sorted, and handed out once as time passes', async (t) => {
  await withDir(async (dir) => {
    const file = path.join(dir, 'id.yaml');
    await writeFile(file, stringify(IDENTITY));
    const { counts, events } = await loadIdentityFile(file, new ClusterState());
    t.is(counts.Pod, 2);
    t.deepEqual(events.map((e) => [e.at - T, e.kind, e.type]), [[1000, 'Pod', 'MODIFIED'], [2000, 'Pod', 'MODIFIED']]);
    const tl = new IdentityTimeline(events);
    t.deepEqual(tl.due(T + 999), []);
    t.is(tl.due(T + 1500).length, 1);
    t.is(tl.nextAt, T + 2000);
    t.is(tl.due(T + 5000).length, 1);
    t.deepEqual(tl.due(T + 9000), []);
    t.is(tl.pending, 0);
  });
});

test('an identity file with only events is accepted; malformed events are ERR_IDENTITY_FILE', async (t) => {
  const fail = (what: string) => new IdentityFileError(what, 'hint');
  t.is(parseIdentityEvents({ events: IDENTITY.events }, fail).length, 2);
  const bad = (events: unknown) => t.throws(() => parseIdentityEvents({ events }, fail), { instanceOf: IdentityFileError })!.message;
  t.regex(bad({}), /'events' must be a list/);
  t.regex(bad([{ at: iso(T), type: 'CHANGED', object: IDENTITY.events[0].object }]), /events\[0\] needs type/);
  t.regex(bad([{ at: iso(T), type: 'ADDED', object: { kind: 'ConfigMap', metadata: { name: 'x' } } }]), /object with kind Pod/);
  t.regex(bad([{ at: 'yesterday', type: 'ADDED', object: IDENTITY.events[0].object }]), /needs at/);
  await withDir(async (dir) => {
    const file = path.join(dir, 'only-events.yaml');
    await writeFile(file, stringify({ events: IDENTITY.events }));
    t.is((await loadIdentityFile(file, new ClusterState())).events.length, 2);
  });
});

test('identity.file events on a replay: resolution as of each packet, onPodEvent for scripts', async (t) => {
  await withDir(async (dir) => {
    const file = path.join(dir, 'id.yaml');
    await writeFile(file, stringify(IDENTITY));
    const pcap = path.join(dir, 'moves.pcap');
    writeIdentityCapture(pcap, [
      { http: { client: '10.4.0.99', server: '10.4.0.10', port: 8080, path: '/before', at: T + 500 } },
      { http: { client: '10.4.0.99', server: '10.4.0.10', port: 8080, path: '/while-down', at: T + 1500 } },
      { http: { client: '10.4.0.99', server: '10.4.0.20', port: 8080, path: '/after', at: T + 2500 } },
    ]);
    const tn = await startTestNode({
      features: [identityFeature],
      configure: (c) => void (c.identity.file = file),
      beforeStart: (node) => writeFile(path.join(node.scriptFolder.dir, 'ev.js'), '// ev\nfunction onPodEvent(e, p) { console.log(e + " " + p.metadata.name + " [" + p.status.podIP + "]"); }'),
    });
    try {
      await tn.node.runSource(pcapFileSource(pcap)).done;
      const dst = (p: string) => tn.items.find((i) => i.request?.path === p)!.dst;
      t.is(dst('/before').name, 'pay-1');
      t.is(dst('/while-down').name, '', 'the address stopped resolving when the pod lost it');
      t.like(dst('/after'), { name: 'pay-1', namespace: 'payments' });
      const lines = () => tn.node.runtime.console('ev.js').texts();
      await waitFor('both pod events', () => lines().length === 2);
      t.deepEqual(lines(), ['MODIFIED pay-1 []', 'MODIFIED pay-1 [10.4.0.20]']);
      t.true(tn.logs.some((l) => l.includes('2 timed events')));
    } finally {
      await tn.close();
    }
  });
});
