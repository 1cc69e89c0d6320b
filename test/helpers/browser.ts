// Headless Chromium for browser tests: Debian's `chromium` package driven by playwright-core. No browser is ever
// downloaded; if the binary is missing, install it with `apt-get install -y chromium` (CI does).
import fs from 'node:fs';
import path from 'node:path';
import { after, afterEach, before, beforeEach, test as nodeTest, type TestContext, type TestOptions } from 'node:test';
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

type TestBody = (t: TestContext) => void | Promise<void>;

export interface FileBrowser {
  browser(): Browser;
  newPage(opts?: { isolated?: boolean }): Promise<Page>;
  /**
   * node:test's `test`, except that a body which fails because Chromium itself died under it (the browser process
   * gone, not a page's error, a failed assertion or a timeout with the browser alive) runs once more in a relaunched
   * browser whose shared context has the cookies and storage the test started with. A crash of the browser is not
   * Tollgate's to answer for; the diagnostic line says it happened, and a second crash fails the test.
   */
  test(name: string, options: TestOptions, body: TestBody): void;
  test(name: string, body: TestBody): void;
}

/**
 * One browser for a whole test file: launched in `before`, closed (with its contexts) in `after`; each test's pages
 * are closed after it. `newPage()` opens a page in one context shared by the file (fast), or in a fresh context when
 * `isolated` is set (own cookies and storage). A browser that died is relaunched by the next `newPage()`.
 */
export function useBrowser(): FileBrowser {
  let browser: Browser | null = null;
  let shared: BrowserContext | null = null;
  /** The shared context's cookies and storage when the running test began, for a relaunch. */
  let startState: Awaited<ReturnType<BrowserContext['storageState']>> | undefined;
  let closing = false;
  let died = false;
  const contextOptions = { locale: 'ko-KR', viewport: { width: 1024, height: 800 } };
  const pages: Page[] = [];

  async function launch(): Promise<void> {
    const launched = await launchBrowser();
    launched.on('disconnected', () => {
      if (!closing) died = true;
    });
    browser = launched;
    died = false;
    shared = null;
  }
  async function relaunch(): Promise<void> {
    pages.length = 0;
    await browser?.close().catch(() => {});
    await launch();
    if (startState) shared = await browser!.newContext({ ...contextOptions, storageState: startState });
  }

  before(async () => {
    await launch();
  });
  beforeEach(async () => {
    died = false;
    startState = shared && browser?.isConnected() ? await shared.storageState() : undefined;
  });
  // Pages of a finished test are closed, so idle pages do not pile up in the shared context.
  afterEach(async () => {
    await Promise.all(pages.splice(0).map((p) => (p.context() === shared ? p.close() : p.context().close()).catch(() => {})));
  });
  after(async () => {
    closing = true;
    await browser?.close();
  });

  function test(name: string, optionsOrBody: TestOptions | TestBody, maybeBody?: TestBody): void {
    const body = typeof optionsOrBody === 'function' ? optionsOrBody : maybeBody!;
    const options = typeof optionsOrBody === 'function' ? {} : optionsOrBody;
    nodeTest(name, options, async (t) => {
      try {
        await body(t);
      } catch (error) {
        if (!died) throw error;
        const first = String((error as Error)?.message ?? error).split('\n')[0];
        t.diagnostic(`Chromium died during this test (${first}); ran it again in a relaunched browser`);
        await relaunch();
        await body(t);
      }
    });
  }

  return {
    browser() {
      if (!browser) throw new Error('the browser is not launched yet');
      return browser;
    },
    async newPage(opts = {}) {
      if (!browser) throw new Error('the browser is not launched yet');
      if (!browser.isConnected()) await relaunch();
      const current = browser!;
      let page: Page;
      if (opts.isolated) {
        page = await (await current.newContext(contextOptions)).newPage();
      } else {
        shared ??= await current.newContext(contextOptions);
        page = await shared.newPage();
      }
      // A busy CI machine (several suites and browsers at once) can be slow; a real failure still times out.
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      pages.push(page);
      return page;
    },
    test,
  };
}

/** Where screenshots go (git-ignored), e.g. `test-artifacts/emulator-window/card.png`. */
export async function screenshot(page: Page, dir: string, name: string): Promise<void> {
  const full = path.join('test-artifacts', dir);
  fs.mkdirSync(full, { recursive: true });
  await page.screenshot({ path: path.join(full, `${name}.png`), fullPage: true });
}
