/**
 * One incarnation of the capture agent (agent.ts) as seen from the worker: the child
 * process, its pcap stdout, and its side channel decoded into callbacks.
 *
 * The agent runs in its own process group (it and its tcpdump child), so a crashed or
 * killed agent never leaves a tcpdump behind: `exited` resolves only after the group was
 * SIGKILLed. `stop()` asks politely (SIGTERM to the agent, which stops its producer and
 * sends final stats), then kills the group after `graceMs`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { parseAgentMessage, SIDE_CHANNEL_FD, type AgentConfig, type AgentMessage, type AgentStats } from './agent-protocol.ts';
import { CaptureError } from './capture-error.ts';

export type ReadyMessage = Extract<AgentMessage, { type: 'ready' }>;

export interface AgentHandlers {
  onStats(s: AgentStats): void;
  onLog(line: string): void;
}

export interface AgentProcess {
  readonly pid: number;
  /** The pcap byte stream. */
  readonly stdout: Readable;
  /** Resolves when the producer is capturing; rejects with a CaptureError, or an Error when the agent died first. */
  readonly ready: Promise<ReadyMessage>;
  /** Resolves once the agent exited, its side channel was read to the end and its group is gone. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(graceMs?: number): Promise<void>;
}

const AGENT = fileURLToPath(new URL('./agent.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    /* the group is already gone */
  }
}

export function startAgent(config: AgentConfig, h: AgentHandlers): AgentProcess {
  const child = spawn(process.execPath, ['--import', TSX, AGENT, JSON.stringify(config)], {
    stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
    detached: true,
  });
  let onReady!: (m: ReadyMessage) => void;
  let onFail!: (e: Error) => void;
  const ready = new Promise<ReadyMessage>((resolve, reject) => {
    onReady = resolve;
    onFail = reject;
  });
  ready.catch(() => undefined);
  const side = child.stdio[SIDE_CHANNEL_FD] as Readable;
  const sideDone = new Promise<void>((r) => side.once('close', () => r()));
  createInterface({ input: side }).on('line', (line) => {
    const m = parseAgentMessage(line);
    if (m === null) return;
    if (m.type === 'ready') onReady(m);
    else if (m.type === 'stats') h.onStats(m);
    else if (m.type === 'log') h.onLog(m.message);
    else if (m.type === 'error') onFail(CaptureError.from(m));
  });
  createInterface({ input: child.stderr! }).on('line', (line) => line.trim() && h.onLog(`capture agent: ${line}`));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('error', (e) => {
      onFail(e);
      resolve({ code: null, signal: null });
    });
    child.once('exit', (code, signal) => {
      killGroup(child, 'SIGKILL');
      void sideDone.then(() => {
        onFail(new Error(`the capture agent exited (${signal ?? code}) before it was ready`));
        resolve({ code, signal });
      });
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid ?? -1,
    stdout: child.stdout!,
    ready,
    exited,
    stop(graceMs = 3000) {
      stopping ??= (async () => {
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
        const t = setTimeout(() => killGroup(child, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(t);
      })();
      return stopping;
    },
  };
}
