/**
 * HTTP/1.0 and HTTP/1.1 dissector (TCP, FIFO pairing). Items carry the Kubeshark HTTP
 * fields documented in http-fields.ts. `http` is the built-in descriptor with default
 * limits; `createHttpDissector(options)` builds one with other limits (same id).
 */
import { defineDissector } from '../descriptor.ts';
import type { DissectorDescriptor } from '../descriptor.ts';
import { detectHttp } from './http-detect.ts';
import { HttpParser } from './http-parser.ts';
import type { HttpParserLimits } from './http-parser.ts';
import { HTTP11_PROTOCOL, HTTP_PORTS } from './http-protocol.ts';

export { HTTP10_PROTOCOL, HTTP11_PROTOCOL } from './http-protocol.ts';

export interface HttpOptions {
  /** Body bytes kept per message (after de-chunking); `bodySize` still counts all. Default 1 MiB. */
  bodyCap?: number;
  /** Output cap of gzip/deflate/br decoding; beyond it `http_body_decode_cap`. Default 4 MiB. */
  decodeCap?: number;
  /** Header section cap; beyond it `http_header_too_large` and the flow is violated. Default 64 KiB. */
  headCap?: number;
  /** Longest start/header line; beyond it `http_line_too_long` and violation. Default 16 KiB. */
  lineCap?: number;
  /** Bytes scanned for a message start after a gap or garbage before violating. Default 1 MiB. */
  resyncBudget?: number;
  /** Client bytes held while an Upgrade/CONNECT waits for its response. Default 64 KiB. */
  holdCap?: number;
}

const MiB = 1024 * 1024;

export function createHttpDissector(opts: HttpOptions = {}): DissectorDescriptor {
  const lim: HttpParserLimits = {
    bodyCap: opts.bodyCap ?? MiB,
    decodeCap: opts.decodeCap ?? 4 * MiB,
    headCap: opts.headCap ?? 64 * 1024,
    lineCap: opts.lineCap ?? 16 * 1024,
    resyncBudget: opts.resyncBudget ?? MiB,
    holdCap: opts.holdCap ?? 64 * 1024,
  };
  return defineDissector({
    id: 'http',
    protocol: HTTP11_PROTOCOL,
    transport: 'tcp',
    ports: HTTP_PORTS,
    pairing: 'fifo',
    detect: (bytes, dir) => detectHttp(bytes, dir),
    createParser: (ctx) => new HttpParser(ctx, lim),
  });
}

export const http = createHttpDissector();
