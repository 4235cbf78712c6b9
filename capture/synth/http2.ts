/**
 * A synthetic HTTP/2 corpus: `connections` h2c connections (prior knowledge) from many
 * clients to a few services, each carrying 1–8 streams, several in flight at once with
 * their frames interleaved: REST calls (GET/POST with JSON, some 404/500), gRPC calls
 * (unary and server streaming, some failing with a grpc-status in the trailers) and
 * GraphQL POSTs. Header blocks use real HPACK (dynamic table, Huffman) per direction.
 * Used by the protocols benchmark and the demo. Deterministic for a given seed.
 */
import { HpackEncoder } from '../dissect/protocols/hpack-encoder.ts';
import { clientPreface, concat, data, grpcMessage, headers, settings } from '../dissect/protocols/http2-encode.ts';
import type { HeaderPairs } from '../dissect/protocols/http2-encode.ts';
import { interleave, monotonic, prng, type Conversation } from './interleave.ts';
import { TcpConversation, type FrameSink } from './tcp-conversation.ts';

export interface Http2CorpusOptions {
  connections: number;
  seed?: number;
  startMs?: number;
  /** Concurrent connections in the interleaving (default 64). */
  concurrency?: number;
  /** Server port (default 8080; gRPC services use the same port). */
  port?: number;
}

export interface Http2CorpusSummary {
  connections: number;
  /** Streams (= items) written. */
  streams: number;
  grpc: number;
  graphql: number;
}

const enc = new TextEncoder();
const SERVICES = ['orders.svc', 'catalogue.svc', 'users.svc', 'payments.svc'];
const GRPC_METHODS = ['/shop.Orders/Get', '/shop.Orders/List', '/shop.Catalogue/Search', '/shop.Users/Lookup'];

interface Exchange {
  req: Uint8Array;
  /** Encodes the response when it is sent (HPACK state must follow the wire order). */
  res: () => Uint8Array;
  kind: 'rest' | 'grpc' | 'gql';
}

function json(rand: () => number, n: number): string {
  const out = [];
  for (let i = 0; i < n; i++) out.push(`{"id":${Math.floor(rand() * 1e6)},"name":"item-${i}","price":${(rand() * 100).toFixed(2)}}`);
  return `{"items":[${out.join(',')}]}`;
}

function exchange(rand: () => number, c: HpackEncoder, s: HpackEncoder, id: number, authority: string): Exchange {
  const r = rand();
  const base: HeaderPairs = [[':scheme', 'http'], [':authority', authority]];
  if (r < 0.35) {
    const method = GRPC_METHODS[Math.floor(rand() * GRPC_METHODS.length)];
    const fail = rand() < 0.05;
    const streaming = method.endsWith('/List');
    const req = concat([
      headers(c, id, [[':method', 'POST'], ...base, [':path', method], ['content-type', 'application/grpc'], ['te', 'trailers'], ['grpc-timeout', '5S'], ['user-agent', 'grpc-go/1.60.0']]),
      data(id, grpcMessage(new Uint8Array(8 + Math.floor(rand() * 40)).fill(8)), { endStream: true }),
    ]);
    const msgs: Uint8Array[] = [];
    for (let k = fail ? 0 : streaming ? 2 + Math.floor(rand() * 6) : 1; k > 0; k--) msgs.push(grpcMessage(new Uint8Array(20 + Math.floor(rand() * 200)).fill(9)));
    const trailers: HeaderPairs = fail ? [['grpc-status', '5'], ['grpc-message', 'not%20found']] : [['grpc-status', '0']];
    const res = () => concat([
      headers(s, id, [[':status', '200'], ['content-type', 'application/grpc'], ['grpc-accept-encoding', 'gzip']]),
      ...(msgs.length ? [data(id, concat(msgs))] : []),
      headers(s, id, trailers, { endStream: true }),
    ]);
    return { req, res, kind: 'grpc' };
  }
  if (r < 0.45) {
    const body = enc.encode(`{"query":"query Product($id: ID!) { product(id: $id) { name price } }","operationName":"Product","variables":{"id":${id}}}`);
    const req = concat([headers(c, id, [[':method', 'POST'], ...base, [':path', '/graphql'], ['content-type', 'application/json']]), data(id, body, { endStream: true })]);
    const res = () => concat([headers(s, id, [[':status', '200'], ['content-type', 'application/json']]), data(id, enc.encode('{"data":{"product":{"name":"x","price":1}}}'), { endStream: true })]);
    return { req, res, kind: 'gql' };
  }
  const post = rand() < 0.25;
  const path = `/api/v1/items/${Math.floor(rand() * 1000)}${post ? '' : '?page=' + Math.floor(rand() * 9)}`;
  const req = post
    ? concat([headers(c, id, [[':method', 'POST'], ...base, [':path', path], ['content-type', 'application/json'], ['user-agent', 'wirehook-synth/1.0']]), data(id, enc.encode(`{"qty":${id}}`), { endStream: true })])
    : headers(c, id, [[':method', 'GET'], ...base, [':path', path], ['accept', 'application/json'], ['user-agent', 'wirehook-synth/1.0']], { endStream: true });
  const status = r > 0.97 ? '500' : r > 0.93 ? '404' : post ? '201' : '200';
  const body = status === '200' || status === '201' ? json(rand, 1 + Math.floor(rand() * 15)) : `{"error":"status ${status}"}`;
  const res = () => concat([headers(s, id, [[':status', status], ['content-type', 'application/json'], ['server', 'synth']]), data(id, enc.encode(body), { endStream: true })]);
  return { req, res, kind: 'rest' };
}

