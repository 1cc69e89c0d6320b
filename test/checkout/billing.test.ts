// The billing-key window: request_pay with customer_uid opens Toss's card authorisation, the gateway issues and
// stores the key under the customer_uid, no money moves, and the key then pays with /subscribe/payments/again.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { useBrowser } from '../helpers/browser.ts';
import { guideOrder, merchantUid, openShop, requestPay, startCheckoutBed, tossWindow, type CheckoutBed } from './harness.ts';

describe('checkout: billing-key window', () => {
  const chromium = useBrowser();
  const { test } = chromium;
  let bed: CheckoutBed;
  before(async () => {
    bed = await startCheckoutBed();
  });
  after(async () => {
    await bed?.close();
  });

  async function authorise(w: FrameLocator, cardNumber = '9410001234567890') {
    await w.getByTestId('card-number').fill(cardNumber);
    await w.getByTestId('card-expiry-month').fill('12');
    await w.getByTestId('card-expiry-year').fill('30');
    await w.getByTestId('identity-number').fill('900101');
    await w.getByTestId('card-password').fill('12');
    await w.getByTestId('pay-button').click();
  }

  test('customer_uid issues a key without moving money, then again charges it', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const customerUid = `cust-${merchantUid()}`;
    const order = guideOrder({ customer_uid: customerUid, customer_id: 'member-77', amount: 109000 });
    const pending = requestPay(page, order);
    const w = tossWindow(page);
    assert.equal(await w.getByTestId('customer-name').textContent(), '홍길동');
    await authorise(w);
    const rsp = await pending;
    assert.deepEqual(rsp, { success: true, imp_uid: null, merchant_uid: order.merchant_uid, customer_uid: customerUid });

    const customer = await bed.call('GET', `/subscribe/customers/${customerUid}`);
    assert.equal(customer.body.code, 0, JSON.stringify(customer.body));
    assert.equal(customer.body.response.customer_uid, customerUid);
    assert.equal(customer.body.response.customer_id, 'member-77');
    assert.equal(customer.body.response.pg_provider, 'tosspayments');
    assert.equal(customer.body.response.customer_name, '홍길동');
    assert.match(customer.body.response.card_number, /^94100012\*+/);
    // No money moved: no payment for the merchant_uid, nothing charged at Toss.
    const found = await bed.call('GET', `/payments/find/${order.merchant_uid}`);
    assert.notEqual(found.body.code, 0);
    assert.equal((await bed.emulatorPayments()).filter((p) => p.status === 'DONE' && p.totalAmount === 109000).length, 0);

    const charged = await bed.call('POST', '/subscribe/payments/again', {
      customer_uid: customerUid,
      merchant_uid: merchantUid('again'),
      amount: 9900,
      name: '월간 구독',
    });
    assert.equal(charged.body.code, 0, JSON.stringify(charged.body));
    assert.equal(charged.body.response.status, 'paid');
    assert.equal(charged.body.response.amount, 9900);
    assert.equal(charged.body.response.customer_uid, customerUid);
  });

  test('a customer_id is generated when absent; a second window replaces the key', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const customerUid = `cust-${merchantUid()}`;
    for (let round = 0; round < 2; round++) {
      const pending = requestPay(page, guideOrder({ customer_uid: customerUid, amount: 0 }));
      await authorise(tossWindow(page));
      assert.equal((await pending).success, true);
    }
    const customer = await bed.call('GET', `/subscribe/customers/${customerUid}`);
    assert.match(customer.body.response.customer_id, /^customer-id-/);
    const rows = await bed.ctx.db.selectFrom('customers').select(['deleted_at']).where('customer_uid', '=', customerUid).execute();
    assert.equal(rows.length, 2);
    assert.equal(rows.filter((r) => r.deleted_at === null).length, 1);
  });

  test('a closed billing window or a pay_method other than card is a clear failure', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const customerUid = `cust-${merchantUid()}`;
    const pending = requestPay(page, guideOrder({ customer_uid: customerUid }));
    await tossWindow(page).getByTestId('close-button').click();
    const closed = await pending;
    assert.equal(closed.success, false);
    assert.equal(closed.customer_uid, customerUid);
    assert.equal(closed.error_code, 'PAY_PROCESS_CANCELED');
    assert.notEqual((await bed.call('GET', `/subscribe/customers/${customerUid}`)).body.code, 0);

    const vbank = await requestPay(page, guideOrder({ customer_uid: customerUid, pay_method: 'vbank' }));
    assert.equal(vbank.success, false);
    assert.match(vbank.error_msg, /pay_method: card/);
  });
});
