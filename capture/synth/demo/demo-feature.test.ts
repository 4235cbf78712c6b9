/**
 * The demo on a running node (what `wirehook start` runs), on a clock sped up 40×: the
 * cluster's pods reach scripts as informer ADDED events, items and L4 samples carry the
 * demo identities, and the crash loop's pod events (restartCount + 1, then a new address)
 * arrive through the identity feature's informer path, so `onPodEvent` fires and traffic
 * to the new address is named after the restarted pod. Example seeding never touches a
 * folder that already has scripts.
 */
import test from 'ava';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { identityFeature } from '../../enrich/identity-feature.ts';
import type { FlowSample } from '../../l4-report.ts';
import { startTestNode, waitFor } from '../../live/testing/live-node.ts';
import { createDemo, DEMO_SCRIPTS, EXAMPLES_DIR, seedScripts } from './demo-feature.ts';
import { demoPods } from './topology.ts';

const POD_EVENTS = `// Pod events
function onPodEvent(event, pod) {
  var c = pod.status.containerStatuses[0];
  console.log(event + " " + pod.metadata.name + " " + pod.status.podIP + " " + c.restartCount + " " + (c.ready ? "ready" : "down"));
}`;

test('the demo on a node: identities, informer-style pod events, restarts with new addresses', async (t) => {
  const t0 = Date.now();
  const demo = createDemo({ seed: 4, rate: 3, now: () => t0 + (Date.now() - t0) * 40 });
  const tn = await startTestNode({
    features: [identityFeature, demo.feature],
    beforeStart: (node) => writeFile(path.join(node.scriptFolder.dir, 'pods.js'), POD_EVENTS),
  });
  const samples: FlowSample[] = [];
  tn.node.flowListeners.push((s) => samples.push(s));
  try {
    const lines = () => tn.node.runtime.console('pods.js').texts();
    tn.node.runSource(demo.source);
    await waitFor('a restart with a new address', () => lines().some((l) => / ready$/.test(l) && l.startsWith('MODIFIED fraud-check-')), 20_000);
    const added = lines().filter((l) => l.startsWith('ADDED '));
    t.is(added.length, demoPods().length, 'one ADDED per pod, like an informer list');
    const modified = lines().filter((l) => l.startsWith('MODIFIED '));
    const [crash, back] = modified;
    t.regex(crash, /^MODIFIED fraud-check-\S+ (\S+) 1 down$/);
    t.regex(back, /^MODIFIED fraud-check-\S+ (\S+) 1 ready$/);
    const newIp = back.split(' ')[2];
    t.not(newIp, crash.split(' ')[2], 'a new address after the restart');
    await waitFor('traffic to the new address', () => tn.items.some((i) => i.dst.ip === newIp), 20_000);
    t.true(tn.items.filter((i) => i.dst.ip === newIp).every((i) => i.dst.name.startsWith('fraud-check-') && i.dst.namespace === 'payments'));
    const namespaces = new Set(tn.items.map((i) => i.dst.namespace));
    for (const ns of ['shop', 'payments', 'data', 'kube-system']) t.true(namespaces.has(ns), ns);
    await waitFor('L4 samples', () => samples.length > 0, 10_000);
    t.true(samples.some((s) => s.src.namespace === 'shop'), 'L4 flow samples carry identities too');
    t.true(tn.logs.some((l) => l.includes('demo cluster: 3 nodes, 4 namespaces, 29 pods')));
    t.deepEqual(await readdir(tn.node.scriptFolder.dir), ['pods.js'], 'a folder with scripts is not seeded');
  } finally {
    await tn.close();
  }
});

test('seedScripts copies the examples into an empty folder only', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-seed-'));
  try {
    t.deepEqual(await seedScripts(dir, EXAMPLES_DIR, DEMO_SCRIPTS), [...DEMO_SCRIPTS]);
    t.deepEqual((await readdir(dir)).sort(), [...DEMO_SCRIPTS].sort());
    await rm(path.join(dir, DEMO_SCRIPTS[0]));
    t.deepEqual(await seedScripts(dir, EXAMPLES_DIR, DEMO_SCRIPTS), [], 'never over a user’s scripts');
    t.is((await readdir(dir)).length, DEMO_SCRIPTS.length - 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