export function generateHttp2Corpus(out: FrameSink, o: Http2CorpusOptions): Http2CorpusSummary {
  const sink = monotonic(out);
  const rand = prng(o.seed ?? 1);
  const sum: Http2CorpusSummary = { connections: 0, streams: 0, grpc: 0, graphql: 0 };
  const connection = function* (i: number, t0: number): Conversation {
    const client = { ip: `10.2.${(i >> 8) & 255}.${(i & 255) || 1}`, port: 30000 + (i % 30000) };
    const server = { ip: `10.3.0.${1 + (i % SERVICES.length)}`, port: o.port ?? 8080 };
    const authority = `${SERVICES[i % SERVICES.length]}:${server.port}`;
    const conn = new TcpConversation(sink, { client, server, rttMs: 0.3 });
    const c = new HpackEncoder();
    const s = new HpackEncoder();
    let t = conn.open(t0);
    t = conn.send(0, clientPreface(), t);
    t = conn.send(1, concat([settings([[3, 250], [4, 1048576]]), settings([], true)]), t + 0.1);
    t = conn.send(0, settings([], true), t + 0.05);
    let id = 1;
    let left = 1 + Math.floor(rand() * 8);
    while (left > 0) {
      // A batch of 1–3 concurrent streams: requests first, responses in another order.
      const n = Math.min(left, 1 + Math.floor(rand() * 3));
      const batch: Exchange[] = [];
      for (let k = 0; k < n; k++, id += 2) batch.push(exchange(rand, c, s, id, authority));
      yield (t += 0.05 + rand() * 2);
      for (const x of batch) t = conn.send(0, x.req, t);
      yield (t += 0.2 + rand() * 4);
      for (let k = batch.length - 1; k >= 0; k--) t = conn.send(1, batch[k].res(), t);
      for (const x of batch) {
        sum.streams++;
        if (x.kind === 'grpc') sum.grpc++;
        else if (x.kind === 'gql') sum.graphql++;
      }
      left -= n;
    }
    yield (t += 0.05 + rand() * 2);
    conn.close(t, 0);
  };
  interleave(
    (t) => (sum.connections < o.connections ? connection(sum.connections++, t) : undefined),
    o.startMs ?? Date.UTC(2026, 0, 1),
    { concurrency: o.concurrency ?? 64 },
  );
  return sum;
}
