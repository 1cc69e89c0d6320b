// The console's developer tools lead into the emulator's developer center, where the Toss merchant behind the
// gateway's channels is listed with the keys the channel uses (headless Chromium, PGlite, emulator over HTTP).
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { screenshot, useBrowser } from '../helpers/browser.ts';
import { startTossTestbed, type TossTestbed } from '../helpers/toss.ts';
import { createOperator } from './harness.ts';

let t: TossTestbed;
let op: { email: string; password: string };
const browser = useBrowser();
const { test: it } = browser;

before(async () => {
  t = await startTossTestbed('pglite');
  // The test bed's emulator listens on a port of its own, not the configured default.
  t.ctx.config.emulatorPublicUrl = t.emulatorUrl;
  op = await createOperator(t.ctx, 'devtools@example.com', { merchantIds: [t.merchant.id] });
});
after(async () => {
  await t?.close();
});

it('opens the emulator\'s developer center from the developer tools', async () => {
  const page = await browser.newPage();
  await page.goto(`${t.url}/console/login`);
  await page.fill('#email', op.email);
  await page.fill('#password', op.password);
  await page.press('#password', 'Enter');
  await page.waitForURL(/\/console\/merchants$/);
  await page.goto(`${t.url}/console/dev`);
  const link = page.getByTestId('open-emulator');
  assert.equal(await link.getAttribute('href'), `${t.emulatorUrl}/_emulator/devcenter`);
  const [devcenter] = await Promise.all([page.context().waitForEvent('page'), link.click()]);
  devcenter.setDefaultTimeout(60_000);
  await devcenter.waitForURL(`${t.emulatorUrl}/_emulator/devcenter`);
  const row = devcenter.locator(`[data-testid=merchant-row][data-mid="${t.toss.mid}"]`);
  await row.getByRole('link').click();
  assert.equal(await devcenter.getByTestId('secret-key').innerText(), t.toss.secretKey);
  await screenshot(devcenter, 'console', 'dev-tools-emulator');
  await devcenter.close();
});
