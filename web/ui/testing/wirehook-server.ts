/**
 * Runs the real `wirehook start` (runtime/cli/bin.js) in a child process for the UI
 * end-to-end tests: replaying a capture, on a given port, with its own data and script
 * folders, an optional static identity file and a known dashboard token. `stop()` ends it with SIGTERM (by pid).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../../runtime/cli/bin.js', import.meta.url));

export interface WirehookServer {
  url: string;
  token: string;
  /** Everything the process printed (for failure messages). */
  output(): string;
  /** Resolves when the replay printed "finished". */
  replayed: Promise<void>;
  stop(): Promise<void>;
}

export async function startWirehook(o: { pcap: string; port: number; dataDir: string; scriptsDir: string; identityFile?: string; token?: string; timeoutMs?: number }): Promise<WirehookServer> {
  const token = o.token ?? 'e2e-token-0123456789abcdef';
  const child: ChildProcess = spawn(
    process.execPath,
    ['--no-node-snapshot', BIN, 'start', '--pcap', o.pcap, '--port', String(o.port), '--data', o.dataDir, '--scripts', o.scriptsDir],
    { env: { ...process.env, WIREHOOK_DASHBOARD_TOKEN: token, ...(o.identityFile ? { WIREHOOK_IDENTITY_FILE: o.identityFile } : {}) }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let onLine: () => void = () => undefined;
  const collect = (b: Buffer) => {
    out += b.toString();
    onLine();
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  const waitFor = (re: RegExp, ms: number) =>
    new Promise<RegExpExecArray>((resolve, reject) => {
      const check = () => {
        const m = re.exec(out);
        if (m) resolve(m);
      };
      const timer = setTimeout(() => reject(new Error(`wirehook start: no ${re} within ${ms} ms; output:\n${out}`)), ms);
      onLine = () => {
        check();
      };
      exited.then((code) => reject(new Error(`wirehook start exited (${code}) before ${re}; output:\n${out}`)));
      check();
      void timer;
    });

  // If this process ends first (a failed hook, a test timeout), do not leave the node behind.
  const orphanGuard = () => child.exitCode === null && child.kill('SIGKILL');
  process.once('exit', orphanGuard);
  void exited.then(() => process.off('exit', orphanGuard));

  const timeout = o.timeoutMs ?? 20_000;
  let m: RegExpExecArray;
  try {
    // "wirehook: dashboard http://127.0.0.1:8899/#token=…" (older: "dashboard and API on http://…")
    m = await waitFor(/wirehook: dashboard (?:and API on )?(http:\/\/[^\s/#]+)/, timeout);
  } catch (e) {
    orphanGuard();
    throw e;
  }
  const replayed = waitFor(/finished: \d+ packets/, timeout).then(() => undefined);
  replayed.catch(() => undefined);
  return {
    url: m[1],
    token,
    output: () => out,
    replayed,
    async stop() {
      if (child.exitCode === null && child.pid) process.kill(child.pid, 'SIGTERM');
      const t = setTimeout(() => child.pid && child.exitCode === null && process.kill(child.pid, 'SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    },
  };
}
