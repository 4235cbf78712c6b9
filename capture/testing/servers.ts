/**
 * Test helper: real servers on loopback, started per test file with explicit ports and a
 * private temp directory, stopped by PID. nginx (Debian nginx-light) and dnsmasq
 * (dnsmasq-base) run in the foreground as our children.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface Server {
  port: number;
  dir: string;
  stop(): Promise<void>;
}

export async function waitForPort(port: number, host = '127.0.0.1', timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, host);
      s.once('connect', () => (s.destroy(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listening on ${host}:${port}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function stopper(child: ChildProcess): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
}

/** nginx serving `files` (path → content) from a temp root, plus /hello, /submit and /status/{201,204,302,404,500,503}. */
export async function startNginx(port: number, files: Record<string, string | Buffer> = {}): Promise<Server> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wh-nginx-'));
  await mkdir(path.join(dir, 'www'), { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, 'www', name)), { recursive: true });
    await writeFile(path.join(dir, 'www', name), content);
  }
  const conf = `
worker_processes 1;
user root;
daemon off;
error_log ${dir}/error.log warn;
pid ${dir}/nginx.pid;
events { worker_connections 256; }
http {
  access_log off;
  client_body_temp_path ${dir}/body;
  proxy_temp_path ${dir}/proxy;
  fastcgi_temp_path ${dir}/fastcgi;
  uwsgi_temp_path ${dir}/uwsgi;
  scgi_temp_path ${dir}/scgi;
  default_type application/octet-stream;
  types { text/html html; text/plain txt; application/json json; }
  keepalive_requests 1000;
  server {
    listen 127.0.0.1:${port};
    root ${dir}/www;
    gzip on;
    gzip_types text/plain application/json;
    gzip_min_length 1;
    location = /hello { default_type text/plain; return 200 "hello world\\n"; }
${[201, 204, 302, 404, 500, 503].map((c) => `    location = /status/${c} { default_type text/plain; return ${c} "status ${c}\\n"; }`).join('\n')}
    location = /submit { default_type application/json; return 201 '{"created":true}'; }
  }
}
`;
  await writeFile(path.join(dir, 'nginx.conf'), conf);
  const child = spawn('nginx', ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { stdio: 'ignore' });
  await waitForPort(port);
  return { port, dir, stop: stopper(child) };
}

/** dnsmasq answering only from its own records (no upstream, no /etc/hosts). */
export async function startDnsmasq(port: number, records: string[]): Promise<Server> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'wh-dnsmasq-'));
  const args = [
    '--keep-in-foreground',
    `--port=${port}`,
    '--listen-address=127.0.0.1',
    '--bind-interfaces',
    '--no-resolv',
    '--no-hosts',
    '--no-daemon',
    '--user=root',
    `--pid-file=${dir}/dnsmasq.pid`,
    '--log-facility=-',
    ...records,
  ];
  const child = spawn('dnsmasq', args, { stdio: 'ignore' });
  await waitForPort(port); // dnsmasq also listens on TCP
  return { port, dir, stop: stopper(child) };
}
