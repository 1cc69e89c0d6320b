// Window payments confirmed by the merchant, key-in payments, look-ups and cancels, over HTTP.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { authenticateWindowPayment, failWindowPayment, openWindowPayment } from '../../src/emulator/index.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { call, CARD, keyIn, orderId, PAYMENT_KEYS, startEmulator, type Emulator } from './harness.ts';

describeEachStore('emulator payments', (kind) => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator(kind);
  });
  after(async () => emu.close());

  const deps = () => ({ db: emu.store.db, clock: emu.clock });

  async function authenticated(params: Record<string, unknown> = {}, auth: Parameters<typeof authenticateWindowPayment>[2] = { card: { company: '41' } }, method = '카드') {
    const opened = await openWindowPayment(deps(), {
      clientKey: emu.merchant.clientKey,
      method,
      params: { amount: 30000, orderId: orderId('win'), orderName: '창 결제', successUrl: 'https://shop.test/ok?x=1', failUrl: 'https://shop.test/fail', ...params },
    });
    const done = await authenticateWindowPayment(deps(), opened.paymentKey, auth);
    return { opened, done };
  }

  it('confirms an authenticated card payment and serializes every 2022-07-27 key', async () => {
    const { opened, done } = await authenticated({ cardInstallmentPlan: 3, amount: 60000 }, { card: { company: '41', installmentPlanMonths: 3 } });
    const redirect = new URL(done.redirectUrl!);
    assert.equal(redirect.searchParams.get('x'), '1');
    assert.equal(redirect.searchParams.get('paymentKey'), opened.paymentKey);
    assert.equal(redirect.searchParams.get('orderId'), opened.orderId);
    assert.equal(redirect.searchParams.get('amount'), '60000');
    assert.equal(redirect.searchParams.get('paymentType'), 'NORMAL');

    const before = await call(emu, 'GET', `/v1/payments/${opened.paymentKey}`);
    assert.equal(before.body.status, 'IN_PROGRESS');
    assert.equal(before.body.approvedAt, null);

    const r = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: opened.paymentKey, orderId: opened.orderId, amount: 60000 });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body).sort(), [...PAYMENT_KEYS].sort());
    assert.equal(r.body.status, 'DONE');
    assert.equal(r.body.method, '카드');
    assert.equal(r.body.version, '2022-07-27');
    assert.equal(r.body.card.company, '신한');
    assert.equal(r.body.card.issuerCode, '41');
    assert.equal(r.body.card.installmentPlanMonths, 3);
    assert.equal(r.body.transactionKey, r.body.lastTransactionKey);
    assert.equal(r.body.card.receiptUrl, r.body.receipt.url);
    assert.equal(r.body.suppliedAmount + r.body.vat, 60000);
    assert.match(r.body.approvedAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+09:00$/);

    const again = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: opened.paymentKey, orderId: opened.orderId, amount: 60000 });
    assert.equal(again.status, 400);
    assert.equal(again.body.code, 'ALREADY_PROCESSED_PAYMENT');

    const byOrder = await call(emu, 'GET', `/v1/payments/orders/${opened.orderId}`);
    assert.equal(byOrder.status, 200);
    assert.equal(byOrder.body.paymentKey, opened.paymentKey);
    const receipt = await call(emu, 'GET', new URL(r.body.receipt.url).pathname);
    assert.equal(receipt.status, 200);
  });

  it('approves exactly one of concurrent confirms of the same payment', async () => {
    const { opened } = await authenticated();
    const answers = await Promise.all(Array.from({ length: 5 }, () =>
      call(emu, 'POST', '/v1/payments/confirm', { paymentKey: opened.paymentKey, orderId: opened.orderId, amount: 30000 })));
    assert.equal(answers.filter((a) => a.status === 200).length, 1);
    assert.deepEqual(answers.filter((a) => a.status !== 200).map((a) => a.body.code), Array(4).fill('ALREADY_PROCESSED_PAYMENT'));
  });

  it('refuses a confirm with another amount or orderId, and accepts the legacy approval path', async () => {
    const { opened } = await authenticated();
    const wrongAmount = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: opened.paymentKey, orderId: opened.orderId, amount: 29999 });
    assert.equal(wrongAmount.status, 400);
    assert.equal(wrongAmount.body.code, 'INVALID_REQUEST');
    const wrongOrder = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: opened.paymentKey, orderId: 'other-order-1', amount: 30000 });
    assert.equal(wrongOrder.status, 404);
    assert.equal(wrongOrder.body.code, 'NOT_FOUND_PAYMENT');
    const legacy = await call(emu, 'POST', `/v1/payments/${opened.paymentKey}`, { orderId: opened.orderId, amount: 30000 });
    assert.equal(legacy.status, 200);
    assert.equal(legacy.body.status, 'DONE');
  });

  it('expires the confirm window after 10 minutes and the authentication window after 30', async () => {
    const { opened } = await authenticated();
    emu.clock.advance(10 * 60_000 + 1000);
    const late = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: opened.paymentKey, orderId: opened.orderId, amount: 30000 });
    assert.equal(late.status, 404);
    assert.deepEqual(late.body, { code: 'NOT_FOUND_PAYMENT_SESSION', message: '결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.' });
    const after = await call(emu, 'GET', `/v1/payments/${opened.paymentKey}`);
    assert.equal(after.body.status, 'EXPIRED');

    const waiting = await openWindowPayment(deps(), {
      clientKey: emu.merchant.clientKey, method: 'CARD', params: { amount: 1000, orderId: orderId('slow'), orderName: 'x' },
    });
    emu.clock.advance(30 * 60_000 + 1000);
    await assert.rejects(authenticateWindowPayment(deps(), waiting.paymentKey, { card: { company: '41' } }), { code: 'NOT_FOUND_PAYMENT_SESSION' });
    const unauthenticated = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: waiting.paymentKey, orderId: waiting.orderId, amount: 1000 });
    assert.equal(unauthenticated.body.code, 'NOT_FOUND_PAYMENT_SESSION');
  });

  it('enforces the installment rules in the window', async () => {
    await assert.rejects(authenticated({ amount: 49000 }, { card: { company: '41', installmentPlanMonths: 2 } }), { code: 'NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT' });
    await assert.rejects(authenticated({ amount: 60000 }, { card: { company: '41', installmentPlanMonths: 13 } }), { code: 'EXCEED_MAX_CARD_INSTALLMENT_PLAN' });
    await assert.rejects(authenticated({ amount: 60000 }, { card: { company: '41', installmentPlanMonths: 1 } }), { code: 'INVALID_CARD_INSTALLMENT_PLAN' });
    await assert.rejects(authenticated({ amount: 60000, cardInstallmentPlan: 3, maxCardInstallmentPlan: 6 }), { code: 'INVALID_CARD_INSTALLMENT_PLANS_WITH_MAX_AND_SINGLE' });
  });

  it('records other methods: easy pay, transfer, phone, gift certificate, and a closed window', async () => {
    const easy = await authenticated({}, { easyPay: { provider: 'TOSSPAY' } }, 'TOSSPAY');
    const e = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: easy.opened.paymentKey, orderId: easy.opened.orderId, amount: 30000 });
    assert.equal(e.body.method, '간편결제');
    assert.deepEqual(e.body.easyPay, { provider: '토스페이', amount: 30000, discountAmount: 0 });

    const transfer = await authenticated({}, { transfer: { bank: '88' } }, '계좌이체');
    const t = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: transfer.opened.paymentKey, orderId: transfer.opened.orderId, amount: 30000 });
    assert.deepEqual(t.body.transfer, { bank: '신한', bankCode: '88', settlementStatus: 'COMPLETED' });

    const phone = await authenticated({}, { mobilePhone: { carrier: 'SKT', customerMobilePhone: '01012345678' } }, '휴대폰');
    const ph = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: phone.opened.paymentKey, orderId: phone.opened.orderId, amount: 30000 });
    assert.equal(ph.body.method, '휴대폰');
    assert.equal(ph.body.mobilePhone.customerMobilePhone, '01012345678');

    const gift = await authenticated({}, { giftCertificate: {} }, '문화상품권');
    const g = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: gift.opened.paymentKey, orderId: gift.opened.orderId, amount: 30000 });
    assert.equal(g.body.method, '문화상품권');
    assert.equal(g.body.giftCertificate.settlementStatus, 'COMPLETED');

    const closing = await openWindowPayment(deps(), {
      clientKey: emu.merchant.clientKey, method: '카드', params: { amount: 1000, orderId: orderId('close'), orderName: 'x', failUrl: 'https://shop.test/fail' },
    });
    const failed = await failWindowPayment(deps(), closing.paymentKey, { code: 'PAY_PROCESS_CANCELED' });
    const u = new URL(failed.redirectUrl!);
    assert.equal(u.searchParams.get('code'), 'PAY_PROCESS_CANCELED');
    assert.equal(u.searchParams.get('orderId'), closing.orderId);
    assert.ok(u.searchParams.get('message'));
    const aborted = await call(emu, 'GET', `/v1/payments/${closing.paymentKey}`);
    assert.equal(aborted.body.status, 'ABORTED');
    assert.equal(aborted.body.failure.code, 'PAY_PROCESS_CANCELED');
  });

  it('aborts at confirm a payment authenticated with a decline card', async () => {
    const { opened } = await authenticated({}, { card: { company: '41', cardNumber: '4000000000000002' } });
    const r = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: opened.paymentKey, orderId: opened.orderId, amount: 30000 });
    assert.equal(r.status, 403);
    assert.equal(r.body.code, 'REJECT_CARD_COMPANY');
    const stored = await call(emu, 'GET', `/v1/payments/${opened.paymentKey}`);
    assert.equal(stored.body.status, 'ABORTED');
    assert.equal(stored.body.failure.code, 'REJECT_CARD_COMPANY');
  });

  it('approves key-in payments at once, masks the card, and applies the decline table', async () => {
    const r = await keyIn(emu, { amount: 60000, cardInstallmentPlan: 3, taxFreeAmount: 5000, metadata: { cart: 'c1' } });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'DONE');
    assert.equal(r.body.card.number, '53651012****789*');
    assert.ok(!JSON.stringify(r.body).includes(CARD.cardNumber));
    assert.equal(r.body.taxFreeAmount, 5000);
    assert.equal(r.body.vat, 5000);
    assert.equal(r.body.suppliedAmount, 50000);
    assert.deepEqual(r.body.metadata, { cart: 'c1' });
    for (const [cardNumber, code, status] of [
      ['4000000000000002', 'REJECT_CARD_COMPANY', 403],
      ['4000000000000069', 'INVALID_CARD_EXPIRATION', 400],
      ['4000000000000127', 'EXCEED_MAX_DAILY_PAYMENT_COUNT', 400],
      ['4000000000000119', 'INVALID_STOPPED_CARD', 400],
    ] as const) {
      const d = await keyIn(emu, { cardNumber });
      assert.equal(d.status, status, code);
      assert.equal(d.body.code, code);
    }
    const small = await keyIn(emu, { amount: 49999, cardInstallmentPlan: 2 });
    assert.equal(small.body.code, 'NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT');
    const dup = await keyIn(emu, { orderId: r.body.orderId });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.code, 'DUPLICATED_ORDER_ID');
  });

  it('cancels fully, partially, and refuses what Toss refuses', async () => {
    const full = await keyIn(emu, { amount: 10000 });
    const c1 = await call(emu, 'POST', `/v1/payments/${full.body.paymentKey}/cancel`, { cancelReason: '고객 변심' });
    assert.equal(c1.status, 200);
    assert.equal(c1.body.status, 'CANCELED');
    assert.equal(c1.body.balanceAmount, 0);
    assert.equal(c1.body.cancels.length, 1);
    assert.equal(c1.body.cancels[0].cancelAmount, 10000);
    assert.equal(c1.body.lastTransactionKey, c1.body.cancels[0].transactionKey);
    assert.notEqual(c1.body.transactionKey, c1.body.lastTransactionKey);
    assert.equal(c1.body.card.acquireStatus, 'CANCELED');
    const c2 = await call(emu, 'POST', `/v1/payments/${full.body.paymentKey}/cancel`, { cancelReason: 'again' });
    assert.equal(c2.status, 400);
    assert.equal(c2.body.code, 'ALREADY_CANCELED_PAYMENT');

    const part = await keyIn(emu, { amount: 20000 });
    const key = part.body.paymentKey;
    const missingReason = await call(emu, 'POST', `/v1/payments/${key}/cancel`, { cancelAmount: 1000 });
    assert.equal(missingReason.body.code, 'INVALID_REQUEST');
    const tooMuch = await call(emu, 'POST', `/v1/payments/${key}/cancel`, { cancelReason: 'x', cancelAmount: 20001 });
    assert.equal(tooMuch.status, 403);
    assert.equal(tooMuch.body.code, 'NOT_CANCELABLE_AMOUNT');
    const stale = await call(emu, 'POST', `/v1/payments/${key}/cancel`, { cancelReason: 'x', cancelAmount: 1000, refundableAmount: 19000 });
    assert.equal(stale.body.code, 'NOT_MATCHES_REFUNDABLE_AMOUNT');
    const p1 = await call(emu, 'POST', `/v1/payments/${key}/cancel`, { cancelReason: 'x', cancelAmount: 5000, refundableAmount: 20000 });
    assert.equal(p1.body.status, 'PARTIAL_CANCELED');
    assert.equal(p1.body.balanceAmount, 15000);
    assert.equal(p1.body.cancels[0].refundableAmount, 15000);
    assert.equal(p1.body.suppliedAmount + p1.body.vat, 15000);
    const rest = await call(emu, 'POST', `/v1/payments/${key}/cancel`, { cancelReason: 'rest' });
    assert.equal(rest.body.status, 'PARTIAL_CANCELED');
    assert.equal(rest.body.balanceAmount, 0);
    assert.equal(rest.body.cancels.length, 2);
    const none = await call(emu, 'POST', `/v1/payments/${key}/cancel`, { cancelReason: 'more' });
    assert.equal(none.status, 403);
    assert.equal(none.body.code, 'NOT_CANCELABLE_AMOUNT');

    const taxFree = await keyIn(emu, { amount: 12000, taxFreeAmount: 1000 });
    const tf = await call(emu, 'POST', `/v1/payments/${taxFree.body.paymentKey}/cancel`, { cancelReason: 'x', cancelAmount: 6000, taxFreeAmount: 1000 });
    assert.equal(tf.body.taxFreeAmount, 0);
    assert.equal(tf.body.cancels[0].taxFreeAmount, 1000);
    assert.equal(tf.body.vat, 545);

    const unknown = await call(emu, 'POST', '/v1/payments/nope/cancel', { cancelReason: 'x' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.body.code, 'NOT_FOUND_PAYMENT');
  });

  it('does not partially refund an escrow payment', async () => {
    const { opened } = await authenticated({ useEscrow: true }, { transfer: { bank: '20' } }, '계좌이체');
    const ok = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: opened.paymentKey, orderId: opened.orderId, amount: 30000 });
    assert.equal(ok.body.useEscrow, true);
    assert.equal(ok.body.isPartialCancelable, false);
    const partial = await call(emu, 'POST', `/v1/payments/${opened.paymentKey}/cancel`, { cancelReason: 'x', cancelAmount: 1000 });
    assert.equal(partial.status, 403);
    assert.equal(partial.body.code, 'NOT_ALLOWED_PARTIAL_REFUND');
    const full = await call(emu, 'POST', `/v1/payments/${opened.paymentKey}/cancel`, { cancelReason: 'x' });
    assert.equal(full.body.status, 'CANCELED');
  });

  it('answers the TossPayments-Test-Code header with that error, and INVALID_TEST_CODE for an unknown one', async () => {
    const r = await keyIn(emu, {}, { 'TossPayments-Test-Code': 'REJECT_CARD_PAYMENT' });
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, { code: 'REJECT_CARD_PAYMENT', message: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.' });
    const g = await call(emu, 'GET', '/v1/payments/x', undefined, { 'TossPayments-Test-Code': 'FAILED_INTERNAL_SYSTEM_PROCESSING' });
    assert.equal(g.status, 500);
    const bad = await keyIn(emu, {}, { 'TossPayments-Test-Code': 'NO_SUCH_CODE' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 'INVALID_TEST_CODE');
  });
});
