/** Driving the chat page in the machine's Chromium: launch, and one registered person per browser context. */
import { execFileSync } from 'node:child_process';
import type { Browser, BrowserContext, Page } from 'playwright-core';

export const WEB_ARTIFACTS = 'test-artifacts';
export const WEB_WAIT_MS = 10_000;
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** The machine's Chromium (Debian package `chromium`); .ci/run installs it when missing. */
export function findChromium(): string | undefined {
  try {
    return execFileSync('sh', ['-c', 'command -v chromium'], { encoding: 'utf8' }).trim() || undefined;
  } catch {
    return undefined;
  }
}

export interface WebPerson {
  name: string;
  context: BrowserContext;
  page: Page;
  uid: number;
}

/** Registers `name` (account `name + stamp`) on the page at `base` in a context of its own. */
export async function registerOnPage(browser: Browser, base: string, name: string, stamp: string, viewport = { width: 1100, height: 720 }): Promise<WebPerson> {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  page.on('pageerror', (err) => console.error(`[${name}] page error: ${err.message}`));
  await page.goto(base);
  await page.getByTestId('tab-register').click();
  await page.fill('input[name=account]', `${name.toLowerCase()}${stamp}`);
  await page.fill('input[name=password]', 'secret-password');
  await page.fill('input[name=nickname]', name);
  await page.getByTestId('auth-submit').click();
  const uid = Number(await page.getByTestId('my-uid').textContent({ timeout: WEB_WAIT_MS }));
  return { name, context, page, uid };
}
