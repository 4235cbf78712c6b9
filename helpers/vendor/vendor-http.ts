/**
 * The one HTTP client of the vendor.* helpers: http and https URLs only, one overall time
 * limit per request (config vendor.timeoutMs, default 10 s), and a response size cap
 * (vendor.maxResponseBytes, default 1 MiB: the rest is not read and `truncated` is set).
 * Requests carry exactly the headers given plus Host, Content-Length and Connection — no
 * hidden defaults, so receivers see what the helper documents.
 *
 * Errors are VendorError with a stable code: ERR_VENDOR_URL (bad or non-http URL),
 * ERR_VENDOR_TRANSPORT (connect/TLS/socket failure), ERR_VENDOR_TIMEOUT.
 */
import http, { type IncomingHttpHeaders } from 'node:http';
import https from 'node:https';
import type { Duplex, Readable } from 'node:stream';
import tls, { type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';

export type VendorErrorCode =
  | 'ERR_VENDOR_URL'
  | 'ERR_VENDOR_TRANSPORT'
  | 'ERR_VENDOR_TIMEOUT'
  | 'ERR_VENDOR_RATE_LIMIT'
  | 'ERR_VENDOR_STATUS'
  | 'ERR_VENDOR_API'
  | 'ERR_VENDOR_ARGUMENT';

export class VendorError extends Error {
  constructor(
    readonly code: VendorErrorCode,
    message: string,
  ) {
    super(message);
  }
}

export interface VendorRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  /** A body (sent with Content-Length), or a stream factory with its exact length. */
  body?: string | Buffer | { length: number; open(): Readable };
  /**
   * https only: trust the server if any certificate of its chain has this SHA-256
   * fingerprint (hex, colons and case ignored) instead of verifying it against the CAs —
   * for self-signed clusters (Elasticsearch's `certificateFingerprint`). Checked before
   * anything is sent.
   */
  pinSha256?: string;
}

export interface VendorResponse {
  status: number;
  headers: IncomingHttpHeaders;
  /** The body as UTF-8 text, at most maxResponseBytes bytes of it. */
  body: string;
  truncated: boolean;
}

export interface VendorLimits {
  timeoutMs: number;
  maxResponseBytes: number;
}

/** The URL, if it is http or https; `op` prefixes the message. */
export function parseVendorUrl(op: string, raw: string): URL {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw new VendorError('ERR_VENDOR_URL', `${op}: ${JSON.stringify(raw)} is not a valid URL`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw new VendorError('ERR_VENDOR_URL', `${op}: only http and https URLs are allowed, got ${JSON.stringify(u.protocol)}`);
  }
  return u;
}

/** URL without credentials or query, for messages. */
export function shownUrl(u: URL): string {
  return `${u.protocol}//${u.host}${u.pathname}`;
}

function chainFingerprints(cert: PeerCertificate | DetailedPeerCertificate): string[] {
  const out: string[] = [];
  let c: DetailedPeerCertificate | undefined = cert as DetailedPeerCertificate;
  while (c && c.fingerprint256 && !out.includes(c.fingerprint256)) {
    out.push(c.fingerprint256);
    c = c.issuerCertificate;
  }
  return out.map((f) => f.replace(/:/g, '').toLowerCase());
}

/** A TLS connection accepted only when the server's chain contains the pinned certificate. */
function pinnedConnection(op: string, pin: string) {
  const want = pin.replace(/:/g, '').toLowerCase();
  return (opts: http.ClientRequestArgs, done: (err: Error | null, socket: Duplex) => void): undefined => {
    const host = opts.hostname ?? opts.host ?? 'localhost';
    const socket = tls.connect({ host, port: Number(opts.port), servername: /^[\d.:[\]]+$/.test(host) ? undefined : host, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      if (chainFingerprints(socket.getPeerCertificate(true)).includes(want)) return done(null, socket);
      socket.destroy();
      done(new VendorError('ERR_VENDOR_TRANSPORT', `${op}: the server's certificate does not match certificateFingerprint ${pin}`), socket);
    });
    socket.once('error', (e) => done(e, socket));
    return undefined;
  };
}

export function vendorRequest(op: string, limits: VendorLimits, r: VendorRequest): Promise<VendorResponse> {
  const url = parseVendorUrl(op, r.url);
  const lib = url.protocol === 'https:' ? https : http;
  const body = r.body;
  const length = body === undefined ? 0 : typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  const headers: Record<string, string> = { ...(r.headers ?? {}) };
  if (body !== undefined || !/^(GET|HEAD|DELETE|OPTIONS)$/.test(r.method)) headers['Content-Length'] = String(length);
  return new Promise<VendorResponse>((resolve, reject) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (e: Error | null, v?: VendorResponse) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (e) reject(e);
      else resolve(v!);
    };
    const onResponse = (res: http.IncomingMessage) => {
      const chunks: Buffer[] = [];
      let n = 0;
      let truncated = false;
      res.on('data', (c: Buffer) => {
        if (truncated) return;
        const room = limits.maxResponseBytes - n;
        if (c.length > room) {
          chunks.push(c.subarray(0, room));
          n += room;
          truncated = true;
          finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), truncated });
          res.destroy();
          return;
        }
        chunks.push(c);
        n += c.length;
      });
      res.on('end', () => finish(null, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), truncated }));
      res.on('error', (e) => finish(new VendorError('ERR_VENDOR_TRANSPORT', `${op}: ${r.method} ${shownUrl(url)} failed while reading the response: ${e.message}`)));
    };
    let req: http.ClientRequest;
    try {
      // A request without an agent opens its socket through createConnection (pinning);
      // otherwise a fresh agent per request (no connection reuse between calls).
      const connect = r.pinSha256 && url.protocol === 'https:' ? { agent: undefined, createConnection: pinnedConnection(op, r.pinSha256) } : { agent: false as const };
      req = lib.request(url, { method: r.method, headers, ...connect }, onResponse);
    } catch (e) {
      // Invalid method or header name/value (node validates them before sending).
      finish(new VendorError('ERR_VENDOR_ARGUMENT', `${op}: ${(e as Error).message}`));
      return;
    }
    timer = setTimeout(() => {
      finish(new VendorError('ERR_VENDOR_TIMEOUT', `${op}: no complete response from ${shownUrl(url)} within ${limits.timeoutMs} ms (vendor.timeoutMs)`));
      req.destroy();
    }, limits.timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish(e instanceof VendorError ? e : new VendorError('ERR_VENDOR_TRANSPORT', `${op}: ${r.method} ${shownUrl(url)} failed: ${e.message || e.code}`)));
    if (body === undefined) req.end();
    else if (typeof body === 'string' || Buffer.isBuffer(body)) req.end(body);
    else {
      const s = body.open();
      s.on('error', (e) => {
        finish(new VendorError('ERR_VENDOR_TRANSPORT', `${op}: reading the upload failed: ${e.message}`));
        req.destroy();
      });
      s.pipe(req);
    }
  });
}
