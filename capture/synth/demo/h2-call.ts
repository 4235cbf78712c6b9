/**
 * HTTP/2 (h2c, prior knowledge) for the demo services: the connection preface and
 * SETTINGS exchange, then calls as streams (odd ids). gRPC: HEADERS + a length-prefixed
 * protobuf message from the client; HEADERS, 0..n messages and trailers carrying
 * `grpc-status` from the server. REST: HEADERS (+ a JSON body) and a JSON answer. Header
 * blocks use real HPACK, one encoder per direction, encoded lazily so the dynamic tables
 * follow the wire order. Returns TcpCall steps.
 */
import { HpackEncoder } from '../../dissect/protocols/hpack-encoder.ts';
import { clientPreface, concat, data, grpcMessage, headers, settings } from '../../dissect/protocols/http2-encode.ts';
import type { TcpStep } from './tcp-call.ts';

const enc = new TextEncoder();

/** Protobuf encoding of a flat message: strings as length-delimited, numbers as varints. */
export function protobuf(fields: Record<number, string | number>): Uint8Array {
  const out: number[] = [];
  const varint = (v: number) => {
    while (v >= 0x80) {
      out.push((v % 128) | 0x80);
      v = Math.floor(v / 128);
    }
    out.push(v);
  };
  for (const [k, v] of Object.entries(fields)) {
    const field = Number(k);
    if (typeof v === 'number') {
      varint(field << 3);
      varint(Math.max(0, Math.round(v)));
    } else {
      const b = enc.encode(v);
      varint((field << 3) | 2);
      varint(b.length);
      out.push(...b);
    }
  }
  return Uint8Array.from(out);
}

export interface GrpcCall {
  /** When the request is sent. */
  at: number;
  /** `/package.Service/Method`. */
  method: string;
  request: Uint8Array;
  /** When the response starts. */
  respondAt: number;
  /** Response messages (server streaming: several; none on error). */
  responses: Uint8Array[];
  /** 0 = OK; e.g. 5 NOT_FOUND, 9 FAILED_PRECONDITION, 14 UNAVAILABLE. */
  status: number;
  message?: string;
  /** Extra request metadata (traceparent …). */
  metadata?: [string, string][];
}

/**
 * Steps of one h2c connection (opened at `connectedAt`) carrying `calls` to `authority`.
 * Calls must be in request order.
 */
export function grpcSteps(connectedAt: number, rttMs: number, authority: string, userAgent: string, calls: GrpcCall[]): TcpStep[] {
  const c = new HpackEncoder();
  const s = new HpackEncoder();
  const steps = prefaceSteps(connectedAt, rttMs);
  calls.forEach((call, i) => {
    const id = 1 + 2 * i;
    steps.push({
      at: Math.max(call.at, connectedAt + rttMs),
      dir: 0,
      bytes: () =>
        concat([
          headers(c, id, [
            [':method', 'POST'],
            [':scheme', 'http'],
            [':path', call.method],
            [':authority', authority],
            ['content-type', 'application/grpc'],
            ['user-agent', userAgent],
            ['te', 'trailers'],
            ['grpc-timeout', '2S'],
            ...(call.metadata ?? []),
          ]),
          data(id, grpcMessage(call.request), { endStream: true }),
        ]),
    });
    const trailers: [string, string][] = [['grpc-status', String(call.status)]];
    if (call.message) trailers.push(['grpc-message', encodeURIComponent(call.message)]);
    steps.push({
      at: Math.max(call.respondAt, connectedAt + rttMs),
      dir: 1,
      bytes: () =>
        concat([
          headers(s, id, [[':status', '200'], ['content-type', 'application/grpc'], ['grpc-accept-encoding', 'identity,gzip']]),
          ...(call.responses.length ? [data(id, concat(call.responses.map((m) => grpcMessage(m))))] : []),
          headers(s, id, trailers, { endStream: true }),
        ]),
    });
  });
  return steps.sort((a, b) => a.at - b.at);
}

function prefaceSteps(connectedAt: number, rttMs: number): TcpStep[] {
  return [
    { at: connectedAt, dir: 0, bytes: concat([clientPreface(), settings([[4, 4194304]])]) },
    { at: connectedAt + rttMs / 2, dir: 1, bytes: concat([settings([[3, 100], [4, 1048576]]), settings([], true)]) },
    { at: connectedAt + rttMs, dir: 0, bytes: settings([], true) },
  ];
}

export interface RestCall {
  at: number;
  method: string;
  path: string;
  /** JSON request body. */
  body?: string;
  respondAt: number;
  status: number;
  /** JSON response body. */
  response: string;
}

/** Steps of one h2c connection carrying one REST call (stream 1). */
export function restSteps(connectedAt: number, rttMs: number, authority: string, userAgent: string, call: RestCall): TcpStep[] {
  const c = new HpackEncoder();
  const s = new HpackEncoder();
  const reqHeaders: [string, string][] = [[':method', call.method], [':scheme', 'http'], [':path', call.path], [':authority', authority], ['accept', 'application/json'], ['user-agent', userAgent]];
  if (call.body !== undefined) reqHeaders.push(['content-type', 'application/json']);
  const steps = prefaceSteps(connectedAt, rttMs);
  steps.push({
    at: Math.max(call.at, connectedAt + rttMs),
    dir: 0,
    bytes: () => (call.body === undefined ? headers(c, 1, reqHeaders, { endStream: true }) : concat([headers(c, 1, reqHeaders), data(1, enc.encode(call.body), { endStream: true })])),
  });
  steps.push({
    at: Math.max(call.respondAt, connectedAt + rttMs),
    dir: 1,
    bytes: () => concat([headers(s, 1, [[':status', String(call.status)], ['content-type', 'application/json']]), data(1, enc.encode(call.response), { endStream: true })]),
  });
  return steps;
}
