// Card payments through iamport.js, the gateway's window and the emulator's Toss window, in headless Chromium.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { useBrowser } from '../helpers/browser.ts';
import { guideOrder, openShop, paymentOf, requestPay, startCheckoutBed, tossWindow, type CheckoutBed } from './harness.ts';

describe('checkout: card through the window', () => {
  const chromium = useBrowser();
  let bed: CheckoutBed;
  before(async () => {
    bed = await startCheckoutBed();
  });
  after(async () => {
    await bed?.close();
  });

  test("the guide's order pays by card: the callback gets imp_uid and merchant_uid only, the payment is paid", async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const order = guideOrder();
    const pending = requestPay(page, order);
    const w = tossWindow(page);
    await w.getByTestId('card-company-SHINHAN').check();
    await w.getByTestId('pay-button').click();
    const rsp = await pending;
    assert.deepEqual(Object.keys(rsp).sort(), ['imp_uid', 'merchant_uid']);
    assert.match(rsp.imp_uid, /^imp_\d{12}$/);
    assert.equal(rsp.merchant_uid, order.merchant_uid);
    const payment = await paymentOf(bed, rsp.imp_uid);
    assert.equal(payment.status, 'paid');
    assert.equal(payment.amount, 109000);
    assert.equal(payment.pay_method, 'card');
    assert.equal(payment.pg_provider, 'tosspayments');
    assert.equal(payment.channel, 'pc');
    assert.equal(payment.card_code, '366');
    assert.equal(payment.name, '나이키 와플 트레이너 2 SD');
    assert.equal(payment.buyer_name, '홍길동');
    assert.ok(payment.paid_at > 0);
    assert.ok(payment.pg_tid);
    assert.equal(await page.locator('[data-imp-overlay]').count(), 0);
  });
});
