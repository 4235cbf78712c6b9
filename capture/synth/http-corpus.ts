/**
 * A synthetic HTTP/1.1 corpus: `connections` TCP connections from many clients to a few
 * servers, each carrying 1–5 keep-alive exchanges (GET and POST with JSON, some 404/500,
 * some chunked responses), interleaved in time. Used by the dissection benchmark and as the
 * replay sample. Deterministic for a given seed.
 */
import { clientOf, generateCorpus, type CorpusOptions, type CorpusSummary, type ExchangeCounter } from './corpus.ts';
import type { Conversation } from './interleave.ts';
import { TcpConversation, type FrameSink } from './tcp-conversation.ts';

export type { CorpusSummary } from './corpus.ts';
export type HttpCorpusOptions = CorpusOptions;

const enc = new TextEncoder();
const PATHS = ['/api/v1/users/', '/api/v1/orders/', '/api/v2/catalogue/items/', '/healthz', '/api/v1/cart/'];

function body(rand: () => number, n: number): string {
  const items = [];
  for (let i = 0; i < n; i++) items.push(`{"id":${Math.floor(rand() * 1e6)},"name":"item-${i}","price":${(rand() * 100).toFixed(2)}}`);
  return `{"items":[${items.join(',')}]}`;
}

function chunked(s: string): string {
  const half = s.length >> 1;
  return `${half.toString(16)}\r\n${s.slice(0, half)}\r\n${(s.length - half).toString(16)}\r\n${s.slice(half)}\r\n0\r\n\r\n`;
}

/** One keep-alive HTTP/1.1 connection with 1–5 exchanges. */
export function* httpConversation(
  sink: FrameSink,
  client: { ip: string; port: number },
  server: { ip: string; port: number },
  rand: () => number,
  t0: number,
  count: ExchangeCounter,
): Conversation {
  const c = new TcpConversation(sink, { client, server, rttMs: 0.3 });
  // Each step emits frames only at (or within a few µs after) the time it was resumed
  // at, so the interleaved stream stays in time order.
  let t = c.open(t0);
  const n = rand() < 0.4 ? 1 : 1 + Math.floor(rand() * 5);
  for (let k = 0; k < n; k++) {
    yield (t += 0.05 + rand() * 2);
    const r = rand();
    const path = PATHS[Math.floor(rand() * PATHS.length)] + Math.floor(rand() * 1000);
    const post = r < 0.25;
    const reqBody = post ? `{"user":${client.port},"qty":${k + 1}}` : '';
    const req =
      `${post ? 'POST' : 'GET'} ${path}${post ? '' : '?page=' + k} HTTP/1.1\r\nHost: ${server.ip}:${server.port}\r\n` +
      `User-Agent: wirehook-synth/1.0\r\nAccept: application/json\r\n` +
      (post ? `Content-Type: application/json\r\nContent-Length: ${reqBody.length}\r\n` : '') +
      `\r\n${reqBody}`;
    t = c.send(0, enc.encode(req), t);
    const status = r > 0.97 ? 500 : r > 0.92 ? 404 : post ? 201 : 200;
    const payload = status >= 400 ? `{"error":"status ${status}"}` : body(rand, 1 + Math.floor(rand() * 20));
    const useChunked = rand() < 0.1;
    const head =
      `HTTP/1.1 ${status} ${status === 200 ? 'OK' : status === 201 ? 'Created' : status === 404 ? 'Not Found' : 'Internal Server Error'}\r\n` +
      `Content-Type: application/json\r\nServer: synth\r\n` +
      (useChunked ? 'Transfer-Encoding: chunked\r\n' : `Content-Length: ${payload.length}\r\n`) +
      '\r\n';
    yield (t += 0.2 + rand() * 5);
    t = c.send(1, enc.encode(head + (useChunked ? chunked(payload) : payload)), t);
    count(1);
  }
  yield (t += 0.05 + rand() * 2);
  c.close(t, 0);
}

export function generateHttpCorpus(out: FrameSink, o: HttpCorpusOptions): CorpusSummary {
  return generateCorpus(out, o, (sink, i, rand, t, count) =>
    httpConversation(sink, clientOf(i, 20000), { ip: `10.1.0.${1 + (i % 12)}`, port: i % 3 === 0 ? 8080 : 80 }, rand, t, count),
  );
}
