/**
 * A node with the dashboard feature for tests, in one of two ways:
 *  - 'port': `node.start({ listen: true })` on 127.0.0.1, port 0 — the real server, with the
 *    WebSocket attached;
 *  - 'app': the node's Koa app (createApp over node.router) served by a throwaway server
 *    on port 0, without the node listening.
 * `api()` calls the API with or without the token and returns status, headers and JSON.
 * Scripts are files in the node's script folder; `identity: true` adds the test identity
 * enrichers (traffic.ts).
 */
import type { ExecutionContext } from 'ava';
import http from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defaultConfig, type WirehookConfig } from '../../../runtime/config.ts';
import type { Feature } from '../../../runtime/roles/feature.ts';
import { WirehookNode } from '../../../runtime/roles/node.ts';
import { dashboardFeature, type DashboardFeatureOptions } from '../dashboard-feature.ts';
import { createApp } from '../http-server.ts';
import type { DashboardContext } from '../routes/dashboard-context.ts';
import type { DashboardSocket } from '../ws.ts';
import { enrichFlow, enrichItem } from './traffic.ts';

export const TOKEN = 'test-dashboard-token-0123456789';

export interface TestDashboard {
  node: WirehookNode;
  d: DashboardContext & { socket: DashboardSocket };
  url: string;
  dir: string;
  api(method: string, path: string, o?: ApiOptions): Promise<ApiResponse>;
  stop(): Promise<void>;
}

export interface ApiOptions {
  /** JSON body (or a raw string with `raw`). */
  body?: unknown;
  raw?: string | Buffer;
  /** Token to send (default TOKEN); null = none. */
  token?: string | null;
  headers?: Record<string, string>;
}

export interface ApiResponse {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

export interface StartOptions extends DashboardFeatureOptions {
  mode?: 'port' | 'app';
  /** Features installed after the dashboard (e.g. storage for /api/pcap). */
  features?: Feature[];
  scripts?: Record<string, string>;
  identity?: boolean;
  config?: (c: WirehookConfig) => void;
}

export async function startDashboard(t: ExecutionContext, o: StartOptions = {}): Promise<TestDashboard> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wirehook-dash-'));
  const config = defaultConfig();
  config.node = { name: 'node-a', ip: '127.0.0.1' };
  config.dataDir = dir;
  config.dashboard.port = 0;
  config.dashboard.token = TOKEN;
  config.scripting.source = path.join(dir, 'scripts');
  config.scripting.limits.timeoutMs = 2000;
  o.config?.(config);
  await mkdir(config.scripting.source, { recursive: true });
  for (const [id, code] of Object.entries(o.scripts ?? {})) await writeFile(path.join(config.scripting.source, id), code);
  let installed: TestDashboard['d'] | undefined;
  const node = await WirehookNode.create({
    role: 'single',
    config,
    log: (l) => t.log(l),
    flowSampleMs: 50,
    features: [dashboardFeature({ ...o, onInstalled: (d) => (installed = d) }), ...(o.features ?? [])],
  });
  if (o.identity) {
    node.enrichers.push(enrichItem);
    node.flowEnrichers.push(enrichFlow);
  }
  let url: string;
  let server: http.Server | null = null;
  if (o.mode === 'app') {
    await node.start({ listen: false });
    const app = createApp(node.router, () => ({ role: node.role }));
    server = http.createServer(app.callback());
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  } else {
    await node.start({ listen: true });
    url = node.http!.url;
  }
  const api = async (method: string, p: string, a: ApiOptions = {}): Promise<ApiResponse> => {
    const headers: Record<string, string> = { ...a.headers };
    const token = a.token === undefined ? TOKEN : a.token;
    if (token) headers.authorization = `Bearer ${token}`;
    let body: string | Buffer | undefined = a.raw;
    if (a.body !== undefined) {
      body = JSON.stringify(a.body);
      headers['content-type'] = 'application/json';
    }
    const res = await fetch(url + p, { method, headers, body });
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
  };
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await node.stop();
    if (server) await new Promise((r) => server!.close(r));
    await rm(dir, { recursive: true, force: true });
  };
  t.teardown(stop);
  return { node, d: installed!, url, dir, api, stop };
}
