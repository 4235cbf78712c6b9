/**
 * Debian's Chromium driven by playwright-core with the flags of RECIPES §3, a 1280×800
 * page per test, page errors collected, and screenshots saved to test-artifacts/ui/.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const ARTIFACTS = fileURLToPath(new URL('../../../test-artifacts/ui/', import.meta.url));

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

export interface DashboardPage {
  context: BrowserContext;
  page: Page;
  /** Uncaught exceptions and console errors of the page. */
  errors: string[];
}

/** A fresh context (clean localStorage) at `url`, token handed over in the hash like `wirehook start` prints it. */
export async function openDashboard(browser: Browser, url: string, o: { token?: string; route?: string; theme?: 'dark' | 'light' } = {}): Promise<DashboardPage> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme: o.theme ?? 'dark' });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: url });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) errors.push(`console: ${m.text()}`);
  });
  const hash = o.token ? `#/${o.route ?? 'traffic'}&token=${encodeURIComponent(o.token)}` : `#/${o.route ?? 'traffic'}`;
  await page.goto(`${url}/${hash}`);
  return { context, page, errors };
}

/** Save a full-page PNG under test-artifacts/ui/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}
