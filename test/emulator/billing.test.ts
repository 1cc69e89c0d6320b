// Billing: keys from card details or from the billing-auth window's authKey, charges, deletion.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { createBillingAuth } from '../../src/emulator/index.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { call, CARD, orderId, PAYMENT_KEYS, startEmulator, type Emulator } from './harness.ts';

describeEachStore('emulator billing', (kind) => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator(kind);
  });
  after(async () => emu.close());

  const register = (customerKey: string, extra: Record<string, unknown> = {}) =>
    call(emu, 'POST', '/v1/billing/authorizations/card', { customerKey, ...CARD, ...extra });
  const charge = (billingKey: string, customerKey: string, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    call(emu, 'POST', `/v1/billing/${encodeURIComponent(billingKey)}`, { customerKey, amount: 9900, orderId: orderId('bill'), orderName: '정기결제', ...extra }, headers);

  it('registers a card and charges it (type BILLING, approved at once)', async () => {
    const r = await register('customer-1');
    assert.equal(r.status, 200);
    assert.equal(r.body.customerKey, 'customer-1');
    assert.equal(r.body.method, '카드');
    assert.equal(r.body.cardNumber, '53651012****789*');
    assert.equal(r.body.card.number, r.body.cardNumber);
    assert.ok(r.body.cardCompany);
    assert.ok(r.body.billingKey);
    const p = await charge(r.body.billingKey, 'customer-1', { cardInstallmentPlan: 0 });
    assert.equal(p.status, 200);
    assert.deepEqual(Object.keys(p.body).sort(), [...PAYMENT_KEYS].sort());
    assert.equal(p.body.type, 'BILLING');
    assert.equal(p.body.status, 'DONE');
    assert.equal(p.body.totalAmount, 9900);
    assert.equal(p.body.card.number, '53651012****789*');
    assert.equal(p.body.card.installmentPlanMonths, 0);
    assert.match(p.body.card.approveNo, /^\d{8}$/);
    assert.ok(!('declineCode' in p.body.card));
    const again = await charge(r.body.billingKey, 'customer-1', { orderId: p.body.orderId });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'DUPLICATED_ORDER_ID');
    const stored = await call(emu, 'GET', `/v1/payments/${p.body.paymentKey}`);
    assert.deepEqual(stored.body, p.body);
    const cancel = await call(emu, 'POST', `/v1/payments/${p.body.paymentKey}/cancel`, { cancelReason: 'x' });
    assert.equal(cancel.body.status, 'CANCELED');
  });

  it('refuses another customerKey, unknown and deleted keys, and decline cards', async () => {
    const r = await register('customer-2');
    const other = await charge(r.body.billingKey, 'customer-3');
    assert.equal(other.status, 400);
    assert.equal(other.body.code, 'NOT_MATCHES_CUSTOMER_KEY');
    const unknown = await charge('no-such-key', 'customer-2');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'NOT_FOUND_BILLING');
    const installment = await charge(r.body.billingKey, 'customer-2', { amount: 10000, cardInstallmentPlan: 3 });
    assert.equal(installment.body.code, 'NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT');

    const del = await call(emu, 'DELETE', `/v1/billing/${encodeURIComponent(r.body.billingKey)}`);
    assert.equal(del.status, 200);
    assert.equal(del.body, null);
    const afterDelete = await charge(r.body.billingKey, 'customer-2');
    assert.equal(afterDelete.status, 400);
    assert.equal(afterDelete.body.code, 'ALREADY_REMOVED_BILLING_KEY');
    const deleteAgain = await call(emu, 'DELETE', `/v1/billing/${encodeURIComponent(r.body.billingKey)}`);
    assert.equal(deleteAgain.body.code, 'ALREADY_REMOVED_BILLING_KEY');

    const stopped = await register('customer-4', { cardNumber: '4000000000000119' });
    assert.equal(stopped.body.code, 'INVALID_STOPPED_CARD');
    const limited = await register('customer-4', { cardNumber: '4000000000009995' });
    assert.equal(limited.status, 200);
    const declined = await charge(limited.body.billingKey, 'customer-4');
    assert.equal(declined.status, 403);
    assert.equal(declined.body.code, 'REJECT_CARD_PAYMENT');

    const badKey = await register('x');
    assert.equal(badKey.body.code, 'INVALID_CUSTOMER_KEY');
    const bin = await register('customer-5', { cardNumber: '536510' });
    assert.equal(bin.body.code, 'INVALID_CARD_NUMBER');
  });

  it('issues a key once from the window authKey, for the customerKey it was made for', async () => {
    const auth = await createBillingAuth({ db: emu.store.db, clock: emu.clock }, {
      clientKey: emu.merchant.clientKey, customerKey: 'customer-auth', cardNumber: '9410001234567890', successUrl: 'https://shop.test/billing/ok',
    });
    const u = new URL(auth.redirectUrl!);
    assert.equal(u.searchParams.get('customerKey'), 'customer-auth');
    assert.equal(u.searchParams.get('authKey'), auth.authKey);
    const wrong = await call(emu, 'POST', '/v1/billing/authorizations/issue', { authKey: auth.authKey, customerKey: 'someone-else' });
    assert.equal(wrong.body.code, 'NOT_MATCHES_CUSTOMER_KEY');
    const issued = await call(emu, 'POST', '/v1/billing/authorizations/issue', { authKey: auth.authKey, customerKey: 'customer-auth' });
    assert.equal(issued.status, 200);
    assert.equal(issued.body.card.issuerCode, '21');
    assert.equal(issued.body.cardCompany, '하나');
    const reuse = await call(emu, 'POST', '/v1/billing/authorizations/issue', { authKey: auth.authKey, customerKey: 'customer-auth' });
    assert.equal(reuse.body.code, 'INVALID_BILLING_AUTH');
    const paid = await charge(issued.body.billingKey, 'customer-auth');
    assert.equal(paid.body.status, 'DONE');

    const late = await createBillingAuth({ db: emu.store.db, clock: emu.clock }, { clientKey: emu.merchant.clientKey, customerKey: 'customer-late' });
    emu.clock.advance(31 * 60_000);
    const expired = await call(emu, 'POST', '/v1/billing/authorizations/issue', { authKey: late.authKey, customerKey: 'customer-late' });
    assert.equal(expired.body.code, 'INVALID_BILLING_AUTH');
  });
});
