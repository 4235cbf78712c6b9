/**
 * API contract, in-process: scripts (CRUD, hot reload, load errors at their line),
 * consoles and jobs, with real sandboxes and the node's watched script folder.
 */
import test from 'ava';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { startDashboard } from '../testing/dashboard.ts';

const waitFor = async (check: () => boolean | Promise<boolean>, ms = 5000): Promise<boolean> => {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
};

test('GET /api/scripts and /api/scripts/:id (status + code); unknown 404', async (t) => {
  const dash = await startDashboard(t, { mode: 'app', scripts: { 'a.js': '// Alpha\nconsole.log("a up");\n' } });
  const list = await dash.api('GET', '/api/scripts');
  t.is(list.status, 200);
  t.like(list.json[0], { id: 'a.js', title: 'Alpha', active: true, state: 'running', store: path.join(dash.dir, 'scripts') });
  t.truthy(list.json[0].stats);
  const one = await dash.api('GET', '/api/scripts/a.js');
  t.like(one.json, { id: 'a.js', code: '// Alpha\nconsole.log("a up");\n', state: 'running' });
  t.is((await dash.api('GET', '/api/scripts/Alpha')).json.id, 'a.js', 'by title too');
  const missing = await dash.api('GET', '/api/scripts/nope.js');
  t.is(missing.status, 404);
  t.is(missing.json.code, 'ERR_SCRIPT_NOT_FOUND');
});

test('POST /api/scripts creates a file in the script folder and loads it (201); id from the title; conflicts 409', async (t) => {
  const dash = await startDashboard(t, { mode: 'app' });
  const r = await dash.api('POST', '/api/scripts', { body: { title: 'Slow Requests!', code: 'console.log("hello from new");' } });
  t.is(r.status, 201);
  t.like(r.json, { id: 'slow-requests.js', title: 'Slow Requests!', state: 'running' });
  t.is(await readFile(path.join(dash.dir, 'scripts', 'slow-requests.js'), 'utf8'), '// Slow Requests!\nconsole.log("hello from new");');
  t.deepEqual(dash.node.runtime.console('slow-requests.js').texts(), ['hello from new']);
  const withId = await dash.api('POST', '/api/scripts', { body: { id: 'x.js', code: '// Titled in code\nvar x = 1;' } });
  t.like(withId.json, { id: 'x.js', title: 'Titled in code' });
  const dup = await dash.api('POST', '/api/scripts', { body: { title: 'slow requests', code: 'var y;' } });
  t.is(dup.status, 409);
  t.is(dup.json.code, 'ERR_SCRIPT_EXISTS');
  const badId = await dash.api('POST', '/api/scripts', { body: { id: '../evil.js', code: 'var z;' } });
  t.is(badId.status, 400);
  t.is(badId.json.code, 'ERR_SCRIPT_ID');
});

test('POST/PUT bodies: not JSON 400, wrong shape 400, over 1 MiB 413', async (t) => {
  const dash = await startDashboard(t, { mode: 'app', scripts: { 'a.js': 'var a;' } });
  const notJson = await dash.api('POST', '/api/scripts', { raw: '{"code": ', headers: { 'content-type': 'application/json' } });
  t.is(notJson.status, 400);
  t.is(notJson.json.code, 'ERR_BAD_JSON');
  for (const body of [[], { code: 5 }, { code: 'x', title: 7 }, 'text']) {
    const r = await dash.api('POST', '/api/scripts', { body });
    t.is(r.status, 400);
    t.is(r.json.code, 'ERR_BAD_BODY');
  }
  t.is((await dash.api('PUT', '/api/scripts/a.js', { body: { source: 'x' } })).json.code, 'ERR_BAD_BODY');
  const big = await dash.api('PUT', '/api/scripts/a.js', { body: { code: `// big\n/*${'x'.repeat(1 << 20)}*/` } });
  t.is(big.status, 413);
  t.is(big.json.code, 'ERR_TOO_LARGE');
});

test('PUT /api/scripts/:id hot-reloads; a version that does not load is 422 at its line and the old one keeps running', async (t) => {
  const dash = await startDashboard(t, { mode: 'app', scripts: { 'r.js': '// Reporter\nconsole.log("v1");\n' } });
  const ok = await dash.api('PUT', '/api/scripts/r.js', { body: { code: '// Reporter v2\nconsole.log("v2");\n' } });
  t.is(ok.status, 200);
  t.like(ok.json, { id: 'r.js', title: 'Reporter v2', state: 'running' });
  t.deepEqual(dash.node.runtime.console('r.js').texts(), ['v1', 'v2']);
  const broken = await dash.api('PUT', '/api/scripts/r.js', { body: { code: '// Reporter v3\nvar a = 1;\nvar b = ;\nvar c;\n' } });
  t.is(broken.status, 422);
  t.like(broken.json, { code: 'ERR_SCRIPT_COMPILE', line: 3 });
  t.is(typeof broken.json.column, 'number');
  t.regex(broken.json.message, /SyntaxError/);
  const st = await dash.api('GET', '/api/scripts/r.js');
  t.like(st.json, { state: 'running', title: 'Reporter v3' });
  t.regex(st.json.loadError, /^ERR_SCRIPT_COMPILE/);
  const throws = await dash.api('PUT', '/api/scripts/r.js', { body: { code: '// Reporter v4\nvar a = 1;\nnull.x;\n' } });
  t.is(throws.status, 422);
  t.like(throws.json, { code: 'ERR_SCRIPT_LOAD', cause: 'ERR_SCRIPT_TOPLEVEL', line: 3 });
  const same = await dash.api('PUT', '/api/scripts/r.js', { body: { code: '// Reporter v2\nconsole.log("v2");\n' } });
  t.is(same.status, 200);
  const again = await dash.api('PUT', '/api/scripts/r.js', { body: { code: '// Reporter v2\nconsole.log("v2");\n' } });
  t.is(again.status, 200, 'saving unchanged code reloads it');
  t.deepEqual(dash.node.runtime.console('r.js').texts().filter((l) => l === 'v2').length, 3);
  t.is((await dash.api('PUT', '/api/scripts/none.js', { body: { code: 'var a;' } })).status, 404);
});

