// The emulator's developer center in headless Chromium: create a merchant from the keyboard and copy its key, change
// its API version (seen in a Payment's `version`) and webhook URL, see a webhook delivery with the receiver's answer,
// deposit into and expire virtual accounts (seen through the Toss API), switch a fault on and off (seen on an API
// call), a phone-sized screen, English — and another site's page failing to change anything. Screenshots go to
// test-artifacts/emulator-devcenter/.
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import type { Page } from 'playwright-core';
import { screenshot, useBrowser } from '../helpers/browser.ts';
import { WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { basicAuth, orderId, startHarness, type Harness } from './harness.ts';

const SHOTS = 'emulator-devcenter';
const MID = 'devshop01';

let h: Harness;
const receiver = new WebhookReceiver();
const browser = useBrowser();
const { test: it } = browser;
let page: Page;
/** The keys of the merchant the first test creates through the page. */
let keys: { clientKey: string; secretKey: string };

before(async () => {
  h = await startHarness();
  await receiver.start();
});
after(async () => {
  await receiver.stop();
  await h?.close();
});

const devcenter = (rest = '') => `${h.emulatorUrl}/_emulator/devcenter${rest}`;
const notice = () => page.getByTestId('notice');

async function open(url: string): Promise<Page> {
  page = await browser.newPage();
  page.on('dialog', (d) => void d.accept());
  await page.goto(url);
  return page;
}

/** The Toss API with the created merchant's secret key, as a merchant server calls it. */
async function toss(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.emulatorUrl}${path}`, {
    method,
    headers: { authorization: basicAuth(keys.secretKey), ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, body: await res.json() };
}

async function merchant(): Promise<{ mid: string; apiVersion: string; webhookUrl: string | null }> {
  const all = await (await fetch(`${h.emulatorUrl}/_emulator/merchants`)).json();
  return all.find((m: any) => m.mid === MID);
}

const keyIn = () => toss('POST', '/v1/payments/key-in', {
  amount: 12_000, orderId: orderId('dc'), orderName: '키인 주문', cardNumber: '5365101234567890', cardExpirationYear: '30', cardExpirationMonth: '12', customerIdentityNumber: '900101',
});

const issueAccount = (orderName: string) => toss('POST', '/v1/virtual-accounts', {
  amount: 33_000, orderId: orderId('dcva'), orderName, customerName: '김입금', bank: '88',
});

it('opens at the emulator\'s root and creates a merchant from the keyboard, whose key copies', async () => {
  await open(`${h.emulatorUrl}/`);
  assert.equal(page.url(), devcenter());
  assert.match(await page.locator('h1').innerText(), /상점/);
  await screenshot(page, SHOTS, 'merchants');
  await page.focus('#mid');
  await page.keyboard.type(MID);
  await page.keyboard.press('Tab');
  await page.keyboard.type('개발 상점');
  await page.keyboard.press('Enter');
  await page.waitForURL(devcenter(`/merchants/${MID}`));
  assert.equal(await page.getByTestId('merchant-name').innerText(), '개발 상점');
  keys = { clientKey: await page.getByTestId('client-key').innerText(), secretKey: await page.getByTestId('secret-key').innerText() };
  assert.match(keys.clientKey, /^test_ck_/);
  assert.match(keys.secretKey, /^test_sk_/);
  const stored = await (await fetch(`${h.emulatorUrl}/_emulator/merchants`)).json();
  assert.equal(stored.find((m: any) => m.mid === MID).secretKey, keys.secretKey);

  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: h.emulatorUrl });
  await page.getByRole('button', { name: '시크릿 키 복사' }).click();
  await notice().filter({ hasText: '복사했습니다.' }).waitFor();
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), keys.secretKey);
  await screenshot(page, SHOTS, 'merchant-created');
});

it('changes the API version, which the next Payment carries, and back to the gateway\'s', async () => {
  await open(devcenter(`/merchants/${MID}`));
  const options = await page.locator('#apiVersion option').allInnerTexts();
  assert.ok(options.some((o) => o.startsWith('2022-07-27 (Tollgate 게이트웨이용)')), options.join('\n'));
  assert.ok(options.some((o) => o.startsWith('2022-11-16')));
  assert.match(await page.locator('#api-version-help').innerText(), /2022-07-27/);
  await page.selectOption('#apiVersion', '2022-11-16');
  await page.getByTestId('api-version-form').getByRole('button', { name: '저장' }).click();
  await notice().filter({ hasText: '저장했습니다.' }).waitFor();
  assert.equal(await page.inputValue('#apiVersion'), '2022-11-16');
  assert.equal((await merchant()).apiVersion, '2022-11-16');
  // The merchant cache of the API is short-lived; a new version shows within it.
  await new Promise((r) => setTimeout(r, 2_100));
  const paid = await keyIn();
  assert.equal(paid.status, 200, JSON.stringify(paid.body));
  assert.equal(paid.body.version, '2022-11-16');
  await screenshot(page, SHOTS, 'api-version');

  await page.selectOption('#apiVersion', '2022-07-27');
  await page.getByTestId('api-version-form').getByRole('button', { name: '저장' }).click();
  await notice().filter({ hasText: '저장했습니다.' }).waitFor();
  assert.equal((await merchant()).apiVersion, '2022-07-27');
});

it('sets the webhook URL and shows a delivery with each attempt and the receiver\'s answer', async () => {
  await open(devcenter(`/merchants/${MID}`));
  await page.fill('#webhookUrl', receiver.url);
  await page.press('#webhookUrl', 'Enter');
  await notice().filter({ hasText: '저장했습니다.' }).waitFor();
  assert.equal((await merchant()).webhookUrl, receiver.url);
  await new Promise((r) => setTimeout(r, 2_100));

  // The receiver refuses once, then accepts the retry a minute later (emulator clock).
  let refusals = 1;
  receiver.respond = () => (refusals-- > 0 ? 500 : 200);
  const paid = await keyIn();
  assert.equal(paid.status, 200);
  await page.reload();
  await page.getByTestId('send-due-webhooks').getByRole('button').click();
  await notice().filter({ hasText: '보낼 차례인 웹훅을 보냈습니다.' }).waitFor();
  assert.equal(receiver.received.length, 1);
  assert.equal(await page.locator('[data-testid=webhook-delivery][data-status=PENDING]').count(), 1);
  await fetch(`${h.emulatorUrl}/_emulator/clock/advance`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"ms":60000}' });
  await page.getByTestId('send-due-webhooks').getByRole('button').click();
  const delivery = page.locator(`[data-testid=webhook-delivery][data-event=PAYMENT_STATUS_CHANGED]`).filter({ hasText: paid.body.paymentKey });
  await delivery.and(page.locator('[data-status=DELIVERED]')).waitFor();
  await delivery.locator('summary').focus();
  await page.keyboard.press('Enter');
  const responses = await delivery.getByTestId('attempt-response').allInnerTexts();
  assert.deepEqual(responses, ['not now', 'OK']);
  assert.match(await delivery.innerText(), /500[\s\S]*200/);
  assert.equal(receiver.received.length, 2);
  await screenshot(page, SHOTS, 'webhooks');
});

it('deposits into a waiting virtual account and expires another, as the Toss API then shows', async () => {
  const toDeposit = await issueAccount('입금할 주문');
  const toExpire = await issueAccount('만료할 주문');
  assert.equal(toDeposit.body.status, 'WAITING_FOR_DEPOSIT');
  await open(devcenter(`/merchants/${MID}`));
  const row = (key: string) => page.locator(`[data-testid=waiting-account][data-payment-key="${key}"]`);
  assert.match(await row(toDeposit.body.paymentKey).innerText(), /입금할 주문[\s\S]*신한[\s\S]*33,000원/);
  await screenshot(page, SHOTS, 'virtual-accounts');

  await row(toDeposit.body.paymentKey).getByTestId('deposit').click();
  await notice().filter({ hasText: '입금했습니다.' }).waitFor();
  await row(toDeposit.body.paymentKey).waitFor({ state: 'detached' });
  // After the reload the keyboard continues where the button was, not at the top of the page.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'accounts-title');
  const deposited = await toss('GET', `/v1/payments/${toDeposit.body.paymentKey}`);
  assert.equal(deposited.body.status, 'DONE');
  assert.equal(deposited.body.virtualAccount.depositorName, '김입금');

  await row(toExpire.body.paymentKey).getByTestId('expire').click();
  await notice().filter({ hasText: '만료시켰습니다.' }).waitFor();
  const expired = await toss('GET', `/v1/payments/${toExpire.body.paymentKey}`);
  assert.equal(expired.body.status, 'EXPIRED');
  assert.equal(await page.getByTestId('no-waiting-accounts').count(), 1);
  // Both changes show among the recent payments.
  assert.equal(await page.locator(`[data-testid=payment-row][data-payment-key="${toDeposit.body.paymentKey}"]`).getAttribute('data-status'), 'DONE');
  assert.equal(await page.locator(`[data-testid=payment-row][data-payment-key="${toExpire.body.paymentKey}"]`).getAttribute('data-status'), 'EXPIRED');
  await screenshot(page, SHOTS, 'merchant-after-deposit');
});

it('switches a fault on for one endpoint, which the next call meets, and off again', async () => {
  await open(devcenter('/faults'));
  const row = page.locator('[data-testid=fault-row][data-endpoint="POST /v1/payments/key-in"]');
  assert.equal(await row.getAttribute('data-state'), 'off');
  await row.getByRole('link', { name: '설정' }).click();
  assert.equal(await page.inputValue('#endpoint'), 'POST /v1/payments/key-in');
  await page.fill('#errorRate', '1');
  await page.fill('#errorCode', 'REJECT_CARD_COMPANY');
  await page.press('#errorCode', 'Enter');
  await notice().filter({ hasText: '장애를 켰습니다.' }).waitFor();
  assert.equal(await row.getAttribute('data-state'), 'on');
  assert.match(await row.innerText(), /errorRate=1 · errorCode=REJECT_CARD_COMPANY/);
  await screenshot(page, SHOTS, 'faults');

  const refused = await keyIn();
  assert.equal(refused.status, 403);
  assert.equal(refused.body.code, 'REJECT_CARD_COMPANY');
  // Other endpoints are untouched.
  assert.equal((await issueAccount('장애 밖 주문')).status, 200);

  await row.getByTestId('clear-fault').click();
  await notice().filter({ hasText: '장애를 껐습니다.' }).waitFor();
  assert.equal(await row.getAttribute('data-state'), 'off');
  assert.equal((await keyIn()).status, 200);
});

it('lists every merchant\'s recent payments, fits a phone-sized screen and speaks English', async () => {
  await open(devcenter('/payments'));
  assert.ok(await page.locator('[data-testid=payment-row]').count() >= 5);
  await screenshot(page, SHOTS, 'payments');
  await page.setViewportSize({ width: 375, height: 740 });
  for (const path of ['', `/merchants/${MID}`, '/faults', '/payments']) {
    await page.goto(devcenter(path));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path || '/'} is wider than the screen by ${overflow}px`);
  }
  await page.goto(devcenter(`/merchants/${MID}`));
  await screenshot(page, SHOTS, 'merchant-phone');
  await page.getByTestId('language-switch').click();
  await page.waitForSelector('html[lang=en]');
  assert.match(await page.locator('#api-version-help').innerText(), /Tollgate's gateway uses version 2022-07-27/);
  await screenshot(page, SHOTS, 'merchant-en');
  await page.getByTestId('language-switch').click();
  await page.waitForSelector('html[lang=ko]');
});

