/**
 * `wirehook scripts sync DIR --hub URL --token T`: pushes a folder of `.js` scripts to a
 * running hub through its dashboard API (/work/briefs/api.md), then keeps watching:
 *  - every script of the folder: `PUT /api/scripts/:id {code}` (hot reload on the hub, and
 *    from there on every worker); a 404 means the hub does not have it yet:
 *    `POST /api/scripts {id, code}`;
 *  - a script whose new version does not load (422 ERR_SCRIPT_COMPILE / ERR_SCRIPT_LOAD) is
 *    reported with its line and column; the hub keeps running the previous version;
 *  - while watching, a changed file is pushed again and a deleted file is deleted on the
 *    hub (`DELETE /api/scripts/:id`); scripts that exist only on the hub are left alone.
 * A rejected token (401) or an unreachable hub is an error (ERR_UNAUTHORIZED /
 * ERR_HUB_UNREACHABLE) for the initial push; while watching, failures are logged.
 */
import http from 'node:http';
import https from 'node:https';
import { FolderStore } from '../../scripts/folder-store.ts';
import type { StoreEvent } from '../../scripts/store.ts';

export interface SyncOptions {
  dir: string;
  /** Hub address: http(s)://host:port, ws(s)://host:port[/api/cluster] or host:port. */
  hub: string;
  token: string;
  log: (line: string) => void;
}

export interface SyncResult {
  pushed: string[];
  failed: string[];
}

export class SyncError extends Error {
  constructor(
    readonly code: 'ERR_UNAUTHORIZED' | 'ERR_HUB_UNREACHABLE',
    message: string,
    readonly hint: string,
  ) {
    super(message);
  }
}

/** The hub's HTTP base URL for an address given as ws://, http:// or host:port. */
export function hubHttpBase(address: string): string {
  const a = /^[a-z][a-z0-9+.-]*:\/\//i.test(address) ? address : `http://${address}`;
  const u = new URL(a);
  u.protocol = u.protocol === 'wss:' || u.protocol === 'https:' ? 'https:' : 'http:';
  return `${u.protocol}//${u.host}`;
}

export class ScriptSync {
  private readonly base: string;
  private readonly folder: FolderStore;
  private unwatch: (() => void) | null = null;
  private chain: Promise<unknown> = Promise.resolve();

  constructor(private readonly o: SyncOptions) {
    this.base = hubHttpBase(o.hub);
    this.folder = new FolderStore(o.dir);
  }

  /** Pushes every script of the folder once. */
  async pushAll(): Promise<SyncResult> {
    const result: SyncResult = { pushed: [], failed: [] };
    for (const f of await this.folder.list()) {
      if (await this.push(f.id, f.code)) result.pushed.push(f.id);
      else result.failed.push(f.id);
    }
    return result;
  }

  /** Follows folder changes until `close()`. */
  watch(): void {
    this.unwatch = this.folder.watch((e) => {
      this.chain = this.chain.then(() => this.onChange(e)).catch((err: Error) => this.o.log(`wirehook: sync: ${err.message}`));
    });
  }

  /** Resolves when every change seen so far has been pushed. */
  idle(): Promise<unknown> {
    return this.chain;
  }

  close(): void {
    this.unwatch?.();
    this.folder.close();
  }

  private async onChange(e: StoreEvent): Promise<void> {
    if (e.type === 'put') {
      await this.push(e.id, e.code);
      return;
    }
    const res = await this.call('DELETE', `/api/scripts/${encodeURIComponent(e.id)}`);
    if (res.ok || res.status === 404) this.o.log(`wirehook: sync: ${e.id} deleted on the hub`);
    else this.o.log(`wirehook: sync: deleting ${e.id} failed: ${describe(res)}`);
  }

  /** True when the hub runs the new version. */
  private async push(id: string, code: string): Promise<boolean> {
    let res = await this.call('PUT', `/api/scripts/${encodeURIComponent(id)}`, { code });
    if (res.status === 404) res = await this.call('POST', '/api/scripts', { id, code });
    if (res.ok) {
      this.o.log(`wirehook: sync: ${id} pushed`);
      return true;
    }
    if (res.status === 401) {
      throw new SyncError('ERR_UNAUTHORIZED', `the hub at ${this.base} rejected the token`, "pass the hub's dashboard token with --token (printed by 'wirehook hub', kept in its data dir)");
    }
    this.o.log(`wirehook: sync: ${id} not applied: ${describe(res)}`);
    return false;
  }

  private async call(method: string, path: string, body?: unknown): Promise<Reply> {
    try {
      return await request(method, this.base + path, this.o.token, body);
    } catch (e) {
      const cause = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw new SyncError('ERR_HUB_UNREACHABLE', `cannot reach the hub at ${this.base} (${cause})`, "check --hub and that 'wirehook hub' is running");
    }
  }
}

interface Reply {
  status: number;
  ok: boolean;
  text: string;
}

/** One request without keep-alive (a finished `sync --once` exits at once). */
function request(method: string, url: string, token: string, body?: unknown): Promise<Reply> {
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const headers: Record<string, string | number> = { authorization: `Bearer ${token}` };
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  return new Promise((resolve, reject) => {
    const req = (url.startsWith('https:') ? https : http).request(url, { method, headers, agent: false, timeout: 30_000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const status = res.statusCode ?? 0;
        resolve({ status, ok: status >= 200 && status < 300, text: Buffer.concat(chunks).toString('utf8') });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(Object.assign(new Error('timed out'), { code: 'ETIMEDOUT' })));
    req.on('error', reject);
    req.end(payload);
  });
}

/** "ERR_SCRIPT_COMPILE at 3:7: Unexpected token" from an API error body. */
function describe(res: Reply): string {
  const text = res.text;
  try {
    const e = JSON.parse(text) as { code?: string; message?: string; line?: number; column?: number };
    const at = typeof e.line === 'number' ? ` at ${e.line}${typeof e.column === 'number' ? `:${e.column}` : ''}` : '';
    return `${e.code ?? `HTTP ${res.status}`}${at}: ${e.message ?? ''}`;
  } catch {
    return `HTTP ${res.status}: ${text.slice(0, 200)}`;
  }
}
