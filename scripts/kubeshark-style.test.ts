/**
 * Scripts written the way Kubeshark's public examples are (ES5, var, implicit globals,
 * legacy octal escapes, Go-style names, JSON.parse of helper results) run unchanged.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { harness } from '../runtime/testing/harness.ts';
import { dnsItem, httpItem, packetInfo } from '../runtime/testing/items.ts';

const script = (name: string) => readFileSync(new URL(`./testing/kubeshark-style/${name}`, import.meta.url), 'utf8');
const START = Date.parse('2024-01-01T00:00:00Z');

test('dns-top: workers send maps to the hub with hub.action, merged with wrapper.joinMaps, reported by jobs', async (t) => {
  const h = await harness({ 'dns-top.js': script('dns-top.js') }, { start: START });
  t.is(h.sandboxes['dns-top.js'].title, 'Busiest DNS names per DNS server');
  await h.items([dnsItem('a.svc', 0), dnsItem('b.svc', 1), dnsItem('a.svc', 2), httpItem()]);
  await h.advance(20_000);
  await h.items([dnsItem('c.svc', 3), dnsItem('a.svc', 4)]);
  await h.advance(20_000);
  t.deepEqual(h.lines('dns-top.js'), [
    'DNS servers:\n\u001b[1m\u001b[34mkube-dns (kube-system)\u001b[0m total 5\n  1. \u001b[32ma.svc\u001b[0m 3\n  2. \u001b[32mb.svc\u001b[0m 1\n  3. \u001b[32mc.svc\u001b[0m 1\n',
  ]);
  t.deepEqual(h.sandboxes['dns-top.js'].jobs.list(), ['worker-to-hub', 'local-report']);
  h.stop();
});

test('pass-fail: onItemQueried marks items with test.pass / test.fail', async (t) => {
  const h = await harness({ 'pass-fail.js': script('pass-fail.js') });
  t.true((await h.rt.dispatcher.queryItem(httpItem({ status: 500 }))).failed);
  t.true((await h.rt.dispatcher.queryItem(httpItem({ status: 200 }))).passed);
  h.stop();
});

test('packet-counter: onPacketCaptured aggregates, onItemCaptured prints', async (t) => {
  const h = await harness({ 'packet-counter.js': script('packet-counter.js') });
  await h.packets([packetInfo(0, 60), packetInfo(1, 1514), packetInfo(2, 100)]);
  await h.items([httpItem()]);
  t.deepEqual(h.lines('packet-counter.js'), ['Captured packet count: 3', 'Total bytes processed: 1674']);
  h.stop();
});

test('kfl-errors: the KFL syntax error reads as in Kubeshark', async (t) => {
  const h = await harness({ 'kfl-errors.js': script('kfl-errors.js') });
  await h.items([httpItem()]);
  t.deepEqual(h.lines('kfl-errors.js'), ['Caught an error! Error: 1:5: unexpected token "?"']);
  h.stop();
});

test('print-env: env as JSON and env keys as bare globals', async (t) => {
  const h = await harness({ 'print-env.js': script('print-env.js') }, { env: { WEBHOOK_URL: 'https://hooks.example/abc', BATCH: 10 } });
  t.deepEqual(h.lines('print-env.js'), ['{"WEBHOOK_URL":"https://hooks.example/abc","BATCH":10}', 'webhook is https://hooks.example/abc, batch 11']);
  h.stop();
});

test('idle-pods: Go-style names, hub.targeted, utils.json2Yaml, jobs with extra arguments', async (t) => {
  const h = await harness({ 'idle-pods.js': script('idle-pods.js') }, { start: START });
  t.is(h.sandboxes['idle-pods.js'].title, 'Pods without traffic on this node');
  await h.items([httpItem(), dnsItem()]);
  await h.advance(60_000);
  t.deepEqual(h.lines('idle-pods.js'), [
    'active pods: catalogue,front-end,kube-dns',
    '\u001b[31mIdle pods\u001b[0m\nnode: node-a\nactive: 3\nidle: []\n',
    'active pods: catalogue,front-end,kube-dns',
  ]);
  h.stop();
});