it('lets no other site change anything: a script\'s request, a form post, and the page\'s own origin without its header', async () => {
  const before = await (await fetch(`${h.emulatorUrl}/_emulator/merchants`)).json();
  // A page on another site (the shop is served from `localhost`, the emulator from 127.0.0.1).
  await open(`${h.shopUrl}/checkout`);
  const scripted = await page.evaluate(async (emulatorUrl) => {
    const outcomes: string[] = [];
    try {
      await fetch(`${emulatorUrl}/_emulator/faults`, {
        method: 'PUT', headers: { 'content-type': 'application/json', 'x-emulator-console': '1' },
        body: JSON.stringify({ endpoint: '*', errorRate: 1 }),
      });
      outcomes.push('answered');
    } catch {
      outcomes.push('blocked');
    }
    // No preflight for a "simple" request: it reaches the server, which must refuse it.
    await fetch(`${emulatorUrl}/_emulator/reset`, { method: 'POST', mode: 'no-cors', headers: { 'content-type': 'text/plain' }, body: '{"merchants":true}' });
    return outcomes;
  }, h.emulatorUrl);
  assert.deepEqual(scripted, ['blocked']);

  // A classic cross-site form post.
  await page.evaluate((emulatorUrl) => {
    const form = document.createElement('form');
    form.method = 'POST';
    form.enctype = 'text/plain';
    form.action = `${emulatorUrl}/_emulator/reset`;
    const field = document.createElement('input');
    field.name = '{"merchants":true,"x":"';
    field.value = '"}';
    form.append(field);
    document.body.append(form);
    form.submit();
  }, h.emulatorUrl);
  await page.waitForURL(`${h.emulatorUrl}/_emulator/reset`);
  assert.match(await page.locator('body').innerText(), /FORBIDDEN_CROSS_SITE_REQUEST/);
  await screenshot(page, SHOTS, 'cross-site-refused');

  // Even on the emulator's own origin, a write without the developer center's header is refused.
  await page.goto(devcenter());
  const sameOrigin = await page.evaluate(async () => {
    const res = await fetch('/_emulator/virtual-accounts/nothing/expire', { method: 'POST' });
    return { status: res.status, body: await res.json() };
  });
  assert.equal(sameOrigin.status, 403);
  assert.match(sameOrigin.body.message, /x-emulator-console/);

  const faults = await (await fetch(`${h.emulatorUrl}/_emulator/faults`)).json();
  assert.deepEqual(faults, []);
  const afterwards = await (await fetch(`${h.emulatorUrl}/_emulator/merchants`)).json();
  assert.deepEqual(afterwards, before);
  assert.ok((await fetch(`${h.emulatorUrl}/_emulator/webhooks?mid=${MID}`).then((r) => r.json())).length > 0, 'nothing was reset');
});
