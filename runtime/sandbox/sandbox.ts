/**
 * One loaded version of one script (DESIGN.md §5): its isolate, its work, its jobs and
 * timers, its stats, and the fault policy. Faults stay local:
 * - a throwing hook call is logged `(hook=onItemCaptured) <error> at line:col` and counted;
 * - a call running longer than its limit is a timeout (interrupted if it does not return);
 * - `maxConsecutiveFailures` failed hook calls in a row → quarantined (reason kept, jobs and
 *   timers removed, isolate freed) until the script is reloaded;
 * - a memory-limit kill disposes only this isolate; it is rebuilt (top-level code re-run,
 *   jobs and timers re-created by it) and counted; 3 kills within a minute → quarantined.
 * Work arrives through `enqueueBatch` (hot hooks; dropped and counted when `limits.queue`
 * batches are waiting, unless the sandbox is unbounded — offline), `invoke` (other hooks)
 * and the job/timer hosts. The guest keeps hot batches in order and counts failures
 * (guest/06-trampoline.js), so several calls may be in flight.
 */
import type { GuestFn, JsonValue } from '../../helpers/define-op.ts';
import { hookIndex, hooksInMask, type HookName } from '../hooks.ts';
import type { ScriptLoadError } from './errors.ts';
import type { Outcome, ScriptIsolate } from './isolate.ts';
import { faultLine, isFnLabel, labelText, type Fault, type GuestReport } from './report.ts';
import type { SharedBatch } from './shared-batch.ts';
import { StatsCounter, type ScriptState, type ScriptStats } from './stats.ts';
import { SandboxCore, type SandboxOptions } from './sandbox-core.ts';

export type { SandboxOptions } from './sandbox-core.ts';

const MEMORY_KILL_WINDOW_MS = 60_000;
const MEMORY_KILLS_TO_QUARANTINE = 3;
/** Non-hot calls waiting per script before further ones are dropped (live mode). */
const CONTROL_QUEUE = 10_000;
/** Real time between heap readings. */
const HEAP_EVERY_MS = 1000;

export class Sandbox extends SandboxCore {
  private readonly counters = new StatsCounter();
  private queuedBatches = 0;
  private queuedCalls = 0;
  private memoryKills: number[] = [];
  private cpuBefore = 0n;
  private heapAt = 0;
  /** Faults of the current isolate written to the console, and failures summarised without one. */
  private faultsLogged = 0;
  private unlistedLogged = 0;

  constructor(o: SandboxOptions) {
    super(o);
  }

  /** Loads the script. False = it did not load (state 'failed', error in its console). */
  async start(): Promise<boolean> {
    return this.load();
  }

  defines(hook: HookName): boolean {
    return this.state === 'running' && (this.defined & (1 << hookIndex(hook))) !== 0;
  }

  definedHooks(): HookName[] {
    return this.state === 'running' ? hooksInMask(this.defined) : [];
  }

  stats(): ScriptStats {
    const iso = this.isolate;
    this.counters.cpuNs = this.cpuBefore + (iso ? iso.cpuTimeNs() : 0n);
    return this.counters.snapshot(this.queuedBatches + this.queuedCalls);
  }

  /** Reads the heap in use now (on the isolate thread) into the stats. */
  async refreshHeap(): Promise<number> {
    if (this.isolate) this.counters.heapUsedBytes = await this.isolate.heapUsed();
    return this.counters.heapUsedBytes;
  }

  get currentState(): { state: ScriptState; reason?: string } {
    return { state: this.state, ...(this.reason ? { reason: this.reason } : {}) };
  }

  /** Queues a batch for a hot hook; takes one reference of `batch` (released here). */
  enqueueBatch(hook: 'onItemCaptured' | 'onPacketCaptured', batch: SharedBatch): void {
    if (this.state !== 'running') return batch.release();
    if (this.o.bounded && this.queuedBatches >= this.o.limits.queue) {
      this.counters.drops += batch.count;
      return batch.release();
    }
    this.queuedBatches++;
    this.o.queue.push(async () => {
      await this.settled();
      const iso = this.isolate;
      if (this.state !== 'running' || !iso) {
        this.queuedBatches--;
        this.counters.drops += batch.count;
        return batch.release();
      }
      let out: Outcome;
      try {
        out = await iso.batch(hookIndex(hook), batch.take(), this.o.clock.now(), this.takeReleases(), this.seen.seq, this.o.limits.timeoutMs);
      } finally {
        batch.release();
        this.queuedBatches--;
      }
      await this.follow(iso, hook, out);
    });
  }

  /**
   * Calls a non-hot hook after what is queued (also while the script is still loading: the
   * call then waits for the top-level code). Resolves with the JSON of an object it
   * returned, else undefined.
   */
  invoke(hook: HookName, argsJSON: string, depth = 0): Promise<string | undefined> {
    return new Promise((resolve) => {
      if (this.state === 'running' ? !this.defines(hook) : this.state !== 'loading') return resolve(undefined);
      if (this.o.bounded && this.queuedCalls >= CONTROL_QUEUE) {
        this.counters.drops++;
        return resolve(undefined);
      }
      this.queuedCalls++;
      this.o.queue.push(async () => {
        await this.settled();
        const iso = this.isolate;
        if (this.state !== 'running' || !iso || !this.defines(hook)) {
          this.queuedCalls--;
          return resolve(undefined);
        }
        const out = await iso.call(hookIndex(hook), argsJSON, this.o.clock.now(), this.takeReleases(), this.seen.seq, this.o.limits.timeoutMs, depth);
        this.queuedCalls--;
        resolve(out.ok && out.report.result ? out.report.result : undefined);
        await this.follow(iso, hook, out);
      });
    });
  }

