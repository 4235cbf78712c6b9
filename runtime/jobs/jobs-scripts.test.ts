import test from 'ava';
import { harness } from '../testing/harness.ts';

test('jobs.schedule in a script: runs on packet time with extra args; Date shows packet time', async (t) => {
  const h = await harness(
    { 'j.js': `jobs.schedule("Report Job", "*/10 * * * * *", report, 0, "a", 2); function report(x, y) { console.log(new Date().toISOString(), x, y, JSON.stringify(jobs.list())); }` },
    { start: Date.parse('2024-01-01T00:00:00Z') },
  );
  await h.advance(25_000);
  t.deepEqual(h.lines('j.js'), ['2024-01-01T00:00:10.000Z a 2 ["report-job"]', '2024-01-01T00:00:20.000Z a 2 ["report-job"]']);
  h.stop();
});

test('onJobPassed / onJobFailed go to every script, including ones without jobs', async (t) => {
  const h = await harness({
    'owner.js': `var n = 0; jobs.schedule("flaky", "@every 1s", function () { n++; if (n === 2) throw new Error("second run fails"); }, 3);`,
    'observer.js': `function onJobPassed(tag, cron, limit) { console.log("passed", tag, cron, limit); }
function onJobFailed(tag, cron, limit, err) { console.log("failed", tag, cron, limit, err); }`,
  });
  await h.advance(5000);
  t.deepEqual(h.lines('observer.js'), ['passed flaky @every 1s 3', 'failed flaky @every 1s 3 Error: second run fails', 'passed flaky @every 1s 3']);
  t.deepEqual(h.lines('owner.js'), ['(job=flaky) Error: second run fails at 1:86']);
  t.is(h.sandboxes['owner.js'].state, 'running');
  h.stop();
});

test('jobs.run / scheduler stop / start / isRunning / remove from a script', async (t) => {
  const h = await harness({
    's.js': `jobs.schedule("tick", "@every 1s", function () { console.log("tick", Date.now() % 100000); });
function onHubAction(action) {
  if (action === "stop") { jobs.scheduler.stop(); console.log("running?", jobs.scheduler.isRunning()); }
  if (action === "start") { jobs.scheduler.start(); console.log("running?", jobs.scheduler.isRunning()); }
  if (action === "run") jobs.run("TICK");
  if (action === "remove") { jobs.remove("tick"); console.log(JSON.stringify(jobs.list())); try { jobs.remove("tick"); } catch (e) { console.log(e.message); } }
}`,
  }, { start: 1_700_000_000_000 });
  const act = (a: string) => h.rt.dispatcher.invokeHook('onHubAction', [a, null]);
  await h.advance(1000);
  await act('stop');
  await h.advance(3000);
  await act('run');
  await h.idle();
  await act('start');
  await h.advance(1000);
  await act('remove');
  await h.advance(5000);
  t.deepEqual(h.lines('s.js'), ['tick 1000', 'running? false', 'tick 4000', 'running? true', 'tick 5000', '[]', 'jobs.remove: no job "tick" (jobs: none)']);
  h.stop();
});

test('bad jobs.schedule arguments are clear errors', async (t) => {
  const h = await harness({
    'bad.js': `try { jobs.schedule("x", "61 * * * * *", function () {}); } catch (e) { console.log(e.message); }
try { jobs.schedule("x", "* * * * * *", "notAFunction"); } catch (e) { console.log(e.message); }
try { jobs.schedule("", "* * * * * *", function () {}); } catch (e) { console.log(e.message); }
try { jobs.schedule("x", "* * * * * *", function () {}, -2); } catch (e) { console.log(e.message); }`,
  });
  t.deepEqual(h.lines('bad.js'), [
    'jobs.schedule: invalid cron "61 * * * * *": Invalid value for second: 61',
    'jobs.schedule: argument 3 (fn) must be a function, got string',
    'jobs.schedule: argument 1 (tag) must not be empty',
    'jobs.schedule: argument 4 (limit) must be at least 0, got -2',
  ]);
  h.stop();
});

test('reloading removes the old version\'s jobs (a failed job run does not quarantine)', async (t) => {
  const h = await harness({ 'r.js': `jobs.schedule("old", "@every 1s", function () { throw new Error("x"); });` }, { limits: { maxConsecutiveFailures: 2 } });
  await h.advance(3000);
  t.is(h.sandboxes['r.js'].state, 'running');
  const old = h.sandboxes['r.js'];
  const next = await h.rt.build({ id: 'r.js', code: `jobs.schedule("new", "@every 1s", function () { console.log("new"); });` });
  h.rt.dispatcher.replace(old, next);
  old.dispose();
  await h.advance(2000);
  t.deepEqual(h.lines('r.js').slice(-2), ['new', 'new']);
  t.deepEqual(old.jobs.list(), []);
  h.stop();
});
