// The console in headless Chromium (PGlite, emulator over HTTP): keyboard sign-in, wrong password, language switch,
// channel set-up with the refused API version and a connection test, finding payments by each filter of the form, a
// partial cancel the merchant's receiver sees, resending a webhook, revoking a schedule, the phone-sized layout, the
// script budget, sign-out — and a screenshot of every page under test-artifacts/console/.
import assert from 'node:assert/strict';
import zlib from 'node:zlib';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser } from '../helpers/browser.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { seedPayment } from '../helpers/seed-payments.ts';
import { WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { createWebhookWorker } from '../../src/jobs/webhook-delivery.ts';
import { CONSOLE_JS } from '../../src/console/assets.ts';
import { createOperator } from './harness.ts';

const SHOTS = 'console';

let t: TossTestbed;
const receiver = new WebhookReceiver();
let op: { email: string; password: string };
const browser = useBrowser();
const { test: it } = browser;
let page: Page;
let base: string;

before(async () => {
  t = await startTossTestbed('pglite');
  await receiver.start();
  op = await createOperator(t.ctx, 'browser@example.com', { merchantIds: [t.merchant.id] });
  base = `${t.url}/console/merchants/${t.merchant.userCode}`;
  await t.ctx.webhooks.updateSettings(t.merchant.id, { defaultUrl: receiver.url });
  await t.call('POST', '/subscribe/customers/cu_browser', CARDS.good);
});
after(async () => {
  await receiver.stop();
  await t?.close();
});

const notice = () => page.getByTestId('notice').innerText();

/** A fresh page in the file's shared context (its cookies, i.e. the session, carry over between tests). */
async function open(): Promise<Page> {
  page = await browser.newPage();
  page.on('dialog', (d) => void d.accept());
  return page;
}

it('signs in from the keyboard after a wrong password', async () => {
  await open();
  await page.goto(`${t.url}/console/merchants`);
  assert.match(page.url(), /\/console\/login\?next=/);
  await screenshot(page, SHOTS, 'login');
  await page.keyboard.type(op.email); // the email field has focus
  await page.keyboard.press('Tab');
  await page.keyboard.type('not the password');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=notice]');
  assert.match(await notice(), /이메일 또는 비밀번호가 올바르지 않습니다/);
  await screenshot(page, SHOTS, 'login-wrong-password');
  await page.fill('#password', op.password);
  await page.press('#password', 'Enter');
  await page.waitForURL(/\/console\/merchants$/);
  assert.match(await page.locator('main').innerText(), /Test shop/);
  await screenshot(page, SHOTS, 'merchants');
});

it('switches to English and back', async () => {
  await open();
  await page.goto(`${t.url}/console/merchants`);
  await page.getByTestId('language-switch').click();
  await page.waitForSelector('html[lang=en]');
  assert.match(await page.locator('h1').innerText(), /Merchants/);
  await screenshot(page, SHOTS, 'merchants-en');
  await page.getByTestId('language-switch').click();
  await page.waitForSelector('html[lang=ko]');
  assert.match(await page.locator('h1').innerText(), /가맹점/);
});

it('shows the overview with the user code', async () => {
  await open();
  await page.goto(base);
  assert.equal(await page.getByTestId('user-code').innerText(), t.merchant.userCode);
  await screenshot(page, SHOTS, 'merchant-overview');
});

it('sets up a channel: the refused API version, then saved, tested and disabled', async () => {
  await open();
  await page.goto(`${base}/channels/new`);
  await page.fill('#name', 'Browser channel');
  await page.check('input[name=type][value=api_payment]');
  await page.fill('#mid', t.toss.mid);
  await page.fill('#client_key', t.toss.clientKey);
  await page.fill('#secret_key', t.toss.secretKey);
  await page.fill('#api_version', '2022-11-16');
  await page.fill('#api_base_url', t.emulatorUrl);
  await page.fill('#script_url', `${t.emulatorUrl}/v1/payment`);
  await screenshot(page, SHOTS, 'channel-new');
  await page.getByTestId('save-channel').click();
  await page.waitForSelector('[data-testid=notice]');
  assert.match(await notice(), /Toss API version must be 2022-07-27/);
  await screenshot(page, SHOTS, 'channel-refused-version');
  await page.fill('#secret_key', t.toss.secretKey);
  await page.fill('#api_version', '2022-07-27');
  await page.getByTestId('save-channel').click();
  await page.waitForURL(/\/channels$/);
  const row = page.locator('tr', { hasText: 'Browser channel' });
  await row.getByRole('button', { name: '연결 테스트' }).click();
  await page.waitForSelector('[data-testid=notice]');
  assert.match(await notice(), /연결 성공.*NOT_FOUND_PAYMENT/);
  await screenshot(page, SHOTS, 'channels');
  await page.locator('tr', { hasText: 'Browser channel' }).getByRole('button', { name: '사용 중지' }).click();
  await page.waitForURL(/\/channels$/);
  assert.match(await page.locator('tr', { hasText: 'Browser channel' }).innerText(), /사용 안 함/);
  await page.locator('tr', { hasText: 'Browser channel' }).getByRole('link').click();
  await screenshot(page, SHOTS, 'channel-edit');
});

