import test from 'ava';
import { VirtualClock } from '../clock.ts';
import type { GuestFn, JsonValue } from '../../helpers/define-op.ts';
import { normalizeTag, ScriptJobs, type JobHost } from './scheduler.ts';

/** A scheduler with a fake host: runs are recorded and finish when `finish()` is called. */
function setup(o: { jitterMs?: number; random?: () => number; maxJobs?: number } = {}) {
  const clock = new VirtualClock(Date.parse('2024-01-01T00:00:00Z'));
  const runs: { fn: number; at: string; args: JsonValue[] }[] = [];
  const pending: ((r: { ok: boolean; error?: string }) => void)[] = [];
  const reports: [string, JsonValue[]][] = [];
  const released: number[] = [];
  const host: JobHost = {
    run: (fn, args) => {
      runs.push({ fn: fn.fnId, at: new Date(clock.now()).toISOString().slice(11, 23), args });
      return new Promise((resolve) => pending.push(resolve));
    },
    report: (hook, args) => reports.push([hook, args]),
    release: (fn) => released.push(fn.fnId),
  };
  const jobs = new ScriptJobs({ clock, host, maxJobs: o.maxJobs ?? 100, jitterMs: o.jitterMs, random: o.random });
  const finishAll = async (r = { ok: true }) => {
    for (const p of pending.splice(0)) p(r);
    await new Promise((r2) => setImmediate(r2));
  };
  return { clock, jobs, runs, reports, released, finishAll };
}
const f = (id: number): GuestFn => ({ fnId: id });

test('tags are lower-cased with spaces turned into "-"', (t) => {
  t.is(normalizeTag('  My Report Job '), 'my-report-job');
  const s = setup();
  t.is(s.jobs.schedule('Push Status Codes', '* * * * * *', f(1)), 'push-status-codes');
  t.deepEqual(s.jobs.list(), ['push-status-codes']);
});

test('runs on the clock; rescheduling a tag replaces the job (old function released)', async (t) => {
  const s = setup();
  s.jobs.schedule('a', '*/2 * * * * *', f(1));
  s.clock.advanceTo(s.clock.now() + 2000);
  await s.finishAll();
  s.jobs.schedule('A', '*/3 * * * * *', f(2), 0, ['x', 1]);
  t.deepEqual(s.released, [1]);
  s.clock.advanceTo(s.clock.now() + 3000);
  await s.finishAll();
  t.deepEqual(s.runs, [{ fn: 1, at: '00:00:02.000', args: [] }, { fn: 2, at: '00:00:03.000', args: ['x', 1] }]);
});

test('limit: at most `limit` runs, then the job is removed and its function released', async (t) => {
  const s = setup();
  s.jobs.schedule('twice', '* * * * * *', f(7), 2);
  for (let i = 0; i < 5; i++) {
    s.clock.advanceTo(s.clock.now() + 1000);
    await s.finishAll();
  }
  t.is(s.runs.length, 2);
  t.deepEqual(s.jobs.list(), []);
  t.deepEqual(s.released, [7]);
  t.deepEqual(s.reports.map((r) => r[1]), [['twice', '* * * * * *', 2], ['twice', '* * * * * *', 2]]);
});

test('a job never overlaps itself: firings while it runs are skipped and counted', async (t) => {
  const s = setup();
  s.jobs.schedule('slow', '* * * * * *', f(1));
  s.clock.advanceTo(s.clock.now() + 5000);
  t.is(s.runs.length, 1);
  t.is(s.jobs.info()[0].skipped, 4);
  await s.finishAll();
  s.clock.advanceTo(s.clock.now() + 1000);
  t.is(s.runs.length, 2);
});

test('onJobPassed / onJobFailed reports with tag, cron, limit (and the error)', async (t) => {
  const s = setup();
  s.jobs.schedule('j', '@every 5s', f(1), 3);
  s.clock.advanceTo(s.clock.now() + 5000);
  await s.finishAll({ ok: false, error: 'Error: boom' } as never);
  s.clock.advanceTo(s.clock.now() + 5000);
  await s.finishAll();
  t.deepEqual(s.reports, [['onJobFailed', ['j', '@every 5s', 3, 'Error: boom']], ['onJobPassed', ['j', '@every 5s', 3]]]);
});

test('scheduler stop/start: no firing while stopped, next runs computed from the restart', async (t) => {
  const s = setup();
  s.jobs.schedule('e', '@every 10s', f(1));
  s.jobs.stop();
  t.false(s.jobs.isRunning());
  t.is(s.jobs.info()[0].nextRunMs, null);
  s.clock.advanceTo(s.clock.now() + 60_000);
  t.is(s.runs.length, 0);
  s.jobs.start();
  t.true(s.jobs.isRunning());
  s.clock.advanceTo(s.clock.now() + 10_000);
  t.deepEqual(s.runs.map((r) => r.at), ['00:01:10.000']);
});

test('run / runAll run now; remove of an unknown tag throws; removeAll; max jobs', async (t) => {
  const s = setup({ maxJobs: 2 });
  s.jobs.schedule('a', '@daily', f(1));
  s.jobs.schedule('b', '@daily', f(2));
  t.throws(() => s.jobs.schedule('c', '@daily', f(3)), { message: /already has 2 jobs/ });
  s.jobs.run('A');
  t.deepEqual(s.runs.map((r) => r.fn), [1]);
  await s.finishAll();
  s.jobs.runAll();
  t.deepEqual(s.runs.map((r) => r.fn), [1, 1, 2]);
  t.throws(() => s.jobs.remove('zzz'), { message: 'jobs.remove: no job "zzz" (jobs: a, b)' });
  t.throws(() => s.jobs.run('zzz'), { message: 'jobs.run: no job "zzz"' });
  s.jobs.removeAll();
  t.deepEqual(s.jobs.list(), []);
});

test('jitter delays each run by random × jitterMs', async (t) => {
  const s = setup({ jitterMs: 1000, random: () => 0.25 });
  s.jobs.schedule('j', '*/10 * * * * *', f(1));
  s.clock.advanceTo(s.clock.now() + 10_249);
  t.is(s.runs.length, 0);
  s.clock.advanceTo(s.clock.now() + 1);
  t.deepEqual(s.runs.map((r) => r.at), ['00:00:10.250']);
});

test('invalid cron expressions throw before anything is scheduled', (t) => {
  const s = setup();
  t.throws(() => s.jobs.schedule('x', 'every minute', f(1)), { message: /expected 6 fields/ });
  t.deepEqual(s.jobs.list(), []);
});
