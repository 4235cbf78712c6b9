/**
 * A loopback HTTP(S) receiver for vendor.* tests: records every request exactly (method,
 * URL, headers, raw body) and answers with `respond` (default: 200 "ok"). Plain http, or
 * https with a given key/certificate (for certificate pinning tests).
 */
import http, { type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import https from 'node:https';

export interface Received {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

export interface Receiver {
  url: string;
  requests: Received[];
  close(): Promise<void>;
}

export type Responder = (r: Received, res: ServerResponse) => void;

const okText: Responder = (_r, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
};

export function receiver(port: number, respond: Responder = okText, tls?: { key: string; cert: string }): Promise<Receiver> {
  const requests: Received[] = [];
  const handler = (req: http.IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks) };
      requests.push(r);
      respond(r, res);
    });
  };
  const server = tls ? https.createServer(tls, handler) : http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      resolve({
        url: `${tls ? 'https' : 'http'}://127.0.0.1:${port}`,
        requests,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      }),
    );
  });
}

/** Answers JSON with status 200. */
export function json(res: ServerResponse, body: unknown, status = 200): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
