import test from 'ava';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { stringify } from 'yaml';
import type { FlowSample } from '../l4-report.ts';
import { pcapFileSource } from '../../runtime/roles/packet-source.ts';
import { startTestNode } from '../live/testing/live-node.ts';
import { identityFeature, nodeIdentity } from './identity-feature.ts';
import { TargetingError } from './targeting.ts';
import { pod, service, writeIdentityCapture } from './testing/cluster-fixtures.ts';

const T = Date.UTC(2024, 6, 1, 9, 0, 0);
const TARGETED = `// Targets
var t = JSON.parse(hub.targeted());
console.log(t.targets.map(function (p) { return p.metadata.name; }).sort().join(",") + " | " + t.excluded.map(function (p) { return p.metadata.name; }).sort().join(","));
`;

async function run(targeting: { namespaces: string[]; podRegex: string }) {
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-target-'));
  const identity = path.join(dir, 'identity.yaml');
  await writeFile(
    identity,
    stringify({
      services: [service('cart', 'shop', '10.96.2.1')],
      pods: [pod('cart-1', 'shop', '10.1.2.1'), pod('ui-1', 'shop', '10.1.2.2'), pod('batch-1', 'jobs', '10.1.3.1'), pod('batch-2', 'jobs', '10.1.3.2')],
    }),
  );
  const scripts = path.join(dir, 'scripts');
  const tn = await startTestNode({
    features: [identityFeature],
    configure: (c) => {
      c.identity.file = identity;
      c.capture.targeting = targeting;
      c.scripting.source = scripts;
    },
    beforeStart: () => writeFile(path.join(scripts, 'targets.js'), TARGETED),
  });
  const samples: FlowSample[] = [];
  tn.node.flowListeners.push((s) => samples.push(s));
  const pcap = path.join(dir, 'x.pcap');
  writeIdentityCapture(pcap, [
    { http: { client: '10.1.2.2', server: '10.96.2.1', path: '/shop-to-service', at: T } },
    { http: { client: '10.1.3.1', server: '10.1.3.2', path: '/jobs-only', at: T + 10 } },
    { http: { client: '10.1.3.1', server: '10.1.2.1', path: '/jobs-to-shop', at: T + 20 } },
  ]);
  await tn.node.runSource(pcapFileSource(pcap)).done;
  const paths = tn.items.map((i) => i.request?.path).sort();
  const lines = tn.node.runtime.console('targets.js').texts();
  const skipped = nodeIdentity(tn.node)!.targeting.skippedFlows;
  const sampled = new Set(samples.map((s) => `${s.src.ip}>${s.dst.ip}`));
  await tn.close();
  await rm(dir, { recursive: true, force: true });
  return { paths, lines, skipped, sampled };
}

test('namespace targeting: only flows touching a targeted pod are dissected; L4 samples cover every flow', async (t) => {
  const r = await run({ namespaces: ['shop'], podRegex: '' });
  t.deepEqual(r.paths, ['/jobs-to-shop', '/shop-to-service']);
  t.is(r.skipped, 1);
  t.deepEqual([...r.sampled].sort(), ['10.1.2.2>10.96.2.1', '10.1.3.1>10.1.2.1', '10.1.3.1>10.1.3.2']);
  t.deepEqual(r.lines, ['cart-1,ui-1 | batch-1,batch-2'], 'hub.targeted() lists targets and excluded pods');
});

test('pod-name regex targeting, and no targeting = everything', async (t) => {
  const r = await run({ namespaces: [], podRegex: '^batch-2$' });
  t.deepEqual(r.paths, ['/jobs-only']);
  t.deepEqual(r.lines, ['batch-2 | batch-1,cart-1,ui-1']);
  const all = await run({ namespaces: [], podRegex: '' });
  t.deepEqual(all.paths, ['/jobs-only', '/jobs-to-shop', '/shop-to-service']);
  t.is(all.skipped, 0);
  t.deepEqual(all.lines, ['batch-1,batch-2,cart-1,ui-1 | ']);
});

test('an invalid pod regex fails the start with a coded error', async (t) => {
  const err = await t.throwsAsync(startTestNode({ features: [identityFeature], configure: (c) => void (c.capture.targeting.podRegex = '(') }), { instanceOf: TargetingError });
  t.is(err!.code, 'ERR_TARGETING_REGEX');
});
