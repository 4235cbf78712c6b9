import test from 'ava';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pcapFileSource } from '../../runtime/roles/packet-source.ts';
import { startTestNode } from '../live/testing/live-node.ts';
import { identityFeature, nodeIdentity } from './identity-feature.ts';
import { writeIdentityCapture } from './testing/cluster-fixtures.ts';

const T = Date.UTC(2024, 4, 2, 8, 0, 0);

test('DNS answers seen in traffic name external endpoints, as of the answer time', async (t) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'wh-dns-'));
  const tn = await startTestNode({ features: [identityFeature] });
  try {
    const pcap = path.join(dir, 'dns.pcap');
    const dns = { client: '10.1.1.20', server: '10.96.0.10' };
    writeIdentityCapture(pcap, [
      { http: { client: '10.1.1.20', server: '203.0.113.7', path: '/before', at: T - 5000 } },
      { dns: { ...dns, name: 'api.partner.example.com', cname: 'edge.cdn.example.net', answers: ['203.0.113.7'], at: T } },
      { http: { client: '10.1.1.20', server: '203.0.113.7', path: '/after', at: T + 1000 } },
      { dns: { ...dns, name: 'other.example.org', answers: ['203.0.113.7', '203.0.113.8'], at: T + 10_000 } },
      { http: { client: '10.1.1.20', server: '203.0.113.7', path: '/later', at: T + 20_000 } },
      { http: { client: '10.1.1.20', server: '203.0.113.8', path: '/second', at: T + 20_100 } },
    ]);
    await tn.node.runSource(pcapFileSource(pcap)).done;
    const dst = (p: string) => tn.items.find((i) => i.request?.path === p)!.dst;
    t.like(dst('/before'), { name: '', resolutionMechanism: undefined });
    t.like(dst('/after'), { name: 'api.partner.example.com', namespace: '', pod: null, resolutionMechanism: 'dns' });
    t.like(dst('/later'), { name: 'other.example.org', resolutionMechanism: 'dns' });
    t.like(dst('/second'), { name: 'other.example.org' });
    t.is(tn.items.filter((i) => i.protocol.name === 'dns').length, 2);
    t.is(nodeIdentity(tn.node)!.dns.learned, 3);

    const h = tn.node.services.nameHistory!.snapshot();
    t.deepEqual(h[String(Math.floor(T / 1000))]['203.0.113.7'], { FullAddress: 'api.partner.example.com', Namespace: '' });
    t.deepEqual(h[String(Math.floor((T + 10_000) / 1000))]['203.0.113.7'], { FullAddress: 'other.example.org', Namespace: '' });
  } finally {
    await tn.close();
    await rm(dir, { recursive: true, force: true });
  }
});
