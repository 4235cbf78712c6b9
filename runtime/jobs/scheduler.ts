/**
 * One script's jobs (SCRIPT-API.md §3 jobs.*), on the runtime's clock. Jobs are
 * partitioned by script: `jobs.list()` and `jobs.scheduler.stop()` see and affect only the
 * calling script's jobs **(decided)**; reloading a script removes all of them.
 *
 * Lifecycle of a job:
 *  1. schedule(tag, cron, fn, limit, args): the tag is normalised (lower case, spaces → '-');
 *     an existing job with that tag is replaced; the next run time is armed on the clock.
 *  2. At each firing the following run is armed first, then the job runs — unless its
 *     previous run has not finished (a job never overlaps itself: the firing is skipped and
 *     counted) or `limit` runs have started.
 *  3. When a run ends, onJobPassed(tag, cron, limit) or onJobFailed(tag, cron, limit, err)
 *     goes to every script; after `limit` runs (limit > 0) the job is removed.
 */
import type { Clock, TimerHandle } from '../clock.ts';
import type { GuestFn, JsonValue } from '../../helpers/define-op.ts';
import { parseSchedule, type Schedule } from './cron.ts';

export interface JobHost {
  /** Runs the job function in its script; resolves when it returned (ok) or threw. */
  run(fn: GuestFn, args: JsonValue[], label: string): Promise<{ ok: boolean; error?: string }>;
  /** Delivers onJobPassed / onJobFailed to every script. */
  report(hook: 'onJobPassed' | 'onJobFailed', args: JsonValue[]): void;
  /** The script may forget this function. */
  release(fn: GuestFn): void;
}

export interface JobInfo {
  tag: string;
  cron: string;
  limit: number;
  runs: number;
  running: boolean;
  /** Firings skipped because the previous run had not finished. */
  skipped: number;
  /** Next scheduled run, epoch ms, or null (scheduler stopped / limit reached). */
  nextRunMs: number | null;
}

interface Job {
  tag: string;
  cron: string;
  schedule: Schedule;
  fn: GuestFn;
  limit: number;
  args: JsonValue[];
  runs: number;
  running: boolean;
  skipped: number;
  removed: boolean;
  nextAt: number | null;
  timer?: TimerHandle;
}

export interface ScriptJobsOptions {
  clock: Clock;
  host: JobHost;
  /** Jobs allowed per script. */
  maxJobs: number;
  /** Random delay in [0, jitterMs) added to every scheduled run (spreads load across nodes). */
  jitterMs?: number;
  random?: () => number;
}

export function normalizeTag(tag: string): string {
  return tag.trim().toLowerCase().replace(/\s+/g, '-');
}

export class ScriptJobs {
  private readonly jobs = new Map<string, Job>();
  private running = true;

  constructor(private readonly o: ScriptJobsOptions) {}

  /** Returns the normalised tag. Throws on a bad cron expression or too many jobs. */
  schedule(tag: string, cron: string, fn: GuestFn, limit = 0, args: JsonValue[] = []): string {
    const key = normalizeTag(tag);
    if (!key) throw new Error('jobs.schedule: the tag must not be empty');
    const schedule = parseSchedule(cron);
    const old = this.jobs.get(key);
    if (old) this.drop(old);
    else if (this.jobs.size >= this.o.maxJobs) throw new Error(`jobs.schedule: this script already has ${this.o.maxJobs} jobs; remove some first`);
    const job: Job = { tag: key, cron, schedule, fn, limit, args, runs: 0, running: false, skipped: 0, removed: false, nextAt: null };
    this.jobs.set(key, job);
    if (this.running) this.arm(job, this.o.clock.now());
    return key;
  }

  remove(tag: string): void {
    const job = this.jobs.get(normalizeTag(tag));
    if (!job) throw new Error(`jobs.remove: no job "${normalizeTag(tag)}" (jobs: ${this.list().join(', ') || 'none'})`);
    this.drop(job);
  }

  removeAll(): void {
    for (const job of [...this.jobs.values()]) this.drop(job);
  }

  list(): string[] {
    return [...this.jobs.keys()];
  }

  info(): JobInfo[] {
    return [...this.jobs.values()].map((j) => ({ tag: j.tag, cron: j.cron, limit: j.limit, runs: j.runs, running: j.running, skipped: j.skipped, nextRunMs: j.nextAt }));
  }

  /** Runs a job now (after the current call returns), outside its schedule. */
  run(tag: string): void {
    const job = this.jobs.get(normalizeTag(tag));
    if (!job) throw new Error(`jobs.run: no job "${normalizeTag(tag)}"`);
    this.start1(job);
  }

  runAll(): void {
    for (const job of [...this.jobs.values()]) this.start1(job);
  }

  isRunning(): boolean {
    return this.running;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    const now = this.o.clock.now();
    for (const job of this.jobs.values()) this.arm(job, now);
  }

  stop(): void {
    this.running = false;
    for (const job of this.jobs.values()) this.disarm(job);
  }

  /** Removes every job; used when the script is unloaded, reloaded or quarantined. */
  dispose(): void {
    this.removeAll();
    this.running = false;
  }

  private arm(job: Job, after: number): void {
    this.disarm(job);
    if (job.limit > 0 && job.runs >= job.limit) return;
    const next = job.schedule.next(after);
    if (next === null) return;
    const jitter = this.o.jitterMs ? Math.floor((this.o.random ?? Math.random)() * this.o.jitterMs) : 0;
    job.nextAt = next + jitter;
    job.timer = this.o.clock.setTimer(job.nextAt, () => this.fire(job));
  }

  private disarm(job: Job): void {
    if (job.timer) this.o.clock.clearTimer(job.timer);
    job.timer = undefined;
    job.nextAt = null;
  }

  private fire(job: Job): void {
    job.timer = undefined;
    if (job.removed || !this.running) return;
    const scheduledAt = job.nextAt ?? this.o.clock.now();
    this.arm(job, Math.max(scheduledAt, this.o.clock.now()));
    this.start1(job);
  }

  private start1(job: Job): void {
    if (job.removed) return;
    if (job.running) {
      job.skipped++;
      return;
    }
    if (job.limit > 0 && job.runs >= job.limit) return;
    job.running = true;
    job.runs++;
    void this.o.host.run(job.fn, job.args, `job=${job.tag}`).then((r) => this.finished(job, r), (e: unknown) => this.finished(job, { ok: false, error: String(e) }));
  }

  private finished(job: Job, r: { ok: boolean; error?: string }): void {
    job.running = false;
    const base: JsonValue[] = [job.tag, job.cron, job.limit];
    this.o.host.report(r.ok ? 'onJobPassed' : 'onJobFailed', r.ok ? base : [...base, r.error ?? 'failed']);
    if (job.removed) this.o.host.release(job.fn);
    else if (job.limit > 0 && job.runs >= job.limit) this.drop(job);
  }

  private drop(job: Job): void {
    this.disarm(job);
    job.removed = true;
    if (this.jobs.get(job.tag) === job) this.jobs.delete(job.tag);
    if (!job.running) this.o.host.release(job.fn);
  }
}
