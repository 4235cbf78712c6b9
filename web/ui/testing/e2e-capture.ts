/**
 * The capture the UI end-to-end tests replay: HTTP/1.1 (with 404s and 500s), DNS and
 * Redis from the project's synthesizers, plus one hand-made HTTP exchange whose headers
 * and bodies carry markup (`<script>`, `onerror=`) — the dashboard must show it as text.
 * Timestamps start a few minutes before "now" so the items look recent. The matching
 * static identity file (config `identity.file`) names the cluster side: 120 frontend
 * pods, 12 services in two namespaces, Redis and kube-dns; the markup exchange stays
 * external.
 */
import { writeFileSync } from 'node:fs';
import { endpointSlice, namespace, node, pod, service } from '../../../capture/enrich/testing/cluster-fixtures.ts';
import { generateDnsCorpus } from '../../../capture/synth/dns.ts';
import { generateHttpCorpus } from '../../../capture/synth/http-corpus.ts';
import { pcapFileSink } from '../../../capture/synth/pcap-sink.ts';
import { generateRedisCorpus } from '../../../capture/synth/redis.ts';
import { TcpConversation, type FrameSink } from '../../../capture/synth/tcp-conversation.ts';

/** What the XSS exchange carries; tests look for these strings on the page. */
export const XSS = {
  path: '/xss-probe',
  header: '<img src=x onerror="window.__xss=(window.__xss||0)+1">',
  requestBody: '<script>window.__xss=(window.__xss||0)+1</script>',
  responseBody: '<html><body><script>window.__xss=(window.__xss||0)+1</script><img src=x onerror="window.__xss=2"></body></html>',
  client: { ip: '10.50.0.9', port: 41999 },
  server: { ip: '10.60.0.1', port: 80 },
};

export interface E2eCaptureSummary {
  packets: number;
  httpExchanges: number;
  dnsExchanges: number;
  redisExchanges: number;
}

function xssExchange(sink: FrameSink, t0: number): void {
  const enc = new TextEncoder();
  const c = new TcpConversation(sink, { client: XSS.client, server: XSS.server, rttMs: 0.4 });
  let t = c.open(t0);
  const req =
    `POST ${XSS.path}?q=%3Cscript%3E HTTP/1.1\r\nHost: evil.test\r\nX-Evil: ${XSS.header}\r\n` +
    `Content-Type: text/html\r\nContent-Length: ${enc.encode(XSS.requestBody).length}\r\n\r\n${XSS.requestBody}`;
  t = c.send(0, enc.encode(req), t + 1);
  const res =
    `HTTP/1.1 500 Internal Server Error\r\nContent-Type: text/html\r\nX-Reflect: ${XSS.header}\r\n` +
    `Content-Length: ${enc.encode(XSS.responseBody).length}\r\n\r\n${XSS.responseBody}`;
  t = c.send(1, enc.encode(res), t + 3);
  c.close(t + 1, 0);
}

/** Write the capture to `file`. Conversations of each protocol follow one another in time. */
export function writeE2eCapture(file: string, o: { startMs?: number; httpConnections?: number } = {}): E2eCaptureSummary {
  const sink = pcapFileSink(file);
  const t0 = o.startMs ?? Date.now() - 5 * 60_000;
  const http = generateHttpCorpus(sink, { connections: o.httpConnections ?? 120, seed: 14, startMs: t0, concurrency: 16 });
  const dns = generateDnsCorpus(sink, { connections: 30, seed: 15, startMs: t0 + 60_000, concurrency: 8 });
  const redis = generateRedisCorpus(sink, { connections: 12, seed: 16, startMs: t0 + 90_000, concurrency: 4 });
  xssExchange(sink, t0 + 120_000);
  sink.close();
  return { packets: sink.packets, httpExchanges: http.exchanges, dnsExchanges: dns.exchanges, redisExchanges: redis.exchanges };
}

/**
 * A small HTTP-only capture for feeding a running node more traffic: `connections` GETs
 * (every fifth a 503) from clients in 10.<net>.0.0/16 — pick a new `net` per capture so
 * no connection reuses an earlier one's addresses and ports.
 */
export function writeHttpCapture(file: string, o: { connections: number; net: number; startMs?: number }): number {
  const enc = new TextEncoder();
  const sink = pcapFileSink(file);
  let t = o.startMs ?? Date.now() - 1000;
  for (let i = 0; i < o.connections; i++) {
    const c = new TcpConversation(sink, { client: { ip: `10.${o.net}.${i >> 8}.${(i & 255) || 1}`, port: 40000 + i }, server: { ip: `10.1.0.${1 + (i % 12)}`, port: 80 } });
    t = c.open(t + 1);
    t = c.send(0, enc.encode(`GET /api/v1/orders/${i} HTTP/1.1\r\nHost: orders\r\nAccept: application/json\r\n\r\n`), t + 0.2);
    const body = i % 5 === 4 ? '{"error":"unavailable"}' : `{"order":${i},"items":[{"sku":"a-${i}","qty":1}]}`;
    const head = i % 5 === 4 ? 'HTTP/1.1 503 Service Unavailable' : 'HTTP/1.1 200 OK';
    t = c.send(1, enc.encode(`${head}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`), t + 2);
    t = c.close(t + 0.5, 0);
  }
  sink.close();
  return o.connections;
}

/** Services behind the synthesized HTTP servers 10.1.0.1–12, by namespace. */
export const E2E_SERVICES: Record<string, string[]> = {
  shop: ['catalogue', 'orders', 'cart', 'checkout', 'payments', 'shipping'],
  accounts: ['users', 'login', 'profile', 'sessions', 'billing', 'audit'],
};

/** The identity file (JSON) for writeE2eCapture's addresses. */
export function writeE2eIdentity(file: string): void {
  const pods: Record<string, unknown>[] = [];
  const services: Record<string, unknown>[] = [];
  const slices: Record<string, unknown>[] = [];
  for (let i = 1; i <= 120; i++) pods.push(pod(`web-${i}`, 'frontend', `10.0.0.${i}`, { node: i % 2 ? 'node-a' : 'node-b', labels: { app: 'web' } }));
  let k = 1;
  for (const [ns, names] of Object.entries(E2E_SERVICES)) {
    for (const name of names) {
      const ip = `10.1.0.${k}`;
      pods.push(pod(`${name}-0`, ns, ip, { node: k % 2 ? 'node-a' : 'node-b', labels: { app: name } }));
      services.push(service(name, ns, `10.100.0.${k}`, [80, 8080]));
      slices.push(endpointSlice(name, ns, [{ name: `${name}-0`, ip }]));
      k++;
    }
  }
  const redis = [1, 2, 3, 4].map((n) => ({ name: `redis-${n - 1}`, ip: `10.2.0.${n}` }));
  for (const r of redis) pods.push(pod(r.name, 'data', r.ip, { node: 'node-b', labels: { app: 'redis' } }));
  services.push(service('redis', 'data', '10.100.1.1', [6379]));
  slices.push(endpointSlice('redis', 'data', redis));
  services.push(service('kube-dns', 'kube-system', '10.96.0.10', [53]));
  const doc = {
    namespaces: ['frontend', 'shop', 'accounts', 'data', 'kube-system'].map(namespace),
    nodes: [node('node-a', '192.168.1.10'), node('node-b', '192.168.1.11')],
    pods,
    services,
    endpointSlices: slices,
  };
  writeFileSync(file, JSON.stringify(doc));
}