  /** Runs a job function or timer callback (queued). */
  protected override runFn(fn: GuestFn, args: JsonValue[], label: string): Promise<{ ok: boolean; error?: string }> {
    return new Promise((resolve) => {
      this.queuedCalls++;
      this.o.queue.push(async () => {
        await this.settled();
        const iso = this.isolate;
        if (this.state !== 'running' || !iso) {
          this.queuedCalls--;
          return resolve({ ok: false, error: 'the script is not running' });
        }
        const limit = this.o.limits.jobTimeoutMs;
        const out = await iso.fn(fn.fnId, JSON.stringify(args), this.o.clock.now(), this.takeReleases(), this.seen.seq, limit, label);
        this.queuedCalls--;
        if (out.ok) resolve(out.report.result.startsWith('E') ? { ok: false, error: out.report.result.slice(1) } : { ok: true });
        else resolve({ ok: false, error: out.failure === 'timeout' ? `ran longer than ${limit} ms` : out.message });
        await this.follow(iso, label, out);
      });
    });
  }

  /** Absorbs an outcome; resumes pending or interrupted work; applies the fault policy. */
  private async follow(iso: ScriptIsolate, label: string, out: Outcome): Promise<void> {
    for (;;) {
      if (iso !== this.isolate || this.state !== 'running') return;
      if (out.ok) {
        this.absorb(out.report, label);
        if (out.report.stopped) return this.quarantine(`${this.o.limits.maxConsecutiveFailures} consecutive failed calls (last: ${this.counters.lastError ?? 'unknown'})`);
        this.sampleHeap(iso);
        if (out.report.done) return;
      } else if (out.failure === 'memory' || out.failure === 'disposed') {
        // We dispose an isolate only after detaching it (the check above returns then), so
        // a current isolate found disposed was disposed by isolated-vm, which does that only
        // when the memory limit is exceeded; its error then sometimes reads just
        // "Isolate is disposed".
        return this.memoryKilled(label);
      } else if (out.failure !== 'timeout') {
        this.fail(`(${labelText(label)}) the sandbox stopped: ${out.message}`);
        return this.setFailed(`sandbox stopped: ${out.message}`);
      }
      // A yielded batch, or an interrupted call: the next entry continues (and reports it).
      const limit = isFnLabel(label) ? this.o.limits.jobTimeoutMs : this.o.limits.timeoutMs;
      out = await iso.resume(this.o.clock.now(), this.takeReleases(), this.seen.seq, limit);
    }
  }

  private absorb(r: GuestReport, label: string): void {
    this.output(r.posted);
    const c = this.counters;
    c.setGuestTotals(r);
    const unlisted = c.guest.errors + c.guest.timeouts - this.faultsLogged - this.unlistedLogged;
    if (unlisted > 0) {
      this.unlistedLogged += unlisted;
      this.o.console.error(`(${labelText(label)}) … and ${unlisted} more failed calls`);
    }
    this.setDefined(r.defined);
  }

  protected override onFault(f: Fault): void {
    this.faultsLogged++;
    this.fail(faultLine(f));
  }

  protected override guestStarted(): void {
    this.counters.closeGuest();
    this.faultsLogged = 0;
    this.unlistedLogged = 0;
  }

  private sampleHeap(iso: ScriptIsolate): void {
    const now = performance.now();
    if (now - this.heapAt < HEAP_EVERY_MS) return;
    this.heapAt = now;
    void iso.heapUsed().then(
      (bytes) => (this.counters.heapUsedBytes = bytes),
      () => undefined,
    );
  }

  private fail(line: string): void {
    this.counters.lastError = line;
    this.o.console.error(line);
  }

  private async memoryKilled(label: string): Promise<void> {
    const now = this.o.clock.now();
    this.counters.rebuilds++;
    this.memoryKills = this.memoryKills.filter((t) => now - t < MEMORY_KILL_WINDOW_MS).concat(now);
    this.fail(`(${labelText(label)}) used more than the ${this.o.limits.memoryMb} MB memory limit; the sandbox was rebuilt and top-level code re-run (state was reset)`);
    if (this.memoryKills.length >= MEMORY_KILLS_TO_QUARANTINE) {
      return this.quarantine(`ran out of memory ${this.memoryKills.length} times within a minute`);
    }
    this.keepCpu();
    this.resetRuntimeState();
    await this.load();
  }

  protected override loadFailed(e: ScriptLoadError): void {
    this.counters.lastError = e.consoleLine();
  }

  protected override shutDown(state: ScriptState, reason: string | undefined): void {
    this.keepCpu();
    super.shutDown(state, reason);
  }

  /** CPU time of the current isolate is kept before it goes away. */
  private keepCpu(): void {
    if (this.isolate) this.cpuBefore += this.isolate.cpuTimeNs();
  }

  private quarantine(reason: string): void {
    if (this.state !== 'running') return;
    this.fail(`quarantined: ${reason}. Fix the script and save it to reload it.`);
    this.shutDown('quarantined', reason);
  }
}
