/**
 * End to end, real Chromium against a real node (in-process, as `wirehook start` builds
 * it) whose one live source the test feeds: rows arriving over the WebSocket, pause and
 * resume; the script editor (save = hot reload, a syntax error marked at its line, the
 * previous version kept), an example added and activated with its console streaming
 * live, and its job run from the jobs panel.
 */
import test from 'ava';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureUiBuilt } from '../build.ts';
import { launchChromium, openDashboard, screenshot, type DashboardPage } from '../testing/browser.ts';
import { writeHttpCapture } from '../testing/e2e-capture.ts';
import { startTestNode, type TestNode } from '../testing/node-server.ts';

const PORT = 17912;
const EXAMPLE = `// Console hello
// Says hello, then logs the path of every HTTP item; a job reports the count.
var seen = 0;
console.log("hello from the example");
function onItemCaptured(data) {
  seen++;
  if (data.request && data.request.path) console.log("seen " + data.request.path);
}
jobs.schedule("report", "@every 1h", function () {
  console.log("report: " + seen + " items");
});
`;
const BROKEN = `// e2e script
function onItemCaptured(data) {
  console.log("x" +);
}
`;
const FIXED = `// e2e script
function onItemCaptured(data) {
  console.log("fixed " + data.protocol.abbr);
}
`;

let dir = '';
let node: TestNode;
let browser: Browser;
let dash: DashboardPage;
let page: Page;
let captures = 0;

function capture(connections: number): string {
  const file = path.join(dir, `live-${++captures}.pcap`);
  writeHttpCapture(file, { connections, net: 100 + captures, startMs: Date.now() - 2000 });
  return file;
}

test.before(async () => {
  await ensureUiBuilt();
  dir = mkdtempSync(path.join(os.tmpdir(), 'wirehook-ui-live-'));
  for (const d of ['scripts', 'examples', 'data']) mkdirSync(path.join(dir, d));
  writeFileSync(path.join(dir, 'examples', 'console-hello.js'), EXAMPLE);
  node = await startTestNode({ port: PORT, dataDir: path.join(dir, 'data'), scriptsDir: path.join(dir, 'scripts'), examplesDir: path.join(dir, 'examples') });
  await node.feed(capture(20));
  browser = await launchChromium();
  dash = await openDashboard(browser, node.url, { token: node.token });
  page = dash.page;
});

test.after.always(async () => {
  await browser?.close();
  await node?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const rowCount = (p: Page) => p.evaluate(() => Number(document.querySelector('[role=grid]')?.getAttribute('aria-rowcount') ?? 0));

test.serial('live rows arrive over the WebSocket; pause holds them until resume', async (t) => {
  await page.locator('[data-testid=live-state]', { hasText: 'live' }).waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[role=grid]')?.getAttribute('aria-rowcount')) > 0);
  const first = await rowCount(page);

  await node.feed(capture(10));
  await page.waitForFunction((n) => Number(document.querySelector('[role=grid]')?.getAttribute('aria-rowcount')) > n, first);
  const live = await rowCount(page);
  t.true(live > first, 'rows pushed by the server appear without reloading');

  await page.locator('[data-testid=pause]').click();
  await node.feed(capture(10));
  const resume = page.locator('[data-testid=pause]', { hasText: /Resume \(\d+ new\)/ });
  await resume.waitFor();
  t.is(await rowCount(page), live, 'nothing is added to the table while paused');
  await screenshot(page, 'traffic-paused');
  await resume.click();
  await page.waitForFunction((n) => Number(document.querySelector('[role=grid]')?.getAttribute('aria-rowcount')) > n, live);
  t.regex((await page.locator('[data-testid=pause]').textContent()) ?? '', /Pause/);
});

async function setEditorText(p: Page, code: string): Promise<void> {
  await p.locator('.cm-content').click();
  await p.keyboard.press('Control+A');
  await p.keyboard.press('Delete');
  await p.keyboard.insertText(code);
}

test.serial('a new script is saved; a syntax error is marked at its line and the old version keeps running', async (t) => {
  await page.goto(`${node.url}/#/scripts`);
  await page.getByRole('button', { name: '+ New' }).click();
  await page.getByLabel('Script title').fill('e2e script');
  await page.locator('[data-testid=save-script]').click();
  const item = page.locator('[data-testid=script-list] li', { hasText: 'e2e script' });
  await item.locator('[data-testid=script-state]', { hasText: 'running' }).waitFor();

  await setEditorText(page, BROKEN);
  await page.keyboard.press('Control+s');
  const error = page.locator('[data-testid=save-error]');
  await error.waitFor();
  t.regex(await error.innerText(), /ERR_SCRIPT_COMPILE/);
  t.regex(await error.innerText(), /line 3/);
  t.regex(await error.innerText(), /previous version keeps running/);
  const marker = page.locator('.cm-gutter-lint .cm-lint-marker-error');
  await marker.waitFor();
  const markerBox = (await marker.boundingBox())!;
  const line3 = (await page.locator('.cm-lineNumbers .cm-gutterElement', { hasText: /^3$/ }).boundingBox())!;
  t.true(Math.abs(markerBox.y + markerBox.height / 2 - (line3.y + line3.height / 2)) < line3.height / 2, 'the marker is on line 3');
  t.true((await page.locator('.cm-lintRange-error').count()) >= 1, 'the error is underlined in the text');
  await item.locator('[data-testid=script-state]', { hasText: 'running' }).waitFor();
  await screenshot(page, 'scripts-syntax-error');

  await setEditorText(page, FIXED);
  await page.locator('[data-testid=save-script]').click();
  await page.getByText('Saved and reloaded').waitFor();
  t.is(await error.count(), 0);
  t.is(await page.locator('.cm-lint-marker-error').count(), 0);
  const saved = await page.evaluate(async () => {
    const list: { id: string; title: string }[] = await (await fetch('/api/scripts')).json();
    return (await fetch(`/api/scripts/${encodeURIComponent(list.find((s) => s.title === 'e2e script')!.id)}`)).json();
  });
  t.is(saved.code, FIXED);
  t.is(saved.state, 'running');
});

test.serial('an example is added and activated, and its console streams live', async (t) => {
  await page.locator('[data-testid=examples]').selectOption({ label: 'Console hello' });
  await page.getByText('Added and activated: Console hello').waitFor();
  const item = page.locator('[data-testid=script-list] li[aria-selected=true]');
  await item.locator('[data-testid=script-state]', { hasText: 'running' }).waitFor();
  const consoleBox = page.locator('[data-testid=console-lines]');
  await consoleBox.getByText('hello from the example').waitFor();

  await node.feed(capture(8));
  await consoleBox.getByText(/seen \/api\/v1\/orders\/\d+$/).first().waitFor();
  t.true((await consoleBox.locator('.cline').count()) > 2);
  await screenshot(page, 'scripts-console');

  await page.getByRole('radio', { name: 'Jobs' }).click();
  const job = page.locator('[data-testid=jobs-panel] tr', { hasText: 'report' });
  await job.waitFor();
  t.true((await job.innerText()).includes('@every 1h'));
  await screenshot(page, 'scripts-jobs');
  await job.getByRole('button', { name: 'Run' }).click();
  await page.getByText('Ran report').waitFor();
  await page.getByRole('radio', { name: 'Console' }).click();
  await consoleBox.getByText(/report: \d+ items$/).waitFor();
  t.pass();
});

test.serial('the page raised no errors', (t) => {
  t.deepEqual(dash.errors, []);
});
