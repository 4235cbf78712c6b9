/**
 * A synthesized capture for dashboard tests: HTTP/1.1 (with 404/500 responses), DNS and
 * Redis corpora one minute apart, then TCP flows that carry no L7 data (handshake and
 * close only, so they produce flow samples but no items) and one HTTP exchange whose
 * headers and body hold markup (`<script>`, `onerror=`), all with identities from
 * `testIdentity` below.
 */
import { generateDnsCorpus } from '../../../capture/synth/dns.ts';
import { generateHttpCorpus } from '../../../capture/synth/http-corpus.ts';
import { pcapFileSink } from '../../../capture/synth/pcap-sink.ts';
import { generateRedisCorpus } from '../../../capture/synth/redis.ts';
import { TcpConversation } from '../../../capture/synth/tcp-conversation.ts';
import type { Item } from '../../../capture/item.ts';
import type { FlowSample } from '../../../capture/l4-report.ts';

export const T0 = Date.UTC(2026, 0, 1);
export const DNS_AT = T0 + 60_000;
export const REDIS_AT = T0 + 120_000;
export const EXTRA_AT = T0 + 180_000;
export const XSS_BODY = '<script>alert("pwned")</script><img src=x onerror=alert(1)>';
export const XSS_HEADER = '<img src=x onerror="alert(2)">';
/** Flows with no L7 data: client 10.5.0.1 → database 10.6.0.1:5432. */
export const RAW_FLOWS = 3;

export interface MixedCapture {
  http: number;
  dns: number;
  redis: number;
}

export function writeMixedCapture(file: string): MixedCapture {
  const sink = pcapFileSink(file);
  const http = generateHttpCorpus(sink, { connections: 40, seed: 7, startMs: T0, concurrency: 8 }).exchanges;
  const dns = generateDnsCorpus(sink, { connections: 20, seed: 3, startMs: DNS_AT, concurrency: 4 }).exchanges;
  const redis = generateRedisCorpus(sink, { connections: 6, seed: 5, startMs: REDIS_AT, concurrency: 3 }).exchanges;
  let t = EXTRA_AT;
  for (let i = 0; i < RAW_FLOWS; i++) {
    const c = new TcpConversation(sink, { client: { ip: '10.5.0.1', port: 41000 + i }, server: { ip: '10.6.0.1', port: 5432 } });
    t = c.close(c.open(t + 5), 0);
  }
  const x = new TcpConversation(sink, { client: { ip: '10.0.9.9', port: 45000 }, server: { ip: '10.1.0.1', port: 80 } });
  t = x.open(t + 5);
  const enc = new TextEncoder();
  t = x.send(0, enc.encode(`GET /search?q=${encodeURIComponent('<script>')} HTTP/1.1\r\nHost: shop\r\nX-Note: ${XSS_HEADER}\r\n\r\n`), t + 1);
  t = x.send(1, enc.encode(`HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Evil: ${XSS_HEADER}\r\nContent-Length: ${XSS_BODY.length}\r\n\r\n${XSS_BODY}`), t + 1);
  x.close(t + 1, 0);
  sink.close();
  return { http, dns, redis };
}

/** Identity by IP, as an enricher would attach it (namespace "" = external). */
export function identityOf(ip: string): { name: string; namespace: string; node: string } {
  if (ip.startsWith('10.1.0.')) return { name: `web-${ip.split('.')[3]}`, namespace: 'shop', node: 'node-b' };
  if (ip.startsWith('10.2.0.')) return { name: 'redis', namespace: 'cache', node: 'node-c' };
  if (ip === '10.96.0.10') return { name: 'kube-dns', namespace: 'kube-system', node: 'node-c' };
  if (ip.startsWith('10.0.')) return { name: 'frontend', namespace: 'front', node: 'node-a' };
  if (ip === '10.6.0.1') return { name: 'db.example.com', namespace: '', node: '' };
  return { name: '', namespace: '', node: '' };
}

export function enrichItem(item: Item): void {
  for (const e of [item.src, item.dst]) {
    const id = identityOf(e.ip);
    e.name = id.name;
    e.namespace = id.namespace;
    if (id.namespace) e.pod = { metadata: { name: `${id.name}-7f9c`, namespace: id.namespace }, spec: { nodeName: id.node } };
  }
  item.namespace = item.dst.namespace || item.src.namespace;
}

export function enrichFlow(s: FlowSample): void {
  for (const e of [s.src, s.dst]) {
    const id = identityOf(e.ip);
    e.name = id.name;
    e.namespace = id.namespace;
    if (id.node) e.node = id.node;
  }
}
