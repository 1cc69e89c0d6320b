// The browser helper's answer to Chromium dying under a test: the test runs once more in a relaunched browser whose
// shared context kept the cookies the test started with, and the tests after it get the new browser too.
import assert from 'node:assert/strict';
import { execSync } from 'node:child_process';
import { describe } from 'node:test';
import { useBrowser } from './browser.ts';

describe('browser helper: Chromium dying under a test', () => {
  const chromium = useBrowser();
  const { test } = chromium;
  let runs = 0;

  test('a cookie set in the shared context', async () => {
    const page = await chromium.newPage();
    await page.context().addCookies([{ name: 'session', value: 'kept', url: 'http://127.0.0.1/' }]);
  });

  test('a test whose browser is killed midway runs again with the cookies it started with', async () => {
    runs += 1;
    const page = await chromium.newPage();
    assert.equal((await page.context().cookies('http://127.0.0.1/'))[0]?.value, 'kept');
    if (runs === 1) {
      // Every child of this process is the browser (its launcher and helpers): kill them all, as a crash would.
      const children = execSync(`ps -o pid= --ppid ${process.pid}`).toString().trim().split(/\s+/);
      for (const pid of children) {
        try {
          process.kill(Number(pid), 'SIGKILL');
        } catch {
          // already gone
        }
      }
    }
    await page.goto('data:text/html,<p>after</p>');
    assert.equal(await page.locator('p').innerText(), 'after');
  });

  test('it ran exactly twice, and the next test has a working browser', async () => {
    assert.equal(runs, 2);
    const page = await chromium.newPage();
    await page.goto('data:text/html,<p>next</p>');
    assert.equal(await page.locator('p').innerText(), 'next');
  });
});
