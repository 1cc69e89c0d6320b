// The payment timeline in headless Chromium (PGlite, emulator over HTTP): a hosted checkout with a confirm_url shows
// the confirm_url answer and the PG's confirm call, bodies collapsed and masked, in Korean and English — with a
// screenshot under test-artifacts/console/. And an operator of another merchant never sees them.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import type { CreatedMerchant } from '../../src/core/merchants/merchants.ts';
import { screenshot, useBrowser } from '../helpers/browser.ts';
import { checkoutOverHttp } from '../helpers/checkout-http.ts';
import { CARDS } from '../helpers/toss.ts';
import { startCheckoutBed, type CheckoutBed } from '../checkout/harness.ts';
import { ConsoleClient, createOperator } from './harness.ts';

const SHOTS = 'console';

let t: CheckoutBed;
let other: CreatedMerchant;
let op: { email: string; password: string };
let outsider: { email: string; password: string };
let impUid: string;
const browser = useBrowser();
const { test: it } = browser;

before(async () => {
  t = await startCheckoutBed('pglite');
  other = await t.ctx.merchants.create({ name: 'Other shop' });
  op = await createOperator(t.ctx, 'timeline@example.com', { merchantIds: [t.merchant.id] });
  outsider = await createOperator(t.ctx, 'outsider@example.com', { merchantIds: [other.id] });
  ({ impUid } = await checkoutOverHttp(t, { status: 200 }, 25_000));
});
after(async () => t?.close());

/** Signs in unless the file's shared browser context already holds a session. */
async function signIn(page: Page, who: { email: string; password: string }) {
  await page.goto(`${t.url}/console/merchants`);
  if (!/\/console\/login/.test(page.url())) return;
  await page.fill('#email', who.email);
  await page.fill('#password', who.password);
  await page.press('#password', 'Enter');
  await page.waitForURL(/\/console\/merchants$/);
}

it('shows the confirm_url answer and the PG confirm call in the timeline, bodies collapsed, in Korean and English', async () => {
  const page = await browser.newPage();
  await signIn(page, op);
  await page.goto(`${t.url}/console/merchants/${t.merchant.userCode}/payments/${impUid}`);
  const timeline = page.getByTestId('timeline');
  const confirmUrl = timeline.getByTestId('exchange-confirm-url');
  const pg = timeline.getByTestId('exchange-pg');
  assert.match(await timeline.innerText(), /confirm_url 응답/);
  assert.match(await timeline.innerText(), /PG 통신/);
  assert.match(await confirmUrl.innerText(), new RegExp(`POST ${t.shop.confirmUrl.replace(/[.]/g, '\\.')} HTTP 200 · \\d+ms`));
  assert.match(await pg.innerText(), /POST \/v1\/payments\/confirm HTTP 200 · \d+ms/);

  // Bodies are collapsed until asked for.
  const response = pg.locator('details').filter({ hasText: '응답 본문' });
  assert.equal(await response.locator('pre').isVisible(), false);
  await response.locator('summary').click();
  assert.match(await response.locator('pre').innerText(), /"status": "DONE"/);
  assert.match(await response.locator('pre').innerText(), /"totalAmount": 25000/);
  await screenshot(page, SHOTS, 'payment-timeline');

  const text = await page.content();
  for (const secret of [t.toss.secretKey, Buffer.from(`${t.toss.secretKey}:`).toString('base64')]) assert.ok(!text.includes(secret));

  await page.getByTestId('language-switch').click();
  await page.waitForSelector('html[lang=en]');
  assert.match(await page.getByTestId('timeline').innerText(), /confirm_url answer[\s\S]*PG exchange/);
  await screenshot(page, SHOTS, 'payment-timeline-en');
  await page.getByTestId('language-switch').click();
  await page.waitForSelector('html[lang=ko]');
});

it('shows an again charge with its billing key masked in the path', async () => {
  await t.call('POST', '/subscribe/customers/cu_timeline', CARDS.good);
  const res = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_timeline', merchant_uid: `timeline-${Date.now()}`, amount: 5_000 });
  assert.equal(res.body.response?.status, 'paid', res.body.message);
  const page = await browser.newPage();
  await signIn(page, op);
  await page.goto(`${t.url}/console/merchants/${t.merchant.userCode}/payments/${res.body.response.imp_uid}`);
  assert.match(await page.getByTestId('exchange-pg').innerText(), /POST \/v1\/billing\/\*\*\*\* HTTP 200/);
  const request = page.getByTestId('exchange-pg').locator('details').filter({ hasText: '요청 본문' });
  await request.locator('summary').click();
  assert.match(await request.locator('pre').innerText(), /"amount": 5000/);
  await screenshot(page, SHOTS, 'payment-timeline-again');
});

it('never shows a payment\'s exchanges to an operator of another merchant', async () => {
  const mine = new ConsoleClient(t.url);
  await mine.loginOk(op.email, op.password);
  const seen = await mine.get(`/console/merchants/${t.merchant.userCode}/payments/${impUid}`);
  assert.equal(seen.status, 200);
  assert.match(seen.text, /data-testid="exchange-confirm-url"/);

  const c = new ConsoleClient(t.url);
  await c.loginOk(outsider.email, outsider.password);
  // The other merchant's pages answer as if it did not exist.
  const foreign = await c.get(`/console/merchants/${t.merchant.userCode}/payments/${impUid}`);
  assert.equal(foreign.status, 404);
  // Its own merchant's URL with the other merchant's imp_uid: the payment is not found (the console answers a payment
  // it cannot find as an error page).
  const crossed = await c.get(`/console/merchants/${other.userCode}/payments/${impUid}`);
  assert.ok(crossed.status === 404 || crossed.status === 400, String(crossed.status));
  for (const res of [foreign, crossed]) {
    assert.doesNotMatch(res.text, /exchange-(pg|confirm-url)|\/v1\/payments\/confirm|confirm_url 응답|data-testid="timeline"/);
  }
});
