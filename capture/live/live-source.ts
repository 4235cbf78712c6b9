/**
 * Live capture on one interface as a PacketSource (runtime/roles/packet-source.ts): it
 * supervises capture agents (agent.ts, one at a time) and reads each one's pcap stdout with
 * `readPcapStream` into the pipeline.
 *
 * Lifecycle of `run(push, signal)`:
 *  1. The interface is checked (ERR_CAPTURE_NO_INTERFACE) and an agent started. If the
 *     first agent cannot capture at all (no permission, bad filter, no producer), `run`
 *     rejects with that CaptureError: nothing is retried.
 *  2. Once capturing, packets flow until the agent's stream ends.
 *  3. An agent that ends while the signal is not aborted crashed: it is restarted after a
 *     back-off doubling from 100 ms to `maxBackoffMs` (≤ 2 s; reset after 10 s of steady
 *     capture). The restart and the time without capture (`gapMs`) are counted.
 *  4. On abort the agent is stopped gracefully (final stats) and `run` resolves.
 */
import type { PacketSource } from '../../runtime/roles/packet-source.ts';
import { readPcapStream } from '../source/pcap-file.ts';
import type { RawPacket } from '../source/raw-packet.ts';
import { Weirds } from '../weird.ts';
import { defaultAgentConfig, type AgentConfig } from './agent-protocol.ts';
import { startAgent } from './agent-process.ts';
import { CaptureError } from './capture-error.ts';
import { assertInterface } from './interfaces.ts';
import { LiveCaptureStats } from './live-stats.ts';

export interface LiveCaptureOptions extends Partial<Omit<AgentConfig, 'iface'>> {
  iface: string;
  /** Upper bound of the restart back-off, ms (default 2000). */
  maxBackoffMs?: number;
  /** Operator log (default: stderr). */
  log?: (line: string) => void;
}

const STEADY_MS = 10_000;

export class LiveCaptureSource implements PacketSource {
  readonly name: string;
  readonly stats = new LiveCaptureStats();
  /** Stream anomalies (a crashed agent cuts its last record: `live_truncated_stream`). */
  readonly weirds = new Weirds();
  /** PID of the agent currently capturing, or null. */
  agentPid: number | null = null;
  private readonly config: AgentConfig;
  private readonly maxBackoffMs: number;
  private readonly log: (line: string) => void;
  private readyWaiters: { resolve(): void; reject(e: Error): void }[] = [];

  constructor(o: LiveCaptureOptions) {
    const { maxBackoffMs, log, ...agent } = o;
    this.config = { ...defaultAgentConfig, ...agent };
    this.name = `live:${o.iface}`;
    this.maxBackoffMs = Math.min(2000, Math.max(100, maxBackoffMs ?? 2000));
    this.log = log ?? ((l) => process.stderr.write(l + '\n'));
  }

  /** Resolves the next time an agent starts capturing (after a start or a restart); rejects if the capture cannot start. */
  nextReady(): Promise<void> {
    return new Promise((resolve, reject) => this.readyWaiters.push({ resolve, reject }));
  }

  /** The capture cannot start: log it for the operator, fail the waiters, return the error to throw. */
  private failed(err: CaptureError): CaptureError {
    this.stats.lastError = err.message;
    this.log(`wirehook: ${err.code}: ${err.message}\n  hint: ${err.hint}`);
    for (const w of this.readyWaiters.splice(0)) w.reject(err);
    return err;
  }

  async run(push: (raw: RawPacket) => void, signal: AbortSignal): Promise<void> {
    try {
      assertInterface(this.config.iface);
    } catch (e) {
      throw this.failed(e as CaptureError);
    }
    const st = this.stats;
    const onPacket = (raw: RawPacket): void => {
      st.packets++;
      st.bytes += raw.origLen;
      push(raw);
    };
    let everReady = false;
    let backoff = 100;
    while (!signal.aborted) {
      const agent = startAgent(this.config, { onStats: (s) => st.update(s), onLog: (l) => this.log(`wirehook: ${l}`) });
      const onAbort = (): void => void agent.stop();
      signal.addEventListener('abort', onAbort, { once: true });
      let readyAt = 0;
      try {
        const ready = await agent.ready;
        readyAt = Date.now();
        everReady = true;
        this.agentPid = ready.pid;
        st.started(ready.producer, readyAt);
        this.log(`wirehook: capturing on ${this.config.iface} with ${ready.producer}${this.config.filter ? ` (filter: ${this.config.filter})` : ''}`);
        for (const w of this.readyWaiters.splice(0)) w.resolve();
        await readPcapStream(agent.stdout, onPacket).catch(() => this.weirds.add('live_truncated_stream'));
      } catch (e) {
        // Only `agent.ready` rejects: the agent could not start capturing (or was stopped while starting).
        if (!signal.aborted) {
          st.lastError = (e as Error).message;
          if (!everReady) {
            await agent.stop();
            const err = e instanceof CaptureError ? e : new CaptureError('ERR_CAPTURE_FAILED', `the capture agent for '${this.config.iface}' did not start: ${(e as Error).message}`, 'see the log lines above');
            throw this.failed(err);
          }
          st.startFailures++;
        }
      } finally {
        signal.removeEventListener('abort', onAbort);
        this.agentPid = null;
        await agent.stop();
        st.ended(Date.now(), !signal.aborted);
      }
      if (signal.aborted) break;
      st.captureRestarts++;
      if (readyAt && Date.now() - readyAt > STEADY_MS) backoff = 100;
      this.log(`wirehook: capture agent on ${this.config.iface} stopped unexpectedly; restart ${st.captureRestarts} in ${backoff} ms`);
      await sleep(backoff, signal);
      backoff = Math.min(this.maxBackoffMs, backoff * 2);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const t = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
    function done(): void {
      clearTimeout(t);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
