/**
 * Dashboard security over a real port: the token guards every state change (header or
 * ?token=), reads are open, the server binds 127.0.0.1 by default, and no CORS headers
 * are ever sent.
 */
import test from 'ava';
import type { AddressInfo } from 'node:net';
import { startDashboard, TOKEN } from './testing/dashboard.ts';

const MUTATIONS: [string, string, unknown?][] = [
  ['POST', '/api/scripts', { title: 'x', code: 'var x;' }],
  ['PUT', '/api/scripts/a.js', { code: 'var a;' }],
  ['DELETE', '/api/scripts/a.js'],
  ['POST', '/api/scripts/a.js/activate'],
  ['POST', '/api/scripts/a.js/deactivate'],
  ['POST', '/api/jobs/run-all'],
  ['POST', '/api/jobs/scheduler/start'],
  ['POST', '/api/jobs/scheduler/stop'],
  ['POST', '/api/jobs/a.js/t/run'],
  ['DELETE', '/api/jobs/a.js/t'],
];

test('every mutation needs the token: 401 without it or with a wrong one, nothing changes', async (t) => {
  const dash = await startDashboard(t, { scripts: { 'a.js': '// A\njobs.schedule("t", "@hourly", function () {});' } });
  for (const [method, p, body] of MUTATIONS) {
    for (const token of [null, 'wrong-token-wrong-token-wrong']) {
      const r = await dash.api(method, p, { body, token });
      t.is(r.status, 401, `${method} ${p}`);
      t.is(r.json.code, 'ERR_UNAUTHORIZED');
    }
  }
  t.deepEqual(dash.node.scripts.list().map((s) => [s.id, s.state]), [['a.js', 'running']]);
  t.deepEqual(dash.node.scripts.sandbox('a.js')!.jobs.list(), ['t']);
  const viaQuery = await dash.api('POST', `/api/scripts/a.js/deactivate?token=${TOKEN}`, { token: null });
  t.is(viaQuery.status, 200);
  t.like(viaQuery.json, { state: 'inactive' });
  const viaHeader = await dash.api('POST', '/api/scripts/a.js/activate');
  t.like(viaHeader.json, { state: 'running' });
});

test('reads are open without the token', async (t) => {
  const dash = await startDashboard(t, { scripts: { 'a.js': 'var a;' } });
  for (const p of ['/api/items', '/api/scripts', '/api/scripts/a.js', '/api/stats', '/api/maps/l4', '/api/maps/l7', '/api/jobs', '/api/examples', '/api/kfl/reference', '/api/scripts/a.js/console', '/healthz']) {
    t.is((await dash.api('GET', p, { token: null })).status, 200, p);
  }
});

test('binds 127.0.0.1 by default; no CORS headers, even for preflights from other origins', async (t) => {
  const dash = await startDashboard(t);
  t.is((dash.node.http!.server.address() as AddressInfo).address, '127.0.0.1');
  const origin = { origin: 'http://evil.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization' };
  for (const [method, p] of [['GET', '/api/items'], ['OPTIONS', '/api/scripts'], ['POST', '/api/scripts']]) {
    const r = await dash.api(method, p, { token: null, headers: origin });
    for (const h of r.headers.keys()) t.false(h.startsWith('access-control-'), `${method} ${p}: ${h}`);
  }
});
