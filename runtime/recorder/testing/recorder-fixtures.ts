/**
 * Test helpers for recordings: a real node with the storage feature on a fresh data dir
 * (fast scheduling tick and retries), the dashboard API called with the node's token, a
 * poll-until helper, and reading archives back (members by name, sha256).
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { list as tarList } from 'tar';
import { defaultConfig, type WirehookConfig } from '../../config.ts';
import { WirehookNode } from '../../roles/node.ts';
import { storageFeature, type StorageFeatureOptions } from '../storage-feature.ts';
import type { RecordingStatus } from '../recording-run.ts';

export interface TestNode {
  node: WirehookNode;
  /** Stops the node (once; also run at the end of the test). */
  stop(): Promise<void>;
  logs: string[];
  api<T = any>(method: string, path: string, body?: unknown, token?: string | null): Promise<{ status: number; body: T }>;
  recording(name: string): Promise<RecordingStatus>;
}

/** A started node; it is stopped when the test ends (`t.teardown`) if the test did not stop it. */
export async function startNode(
  t: { teardown(fn: () => unknown): void },
  dataDir: string,
  configure?: (c: WirehookConfig) => void,
  storage: StorageFeatureOptions = { tickMs: 50 },
): Promise<TestNode> {
  const config = defaultConfig();
  config.dataDir = dataDir;
  config.dashboard.port = 0;
  config.node = { name: 'node-a', ip: '10.0.0.10' };
  Object.assign(config.recording.spool, { retryInitialMs: 100, retryMaxMs: 800 });
  configure?.(config);
  const logs: string[] = [];
  const node = await WirehookNode.create({ role: 'single', config, features: [storageFeature(storage)], log: (l) => logs.push(l) });
  await node.start({ listen: true });
  const api = async <T = any>(method: string, path: string, body?: unknown, token: string | null = node.token): Promise<{ status: number; body: T }> => {
    const res = await fetch(node.http!.url + path, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const type = res.headers.get('content-type') ?? '';
    return { status: res.status, body: (type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer())) as T };
  };
  let stopping: Promise<void> | null = null;
  const stop = () => (stopping ??= node.stop());
  t.teardown(stop);
  return { node, logs, api, stop, recording: async (name) => (await api<RecordingStatus>('GET', `/api/recordings/${name}`)).body };
}

/** Polls `f` until it returns a truthy value (or throws after `timeoutMs`). */
export async function until<T>(f: () => T | Promise<T>, what: string, timeoutMs = 20_000): Promise<NonNullable<T>> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await f();
    if (v) return v as NonNullable<T>;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/** Members of a .tar.gz (file path or bytes) by name. */
export async function archiveMembers(archive: string | Buffer): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const parser = tarList({
    onReadEntry: (e) => {
      const chunks: Buffer[] = [];
      e.on('data', (c: Buffer) => chunks.push(c));
      e.on('end', () => out.set(e.path, Buffer.concat(chunks)));
    },
  });
  const data = typeof archive === 'string' ? await readFile(archive) : archive;
  await new Promise<void>((resolve, reject) => {
    parser.on('end', () => resolve());
    parser.on('error', reject);
    parser.end(data);
  });
  return out;
}
