/**
 * A stand-in for a hub's script API (/work/briefs/api.md) for `wirehook scripts sync`
 * tests: PUT /api/scripts/:id (404 when unknown), POST /api/scripts (both 422
 * ERR_SCRIPT_COMPILE with line/column when the code contains "SYNTAX ERROR"), DELETE /api/scripts/:id,
 * bearer token required. Records every call.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeHubApi {
  url: string;
  scripts: Map<string, string>;
  calls: string[];
  close(): Promise<void>;
}

export async function fakeHubApi(token: string, initial: Record<string, string> = {}): Promise<FakeHubApi> {
  const scripts = new Map(Object.entries(initial));
  const calls: string[] = [];
  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length ? (JSON.parse(Buffer.concat(chunks).toString()) as { id?: string; code?: string }) : {};
    const send = (status: number, obj: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(obj));
    };
    const id = decodeURIComponent(/^\/api\/scripts\/([^/]+)$/.exec(req.url ?? '')?.[1] ?? '');
    calls.push(`${req.method} ${req.url}`);
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { code: 'ERR_UNAUTHORIZED', message: 'token' });
    const broken = () => send(422, { code: 'ERR_SCRIPT_COMPILE', message: 'Unexpected identifier', line: 2, column: 8 });
    if (req.method === 'POST' && req.url === '/api/scripts') {
      if (body.code?.includes('SYNTAX ERROR')) return broken();
      scripts.set(body.id!, body.code!);
      return send(201, { id: body.id, state: 'running' });
    }
    if (!id || !scripts.has(id)) return send(404, { code: 'ERR_SCRIPT_NOT_FOUND', message: `no script ${id}` });
    if (req.method === 'DELETE') {
      scripts.delete(id);
      return send(200, { id });
    }
    if (req.method === 'PUT') {
      if (body.code?.includes('SYNTAX ERROR')) return broken();
      scripts.set(id, body.code!);
      return send(200, { id, state: 'running' });
    }
    send(405, { code: 'ERR_METHOD', message: req.method });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    scripts,
    calls,
    close: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
