/**
 * The UI's static files: index at `/`, assets with content types, no traversal, and a
 * coded 404 while the UI is not built.
 */
import test from 'ava';
import http from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Router from '@koa/router';
import type { AddressInfo } from 'node:net';
import { createApp } from './http-server.ts';
import { contentTypeOf, mountStatic, resolveInside } from './static.ts';
import { startDashboard } from './testing/dashboard.ts';

/** GET with the path sent as written (fetch would normalise `..`). */
function rawGet(url: string, p: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const req = http.request({ host: u.hostname, port: u.port, path: p, method: 'GET' }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: String(res.headers['content-type'] ?? ''), body }));
    });
    req.on('error', reject);
    req.end();
  });
}

test('serves index.html at / and assets by extension; never outside dist/assets', async (t) => {
  const root = await mkdtemp(path.join(tmpdir(), 'wirehook-ui-'));
  t.teardown(() => rm(root, { recursive: true, force: true }));
  const dist = path.join(root, 'dist');
  await mkdir(path.join(dist, 'assets', 'sub'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><title>Wirehook</title>');
  await writeFile(path.join(dist, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(path.join(dist, 'assets', 'app.css'), 'body{}');
  await writeFile(path.join(dist, 'assets', 'sub', 'logo.svg'), '<svg/>');
  await writeFile(path.join(dist, 'assets', 'blob.bin'), 'x');
  await writeFile(path.join(root, 'secret.txt'), 'do not serve');
  const dash = await startDashboard(t, { uiDist: dist });
  const index = await rawGet(dash.url, '/');
  t.like(index, { status: 200, type: 'text/html; charset=utf-8', body: '<!doctype html><title>Wirehook</title>' });
  t.like(await rawGet(dash.url, '/assets/app.js'), { status: 200, type: 'text/javascript; charset=utf-8', body: 'console.log(1)' });
  t.like(await rawGet(dash.url, '/assets/app.css'), { status: 200, type: 'text/css; charset=utf-8' });
  t.like(await rawGet(dash.url, '/assets/sub/logo.svg'), { status: 200, type: 'image/svg+xml' });
  t.like(await rawGet(dash.url, '/assets/blob.bin'), { status: 200, type: 'application/octet-stream' });
  const res = await fetch(dash.url + '/');
  t.is(res.headers.get('x-content-type-options'), 'nosniff');
  t.is(res.headers.get('x-frame-options'), 'DENY');
  for (const p of ['/assets/../../secret.txt', '/assets/..%2f..%2fsecret.txt', '/assets/%2e%2e/%2e%2e/secret.txt', '/assets/sub', '/assets/', '/assets/a%00b', '/assets/missing.js', '/secret.txt', '/../secret.txt']) {
    const r = await rawGet(dash.url, p);
    t.is(r.status, 404, p);
    t.false(r.body.includes('do not serve'), p);
  }
});

test('without a built UI, / is a coded 404 and the API still answers', async (t) => {
  const dash = await startDashboard(t, { uiDist: path.join(tmpdir(), 'wirehook-no-ui-here') });
  const r = await dash.api('GET', '/');
  t.is(r.status, 404);
  t.is(r.json.code, 'ERR_UI_NOT_BUILT');
  t.is((await dash.api('GET', '/api/stats')).status, 200);
});

test('resolveInside and contentTypeOf', (t) => {
  t.is(resolveInside('/srv/ui', 'a/b.js'), path.resolve('/srv/ui/a/b.js'));
  t.is(resolveInside('/srv/ui', '../ui2/x'), null);
  t.is(resolveInside('/srv/ui', '/etc/passwd'), null);
  t.is(resolveInside('/srv/ui', ''), null);
  t.is(resolveInside('/srv/ui', 'a\0b'), null);
  t.is(contentTypeOf('X.WOFF2'), 'font/woff2');
});

test('the on-demand build runs once before the first file is served; a failed build is logged', async (t) => {
  const dist = await mkdtemp(path.join(tmpdir(), 'wirehook-ui-lazy-'));
  t.teardown(() => rm(dist, { recursive: true, force: true }));
  let builds = 0;
  const logs: string[] = [];
  const router = new Router();
  mountStatic(router, {
    dist,
    prepare: async () => {
      builds++;
      await writeFile(path.join(dist, 'index.html'), '<p>built</p>');
      throw new Error('ERR_UI_BUILD: half done');
    },
    log: (l) => logs.push(l),
  });
  const server = http.createServer(createApp(router, () => ({})).callback());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  t.teardown(() => new Promise<void>((r) => server.close(() => r())));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const [a, b] = await Promise.all([rawGet(url, '/'), rawGet(url, '/index.html')]);
  t.like(a, { status: 200, body: '<p>built</p>' });
  t.like(b, { status: 200, body: '<p>built</p>' });
  t.is((await rawGet(url, '/assets/x.js')).status, 404);
  t.is(builds, 1);
  t.deepEqual(logs, [`wirehook: the dashboard UI could not be built (ERR_UI_BUILD: half done); serving ${dist} as it is`]);
});
