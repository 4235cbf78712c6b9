/**
 * A real Prometheus (Debian `prometheus` 2.42) for tests: scrapes the given targets every
 * second, stores into a temp dir, listens on 127.0.0.1:`port` with the lifecycle API
 * (stopped with POST /-/quit, then by PID if it does not exit). The first sample is
 * queryable after ~6 s (the scrape manager applies targets on a 5 s tick).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface PrometheusServer {
  url: string;
  /** Instant query; the `result` vector. */
  query(q: string): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  /** Polls `q` until it returns a non-empty result or `timeoutMs` passes. */
  waitFor(q: string, timeoutMs?: number): Promise<{ metric: Record<string, string>; value: [number, string] }[]>;
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function startPrometheus(dir: string, port: number, targets: string[]): Promise<PrometheusServer> {
  await mkdir(path.join(dir, 'data'), { recursive: true });
  const configFile = path.join(dir, 'prometheus.yml');
  await writeFile(
    configFile,
    `global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n  - job_name: wirehook\n    static_configs:\n      - targets: [${targets.map((t) => `'${t}'`).join(', ')}]\n`,
  );
  const url = `http://127.0.0.1:${port}`;
  const child: ChildProcess = spawn(
    'prometheus',
    [`--config.file=${configFile}`, `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--web.enable-lifecycle', '--log.level=warn'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let log = '';
  child.stderr?.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const query = async (q: string) => {
    const res = await fetch(`${url}/api/v1/query?query=${encodeURIComponent(q)}`);
    const body = (await res.json()) as { status: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (body.status !== 'success') throw new Error(`prometheus query ${q} failed: ${JSON.stringify(body)}`);
    return body.data.result;
  };
  for (let i = 0; ; i++) {
    if (child.exitCode !== null) throw new Error(`prometheus exited (${child.exitCode}): ${log}`);
    if (await fetch(`${url}/-/ready`).then((r) => r.ok, () => false)) break;
    if (i > 100) throw new Error(`prometheus did not become ready: ${log}`);
    await sleep(100);
  }
  return {
    url,
    query,
    async waitFor(q, timeoutMs = 20_000) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const r = await query(q);
        if (r.length || Date.now() > until) return r;
        await sleep(250);
      }
    },
    async stop() {
      await fetch(`${url}/-/quit`, { method: 'POST' }).catch(() => undefined);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 5000)))]);
      clearTimeout(timer);
      if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGKILL');
      await rm(dir, { recursive: true, force: true });
    },
  };
}