it('finds a payment with the filter form and cancels part of it; the receiver sees the cancellation', async () => {
  await open();
  await seedPayment(t.ctx.db, t.merchant.id, { merchant_uid: 'browser-other', buyer_name: '다른사람' });
  const { body } = await t.call('POST', '/subscribe/payments/again', {
    customer_uid: 'cu_browser', merchant_uid: 'browser-order', amount: 5_000, buyer_name: '최브라우저', buyer_email: 'browser@example.com',
  });
  const impUid = body.response.imp_uid as string;
  await createWebhookWorker(t.ctx).drain();
  receiver.received.length = 0;

  await page.goto(`${base}/payments`);
  await page.fill('#f-buyer', '최브라우저');
  await page.selectOption('#f-status', 'paid');
  await page.getByTestId('search').click();
  await page.waitForURL(/buyer=/);
  const rows = page.locator('[data-testid=payments] tbody tr');
  assert.equal(await rows.count(), 1);
  assert.equal(await rows.first().getAttribute('data-imp-uid'), impUid);
  await screenshot(page, SHOTS, 'payments-filtered');
  await rows.first().getByRole('link').first().click();
  await page.waitForURL(new RegExp(`/payments/${impUid}$`));
  await screenshot(page, SHOTS, 'payment-detail');
  await page.fill('#c-amount', '2000');
  await page.fill('#c-reason', '브라우저 부분취소');
  await page.getByTestId('cancel-submit').click();
  await page.waitForSelector('[data-testid=notice]');
  assert.match(await notice(), /취소를 처리했습니다/);
  assert.equal(await page.getByTestId('cancel-amount').innerText(), '2,000 KRW');
  await createWebhookWorker(t.ctx).drain();
  const seen = receiver.acceptedJson().filter((w) => w.imp_uid === impUid);
  assert.deepEqual(seen.map((w) => w.status), ['cancelled']);
  await page.reload();
  await screenshot(page, SHOTS, 'payment-cancelled');
});

it('finds payments by each filter of the form: status, method, date range, merchant_uid, imp_uid, buyer', async () => {
  await open();
  const march = new Date('2026-03-15T03:00:00Z');
  const a = await seedPayment(t.ctx.db, t.merchant.id, {
    merchant_uid: 'filter-a', state: 'failed', pay_method: 'vbank', buyer_name: '필터갑', buyer_email: 'filter-a@example.com',
    started_at: march, updated_at: march, failed_at: march,
  });
  const b = await seedPayment(t.ctx.db, t.merchant.id, { merchant_uid: 'filter-b', state: 'paid', pay_method: 'phone', buyer_name: '필터을', paid_at: new Date() });
  const listed = async (fill: () => Promise<void>) => {
    await page.goto(`${base}/payments`);
    await fill();
    await page.getByTestId('search').click();
    await page.waitForLoadState('load');
    const rows = page.locator('[data-testid=payments] tbody tr[data-imp-uid]');
    return Promise.all((await rows.all()).map((r) => r.getAttribute('data-imp-uid')));
  };
  const expectOnly = (found: (string | null)[], wanted: string, label: string) => {
    assert.ok(found.includes(wanted), `${label}: ${wanted} not in ${found.join(', ')}`);
    assert.ok(!found.includes(wanted === a ? b : a), `${label}: the other payment is listed too`);
  };
  expectOnly(await listed(() => page.selectOption('#f-status', 'failed').then(() => {})), a, 'status');
  expectOnly(await listed(() => page.selectOption('#f-method', 'phone').then(() => {})), b, 'method');
  expectOnly(await listed(async () => {
    await page.fill('#f-from', '2026-03-14');
    await page.fill('#f-to', '2026-03-16');
  }), a, 'date range');
  expectOnly(await listed(() => page.fill('#f-merchant-uid', 'filter-b')), b, 'merchant_uid');
  expectOnly(await listed(() => page.fill('#f-imp-uid', a)), a, 'imp_uid');
  expectOnly(await listed(() => page.fill('#f-buyer', '필터을')), b, 'buyer name');
  expectOnly(await listed(() => page.fill('#f-buyer', 'filter-a@example.com')), a, 'buyer email');
  await screenshot(page, SHOTS, 'payments-by-buyer-email');
});

