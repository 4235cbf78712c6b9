/**
 * A `wirehook` command run as its own process, the way an operator runs it: node with
 * --no-node-snapshot straight on bin.js (no re-exec, so `pid` is the process itself and
 * killing it kills the node). Output is collected; `waitFor` polls it for a pattern.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../../cli/bin.js', import.meta.url));

export interface WirehookProcess {
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Output lengths so far, to wait for output written after this point. */
  mark(): OutputMark;
  /** Resolves with the first match of `re` in stdout+stderr (after `since`; rejects after `timeoutMs` or on exit). */
  waitFor(re: RegExp, timeoutMs?: number, since?: OutputMark): Promise<RegExpMatchArray>;
  /** Resolves with the exit code (or signal name) once the process is gone. */
  readonly exited: Promise<number | string>;
  kill(signal?: NodeJS.Signals): Promise<number | string>;
}

export interface OutputMark {
  out: number;
  err: number;
}

export function runWirehook(args: string[], env: Record<string, string> = {}): WirehookProcess {
  const child: ChildProcess = spawn(process.execPath, ['--no-node-snapshot', BIN, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s));
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s));
  let done = false;
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => {
      done = true;
      resolve(signal ?? code ?? -1);
    }),
  );
  return {
    pid: child.pid!,
    stdout: () => out,
    stderr: () => err,
    exited,
    mark: () => ({ out: out.length, err: err.length }),
    async waitFor(re, timeoutMs = 20_000, since = { out: 0, err: 0 }) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const m = (out.slice(since.out) + '\n' + err.slice(since.err)).match(re);
        if (m) return m;
        if (done || Date.now() > deadline) {
          throw new Error(`${done ? 'process exited' : 'timed out'} before ${re} appeared in: wirehook ${args.join(' ')}\n--- stdout\n${out}\n--- stderr\n${err}`);
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    kill(signal = 'SIGTERM') {
      if (!done) process.kill(child.pid!, signal);
      return exited;
    },
  };
}
