// Headless Chromium for browser tests: Debian's `chromium` package driven by playwright-core. No browser is ever
// downloaded; if the binary is missing, install it with `apt-get install -y chromium` (CI does).
import fs from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
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

export async function launchBrowser(): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(`${CHROMIUM_PATH} not found: install Debian's chromium (apt-get install -y chromium)`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
}

/**
 * One browser for a whole test file: launched in `before`, closed in `after`. Each test opens its own context
 * (cookies and storage isolated) through `newPage()`; contexts are closed with the browser.
 */
export function useBrowser(): { browser(): Browser; newPage(): Promise<Page> } {
  let browser: Browser | null = null;
  const contexts: BrowserContext[] = [];
  before(async () => {
    browser = await launchBrowser();
  });
  after(async () => {
    await browser?.close();
  });
  return {
    browser() {
      if (!browser) throw new Error('the browser is not launched yet');
      return browser;
    },
    async newPage() {
      if (!browser) throw new Error('the browser is not launched yet');
      const context = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1024, height: 800 } });
      contexts.push(context);
      return context.newPage();
    },
  };
}

/** Where screenshots go (git-ignored), e.g. `test-artifacts/emulator-window/card.png`. */
export async function screenshot(page: Page, dir: string, name: string): Promise<void> {
  const full = path.join('test-artifacts', dir);
  fs.mkdirSync(full, { recursive: true });
  await page.screenshot({ path: path.join(full, `${name}.png`), fullPage: true });
}
