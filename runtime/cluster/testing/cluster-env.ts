/**
 * Test helpers for the cluster roles: temp dirs, node configs, generated captures, and
 * `eventually` for conditions that become true over the network (polled, with a deadline;
 * tests never assert on timing).
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateHttpCorpus } from '../../../capture/synth/http-corpus.ts';
import { pcapFileSink } from '../../../capture/synth/pcap-sink.ts';
import { generateRedisCorpus } from '../../../capture/synth/redis.ts';
import { defaultConfig, type WirehookConfig } from '../../config.ts';

export const TOKEN = 'cluster-test-token-0123456789';

export function tempDir(prefix: string): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), `wh-${prefix}-`));
}

export interface NodeConfigOptions {
  dir: string;
  name: string;
  port?: number;
  /** Worker: the hub's address. */
  hub?: string;
  token?: string;
  env?: Record<string, unknown>;
}

export function nodeConfig(o: NodeConfigOptions): WirehookConfig {
  const c = defaultConfig();
  c.node = { name: o.name, ip: '10.9.0.1' };
  c.dataDir = path.join(o.dir, o.name);
  c.dashboard.port = o.port ?? 0;
  c.dashboard.token = TOKEN;
  c.hub.address = o.hub ?? '';
  c.hub.token = o.token ?? TOKEN;
  c.hub.batchMs = 10;
  c.hub.reconnectMaxMs = 200;
  if (o.env) c.scripting.env = o.env;
  return c;
}

/** Writes a generated capture; returns the number of exchanges (= items) in it. */
export function writeCapture(file: string, kind: 'http' | 'redis', connections: number, seed: number): number {
  const sink = pcapFileSink(file);
  const summary = (kind === 'http' ? generateHttpCorpus : generateRedisCorpus)(sink, { connections, seed });
  sink.close();
  return summary.exchanges;
}

/**
 * Writes an HTTP capture whose packet times are stretched to span about `spanMs` (replayed
 * with `--speed 1` it is steady traffic for that long); returns the number of exchanges.
 */
export function writeSteadyCapture(file: string, connections: number, seed: number, spanMs: number): number {
  const frames: { t: number; data: Uint8Array }[] = [];
  const summary = generateHttpCorpus({ frame: (t, data) => void frames.push({ t, data: data.slice() }) }, { connections, seed, concurrency: 4 });
  const t0 = frames[0].t;
  const k = spanMs / Math.max(1, frames[frames.length - 1].t - t0);
  const sink = pcapFileSink(file);
  for (const f of frames) sink.frame(t0 + (f.t - t0) * k, f.data);
  sink.close();
  return summary.exchanges;
}

/** Polls `read` until `ok` holds (or throws after `timeoutMs` with the last value). */
export async function eventually<T>(read: () => T | Promise<T>, ok: (v: T) => boolean, timeoutMs = 15_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  for (;;) {
    last = await read();
    if (ok(last)) return last;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function getJson<T = unknown>(url: string): Promise<T> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return (await res.json()) as T;
}
