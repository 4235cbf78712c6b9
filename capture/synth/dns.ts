/**
 * Synthetic DNS over UDP as pods resolve names against kube-dns (10.96.0.10:53): each
 * client socket asks 1–4 questions — A and AAAA for cluster service names (search-path
 * style `*.svc.cluster.local`), a CNAME to an external name, SRV — and gets answers or
 * NXDOMAIN (~10%). Messages are written with a minimal encoder (no name compression).
 * `dnsConversation` is one client socket; `generateDnsCorpus` interleaves many.
 */
import { UdpConversation } from './datagram.ts';
import { clientOf, generateCorpus, type CorpusOptions, type CorpusSummary } from './corpus.ts';
import { type Conversation } from './interleave.ts';
import type { FrameSink } from './tcp-conversation.ts';

const SERVICES = ['orders', 'payments', 'catalogue', 'cart', 'users', 'redis', 'kafka'];

interface Answer {
  type: number;
  data: number[];
}

function name(n: string): number[] {
  const out: number[] = [];
  for (const l of n.split('.')) out.push(l.length, ...Buffer.from(l, 'latin1'));
  return [...out, 0];
}

/** A query (answers undefined) or a response. */
export function dnsMessage(id: number, qname: string, qtype: number, answers?: Answer[], rcode = 0): Uint8Array {
  const flags = answers ? 0x8180 | rcode : 0x0100;
  const out = [id >> 8, id & 255, flags >> 8, flags & 255, 0, 1, 0, answers?.length ?? 0, 0, 0, 0, 0, ...name(qname), qtype >> 8, qtype & 255, 0, 1];
  for (const a of answers ?? []) out.push(...name(qname), a.type >> 8, a.type & 255, 0, 1, 0, 0, 0, 30, a.data.length >> 8, a.data.length & 255, ...a.data);
  return Uint8Array.from(out);
}

function question(rand: () => number, ns: string): { qname: string; qtype: number; answers: Answer[]; rcode: number } {
  const svc = SERVICES[Math.floor(rand() * SERVICES.length)];
  const r = rand();
  if (r < 0.1) return { qname: `${svc}.missing.svc.cluster.local`, qtype: 1, answers: [], rcode: 3 };
  if (r < 0.55) return { qname: `${svc}.${ns}.svc.cluster.local`, qtype: 1, answers: [{ type: 1, data: [10, 96, Math.floor(rand() * 256), 1 + Math.floor(rand() * 254)] }], rcode: 0 };
  if (r < 0.75) return { qname: `${svc}.${ns}.svc.cluster.local`, qtype: 28, answers: [], rcode: 0 };
  if (r < 0.9) return { qname: 'api.partner.example.com', qtype: 1, answers: [{ type: 5, data: name('edge.cdn.example.net') }, { type: 1, data: [203, 0, 113, 7] }], rcode: 0 };
  return { qname: `_grpc._tcp.${svc}.${ns}.svc.cluster.local`, qtype: 33, answers: [{ type: 33, data: [0, 10, 0, 100, 0x1f, 0x90, ...name(`${svc}.${ns}.svc.cluster.local`)] }], rcode: 0 };
}

export function* dnsConversation(
  sink: FrameSink,
  client: { ip: string; port: number },
  server: { ip: string; port: number },
  rand: () => number,
  t0: number,
  count: (n: number) => void,
): Conversation {
  const u = new UdpConversation(sink, client, server);
  const ns = rand() < 0.5 ? 'shop' : 'default';
  let t = t0;
  const n = 1 + Math.floor(rand() * 4);
  for (let k = 0; k < n; k++) {
    const id = Math.floor(rand() * 65536);
    const q = question(rand, ns);
    u.send(0, dnsMessage(id, q.qname, q.qtype), t);
    yield (t += 0.1 + rand() * 2);
    u.send(1, dnsMessage(id, q.qname, q.qtype, q.answers, q.rcode), t);
    yield (t += 0.05 + rand());
  }
  count(n);
}

export function generateDnsCorpus(out: FrameSink, o: CorpusOptions): CorpusSummary {
  return generateCorpus(out, o, (sink, i, rand, t, count) => dnsConversation(sink, clientOf(i, 33000), { ip: '10.96.0.10', port: 53 }, rand, t, count));
}
