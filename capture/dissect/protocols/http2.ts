/**
 * HTTP/2 cleartext dissector (h2c with prior knowledge, and after an HTTP/1.1 `Upgrade:
 * h2c` through the HTTP/1 parser's handoff). One item per stream, HTTP request/response
 * shaped (http2-fields.ts); gRPC calls and GraphQL requests carry their own protocol
 * (grpc.ts, graphql.ts). TLS-encrypted HTTP/2 is not visible here.
 *
 * Detection: the client's connection preface (certain), or a server that opens with a
 * SETTINGS frame (likely). `createHttp2Dissector(options)` builds one with other limits.
 */
import type { Direction } from '../../flow/flow.ts';
import { defineDissector } from '../descriptor.ts';
import type { DissectorDescriptor } from '../descriptor.ts';
import { FRAME_SETTINGS, PREFACE } from './http2-frames.ts';
import { Http2Parser } from './http2-parser.ts';
import type { Http2Limits } from './http2-parser.ts';
import { HTTP2_PORTS, HTTP2_PROTOCOL } from './http2-protocol.ts';

export { HTTP2_PROTOCOL } from './http2-protocol.ts';

export interface Http2Options {
  /** Body octets kept per message; `bodySize` still counts all. Default 1 MiB. */
  bodyCap?: number;
  /** Output cap of gzip/deflate/br decoding. Default 4 MiB. */
  decodeCap?: number;
  /** Body octets kept per connection over all streams. Default 32 MiB. */
  connectionBodyCap?: number;
  /** Largest non-DATA frame or header block buffered; larger ones are skipped. Default 1 MiB. */
  maxFrame?: number;
  /** Open streams tracked per connection. Default 1000. */
  maxStreams?: number;
}

const MiB = 1024 * 1024;

/**
 * 1 for (a prefix of at least 14 octets of) the client preface, 0.5 for a shorter prefix;
 * 0.8 when the server's first frame is a plausible SETTINGS frame; else 0.
 */
export function detectHttp2(b: Uint8Array, dir: Direction): number {
  const n = b.length;
  if (dir === 0) {
    const m = Math.min(n, PREFACE.length);
    for (let i = 0; i < m; i++) if (b[i] !== PREFACE[i]) return 0;
    return m >= 14 ? 1 : 0.5;
  }
  if (n < 9) return 0;
  const len = (b[0] << 16) | (b[1] << 8) | b[2];
  const streamZero = (b[5] | b[6] | b[7] | b[8]) === 0;
  return b[3] === FRAME_SETTINGS && b[4] === 0 && streamZero && len % 6 === 0 && len <= 60 ? 0.8 : 0;
}

export function createHttp2Dissector(opts: Http2Options = {}): DissectorDescriptor {
  const lim: Http2Limits = {
    bodyCap: opts.bodyCap ?? MiB,
    decodeCap: opts.decodeCap ?? 4 * MiB,
    connectionBodyCap: opts.connectionBodyCap ?? 32 * MiB,
    maxFrame: opts.maxFrame ?? MiB,
    maxStreams: opts.maxStreams ?? 1000,
  };
  return defineDissector({
    id: 'http2',
    protocol: HTTP2_PROTOCOL,
    transport: 'tcp',
    ports: HTTP2_PORTS,
    pairing: 'none',
    detect: (bytes, dir) => detectHttp2(bytes, dir),
    createParser: (ctx) => new Http2Parser(ctx, lim),
  });
}

export const http2 = createHttp2Dissector();
