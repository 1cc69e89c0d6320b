// The card payment window driven in headless Chromium: merchant page → emulator SDK → window → successUrl →
// confirm over HTTP, plus installments, DIRECT flows, closing, declines, English, promise mode, expiry and escaping.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildEmulatorApp } from '../../src/emulator/index.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { screenshot, useBrowser } from '../helpers/browser.ts';
import {
  confirm, landedOn, openCheckout, orderId, requestPayment, requestPaymentPromise, startHarness, tossGet, windowFrame,
  type Harness,
} from './harness.ts';

describe('emulator payment window: card', () => {
  const chromium = useBrowser();
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

  test('card payment: window, successUrl with the documented parameters, confirm returns a DONE card payment', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    const params = base({ successUrl: `${h.shopUrl}/success?shop=1&lang=ko` });
    await requestPayment(page, h.merchant.clientKey, '카드', params);
    const w = await windowFrame(page);
    assert.equal(await w.textContent('[data-testid=order-name]'), '토스 티셔츠 외 2건');
    assert.equal(await w.textContent('[data-testid=order-amount]'), '15,000원');
    assert.equal(await w.getAttribute('html', 'lang'), 'ko');
    await w.check('[data-testid=card-company-SHINHAN]');
    await screenshot(page, 'emulator-window', 'card');
    await w.click('[data-testid=pay-button]');
    const q = await landedOn(page, h, 'success');
    // Appended to the merchant's own query string, which is kept.
    assert.match(page.url(), /\/success\?shop=1&lang=ko&paymentKey=/);
    assert.equal(q.get('orderId'), params.orderId);
    assert.equal(q.get('amount'), '15000');
    assert.equal(q.get('paymentType'), 'NORMAL');
    assert.ok(q.get('paymentKey'));

    const before = await tossGet(h, `/v1/payments/${q.get('paymentKey')}`);
    assert.equal(before.body.status, 'IN_PROGRESS');
    const res = await confirm(h, q);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const p = res.body;
    assert.equal(p.status, 'DONE');
    assert.equal(p.method, '카드');
    assert.equal(p.orderId, params.orderId);
    assert.equal(p.totalAmount, 15000);
    assert.equal(p.card.issuerCode, '41');
    assert.equal(p.card.company, '신한');
    assert.equal(p.card.installmentPlanMonths, 0);
    assert.equal(p.easyPay, null);
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

  test('closing the window lands on failUrl with PAY_PROCESS_CANCELED, message and orderId', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    const params = base({ failUrl: `${h.shopUrl}/fail?from=shop` });
    await requestPayment(page, h.merchant.clientKey, '카드', params);
    const w = await windowFrame(page);
    await w.click('[data-testid=close-button]');
    const q = await landedOn(page, h, 'fail');
    assert.match(page.url(), /\/fail\?from=shop&code=/);
    assert.equal(q.get('code'), 'PAY_PROCESS_CANCELED');
    assert.equal(q.get('orderId'), params.orderId);
    assert.ok(q.get('message'));
    const byOrder = await tossGet(h, `/v1/payments/orders/${params.orderId}`);
    assert.notEqual(byOrder.body.status, 'DONE');
  });

  test('a documented decline card number and the window\'s decline choice land on failUrl with that code', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, '카드', base());
    let w = await windowFrame(page);
    const cards = await w.locator('[data-testid=decline-cards] code').allTextContents();
    assert.ok(cards.includes('4000000000000002'));
    await w.check('[data-testid=card-company-SAMSUNG]');
    await w.fill('[data-testid=card-number]', '4000-0000-0000-0002');
    await w.click('[data-testid=pay-button]');
    let q = await landedOn(page, h, 'fail');
    assert.equal(q.get('code'), 'REJECT_CARD_COMPANY');

    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, '카드', base());
    w = await windowFrame(page);
    await w.check('[data-testid=card-company-LOTTE]');
    await w.selectOption('[data-testid=test-outcome]', 'INVALID_STOPPED_CARD');
    await w.click('[data-testid=pay-button]');
    q = await landedOn(page, h, 'fail');
    assert.equal(q.get('code'), 'INVALID_STOPPED_CARD');
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

  test('promise mode: no URLs, the promise resolves with paymentKey, orderId and amount, or rejects with USER_CANCEL on close', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    const id = orderId('promise');
    const pending = requestPaymentPromise(page, h.merchant.clientKey, '카드', { amount: 3000, orderId: id, orderName: '커피' });
    const w = await windowFrame(page);
    await w.check('[data-testid=card-company-BC]');
    await w.click('[data-testid=pay-button]');
    const outcome = await pending;
    assert.ok(outcome.result, JSON.stringify(outcome));
    assert.equal(outcome.result.orderId, id);
    assert.equal(outcome.result.amount, 3000);
    assert.equal(new URL(page.url()).pathname, '/checkout', 'promise mode stays on the page');
    assert.equal(await page.locator('[data-toss-emulator-overlay]').count(), 0, 'the overlay is gone');
    const res = await confirm(h, new URLSearchParams({ paymentKey: outcome.result.paymentKey, orderId: id, amount: '3000' }));
    assert.equal(res.status, 200, JSON.stringify(res.body));

    await page.evaluate(() => {
      const button = document.body.appendChild(document.createElement('button'));
      button.id = 'buy';
      button.textContent = '구매';
      button.focus();
    });
    const closing = requestPaymentPromise(page, h.merchant.clientKey, '카드', { amount: 3000, orderId: orderId('promise'), orderName: '커피' });
    await (await windowFrame(page)).click('[data-testid=close-button]');
    const closed = await closing;
    assert.equal(closed.error?.code, 'USER_CANCEL');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'buy', 'focus returns to the page');
  });

  test('parameters are validated like the SDK: rejections with {code, message}, no window opened', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    const cases: [string, Record<string, unknown>, string][] = [
      ['카드', base({ cardInstallmentPlan: 3, maxCardInstallmentPlan: 6 }), 'INVALID_CARD_INSTALLMENT_PLANS_WITH_MAX_AND_SINGLE'],
      ['카드', base({ orderId: 'abc' }), 'INVALID_ORDER_ID'],
      ['카드', base({ orderId: 'bad order id!' }), 'INVALID_ORDER_ID'],
      ['카드', base({ amount: 100.5 }), 'INVALID_MINOR_UNIT_FOR_CURRENCY'],
      ['카드', base({ amount: 0 }), 'BELOW_ZERO_AMOUNT'],
      ['카드', base({ amount: '1000' }), 'INVALID_PARAMETER'],
      ['카드', base({ orderName: undefined }), 'INVALID_PARAMETER'],
      ['카드', base({ flowMode: 'DIRECT' }), 'INVALID_PARAMETER'],
      ['카드', base({ failUrl: undefined }), 'INVALID_FAIL_URL'],
      ['비트코인', base(), 'NOT_SUPPORTED_METHOD'],
    ];
    for (const [method, params, code] of cases) {
      const out = await requestPaymentPromise(page, h.merchant.clientKey, method, params);
      assert.equal(out.error?.code, code, `${JSON.stringify(params)} → ${JSON.stringify(out)}`);
      assert.ok(out.error?.message);
    }
    assert.equal(await page.locator('[data-toss-emulator-overlay]').count(), 0);
    // A key the emulator does not know: the window refuses and the promise rejects.
    const unknown = await requestPaymentPromise(page, 'test_ck_unknown', '카드', { amount: 1000, orderId: orderId(), orderName: 'x' });
    assert.equal(unknown.error?.code, 'INVALID_CLIENT_KEY');
  });

  test('keyboard only: the first choice has focus, Space picks it, Enter pays; Escape closes', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, '카드', base());
    let w = await windowFrame(page);
    await w.waitForFunction(() => (document.activeElement as HTMLElement | null)?.dataset.testid === 'card-company-SHINHAN');
    await page.keyboard.press('Space');
    await page.keyboard.press('Enter');
    const q = await landedOn(page, h, 'success');
    const res = await confirm(h, q);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.card.issuerCode, '41');

    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, '카드', base());
    w = await windowFrame(page);
    await w.waitForFunction(() => document.activeElement?.tagName === 'INPUT');
    await page.keyboard.press('Escape');
    const failed = await landedOn(page, h, 'fail');
    assert.equal(failed.get('code'), 'PAY_PROCESS_CANCELED');
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

  test('merchant- and buyer-supplied text is escaped and the window sends a strict CSP', async () => {
    const page = await chromium.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await openCheckout(page, h);
    const evil = '<img src=x onerror="alert(1)"><script>alert(2)</script>';
    const responses: Promise<string | undefined>[] = [];
    page.on('response', (r) => {
      if (r.url().includes('/window/payments/') && r.request().method() === 'GET') responses.push(r.headerValue('content-security-policy').then((v) => v ?? undefined));
    });
    await requestPayment(page, h.merchant.clientKey, '카드', base({ orderName: `${evil}"'`, customerName: `</script>${evil}` }));
    const w = await windowFrame(page);
    assert.equal(await w.textContent('[data-testid=order-name]'), `${evil}"'`);
    assert.equal(await w.textContent('[data-testid=customer-name]'), `</script>${evil}`);
    assert.equal(await w.locator('img[src=x]').count(), 0);
    assert.deepEqual(dialogs, []);
    const csp = await responses[0];
    assert.match(csp ?? '', /default-src 'none'/);
    assert.match(csp ?? '', /script-src 'self'/);
    assert.match(csp ?? '', new RegExp(`frame-ancestors ${h.shopUrl}`));
  });
});
