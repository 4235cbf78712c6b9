/**
 * End to end, real Chromium against a real node with the storage feature: create a
 * recording from the form (a bad filter is refused with the KFL message), see it
 * recording, archive the window after traffic came in, see the upload state and download
 * the archive through the page's link.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureUiBuilt } from '../build.ts';
import { launchChromium, openDashboard, screenshot, type DashboardPage } from '../testing/browser.ts';
import { writeHttpCapture } from '../testing/e2e-capture.ts';
import { startTestNode, type TestNode } from '../testing/node-server.ts';

const PORT = 17913;
let dir = '';
let node: TestNode;
let browser: Browser;
let dash: DashboardPage;
let page: Page;

test.before(async () => {
  await ensureUiBuilt();
  dir = mkdtempSync(path.join(os.tmpdir(), 'wirehook-ui-rec-'));
  for (const d of ['scripts', 'data']) mkdirSync(path.join(dir, d));
  node = await startTestNode({ port: PORT, dataDir: path.join(dir, 'data'), scriptsDir: path.join(dir, 'scripts') });
  browser = await launchChromium();
  dash = await openDashboard(browser, node.url, { token: node.token, route: 'recordings' });
  page = dash.page;
});

test.after.always(async () => {
  await browser?.close();
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test.serial('a recording with a bad filter is refused with the KFL message', async (t) => {
  const form = page.locator('[data-testid=recording-form]');
  await form.getByLabel('Name').fill('bad-one');
  await form.getByLabel('KFL filter').fill('http and (');
  await form.getByRole('button', { name: 'Create recording' }).click();
  const problem = page.locator('[data-testid=recording-problem]');
  await problem.waitFor();
  t.regex(await problem.innerText(), /^Filter: 1:\d+: /);
  t.is(await page.locator('[data-testid=recording-list] li').count(), 0);
});

test.serial('create, record, archive now, download', async (t) => {
  const form = page.locator('[data-testid=recording-form]');
  await form.getByLabel('Name').fill('errors');
  await form.getByLabel('KFL filter').fill('http and response.status >= 500');
  await form.getByLabel('Duration (minutes)').fill('10');
  await form.getByRole('button', { name: 'Create recording' }).click();
  const card = page.locator('[data-testid=recording-list] li[data-name=errors]');
  await card.locator('[data-testid=recording-state]', { hasText: 'recording' }).waitFor();
  t.regex(await card.innerText(), /http and response\.status >= 500/);

  const pcap = path.join(dir, 'traffic.pcap');
  writeHttpCapture(pcap, { connections: 20, net: 120 });
  await node.feed(pcap);
  await page.waitForTimeout(300);
  await card.getByRole('button', { name: 'Archive now' }).click();
  const archive = card.locator('tr', { hasText: 'errors_wirehook_' });
  await archive.getByText('uploaded').waitFor({ timeout: 15_000 });
  t.regex(await archive.innerText(), /4 items/, 'the 4 responses with status 503 were recorded');
  await screenshot(page, 'recordings');

  const href = await archive.getByRole('link', { name: 'Download' }).getAttribute('href');
  t.truthy(href);
  const got = await page.evaluate(async (u) => {
    const r = await fetch(u!);
    const b = new Uint8Array(await r.arrayBuffer());
    return { status: r.status, type: r.headers.get('content-type'), magic: [b[0], b[1]] };
  }, href);
  t.deepEqual(got, { status: 200, type: 'application/gzip', magic: [0x1f, 0x8b] });

  await card.getByRole('button', { name: 'Stop' }).click();
  await card.locator('[data-testid=recording-state]', { hasText: 'stopped' }).waitFor();
  t.deepEqual(dash.errors, []);
});
