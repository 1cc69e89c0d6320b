// The card window's options and the ways a window is opened, in headless Chromium: installments, DIRECT flows,
// English, self / mobile / nested frames, the 30-minute expiry, and a window outliving its emulator process.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { buildEmulatorApp } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { ACTION_TIMEOUT_MS, screenshot, useBrowser } from '../helpers/browser.ts';
import { confirm, landedOn, openCheckout, orderId, requestPayment, startHarness, windowFrame, type Harness } from './harness.ts';

describe('emulator payment window: card options and window targets', () => {
  const chromium = useBrowser();
  const { test } = chromium;
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  const base = (over: Record<string, unknown> = {}) => ({
    amount: 15000,
    orderId: orderId(),
    orderName: '토스 티셔츠 외 2건',
    customerName: '김토스',
    successUrl: `${h.shopUrl}/success`,
    failUrl: `${h.shopUrl}/fail`,
    ...over,
  });

  test('installments are offered only from 50,000 KRW, honour maxCardInstallmentPlan, and reach the payment', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, 'CARD', base({ amount: 49_999 }));
    let w = await windowFrame(page);
    assert.equal(await w.locator('[data-testid=installment-select]').count(), 0);
    await w.locator('[data-testid=installment-unavailable]').waitFor();

    await openCheckout(page, h);
    const params = base({ amount: 120_000, maxCardInstallmentPlan: 6 });
    await requestPayment(page, h.merchant.clientKey, 'CARD', params);
    w = await windowFrame(page);
    const options = await w.locator('[data-testid=installment-select] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(options, ['0', '2', '3', '4', '5', '6']);
    await w.check('[data-testid=card-company-HYUNDAI]');
    await w.selectOption('[data-testid=installment-select]', '3');
    await w.click('[data-testid=pay-button]');
    const q = await landedOn(page, h, 'success');
    const res = await confirm(h, q);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.card.installmentPlanMonths, 3);
    assert.equal(res.body.card.issuerCode, '61');

    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, 'CARD', base({ amount: 120_000, cardInstallmentPlan: 5 }));
    w = await windowFrame(page);
    const fixed = await w.locator('[data-testid=installment-select] option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
    assert.deepEqual(fixed, ['5']);
  });

  test('DIRECT flow with cardCompany skips the company choice; app-card-only and card points are shown', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, '카드', base({ flowMode: 'DIRECT', cardCompany: '국민', useAppCardOnly: true, useCardPoint: true }));
    const w = await windowFrame(page);
    assert.equal(await w.locator('[data-testid=card-company-list]').count(), 0);
    assert.match((await w.textContent('[data-testid=direct-card-company]')) ?? '', /국민/);
    await w.locator('[data-testid=app-card-only-notice]').waitFor();
    assert.equal(await w.isChecked('[data-testid=use-card-point]'), true);
    await w.click('[data-testid=pay-button]');
    const q = await landedOn(page, h, 'success');
    const res = await confirm(h, q);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.card.issuerCode, '11');
    assert.equal(res.body.card.useCardPoint, true);
  });

  test('cardCompany in the DEFAULT flow leaves that company alone in the list, checked, without easy pays', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, '카드', base({ cardCompany: '신한' }));
    const w = await windowFrame(page);
    await w.locator('[data-testid=card-company-list]').waitFor();
    const listed = await w.locator('[data-testid=card-company-list] input').evaluateAll((is) => is.map((i) => i.getAttribute('data-testid')));
    assert.deepEqual(listed, ['card-company-SHINHAN']);
    assert.equal(await w.isChecked('[data-testid=card-company-SHINHAN]'), true);
    assert.equal(await w.locator('[data-testid=easypay-list]').count(), 0);
    // A form edited to another company is refused, not paid.
    await w.locator('[data-testid=card-company-SHINHAN]').evaluate((i) => ((i as HTMLInputElement).value = 'card:61'));
    await w.click('[data-testid=pay-button]');
    assert.equal((await w.textContent('[data-testid=error-code]'))?.trim(), 'INVALID_CARD_COMPANY');

    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, '카드', base({ cardCompany: '신한' }));
    const again = await windowFrame(page);
    await again.click('[data-testid=pay-button]');
    const res = await confirm(h, await landedOn(page, h, 'success'));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.card.issuerCode, '41');
  });

  test('DIRECT flow with easyPay goes straight to the easy pay and ends as 간편결제', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, '카드', base({ flowMode: 'DIRECT', easyPay: 'KAKAOPAY' }));
    const w = await windowFrame(page);
    assert.match((await w.textContent('[data-testid=direct-easypay]')) ?? '', /카카오페이/);
    await screenshot(page, 'emulator-window', 'easypay-direct');
    await w.click('[data-testid=pay-button]');
    const q = await landedOn(page, h, 'success');
    const res = await confirm(h, q);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.method, '간편결제');
    assert.equal(res.body.easyPay.provider, '카카오페이');
  });

  test('international cards only: the window is in English and lists foreign brands', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, 'CARD', base({ useInternationalCardOnly: true }));
    const w = await windowFrame(page);
    assert.equal(await w.getAttribute('html', 'lang'), 'en');
    assert.equal(await w.textContent('[data-testid=pay-button]'), 'Pay');
    assert.equal(await w.textContent('[data-testid=order-amount]'), 'KRW 15,000');
    assert.equal(await w.locator('[data-testid=card-company-SHINHAN]').count(), 0);
    await w.check('[data-testid=card-company-VISA]');
    await screenshot(page, 'emulator-window', 'card-english');
    await w.click('[data-testid=pay-button]');
    const q = await landedOn(page, h, 'success');
    const res = await confirm(h, q);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.card.issuerCode, '4V');
  });

  test('windowTarget self: the window replaces the merchant page and returns to successUrl', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, '카드', base({ windowTarget: 'self' }));
    await page.waitForURL((u) => u.origin === h.emulatorUrl);
    assert.equal(await page.locator('[data-toss-emulator-frame]').count(), 0);
    await page.check('[data-testid=card-company-WOORI]');
    await page.click('[data-testid=pay-button]');
    const q = await landedOn(page, h, 'success');
    const res = await confirm(h, q);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.card.issuerCode, '33');
  });

  test('inside another site\'s frame (an aggregator\'s checkout on a merchant page) both targets are framed and complete', async () => {
    const page = await chromium.newPage();
    await page.goto(`${h.shopUrl}/checkout`);
    // Same server, another host name: a third origin framed by the shop's page.
    const aggregator = h.shopUrl.replace('localhost', '127.0.0.1');
    await page.evaluate((src) => {
      const f = document.createElement('iframe');
      f.name = 'aggregator';
      f.src = src;
      f.style.cssText = 'width:900px;height:760px';
      document.body.appendChild(f);
    }, `${aggregator}/checkout`);
    const frame = (await (await page.waitForSelector('iframe[name=aggregator]')).contentFrame())!;
    await frame.waitForLoadState();
    const params = (over: Record<string, unknown>) => ({
      ...base({ successUrl: `${aggregator}/success`, failUrl: `${aggregator}/fail` }),
      ...over,
    });
    const start = async (p: Record<string, unknown>) => {
      await frame.addScriptTag({ url: `${h.emulatorUrl}/v1/payment` });
      await frame.evaluate(([clientKey, p]) => {
        void (window as any).TossPayments(clientKey).requestPayment('카드', p);
      }, [h.merchant.clientKey, p] as const);
    };

    // self: the window replaces the aggregator's frame, which the shop's page frames.
    const self = params({ windowTarget: 'self' });
    await start(self);
    await frame.waitForURL((u) => u.origin === h.emulatorUrl);
    await frame.check('[data-testid=card-company-SHINHAN]');
    await frame.click('[data-testid=pay-button]');
    await frame.waitForURL((u) => u.origin === aggregator && u.pathname === '/success');
    let res = await confirm(h, new URL(frame.url()).searchParams);
    assert.equal(res.status, 200, JSON.stringify(res.body));

    // iframe: the overlay opens inside the aggregator's frame.
    await frame.goto(`${aggregator}/checkout`);
    await start(params({}));
    const w = (await (await frame.waitForSelector('iframe[data-toss-emulator-frame]')).contentFrame())!;
    await w.check('[data-testid=card-company-HANA]');
    await w.click('[data-testid=pay-button]');
    await frame.waitForURL((u) => u.origin === aggregator && u.pathname === '/success');
    res = await confirm(h, new URL(frame.url()).searchParams);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.card.issuerCode, '21');
    assert.equal(new URL(page.url()).pathname, '/checkout', 'the shop\'s page stays');
  });

  test('on a mobile browser the window replaces the page by default', async () => {
    const context = await chromium.browser().newContext({
      userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1',
      viewport: { width: 390, height: 844 },
      isMobile: true,
    });
    try {
      const page = await context.newPage();
      page.setDefaultTimeout(ACTION_TIMEOUT_MS);
      await openCheckout(page, h);
      await requestPayment(page, h.merchant.clientKey, '카드', base());
      await page.waitForURL((u) => u.origin === h.emulatorUrl);
      await screenshot(page, 'emulator-window', 'card-mobile');
      await page.check('[data-testid=card-company-SAMSUNG]');
      await page.click('[data-testid=pay-button]');
      const q = await landedOn(page, h, 'success');
      assert.equal(q.get('paymentType'), 'NORMAL');
    } finally {
      await context.close();
    }
  });

  test('a window older than 30 minutes shows the expiry page and returns to failUrl with a code', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    const params = base();
    await requestPayment(page, h.merchant.clientKey, '카드', params);
    const w = await windowFrame(page);
    await w.check('[data-testid=card-company-SHINHAN]');
    h.clock.advance(31 * 60_000);
    await w.click('[data-testid=pay-button]');
    await w.waitForSelector('[data-testid=window-expired]');
    await w.click('[data-testid=expired-back-button]');
    const q = await landedOn(page, h, 'fail');
    assert.equal(q.get('code'), 'NOT_FOUND_PAYMENT_SESSION');
    assert.equal(q.get('orderId'), params.orderId);
  });

  test('an open window is the payment\'s row: another emulator process over the same store serves and completes it', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    const params = base();
    await requestPayment(page, h.merchant.clientKey, '카드', params);
    await windowFrame(page);
    const overlay = await page.waitForSelector('[data-toss-emulator-overlay][data-window-id]', { state: 'attached' });
    const paymentKey = (await overlay.getAttribute('data-window-id'))!;
    const restarted = await buildEmulatorApp({ db: h.store.db, clock: h.clock, logger: createLogger('silent'), publicUrl: h.emulatorUrl });
    try {
      const shown = await restarted.inject({ method: 'GET', url: `/window/payments/${paymentKey}` });
      assert.equal(shown.statusCode, 200);
      assert.match(shown.body, /data-testid="card-company-SHINHAN"/);
      const paid = await restarted.inject({
        method: 'POST',
        url: `/window/payments/${paymentKey}`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: new URLSearchParams({ action: 'pay', choice: 'card:41', installment: '0', outcome: 'approve' }).toString(),
      });
      assert.equal(paid.statusCode, 200);
      assert.match(paid.body, /data-testid="result-success"/);
    } finally {
      await restarted.close();
    }
    const res = await confirm(h, new URLSearchParams({ paymentKey, orderId: params.orderId, amount: String(params.amount) }));
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.card.issuerCode, '41');
  });

});
