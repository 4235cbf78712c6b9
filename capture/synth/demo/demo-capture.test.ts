/**
 * The demo generator on packet time: deterministic bytes per seed (however time is sliced),
 * the traffic it promises — every protocol, errors, slow calls, refused connections to
 * the crash-looping pod, retransmissions — dissected cleanly by the real pipeline, and an
 * identity file that names every pod endpoint, including the restarted pod's new address.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { loadOfflineIdentity } from '../../enrich/offline-identity.ts';
import type { Item } from '../../item.ts';
import { Pipeline } from '../../pipeline.ts';
import { readPcapStream } from '../../source/pcap-file.ts';
import { pcapMemorySink } from '../pcap-sink.ts';
import { demoIdentityYaml, writeDemoCapture, type DemoCaptureSummary } from './demo-capture.ts';
import { DEMO_EPOCH, DemoTraffic } from './demo-traffic.ts';

const digest = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function capture(o: Parameters<typeof writeDemoCapture>[1]): { pcap: Buffer; summary: DemoCaptureSummary } {
  const sink = pcapMemorySink();
  const summary = writeDemoCapture(sink, o);
  return { pcap: sink.toBuffer(), summary };
}

async function dissect(pcap: Buffer, enrich?: (item: Item) => void): Promise<{ items: Item[]; pipeline: Pipeline }> {
  const items: Item[] = [];
  const pipeline = new Pipeline({ onItem: (i) => void items.push(i), enrichers: enrich ? [enrich] : [] });
  await readPcapStream(Readable.from([pcap]), (p) => pipeline.push(p));
  pipeline.finish();
  return { items, pipeline };
}

// 150 s of traffic: the crash-looping pod crashes (20–40 s in) and comes back at least once.
const BIG = capture({ seed: 3, durationSec: 150 });

test('same seed and options → the same pcap bytes and events; another seed → other traffic', (t) => {
  const a = capture({ seed: 5, connections: 1500 });
  const b = capture({ seed: 5, connections: 1500 });
  const c = capture({ seed: 6, connections: 1500 });
  t.is(digest(a.pcap), digest(b.pcap));
  t.deepEqual(a.summary, b.summary);
  t.not(digest(a.pcap), digest(c.pcap));
  t.true(a.summary.connections >= 1500 && a.summary.connections < 1600, String(a.summary.connections));
  t.is(a.summary.startMs, DEMO_EPOCH);
});

test('the output does not depend on how time is sliced into runUntil calls', (t) => {
  const run = (step: number) => {
    const sink = pcapMemorySink();
    const demo = new DemoTraffic(sink, { seed: 9, rate: 25 });
    const end = demo.startMs + 20_000;
    for (let at = demo.startMs; at < end; ) demo.runUntil((at = Math.min(at + step, end)));
    demo.finish();
    return digest(sink.toBuffer());
  };
  t.is(run(37), run(1000));
});

test('the pipeline dissects the demo cleanly into every protocol, errors and slow calls included', async (t) => {
  const { items, pipeline } = await dissect(BIG.pcap);
  t.deepEqual(pipeline.weirds.toJSON(), {}, 'no anomalies');
  const abbrs = new Set(items.map((i) => i.protocol.abbr));
  for (const p of ['HTTP', 'HTTP/2', 'gRPC', 'DNS', 'REDIS', 'KAFKA', 'TLS', 'TCP']) t.true(abbrs.has(p), `has ${p}`);
  const req = (i: Item) => i.request ?? {};
  const res = (i: Item) => i.response ?? {};
  const http = items.filter((i) => i.protocol.abbr === 'HTTP' && i.response);
  t.true(http.some((i) => res(i).status === 502), 'a payment outage shows as 502s');
  t.true(http.some((i) => res(i).status === 500), 'occasional 500s');
  t.true(http.some((i) => String(req(i).path).startsWith('/api/v1/recommendations') && i.elapsedTime >= 800), 'a slow endpoint');
  t.true(http.some((i) => req(i).path === '/healthz' && req(i).headers['User-Agent'] === 'kube-probe/1.29'), 'kubelet probes');
  t.true(items.some((i) => String(req(i).path).startsWith('/api/v1/recommendations') && !i.response), 'the gateway gives up on slow recommendations (RST)');
  const grpc = items.filter((i) => i.protocol.abbr === 'gRPC');
  t.true(grpc.some((i) => res(i).grpc?.status === 14), 'UNAVAILABLE while fraud-check is down');
  const dns = items.filter((i) => i.protocol.abbr === 'DNS');
  t.true(dns.some((i) => res(i).code === 'Name Error'), 'search-path NXDOMAIN');
  t.true(dns.some((i) => req(i).questions[0].name === 'api.payments-provider.example'));
  const stats = pipeline.flows.stats;
  t.true(stats.retransmissions > 0, 'retransmissions');
  t.true(stats.resets > 0, 'refused connections (SYN → RST)');
});

test('the identity file names every pod and service endpoint, as of each packet time', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-demo-id-'));
  try {
    const file = path.join(dir, 'demo.yaml');
    await writeFile(file, demoIdentityYaml(BIG.summary.startMs, BIG.summary.events));
    const id = await loadOfflineIdentity(file, { namespaces: [], podRegex: '' });
    t.like(id.counts, { Pod: 29, Service: 19, Node: 3, Namespace: 4 });
    const pods = BIG.summary.events.filter((e) => e.kind === 'Pod');
    t.true(pods.length >= 2);
    const counts = pods.map((e) => e.object.status.containerStatuses[0].restartCount);
    t.deepEqual(counts, [...counts].sort((a, b) => a - b), 'restartCount grows');
    t.is(pods[0].object.status.containerStatuses[0].state.waiting.reason, 'CrashLoopBackOff');
    const restartedIp = pods[1].object.status.podIP;
    t.not(restartedIp, pods[0].object.status.podIP, 'a new address after the restart');
    const { items } = await dissect(BIG.pcap, (item) => {
      id.reach(item.timestamp);
      for (const e of id.enrichers) e(item);
    });
    const internal = items.filter((i) => i.src.ip.startsWith('10.244.') || i.dst.ip.startsWith('10.244.'));
    const unnamed = internal.filter((i) => (i.src.ip.startsWith('10.244.') && !i.src.name) || (i.dst.ip.startsWith('10.244.') && !i.dst.name));
    t.deepEqual(unnamed.map((i) => i.id), [], 'every pod address resolves');
    const toNewIp = items.filter((i) => i.dst.ip === restartedIp && i.timestamp >= pods[1].at);
    t.true(toNewIp.length > 0);
    t.true(toNewIp.every((i) => i.dst.name.startsWith('fraud-check-') && i.dst.namespace === 'payments'));
    const external = items.filter((i) => i.protocol.abbr === 'TLS');
    t.true(external.every((i) => i.dst.name.endsWith('.example') && i.dst.namespace === ''), 'external hosts named from DNS answers');
    t.true(items.some((i) => i.src.resolutionMechanism === 'node-ip' && i.src.name.startsWith('node-')), 'kubelet probes come from nodes');
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
