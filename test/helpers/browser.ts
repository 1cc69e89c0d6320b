// Headless Chromium for browser tests: Debian's `chromium` package driven by playwright-core. No browser is ever
// downloaded; if the binary is missing, install it with `apt-get install -y chromium` (CI does).
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
];

/** Time for one browser action or wait. */
export const ACTION_TIMEOUT_MS = 60_000;

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install Debian's chromium (apt-get install -y chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * One browser for a whole test file: launched in `before`, closed (with its contexts) in `after`; each test's pages are closed after it. `newPage()` opens
 * a page in one context shared by the file (fast), or in a fresh context when `isolated` is set (own cookies and
 * storage).
 */
export function useBrowser(): { browser(): Browser; newPage(opts?: { isolated?: boolean }): Promise<Page> } {
  let browser: Browser | null = null;
  let shared: BrowserContext | null = null;
  const contextOptions = { locale: 'ko-KR', viewport: { width: 1024, height: 800 } };
  const pages: Page[] = [];
  before(async () => {
    browser = await launchBrowser();
  });
  // Pages of a finished test are closed, so idle pages do not pile up in the shared context.
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => p.context() === shared ? p.close() : p.context().close()));
  });
  after(async () => {
    await browser?.close();
  });
  return {
    browser() {
      if (!browser) throw new Error('the browser is not launched yet');
      return browser;
    },
    async newPage(opts = {}) {
      if (!browser) throw new Error('the browser is not launched yet');
      let page: Page;
      if (opts.isolated) {
        page = await (await browser.newContext(contextOptions)).newPage();
      } else {
        shared ??= await browser.newContext(contextOptions);
        page = await shared.newPage();
      }
      // A busy CI machine (several suites and browsers at once) can be slow; a real failure still times out.
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      pages.push(page);
      return page;
    },
  };
}

/** Where screenshots go (git-ignored), e.g. `test-artifacts/emulator-window/card.png`. */
export async function screenshot(page: Page, dir: string, name: string): Promise<void> {
  const full = path.join('test-artifacts', dir);
  fs.mkdirSync(full, { recursive: true });
  await page.screenshot({ path: path.join(full, `${name}.png`), fullPage: true });
}
