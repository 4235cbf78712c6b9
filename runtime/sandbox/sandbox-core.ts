/**
 * The parts of a sandbox that do not depend on what runs in it: options, the script's op
 * context, jobs and timers, (re)loading the isolate and shutting down. `Sandbox`
 * (sandbox.ts) adds the work queue and the fault policy.
 *
 * Generations: every (re)load starts a new generation with fresh jobs and timers. Function
 * handles belong to one isolate, so a job or timer of an older generation can neither run
 * nor release a handle in the new isolate (ids restart there).
 */
import { compileKfl, KflError, type CompiledFilter } from '../../capture/kfl/index.ts';
import type { OpCatalog } from '../../helpers/catalog.ts';
import type { CallInfo, GuestFn, HubLink, JsonValue, NodeIdentity, OpContext, OpServices } from '../../helpers/define-op.ts';
import { createHostEntry, runPosted, type SeenOutput } from '../bridge.ts';
import { faultLine, type Fault, type Posted } from './report.ts';
import type { Clock } from '../clock.ts';
import type { WirehookConfig } from '../config.ts';
import type { ScriptConsole } from '../console.ts';
import { ScriptJobs } from '../jobs/scheduler.ts';
import type { TaskQueue } from '../task-queue.ts';
import { ScriptTimers } from '../timers.ts';
import { ScriptLoadError } from './errors.ts';
import { ScriptIsolate, type HostEntry } from './isolate.ts';
import type { ScriptLimits } from './limits.ts';
import { scriptFilename, scriptManifest } from './prelude.ts';
import type { ScriptState } from './stats.ts';

export interface SandboxOptions {
  script: { id: string; title: string; code: string };
  /** KFL pre-filter for onItemCaptured (the script's `// @filter`), or null. */
  filter: string | null;
  /** The script reads Go-style names (script-header.ts). */
  goStyle: boolean;
  limits: ScriptLimits;
  catalog: OpCatalog;
  /** The script's console (shared by all versions of the script). */
  console: ScriptConsole;
  clock: Clock;
  /** Where this sandbox's work is queued: its own queue live, a shared one offline. */
  queue: TaskQueue;
  /**
   * Live: drop hot batches when `limits.queue` are waiting, and count calls that return late
   * as timeouts. False (offline): never drop; only calls that do not return are interrupted.
   */
  bounded: boolean;
  node: NodeIdentity;
  env: Record<string, JsonValue>;
  config: WirehookConfig;
  hub: HubLink;
  services?: Partial<OpServices>;
  /** Job jitter (config scripting.jobs.jitterMs) and its random source. */
  jitterMs?: number;
  random?: () => number;
  /** Delivers onJobPassed / onJobFailed to every script. */
  reportJob(hook: 'onJobPassed' | 'onJobFailed', args: JsonValue[]): void;
  /** The state or the set of defined hooks changed. */
  onChange(sandbox: SandboxCore): void;
}

export abstract class SandboxCore {
  state: ScriptState = 'loading';
  reason: string | undefined;
  /** Compiled `// @filter` (items it rejects never reach the script), or null. */
  itemFilter: CompiledFilter | null = null;
  readonly filename: string;
  protected isolate: ScriptIsolate | undefined;
  protected defined = 0;
  protected readonly callInfo: CallInfo = { kind: 'load', depth: 0 };
  private readonly context: { -readonly [K in keyof OpContext]: OpContext[K] };
  private readonly entry: HostEntry;
  private releases: number[] = [];
  private generation = 0;
  private loading: Promise<boolean> = Promise.resolve(false);
  /** Output of the current isolate already handled (reset with each isolate). */
  protected seen: SeenOutput = { seq: 0 };

  constructor(protected readonly o: SandboxOptions) {
    this.filename = scriptFilename(o.script.id);
    this.context = {
      script: { id: o.script.id, title: o.script.title },
      node: o.node,
      console: o.console,
      clock: o.clock,
      env: o.env,
      ...this.newSchedulers(),
      hub: o.hub,
      config: o.config,
      call: this.callInfo,
      services: o.services ?? {},
    };
    this.entry = createHostEntry(o.catalog, this.context, (f) => this.onFault(f), () => this.seen);
  }

  get id(): string {
    return this.o.script.id;
  }

  get title(): string {
    return this.o.script.title;
  }

  get ctx(): OpContext {
    return this.context;
  }

  /** The queue this sandbox's work runs on. */
  get queue(): TaskQueue {
    return this.o.queue;
  }

  get jobs(): ScriptJobs {
    return this.context.jobs;
  }

  get timers(): ScriptTimers {
    return this.context.timers;
  }

  /** Unloads this version: removes its jobs and timers and frees the isolate. */
  dispose(): void {
    this.shutDown('disposed', undefined);
  }

  protected abstract runFn(fn: GuestFn, args: JsonValue[], label: string): Promise<{ ok: boolean; error?: string }>;

