/**
 * gRPC over HTTP/2 (https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md).
 * Not a dissector of its own: an HTTP/2 stream whose request (or response) content type is
 * `application/grpc[+proto|+json|;…]` becomes a gRPC item (protocol override `GRPC_PROTOCOL`),
 * one item per call — unary and streaming alike.
 *
 * Extra item fields (beside the HTTP/2 request/response shape):
 *  - `request.grpc = {service, method, messages, messageSizes, compressed, bytes}`
 *  - `response.grpc = {messages, messageSizes, compressed, bytes, status, message}`
 *    where `messages` counts length-prefixed messages, `messageSizes` lists the first 64
 *    message lengths, `compressed` counts messages with the compressed flag, `bytes` sums
 *    the message lengths, `status` is `grpc-status` as a number (null when absent) and
 *    `message` is the percent-decoded `grpc-message`.
 * `grpc-status`/`grpc-message` are read from the trailers (or from the headers of a
 * trailers-only response); trailers are also merged into `response.headers`.
 * Anomalies: `grpc_bad_compressed_flag`, `grpc_truncated_message`.
 */
import type { ProtocolInfo } from '../../item.ts';

export const GRPC_PROTOCOL: ProtocolInfo = Object.freeze({
  name: 'http',
  version: '2.0',
  abbr: 'gRPC',
  longName: 'Hypertext Transfer Protocol Version 2 (HTTP/2) [ gRPC over HTTP/2 ]',
  macro: 'grpc',
  backgroundColor: '#244c5a',
  foregroundColor: '#ffffff',
  fontSize: 11,
  referenceLink: 'https://grpc.github.io/grpc/core/md_doc_statuscodes.html',
  ports: Object.freeze(['80', '443', '8080', '50051']) as string[],
  layer4: 'tcp',
  priority: 0,
});

/** True for `application/grpc`, `application/grpc+proto`, `application/grpc; …`. */
export function isGrpcContentType(ct: string): boolean {
  return ct.length >= 16 && ct.charCodeAt(0) === 97 && ct.startsWith('application/grpc') && (ct.length === 16 || ct[16] === '+' || ct[16] === ';');
}

const MAX_SIZES = 64;

/**
 * Counts length-prefixed gRPC messages in one direction of a call, fed the DATA bytes in
 * order (any split), without keeping them.
 */
export class GrpcCounter {
  messages = 0;
  compressed = 0;
  bytes = 0;
  readonly sizes: number[] = [];
  /** Prefix octets seen of the current message (0..5, 5 while in its body); -1 = lost after a gap. */
  private prefix = 0;
  private len = 0;
  private left = 0;
  private readonly weird: (name: string) => void;

  constructor(weird: (name: string) => void) {
    this.weird = weird;
  }

  feed(b: Uint8Array): void {
    if (this.prefix < 0) return;
    let i = 0;
    const n = b.length;
    while (i < n) {
      if (this.prefix < 5) {
        const c = b[i++];
        if (this.prefix === 0) {
          if (c > 1) this.weird('grpc_bad_compressed_flag');
          if (c === 1) this.compressed++;
          this.len = 0;
        } else this.len = this.len * 256 + c;
        if (++this.prefix === 5) this.begin();
        continue;
      }
      const take = Math.min(this.left, n - i);
      i += take;
      this.left -= take;
      if (this.left === 0) this.prefix = 0;
    }
  }

  /** Lost bytes inside the DATA stream: counted as message body when possible. */
  skip(n: number): void {
    if (this.prefix === 5 && n <= this.left) {
      this.left -= n;
      if (this.left === 0) this.prefix = 0;
    } else this.prefix = -1;
  }

  /** The direction ended: a partial message is an anomaly. */
  finish(): void {
    if (this.prefix > 0) this.weird('grpc_truncated_message');
    this.prefix = 0;
  }

  toJSON(): { messages: number; messageSizes: number[]; compressed: number; bytes: number } {
    return { messages: this.messages, messageSizes: this.sizes, compressed: this.compressed, bytes: this.bytes };
  }

  private begin(): void {
    this.messages++;
    this.bytes += this.len;
    if (this.sizes.length < MAX_SIZES) this.sizes.push(this.len);
    this.left = this.len;
    if (this.left === 0) this.prefix = 0;
  }
}

/** `/pkg.Service/Method` → ['pkg.Service', 'Method'] (['', ''] when not that shape). */
export function grpcMethodOf(path: string): [string, string] {
  const s = path.indexOf('/', 1);
  if (path.charCodeAt(0) !== 47 || s < 0) return ['', ''];
  return [path.slice(1, s), path.slice(s + 1)];
}

/** Percent-decoding of `grpc-message` (invalid escapes stay as they are). */
export function grpcMessageText(v: string): string {
  if (v.indexOf('%') < 0) return v;
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}
