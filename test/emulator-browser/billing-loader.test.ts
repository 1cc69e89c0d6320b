// Billing authorisation through the window (authKey → billing key → charge), the official
// @tosspayments/payment-sdk loader loading the emulator's script, and cancelPayment().
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { screenshot, useBrowser } from '../helpers/browser.ts';
import {
  confirm, landedOn, openCheckout, orderId, requestPaymentPromise, startHarness, tossGet, tossPost, windowFrame,
  type Harness,
} from './harness.ts';

describe('emulator payment window: billing auth, official loader, cancelPayment', () => {
  const chromium = useBrowser();
  const { test } = chromium;
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  test('billing auth window → customerKey and authKey on successUrl → billing key → charge', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    const customerKey = `customer-${orderId()}`;
    await page.evaluate(
      ([clientKey, params]) => {
        void (window as any).TossPayments(clientKey).requestBillingAuth('카드', params);
      },
      [h.merchant.clientKey, { customerKey, customerName: '이토스', successUrl: `${h.shopUrl}/success?billing=1`, failUrl: `${h.shopUrl}/fail` }] as const,
    );
    const w = await windowFrame(page);
    assert.equal(await w.textContent('[data-testid=customer-name]'), '이토스');
    await w.fill('[data-testid=card-number]', '9410001234567890');
    await w.fill('[data-testid=card-expiry-month]', '12');
    await w.fill('[data-testid=card-expiry-year]', '30');
    await w.fill('[data-testid=identity-number]', '900101');
    await w.fill('[data-testid=card-password]', '12');
    await screenshot(page, 'emulator-window', 'billing-auth');
    await w.click('[data-testid=pay-button]');
    const q = await landedOn(page, h, 'success');
    assert.equal(q.get('billing'), '1');
    assert.equal(q.get('customerKey'), customerKey);
    const authKey = q.get('authKey');
    assert.ok(authKey);

    const issued = await tossPost(h, '/v1/billing/authorizations/issue', { authKey, customerKey });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal(issued.body.customerKey, customerKey);
    assert.match(issued.body.card.number, /^94100012\*+/);
    const charge = await tossPost(h, `/v1/billing/${encodeURIComponent(issued.body.billingKey)}`, {
      customerKey,
      amount: 9900,
      orderId: orderId('billing'),
      orderName: '월간 구독',
    });
    assert.equal(charge.status, 200, JSON.stringify(charge.body));
    assert.equal(charge.body.status, 'DONE');
    assert.equal(charge.body.type, 'BILLING');
    assert.equal(charge.body.method, '카드');

    // The authKey is one-shot.
    const again = await tossPost(h, '/v1/billing/authorizations/issue', { authKey, customerKey });
    assert.notEqual(again.status, 200);
  });

  test('billing auth: closing returns PAY_PROCESS_CANCELED; a bad customerKey is refused before any window', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    const bad = await page.evaluate(async (clientKey) => {
      try {
        await (window as any).TossPayments(clientKey).requestBillingAuth('카드', { customerKey: 'a', successUrl: '/s', failUrl: '/f' });
        return null;
      } catch (e: any) {
        return e.code;
      }
    }, h.merchant.clientKey);
    assert.equal(bad, 'INVALID_CUSTOMER_KEY');

    await page.evaluate(
      ([clientKey, params]) => {
        void (window as any).TossPayments(clientKey).requestBillingAuth('CARD', params);
      },
      [h.merchant.clientKey, { customerKey: 'customer-close-1', successUrl: `${h.shopUrl}/success`, failUrl: `${h.shopUrl}/fail` }] as const,
    );
    const w = await windowFrame(page);
    await w.click('[data-testid=close-button]');
    const q = await landedOn(page, h, 'fail');
    assert.equal(q.get('code'), 'PAY_PROCESS_CANCELED');
  });

  test('the official loader loadTossPayments(clientKey, {src}) loads the emulator script and pays', async () => {
    const page = await chromium.newPage();
    await page.goto(`${h.shopUrl}/checkout`);
    const id = orderId('loader');
    const loaded = await page.evaluate(
      async ([shopUrl, emulatorUrl, clientKey, id]) => {
        const { loadTossPayments } = await import(`${shopUrl}/sdk/loader.esm.js`);
        const tossPayments = await loadTossPayments(clientKey, { src: `${emulatorUrl}/v1` });
        void tossPayments.requestPayment('카드', {
          amount: 50_000,
          orderId: id,
          orderName: '공식 로더 주문',
          successUrl: `${shopUrl}/success`,
          failUrl: `${shopUrl}/fail`,
        });
        return {
          methods: Object.keys(tossPayments).sort(),
          script: document.querySelector(`script[src="${emulatorUrl}/v1"]`) !== null,
        };
      },
      [h.shopUrl, h.emulatorUrl, h.merchant.clientKey, id] as const,
    );
    assert.deepEqual(loaded.methods, ['cancelPayment', 'requestBillingAuth', 'requestPayment']);
    assert.equal(loaded.script, true);
    const w = await windowFrame(page);
    await w.check('[data-testid=card-company-KOOKMIN]');
    await w.selectOption('[data-testid=installment-select]', '2');
    await w.click('[data-testid=pay-button]');
    const q = await landedOn(page, h, 'success');
    assert.equal(q.get('orderId'), id);
    const res = await confirm(h, q);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.card.installmentPlanMonths, 2);
  });

  test('cancelPayment() closes an open window, rejects the promise and ends the payment', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    const id = orderId('cancel');
    const pending = requestPaymentPromise(page, h.merchant.clientKey, '카드', { amount: 1000, orderId: id, orderName: '취소 테스트' });
    await windowFrame(page);
    // The window announces itself (its id) before the SDK can tell the emulator it was closed.
    await page.waitForSelector('[data-toss-emulator-overlay][data-window-id]', { state: 'attached' });
    await page.evaluate((clientKey) => (window as any).TossPayments(clientKey).cancelPayment(), h.merchant.clientKey);
    const out = await pending;
    assert.equal(out.error?.code, 'USER_CANCEL');
    assert.equal(await page.locator('[data-toss-emulator-overlay]').count(), 0);
    let status = '';
    for (let i = 0; i < 50 && status !== 'ABORTED'; i++) {
      status = (await tossGet(h, `/v1/payments/orders/${id}`)).body.status;
      if (status !== 'ABORTED') await new Promise((r) => setTimeout(r, 50));
    }
    assert.equal(status, 'ABORTED');
  });
});