  /** A fault reported by the script (a thrown or timed-out call): log it. */
  protected onFault(f: Fault): void {
    this.o.console.error(faultLine(f));
  }

  /** Runs the script's ordered output (console lines and faults). */
  protected output(posted: Posted[]): void {
    runPosted(this.o.catalog, this.context, posted, (f) => this.onFault(f), this.seen);
  }

  /** Hook for subclasses: a new isolate is being built (its counters start at zero). */
  protected guestStarted(): void {}

  /** Hook for subclasses: a load failed (already logged). */
  protected loadFailed(_e: ScriptLoadError): void {}

  protected takeReleases(): string {
    if (!this.releases.length) return '';
    const s = JSON.stringify(this.releases);
    this.releases = [];
    return s;
  }

  /** Builds the isolate and runs the top-level code; work queued meanwhile waits for it (settled()). */
  protected load(): Promise<boolean> {
    this.loading = this.loadNow();
    return this.loading;
  }

  /** Resolves once a load in progress has finished. */
  protected async settled(): Promise<void> {
    if (this.state === 'loading') await this.loading;
  }

  private async loadNow(): Promise<boolean> {
    if (this.state === 'disposed') return false;
    this.state = 'loading';
    this.callInfo.kind = 'load';
    this.callInfo.depth = 0;
    this.seen = { seq: 0 };
    this.guestStarted();
    try {
      this.itemFilter = this.compileFilter();
      const { isolate, report } = await ScriptIsolate.load({
        code: this.o.script.code,
        manifest: scriptManifest({
          filename: this.filename,
          catalog: this.o.catalog,
          ctx: this.context,
          limits: this.o.limits,
          virtualTime: this.o.clock.virtual,
          goStyle: this.o.goStyle,
          softTimeouts: this.o.bounded,
        }),
        memoryMb: this.o.limits.memoryMb,
        loadTimeoutMs: this.o.limits.loadTimeoutMs,
        entry: this.entry,
        now: this.o.clock.now(),
      });
      if (this.state !== 'loading') {
        isolate.dispose();
        return false;
      }
      this.isolate = isolate;
      this.output(report.posted);
      this.state = 'running';
      this.reason = undefined;
      this.defined = report.defined;
      this.o.onChange(this);
      return true;
    } catch (e) {
      const err = e instanceof ScriptLoadError ? e : new ScriptLoadError('ERR_SCRIPT_INTERNAL', String(e));
      this.output(err.posted);
      this.o.console.error(err.consoleLine());
      this.loadFailed(err);
      this.shutDown('failed', `${err.code}: ${err.consoleLine()}`);
      return false;
    }
  }

  private compileFilter(): CompiledFilter | null {
    if (this.o.filter === null) return null;
    try {
      return compileKfl(this.o.filter);
    } catch (e) {
      throw new ScriptLoadError('ERR_SCRIPT_FILTER', `@filter: ${e instanceof KflError ? e.message : String(e)}`);
    }
  }

  protected setDefined(mask: number): void {
    if (mask === this.defined) return;
    this.defined = mask;
    this.o.onChange(this);
  }

  protected setFailed(reason: string): void {
    this.shutDown('failed', reason);
  }

  /** Drops jobs, timers and the isolate; the next load starts a new generation. */
  protected resetRuntimeState(): void {
    this.context.jobs.dispose();
    this.context.timers.clearAll();
    this.generation++;
    this.releases = [];
    Object.assign(this.context, this.newSchedulers());
    this.isolate?.dispose();
    this.isolate = undefined;
  }

  protected shutDown(state: ScriptState, reason: string | undefined): void {
    const was = this.state;
    this.resetRuntimeState();
    this.context.jobs.stop();
    this.state = state;
    this.reason = reason;
    if (was !== state) this.o.onChange(this);
  }

  /** Jobs and timers of the current generation; an older generation's can neither run nor release. */
  private newSchedulers(): { jobs: ScriptJobs; timers: ScriptTimers } {
    const gen = this.generation;
    const live = () => gen === this.generation;
    const run = (fn: GuestFn, args: JsonValue[], label: string) => (live() ? this.runFn(fn, args, label) : Promise.resolve({ ok: false, error: 'the script was reloaded' }));
    const release = (fn: GuestFn) => {
      if (live()) this.releases.push(fn.fnId);
    };
    const report = (hook: 'onJobPassed' | 'onJobFailed', args: JsonValue[]) => {
      if (live()) this.o.reportJob(hook, args);
    };
    return {
      jobs: new ScriptJobs({ clock: this.o.clock, maxJobs: this.o.limits.maxJobs, jitterMs: this.o.jitterMs, random: this.o.random, host: { run, release, report } }),
      timers: new ScriptTimers(this.o.clock, { run, release }, this.o.limits.maxTimers),
    };
  }
}