test('DELETE /api/scripts/:id removes the file and unloads it; activate / deactivate', async (t) => {
  const dash = await startDashboard(t, { mode: 'app', scripts: { 'a.js': '// A\nvar a;', 'b.js': '// B\nvar b;' } });
  const off = await dash.api('POST', '/api/scripts/a.js/deactivate');
  t.like(off.json, { id: 'a.js', active: false, state: 'inactive' });
  const on = await dash.api('POST', '/api/scripts/A/activate');
  t.like(on.json, { id: 'a.js', active: true, state: 'running' });
  const del = await dash.api('DELETE', '/api/scripts/b.js');
  t.deepEqual(del.json, { deleted: 'b.js' });
  t.deepEqual(dash.node.scripts.list().map((s) => s.id), ['a.js']);
  t.is((await dash.api('DELETE', '/api/scripts/b.js')).status, 404);
  t.is((await dash.api('POST', '/api/scripts/b.js/activate')).status, 404);
});

test('GET /api/scripts/:id/console: the last lines, oldest first, with level and time', async (t) => {
  const dash = await startDashboard(t, { mode: 'app', scripts: { 'c.js': 'for (var i = 0; i < 5; i++) console.log("line " + i); console.error("bad");' } });
  const r = await dash.api('GET', '/api/scripts/c.js/console?limit=3');
  t.deepEqual(r.json.lines.map((l: { level: string; text: string }) => [l.level, l.text]), [['log', 'line 3'], ['log', 'line 4'], ['error', 'bad']]);
  t.true(r.json.lines.every((l: { ts: number }) => typeof l.ts === 'number'));
  t.is((await dash.api('GET', '/api/scripts/c.js/console')).json.lines.length, 6);
  t.is((await dash.api('GET', '/api/scripts/c.js/console?limit=0')).json.code, 'ERR_BAD_PARAM');
  t.is((await dash.api('GET', '/api/scripts/zz.js/console')).status, 404);
});

test('jobs: list, run now, remove, run all, scheduler stop/start; coded errors', async (t) => {
  const dash = await startDashboard(t, {
    mode: 'app',
    scripts: {
      'j.js': '// Jobs\njobs.schedule("Hourly Report", "@hourly", function () { console.log("report ran"); }, 0);\njobs.schedule("tidy", "0 0 3 * * *", function () { console.log("tidy ran"); });',
      'off.js': '// Off\nvar x;',
    },
    config: (c) => (c.scripting.active = ['j.js']),
  });
  const list = await dash.api('GET', '/api/jobs');
  t.deepEqual(list.json.map((j: { script: string; tag: string; cron: string; runs: number; running: boolean }) => [j.script, j.tag, j.cron, j.runs, j.running]), [
    ['j.js', 'hourly-report', '@hourly', 0, false],
    ['j.js', 'tidy', '0 0 3 * * *', 0, false],
  ]);
  t.true(list.json.every((j: { nextRunMs: number }) => j.nextRunMs > Date.now()));
  const run = await dash.api('POST', '/api/jobs/j.js/hourly-report/run');
  t.deepEqual(run.json, { ran: 'hourly-report' });
  t.true(await waitFor(() => dash.node.runtime.console('j.js').texts().includes('report ran')));
  const stopped = await dash.api('POST', '/api/jobs/scheduler/stop');
  t.deepEqual(stopped.json, { running: false });
  t.deepEqual((await dash.api('GET', '/api/jobs/scheduler')).json, { running: false });
  t.true((await dash.api('GET', '/api/jobs')).json.every((j: { nextRunMs: number | null }) => j.nextRunMs === null));
  t.deepEqual((await dash.api('POST', '/api/jobs/scheduler/start')).json, { running: true });
  t.deepEqual((await dash.api('POST', '/api/jobs/run-all')).json, { ran: 2 });
  t.true(await waitFor(() => dash.node.runtime.console('j.js').texts().includes('tidy ran')));
  t.deepEqual((await dash.api('DELETE', '/api/jobs/j.js/tidy')).json, { removed: 'tidy' });
  t.deepEqual((await dash.api('GET', '/api/jobs')).json.map((j: { tag: string }) => j.tag), ['hourly-report']);
  const unknown = await dash.api('POST', '/api/jobs/j.js/nope/run');
  t.is(unknown.status, 404);
  t.is(unknown.json.code, 'ERR_JOB_NOT_FOUND');
  const notRunning = await dash.api('POST', '/api/jobs/off.js/x/run');
  t.is(notRunning.status, 409);
  t.is(notRunning.json.code, 'ERR_SCRIPT_NOT_RUNNING');
  t.is((await dash.api('DELETE', '/api/jobs/ghost.js/x')).json.code, 'ERR_SCRIPT_NOT_FOUND');
});
