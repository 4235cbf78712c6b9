/**
 * `wirehook scripts sync`: pushes a folder through the hub's script API (a stand-in
 * speaking the api.md contract), reports load errors with line:column, follows folder
 * changes, and fails clearly on a wrong token or an unreachable hub.
 */
import test from 'ava';
import { execFile } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ScriptSync, SyncError } from './scripts-sync.ts';
import { eventually, tempDir } from './testing/cluster-env.ts';
import { fakeHubApi } from './testing/fake-hub-api.ts';

const BIN = fileURLToPath(new URL('../cli/bin.js', import.meta.url));
const TOKEN = 'sync-token-0123456789';

async function folder(name: string, files: Record<string, string>): Promise<string> {
  const dir = path.join(await tempDir('sync'), name);
  await mkdir(dir);
  for (const [f, code] of Object.entries(files)) await writeFile(path.join(dir, f), code);
  return dir;
}

test('pushAll: PUT known scripts, POST new ones (PUT answered 404), report a script that does not load', async (t) => {
  const api = await fakeHubApi(TOKEN, { 'a.js': '// old' });
  const dir = await folder('s1', { 'a.js': '// A\nvar a = 1;', 'b.js': '// B\nvar b;', 'c.js': '// C\nSYNTAX ERROR', 'notes.txt': 'ignored' });
  const logs: string[] = [];
  const sync = new ScriptSync({ dir, hub: api.url.replace('http', 'ws') + '/api/cluster', token: TOKEN, log: (l) => logs.push(l) });
  const r = await sync.pushAll();
  t.deepEqual(r, { pushed: ['a.js', 'b.js'], failed: ['c.js'] });
  t.deepEqual(api.calls, ['PUT /api/scripts/a.js', 'PUT /api/scripts/b.js', 'POST /api/scripts', 'PUT /api/scripts/c.js', 'POST /api/scripts']);
  t.is(api.scripts.get('a.js'), '// A\nvar a = 1;');
  t.is(api.scripts.get('b.js'), '// B\nvar b;');
  t.true(logs.includes('wirehook: sync: c.js not applied: ERR_SCRIPT_COMPILE at 2:8: Unexpected identifier'));
  sync.close();
  await api.close();
});

test('watch: a changed file is pushed again, a new one created, a deleted one deleted on the hub', async (t) => {
  const api = await fakeHubApi(TOKEN);
  const dir = await folder('s2', { 'a.js': '// A\n1;', 'b.js': '// B\n2;' });
  const sync = new ScriptSync({ dir, hub: api.url, token: TOKEN, log: () => undefined });
  await sync.pushAll();
  sync.watch();
  api.calls.length = 0;
  await writeFile(path.join(dir, 'a.js'), '// A\n3;');
  await eventually(() => api.scripts.get('a.js'), (c) => c === '// A\n3;', 10_000, 'changed script pushed');
  await writeFile(path.join(dir, 'd.js'), '// D\n4;');
  await eventually(() => api.scripts.get('d.js'), (c) => c === '// D\n4;', 10_000, 'new script pushed');
  await rm(path.join(dir, 'b.js'));
  await eventually(() => api.scripts.has('b.js'), (has) => !has, 10_000, 'deleted script deleted');
  await sync.idle();
  t.deepEqual(api.calls, ['PUT /api/scripts/a.js', 'PUT /api/scripts/d.js', 'POST /api/scripts', 'DELETE /api/scripts/b.js']);
  sync.close();
  await api.close();
});

test('a wrong token and an unreachable hub are coded errors', async (t) => {
  const api = await fakeHubApi(TOKEN);
  const dir = await folder('s3', { 'a.js': '// A' });
  const wrong = new ScriptSync({ dir, hub: api.url, token: 'nope', log: () => undefined });
  await t.throwsAsync(wrong.pushAll(), { instanceOf: SyncError, message: /rejected the token/, code: 'ERR_UNAUTHORIZED' } as never);
  await api.close();
  const away = new ScriptSync({ dir, hub: api.url, token: TOKEN, log: () => undefined });
  const e = await t.throwsAsync(away.pushAll(), { instanceOf: SyncError });
  t.is((e as SyncError).code, 'ERR_HUB_UNREACHABLE');
  t.regex(e!.message, /ECONNREFUSED/);
});

function wirehook(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--no-node-snapshot', BIN, ...args], (err, stdout, stderr) => {
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

test('wirehook scripts sync DIR --once: exit 0 when all load, 1 when one does not, 2 on usage errors and a wrong token', async (t) => {
  const api = await fakeHubApi(TOKEN);
  const good = await folder('s4', { 'a.js': '// A' });
  const bad = await folder('s5', { 'b.js': '// B', 'z.js': '// Z\nSYNTAX ERROR' });
  const [ok, failed, usage, unauthorized] = await Promise.all([
    wirehook(['scripts', 'sync', good, '--hub', api.url, '--token', TOKEN, '--once']),
    wirehook(['scripts', 'sync', bad, '--hub', api.url, '--token', TOKEN, '--once']),
    wirehook(['scripts', 'push', good]),
    wirehook(['scripts', 'sync', good, '--hub', api.url, '--token', 'wrong', '--once']),
  ]);
  t.is(ok.code, 0, ok.stderr);
  t.regex(ok.stdout, /1 pushed, 0 not applied/);
  t.is(failed.code, 1);
  t.regex(failed.stdout, /1 pushed, 1 not applied \(z\.js\)/);
  t.regex(failed.stderr, /z\.js not applied: ERR_SCRIPT_COMPILE at 2:8/);
  t.is(usage.code, 2);
  t.regex(usage.stderr, /ERR_USAGE: expected: wirehook scripts sync DIR/);
  t.is(unauthorized.code, 2);
  t.regex(unauthorized.stderr, /ERR_UNAUTHORIZED: .*rejected the token\n {2}hint: /);
  await api.close();
});