it('resends a failed webhook', async () => {
  await open();
  receiver.respond = () => 500;
  const { body } = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_browser', merchant_uid: 'browser-resend', amount: 1_000 });
  await createWebhookWorker(t.ctx).drain();
  receiver.respond = () => 200;
  await page.goto(`${base}/webhooks?state=failed`);
  const row = page.locator('[data-testid=deliveries] tbody tr', { hasText: body.response.imp_uid });
  assert.equal(await row.count(), 1);
  await screenshot(page, SHOTS, 'webhooks-failed');
  await row.getByRole('button').click();
  await page.waitForSelector('[data-testid=notice]');
  await createWebhookWorker(t.ctx).drain();
  assert.ok(receiver.acceptedJson().some((w) => w.imp_uid === body.response.imp_uid));
  await page.goto(`${base}/webhooks`);
  await screenshot(page, SHOTS, 'webhooks');
});

it('lists billing keys and revokes a schedule', async () => {
  await open();
  const at = Math.floor(t.clock.now().getTime() / 1000) + 3600;
  const booked = await t.call('POST', '/subscribe/payments/schedule', { customer_uid: 'cu_browser', schedules: [{ merchant_uid: 'browser-sched', schedule_at: at, amount: 3_000 }] });
  assert.equal(booked.body.code, 0, JSON.stringify(booked.body));
  await page.goto(`${base}/billing-keys`);
  assert.match(await page.getByTestId('billing-keys').innerText(), /cu_browser/);
  await screenshot(page, SHOTS, 'billing-keys');
  await page.goto(`${base}/schedules?state=scheduled`);
  const row = page.locator('tr[data-merchant-uid=browser-sched]');
  await screenshot(page, SHOTS, 'schedules');
  await row.getByRole('button', { name: '예약 취소' }).click();
  await page.waitForSelector('[data-testid=notice]');
  assert.match(await page.locator('tr[data-merchant-uid=browser-sched]').innerText(), /revoked/);
  const stored = await t.ctx.db.selectFrom('payment_schedules').select('state').where('merchant_uid', '=', 'browser-sched').executeTakeFirstOrThrow();
  assert.equal(stored.state, 'revoked');
});

it('moves the clock from the developer tools', async () => {
  await open();
  await page.goto(`${t.url}/console/dev`);
  await screenshot(page, SHOTS, 'dev-tools');
  const before = t.ctx.clock.now().getTime();
  await page.fill('#seconds', '7200');
  await page.getByRole('button', { name: '시계 앞당기기' }).click();
  await page.waitForSelector('[data-testid=notice]');
  assert.ok(t.ctx.clock.now().getTime() - before >= 7_200_000);
});

it('fits a phone-sized screen and keeps its script within budget', async () => {
  await open();
  await page.setViewportSize({ width: 375, height: 740 });
  await page.goto(`${base}/payments`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `page wider than the screen by ${overflow}px`);
  await screenshot(page, SHOTS, 'payments-phone');
  assert.ok(zlib.gzipSync(CONSOLE_JS).length < 150 * 1024);
  await page.setViewportSize({ width: 1024, height: 800 });
});

it('signs out', async () => {
  await open();
  await page.goto(`${t.url}/console/merchants`);
  await page.getByTestId('logout').click();
  await page.waitForURL(/\/console\/login$/);
  await page.goto(`${t.url}/console/merchants`);
  assert.match(page.url(), /\/console\/login/);
});
