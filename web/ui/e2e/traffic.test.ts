/**
 * End to end, real Chromium against a running `wirehook start --pcap` (child process):
 * the traffic table, KFL filtering and error positions, the item detail (headers, bodies,
 * markup shown as text, copy as curl), the maps (grouping, L4/L7, expanding a group,
 * pause) and the light theme. Screenshots go to test-artifacts/ui/.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureUiBuilt } from '../build.ts';
import { launchChromium, openDashboard, screenshot, type DashboardPage } from '../testing/browser.ts';
import { E2E_SERVICES, writeE2eCapture, writeE2eIdentity, XSS } from '../testing/e2e-capture.ts';
import { startWirehook, type WirehookServer } from '../testing/wirehook-server.ts';

const PORT = 17911;
let dir = '';
let server: WirehookServer;
let browser: Browser;
let dash: DashboardPage;
let page: Page;

test.before(async () => {
  await ensureUiBuilt();
  dir = mkdtempSync(path.join(os.tmpdir(), 'wirehook-ui-e2e-'));
  mkdirSync(path.join(dir, 'scripts'));
  writeE2eCapture(path.join(dir, 'e2e.pcap'));
  writeE2eIdentity(path.join(dir, 'identity.json'));
  server = await startWirehook({
    pcap: path.join(dir, 'e2e.pcap'),
    port: PORT,
    dataDir: path.join(dir, 'data'),
    scriptsDir: path.join(dir, 'scripts'),
    identityFile: path.join(dir, 'identity.json'),
  });
  await server.replayed;
  browser = await launchChromium();
  dash = await openDashboard(browser, server.url, { token: server.token });
  page = dash.page;
});

test.after.always(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rows = (p: Page) => p.locator('[data-testid=traffic-rows] .trow');

async function applyFilter(p: Page, q: string): Promise<void> {
  const box = p.locator('#kfl');
  await box.fill(q);
  await p.waitForFunction(() => !document.querySelector('.kfl-state')?.textContent?.includes('…'));
  await box.press('Enter');
}

test.serial('the table lists the first page of replayed items, and the token was taken from the URL', async (t) => {
  await rows(page).first().waitFor();
  t.true((await rows(page).count()) > 10);
  t.is(await page.evaluate(() => localStorage.getItem('wirehook.token')), server.token);
  t.false(page.url().includes('token='), 'the token is removed from the address bar');
  await page.locator('[data-testid=live-state]', { hasText: 'live' }).waitFor();
  t.is(await page.locator('[role=grid]').getAttribute('aria-rowcount'), String(await page.evaluate(async () => Math.min(200, (await (await fetch('/api/items?limit=500')).json()).rows.length))));
  t.regex((await rows(page).first().innerText()).replace(/\s+/g, ' '), /\d\d:\d\d:\d\d\.\d{3} \S+ \S+ → \S+/);
  await screenshot(page, 'traffic');
});

test.serial('a KFL filter narrows the table to matching items', async (t) => {
  await applyFilter(page, 'http and response.status >= 500');
  await page.waitForFunction(() => {
    const s = [...document.querySelectorAll('[data-testid=traffic-rows] .trow .c-status')].map((e) => e.textContent ?? '');
    return s.length > 0 && s.every((x) => x.startsWith('5'));
  });
  const statuses = await rows(page).locator('.c-status').allTextContents();
  t.true(statuses.length >= 2);
  t.true(statuses.every((s) => /^5\d\d$/.test(s)));
  t.true((await rows(page).locator('.badge').allTextContents()).every((b) => b === 'HTTP'));
  await screenshot(page, 'traffic-filtered');
});

test.serial('a bad filter shows the error code, message and its position in the box', async (t) => {
  const q = 'http and response.status >= )';
  const expected = await page.evaluate(async (query) => (await fetch(`/api/kfl/validate?q=${encodeURIComponent(query)}`)).json(), q);
  await page.locator('#kfl').fill(q);
  const error = page.locator('[data-testid=kfl-error]');
  await error.waitFor();
  t.regex(await error.innerText(), /ERR_KFL_SYNTAX/);
  t.true((await error.innerText()).includes(expected.message));
  t.is(await page.locator('[data-testid=kfl-mark]').textContent(), q.slice(expected.offset, expected.offset + Math.max(1, expected.length)));
  t.is(await page.locator('.kfl-ghost').textContent(), q.slice(0, expected.offset));
  t.is(await page.locator('#kfl').getAttribute('aria-invalid'), 'true');
  const misalignedPx = await page.evaluate((offset) => {
    const input = document.getElementById('kfl') as HTMLInputElement;
    const cs = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d')!;
    ctx.font = `${cs.fontSize} ${cs.fontFamily}`;
    const x = input.getBoundingClientRect().left + parseFloat(cs.borderLeftWidth) + parseFloat(cs.paddingLeft) + ctx.measureText(input.value.slice(0, offset)).width - input.scrollLeft;
    return Math.abs(document.querySelector('[data-testid=kfl-mark]')!.getBoundingClientRect().left - x);
  }, expected.offset);
  t.true(misalignedPx < 2, `the underline sits under the offending text (${misalignedPx.toFixed(1)} px off)`);
  await screenshot(page, 'traffic-bad-filter');
  await page.locator('#kfl').press('Escape');
});

test.serial('an item whose headers and bodies hold markup renders them as text and runs nothing', async (t) => {
  await applyFilter(page, `request.path == "${XSS.path}"`);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=traffic-rows] .trow').length === 1);
  await rows(page).first().click();
  const detail = page.locator('[data-testid=item-detail]');
  await detail.locator('[data-testid=detail-request-headers]').waitFor();
  t.true((await detail.locator('[data-testid=detail-request-headers]').innerText()).includes(XSS.header));
  t.is(await detail.locator('[data-testid=detail-request-body]').textContent(), XSS.requestBody);
  await page.getByText(XSS.header).first().waitFor({ state: 'visible' });
  await detail.getByRole('tab', { name: 'Response' }).click();
  t.is(await detail.locator('[data-testid=detail-response-body]').textContent(), XSS.responseBody);
  t.regex(await detail.locator('[data-testid=detail-response-line]').innerText(), /500 Internal Server Error/);
  await screenshot(page, 'traffic-detail-xss');
  t.is(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined, 'no script from the item ran');
  t.is(await detail.locator('script, img, iframe').count(), 0, 'no element was built from the item');
  await detail.getByRole('tab', { name: 'JSON' }).click();
  t.true((await detail.locator('[data-testid=detail-json]').textContent())!.includes('onerror='));
  t.is(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss), undefined);
});

test.serial('copy as curl reproduces the request', async (t) => {
  await page.locator('[data-testid=copy-curl]').click();
  await page.getByText('Copied as curl').waitFor();
  const curl = await page.evaluate(() => navigator.clipboard.readText());
  t.true(curl.startsWith("curl -X 'POST' 'http://evil.test/xss-probe?q=%3Cscript%3E'"));
  t.true(curl.includes(`-H 'X-Evil: ${XSS.header}'`));
  t.true(curl.includes(`--data-raw '${XSS.requestBody}'`));
  await page.keyboard.press('Escape');
  await page.locator('[data-testid=item-detail]').waitFor({ state: 'detached' });
});

test.serial('a JSON body is pretty-printed', async (t) => {
  await applyFilter(page, 'http and request.method == "GET" and response.status == 200');
  await rows(page).first().click();
  await page.getByRole('tab', { name: 'Response' }).click();
  const body = await page.locator('[data-testid=detail-response-body]').textContent();
  t.truthy(body);
  t.deepEqual(JSON.stringify(JSON.parse(body!), null, 2), body);
  t.true(body!.includes('\n  "items": ['));
  await screenshot(page, 'traffic-detail-json');
  await page.keyboard.press('Escape');
});

test.serial('maps: L7 by default, the largest group collapsed above 40 nodes, a group expands in place', async (t) => {
  await page.goto(`${server.url}/#/maps`);
  await page.locator('svg.map-svg').waitFor();
  await page.waitForFunction(() => document.querySelectorAll('.map-node').length > 0 && document.querySelectorAll('.map-edge').length > 0);
  t.deepEqual((await page.locator('[data-testid=map-legend] li').allTextContents()).sort(), ['DNS', 'HTTP', 'REDIS']);
  const frontend = page.locator('.map-node.kind-group', { hasText: 'frontend' });
  t.regex((await frontend.textContent()) ?? '', /▸ 1\d\d workloads/, 'the 120 frontend pods are one group');
  t.is(await page.locator('.map-node.kind-group').count(), 1, 'collapsing the largest group was enough');
  for (const name of E2E_SERVICES.shop) t.is(await page.locator('.map-node:not(.kind-group)', { hasText: name }).count(), 1, `${name} stays visible`);
  t.is(await page.locator('.map-node.external').count(), 2, 'the unnamed endpoints are external');
  t.true((await page.locator('.map-node', { hasText: 'kube-dns' }).count()) === 1);
  await screenshot(page, 'maps-l7');

  await page.locator('.map-node:not(.kind-group)', { hasText: 'catalogue' }).click();
  await page.locator('[data-testid=map-selected]').getByRole('button', { name: 'Focus (neighbours only)' }).click();
  await page.waitForFunction(() => document.querySelectorAll('.map-node').length === 2);
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.querySelectorAll('.map-node').length > 2);

  await page.waitForFunction(() => !document.querySelector('[data-testid=map-facts]')?.textContent?.includes('pending'));
  await frontend.click();
  await page.locator('.map-node:not(.kind-group)', { hasText: 'web-7' }).first().waitFor();
  t.is(await page.locator('.map-node.kind-group', { hasText: 'frontend' }).count(), 0, 'the expanded group stays open');
  t.true((await page.locator('.map-node:not(.kind-group)', { hasText: /^web-\d+/ }).count()) >= 100, 'its pods show');
  await page.waitForFunction(() => !document.querySelector('[data-testid=map-facts]')?.textContent?.includes('pending'));
  t.regex((await page.locator('[data-testid=map-facts]').textContent()) ?? '', /layout: interactive/);
  await screenshot(page, 'maps-expanded');
});

test.serial('maps: grouping switches, L4 shows every flow, pause stops polling', async (t) => {
  const byNamespace = page.waitForRequest((r) => r.url().includes('/api/maps/l7?') && r.url().includes('group=namespace'));
  await page.locator('[data-testid=map-grouping] [data-value=namespace]').click();
  await byNamespace;
  t.is(await page.locator('[data-testid=map-grouping] [aria-checked=true]').textContent(), 'Namespace');
  await page.waitForFunction(() => document.querySelectorAll('.map-node.kind-namespace').length >= 5);
  t.deepEqual((await page.locator('.map-node.kind-namespace .label').allTextContents()).sort(), ['accounts', 'data', 'frontend', 'kube-system', 'shop']);

  const l4 = page.waitForRequest((r) => r.url().includes('/api/maps/l4?'));
  await page.locator('[data-testid=map-kind] [data-value=l4]').click();
  await l4;
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=map-legend] li')].some((l) => l.textContent?.includes('TCP')));
  t.true((await page.locator('.map-edge').count()) > 0);
  await screenshot(page, 'maps-l4');

  await page.locator('[data-testid=map-pause]').click();
  let polls = 0;
  const count = (r: { url(): string }) => void (r.url().includes('/api/maps/') && polls++);
  page.on('request', count);
  await page.waitForTimeout(4500);
  t.is(polls, 0, 'no polling while paused');
  await page.locator('[data-testid=map-pause]').click();
  await page.waitForRequest((r) => r.url().includes('/api/maps/'));
  page.off('request', count);
});

test.serial('the theme toggles to light and is remembered', async (t) => {
  await page.goto(`${server.url}/#/traffic`);
  await page.locator('[data-testid=theme-toggle]').click();
  t.is(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await page.reload();
  t.is(await page.evaluate(() => document.documentElement.dataset.theme), 'light');
  await rows(page).first().waitFor();
  await screenshot(page, 'traffic-light');
  t.deepEqual(dash.errors, []);
});
