// The card payment window driven in headless Chromium: merchant page → emulator SDK → window → successUrl →
// confirm over HTTP, plus closing, declines, promise mode, parameter validation, keyboard use and escaping.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { screenshot, useBrowser } from '../helpers/browser.ts';
import {
  confirm, landedOn, openCheckout, orderId, requestPayment, requestPaymentPromise, startHarness, tossGet, windowFrame,
  type Harness,
} from './harness.ts';

describe('emulator payment window: card', () => {
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
