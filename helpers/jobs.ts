/**
 * jobs.* (SCRIPT-API.md §3) — a thin layer over the calling script's scheduler
 * (runtime/jobs/scheduler.ts), which documents the semantics.
 */
import { CronError } from '../runtime/jobs/cron.ts';
import { any, args, fn, int, optional, str } from './args.ts';
import { defineOp } from './define-op.ts';

const tagArg = args([str('tag', { maxLength: 200 })]);
const none = args([]);

export const jobsOps = [
  defineOp({
    name: 'jobs.schedule',
    kind: 'sync',
    args: args([str('tag', { nonEmpty: true, maxLength: 200 }), str('cron'), fn('fn'), optional(int('limit', { min: 0 }))], any('args')),
    signature: '(tag: string, cron: string, fn: (...args: any[]) => void, limit?: number, ...args: any[]): void',
    doc: 'Runs `fn(...args)` on a schedule, in UTC: 6-field cron with seconds (`sec min hour dom month dow`, names, ranges, lists, steps), 5-field cron at minute level, `@every 5s` (Go durations), `@hourly`, `@daily`, `@weekly`, `@monthly`, `@yearly`. The tag is lower-cased with spaces turned into `-`; scheduling an existing tag replaces that job. `limit` = maximum runs (0 or absent = forever). A job never overlaps itself (a firing while it still runs is skipped). After each run every script\'s `onJobPassed` or `onJobFailed` is called.',
    run(ctx, tag, cron, f, limit, ...rest) {
      try {
        ctx.jobs.schedule(tag, cron, f, limit ?? 0, rest);
      } catch (e) {
        if (e instanceof CronError) throw new Error(`jobs.schedule: invalid cron ${e.message}`);
        throw e;
      }
    },
  }),
  defineOp({
    name: 'jobs.remove',
    kind: 'sync',
    args: tagArg,
    signature: '(tag: string): void',
    doc: 'Removes the job with that tag (throws if there is none).',
    run: (ctx, tag) => ctx.jobs.remove(tag),
  }),
  defineOp({ name: 'jobs.removeAll', kind: 'sync', args: none, signature: '(): void', doc: 'Removes all jobs of this script.', run: (ctx) => ctx.jobs.removeAll() }),
  defineOp({ name: 'jobs.list', kind: 'sync', args: none, signature: '(): string[]', doc: 'Tags of this script\'s jobs.', run: (ctx) => ctx.jobs.list() }),
  defineOp({
    name: 'jobs.run',
    kind: 'sync',
    args: tagArg,
    signature: '(tag: string): void',
    doc: 'Runs the job now, outside its schedule (right after the current call returns; skipped if it is already running). Throws if there is no such job.',
    run: (ctx, tag) => ctx.jobs.run(tag),
  }),
  defineOp({ name: 'jobs.runAll', kind: 'sync', args: none, signature: '(): void', doc: 'Runs all jobs of this script now (as `jobs.run`).', run: (ctx) => ctx.jobs.runAll() }),
  defineOp({
    name: 'jobs.scheduler.isRunning',
    kind: 'sync',
    args: none,
    signature: '(): boolean',
    doc: 'Whether this script\'s scheduler is running.',
    run: (ctx) => ctx.jobs.isRunning(),
  }),
  defineOp({
    name: 'jobs.scheduler.start',
    kind: 'sync',
    args: none,
    signature: '(): void',
    doc: 'Starts this script\'s scheduler again; each job\'s next run is computed from now.',
    run: (ctx) => ctx.jobs.start(),
  }),
  defineOp({
    name: 'jobs.scheduler.stop',
    kind: 'sync',
    args: none,
    signature: '(): void',
    doc: 'Stops this script\'s scheduler: jobs stay listed but do not fire (`jobs.run` still works).',
    run: (ctx) => ctx.jobs.stop(),
  }),
];
