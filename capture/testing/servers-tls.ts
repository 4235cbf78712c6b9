/**
 * Test helper: TLS on loopback with node's `tls` module and a self-signed certificate made
 * by the real openssl CLI for the test (EC P-256, subject CN=wirehook.test, O=Wirehook Test,
 * SANs wirehook.test, api.wirehook.test, 127.0.0.1). The server offers ALPN h2 and
 * http/1.1, answers each connection with one line and closes; `tlsClient` runs one
 * handshake with chosen versions, SNI, ALPN and ciphers and reports what was negotiated (or
 * the error, e.g. when the server finds no common cipher suite and sends a fatal alert).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import tls from 'node:tls';
import { promisify } from 'node:util';

const exec = promisify(execFile);

export interface SelfSigned {
  key: Buffer;
  cert: Buffer;
}

export async function selfSignedCert(dir: string): Promise<SelfSigned> {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  await exec('openssl', [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=wirehook.test/O=Wirehook Test', '-addext', 'subjectAltName=DNS:wirehook.test,DNS:api.wirehook.test,IP:127.0.0.1',
  ]);
  return { key: await readFile(key), cert: await readFile(cert) };
}

export interface TlsServer {
  port: number;
  stop(): Promise<void>;
}

export function startTlsServer(port: number, creds: SelfSigned): Promise<TlsServer> {
  const server = tls.createServer({ ...creds, ALPNProtocols: ['h2', 'http/1.1'], minVersion: 'TLSv1.2' }, (sock) => {
    sock.on('error', () => sock.destroy());
    sock.end(`hello ${sock.alpnProtocol || 'no-alpn'}\n`);
  });
  server.on('tlsClientError', () => undefined);
  return new Promise((resolve) =>
    server.listen(port, '127.0.0.1', () => resolve({ port, stop: () => new Promise<void>((r) => server.close(() => r())) })),
  );
}

export interface ClientSpec {
  servername: string;
  version: 'TLSv1.2' | 'TLSv1.3';
  alpn?: string[];
  /** OpenSSL cipher list for TLS 1.2 (e.g. only RSA suites, which this EC-keyed server cannot serve). */
  ciphers?: string;
}

export interface ClientResult {
  ok: boolean;
  alpn: string | false;
  protocol: string | null;
  cipher: string;
  error: string;
}

export function tlsClient(port: number, c: ClientSpec): Promise<ClientResult> {
  return new Promise((resolve) => {
    const s = tls.connect({
      host: '127.0.0.1', port, servername: c.servername, minVersion: c.version, maxVersion: c.version, ALPNProtocols: c.alpn,
      rejectUnauthorized: false, ciphers: c.ciphers,
    });
    let result: ClientResult | null = null;
    s.on('secureConnect', () => {
      result = { ok: true, alpn: s.alpnProtocol ?? false, protocol: s.getProtocol(), cipher: s.getCipher().standardName, error: '' };
      s.resume();
    });
    s.on('error', (e) => (result ??= { ok: false, alpn: false, protocol: null, cipher: '', error: e.message }));
    s.on('close', () => resolve(result ?? { ok: false, alpn: false, protocol: null, cipher: '', error: 'closed' }));
  });
}
