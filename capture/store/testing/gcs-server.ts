/**
 * Test helper: a loopback **GCS JSON-API server** (RECIPES.md §2b / Appendix B — there is
 * no GCS emulator in Debian or npm) good enough for @google-cloud/storage 7 with
 * `apiEndpoint`: multipart and resumable uploads, object metadata, media download, list
 * by prefix, delete. Object resources carry real `md5Hash` and `crc32c`, so the client's
 * integrity checks run for real. Objects live in memory.
 *
 * `failNext(n, status)` makes the next n requests fail (outage tests); `log` records
 * `METHOD /path?query-keys` of every request (with the value of `uploadType`).
 */
import { CRC32C } from '@google-cloud/storage';
import { createHash, randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

interface StoredObject {
  meta: Record<string, string>;
  data: Buffer;
}

export interface GcsJsonApiServer {
  /** apiEndpoint for the client, e.g. http://127.0.0.1:41234 */
  endpoint: string;
  objects: Map<string, StoredObject>;
  log: string[];
  failNext(n: number, status?: number): void;
  stop(): Promise<void>;
}

function resource(bucket: string, name: string, data: Buffer, contentType: string): Record<string, string> {
  const crc = new CRC32C();
  crc.update(data);
  const now = new Date().toISOString();
  return {
    kind: 'storage#object', id: `${bucket}/${name}/1`, name, bucket, generation: '1', metageneration: '1',
    contentType: contentType || 'application/octet-stream', size: String(data.length),
    md5Hash: createHash('md5').update(data).digest('base64'), crc32c: crc.toString(), timeCreated: now, updated: now,
  };
}

function multipart(body: Buffer, contentType: string): { meta: Record<string, string>; data: Buffer; type: string } {
  const boundary = (contentType.split('boundary=')[1] ?? '').replace(/"/g, '');
  const parts = body
    .toString('latin1')
    .split('--' + boundary)
    .slice(1, -1)
    .map((p) => {
      const i = p.indexOf('\r\n\r\n');
      return { head: p.slice(0, i), body: p.slice(i + 4, -2) };
    });
  const type = /content-type:\s*(\S+)/i.exec(parts[1]?.head ?? '')?.[1] ?? '';
  return { meta: JSON.parse(parts[0]?.body || '{}'), data: Buffer.from(parts[1]?.body ?? '', 'latin1'), type };
}

export async function startGcsJsonApiServer(port = 0): Promise<GcsJsonApiServer> {
  const objects = new Map<string, StoredObject>();
  const sessions = new Map<string, { bucket: string; name: string; type: string }>();
  const log: string[] = [];
  let failures = 0;
  let failStatus = 503;
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    const u = new URL(req.url ?? '/', 'http://x');
    log.push(`${req.method} ${u.pathname}?${[...u.searchParams.keys()].map((k) => (k === 'uploadType' ? `${k}=${u.searchParams.get(k)}` : k)).join('&')}`);
    const json = (code: number, o: unknown): void => {
      res.writeHead(code, { 'content-type': 'application/json' });
      res.end(JSON.stringify(o));
    };
    if (failures > 0) {
      failures--;
      return json(failStatus, { error: { code: failStatus, message: 'injected failure' } });
    }
    let m: RegExpExecArray | null;
    if ((m = /^\/upload\/storage\/v1\/b\/([^/]+)\/o$/.exec(u.pathname))) {
      const bucket = m[1];
      if (req.method === 'POST' && u.searchParams.get('uploadType') === 'multipart') {
        const p = multipart(body, String(req.headers['content-type'] ?? ''));
        const name = p.meta.name || u.searchParams.get('name') || '';
        const meta = resource(bucket, name, p.data, p.type);
        objects.set(`${bucket}/${name}`, { meta, data: p.data });
        return json(200, meta);
      }
      if (req.method === 'POST' && u.searchParams.get('uploadType') === 'resumable') {
        const md = body.length ? JSON.parse(body.toString()) : {};
        const id = randomUUID();
        sessions.set(id, { bucket, name: md.name || u.searchParams.get('name') || '', type: md.contentType || String(req.headers['x-upload-content-type'] ?? '') });
        res.writeHead(200, { location: `http://${req.headers.host}/upload/storage/v1/b/${bucket}/o?uploadType=resumable&upload_id=${id}` });
        return res.end();
      }
      if (req.method === 'PUT') {
        const s = sessions.get(u.searchParams.get('upload_id') ?? '');
        if (!s) return json(404, { error: { code: 404, message: 'no such upload session' } });
        sessions.delete(u.searchParams.get('upload_id')!);
        const meta = resource(s.bucket, s.name, body, s.type);
        objects.set(`${s.bucket}/${s.name}`, { meta, data: body });
        return json(200, meta);
      }
    }
    if ((m = /^\/storage\/v1\/b\/([^/]+)\/o$/.exec(u.pathname)) && req.method === 'GET') {
      const bucket = m[1];
      const prefix = u.searchParams.get('prefix') ?? '';
      const items = [...objects.values()].filter((o) => o.meta.bucket === bucket && o.meta.name.startsWith(prefix)).map((o) => o.meta);
      return json(200, { kind: 'storage#objects', items });
    }
    if ((m = /^\/(?:download\/)?storage\/v1\/b\/([^/]+)\/o\/(.+)$/.exec(u.pathname))) {
      const id = `${m[1]}/${decodeURIComponent(m[2])}`;
      const o = objects.get(id);
      if (!o) return json(404, { error: { code: 404, message: 'No such object: ' + id } });
      if (req.method === 'DELETE') {
        objects.delete(id);
        res.writeHead(204);
        return res.end();
      }
      if (req.method === 'GET' && u.searchParams.get('alt') === 'media') {
        res.writeHead(200, { 'content-type': o.meta.contentType, 'x-goog-hash': `md5=${o.meta.md5Hash},crc32c=${o.meta.crc32c}` });
        return res.end(o.data);
      }
      if (req.method === 'GET') return json(200, o.meta);
    }
    json(404, { error: { code: 404, message: `not implemented: ${req.method} ${u.pathname}` } });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    objects,
    log,
    failNext(n, status = 503) {
      failures = n;
      failStatus = status;
    },
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
