// Virtual accounts: issue (일반, 고정), deposits through the control API, cancels and refunds, expiry at the due date.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { call, control, orderId, startEmulator, type Emulator } from './harness.ts';

describeEachStore('emulator virtual accounts', (kind) => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator(kind);
  });
  after(async () => emu.close());

  const issue = (extra: Record<string, unknown> = {}) =>
    call(emu, 'POST', '/v1/virtual-accounts', { amount: 25000, orderId: orderId('va'), orderName: '가상계좌 주문', customerName: '김토스', bank: '국민', ...extra });

  it('issues an account waiting for a deposit, with a secret and a due date', async () => {
    const r = await issue({ validHours: 2 });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'WAITING_FOR_DEPOSIT');
    assert.equal(r.body.method, '가상계좌');
    assert.match(r.body.secret, /^ps_/);
    assert.equal(r.body.approvedAt, null);
    const va = r.body.virtualAccount;
    assert.equal(va.accountType, '일반');
    assert.equal(va.bank, '국민');
    assert.match(va.accountNumber, /^X\d+$/);
    assert.equal(va.expired, false);
    assert.equal(va.settlementStatus, 'INCOMPLETED');
    const due = new Date(va.dueDate).getTime();
    const requested = new Date(r.body.requestedAt).getTime();
    assert.equal(due - requested, 2 * 3600_000);
  });

  it('checks validHours, dueDate, bank, account type and the fixed-account key', async () => {
    const expect = async (extra: Record<string, unknown>, code: string) => {
      const r = await issue(extra);
      assert.equal(r.status, 400, code);
      assert.equal(r.body.code, code);
    };
    await expect({ validHours: 721 }, 'EXCEED_MAX_VALID_HOURS');
    await expect({ validHours: 5, dueDate: '2099-01-01T00:00:00+09:00' }, 'INVALID_VALID_HOURS_WITH_DUE_DATE_AND_SINGLE');
    await expect({ dueDate: new Date(emu.clock.now().getTime() + 31 * 24 * 3600_000).toISOString() }, 'EXCEED_MAX_DUE_DATE');
    await expect({ bank: 'NOBANK' }, 'INVALID_BANK');
    await expect({ accountType: '특수' }, 'INVALID_VIRTUAL_ACCOUNT_TYPE');
    await expect({ accountType: '고정' }, 'REQUIRED_ACCOUNT_KEY');
    await expect({ amount: 100 }, 'BELOW_MINIMUM_AMOUNT');
    await expect({ cashReceipt: { type: '소득공제' } }, 'INVALID_CASH_RECEIPT_INFO');
    const missing = await call(emu, 'POST', '/v1/virtual-accounts', { amount: 25000, orderId: orderId(), orderName: 'x', bank: '국민' });
    assert.equal(missing.body.code, 'INVALID_REQUEST');
  });

  it('completes on deposit, issues the requested cash receipt, and refunds to an account after', async () => {
    const r = await issue({ cashReceipt: { type: '소득공제', registrationNumber: '01012345678' } });
    const dep = await control(emu, 'POST', `/virtual-accounts/${r.body.paymentKey}/deposit`, {});
    assert.equal(dep.status, 200);
    assert.equal(dep.body.status, 'DONE');
    assert.ok(dep.body.approvedAt);
    assert.equal(dep.body.virtualAccount.settlementStatus, 'COMPLETED');
    assert.equal(dep.body.cashReceipt.type, '소득공제');
    assert.equal(dep.body.cashReceipts.length, 1);
    assert.equal(dep.body.cashReceipts[0].transactionType, 'CONFIRM');
    const twice = await control(emu, 'POST', `/virtual-accounts/${r.body.paymentKey}/deposit`, {});
    assert.equal(twice.status, 409);

    const noAccount = await call(emu, 'POST', `/v1/payments/${r.body.paymentKey}/cancel`, { cancelReason: 'x' });
    assert.equal(noAccount.body.code, 'INVALID_REFUND_ACCOUNT_INFO');
    const badBank = await call(emu, 'POST', `/v1/payments/${r.body.paymentKey}/cancel`, {
      cancelReason: 'x', refundReceiveAccount: { bank: 'ZZ', accountNumber: '1234', holderName: '김토스' },
    });
    assert.equal(badBank.body.code, 'INVALID_BANK');
    const badNumber = await call(emu, 'POST', `/v1/payments/${r.body.paymentKey}/cancel`, {
      cancelReason: 'x', refundReceiveAccount: { bank: '88', accountNumber: '12-34', holderName: '김토스' },
    });
    assert.equal(badNumber.body.code, 'INVALID_REFUND_ACCOUNT_NUMBER');
    const refund = await call(emu, 'POST', `/v1/payments/${r.body.paymentKey}/cancel`, {
      cancelReason: '환불', cancelAmount: 5000, refundReceiveAccount: { bank: '88', accountNumber: '110123456789', holderName: '김토스' },
    });
    assert.equal(refund.status, 200);
    assert.equal(refund.body.status, 'PARTIAL_CANCELED');
    assert.deepEqual(refund.body.virtualAccount.refundReceiveAccount, { bankCode: '88', accountNumber: '110123456789', holderName: '김토스' });
    assert.equal(refund.body.cashReceipts.length, 2);
    assert.equal(refund.body.cashReceipts[1].receiptKey, `c_${refund.body.cashReceipts[0].receiptKey}`);
    assert.equal(refund.body.cashReceipts[1].amount, 5000);
  });

  it('cancels before a deposit only in full', async () => {
    const r = await issue();
    const partial = await call(emu, 'POST', `/v1/payments/${r.body.paymentKey}/cancel`, { cancelReason: 'x', cancelAmount: 1000 });
    assert.equal(partial.status, 403);
    assert.equal(partial.body.code, 'NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT');
    const full = await call(emu, 'POST', `/v1/payments/${r.body.paymentKey}/cancel`, { cancelReason: 'x' });
    assert.equal(full.body.status, 'CANCELED');
  });

  it('keeps a fixed account number per accountKey and takes repeated deposits by number', async () => {
    const a = await issue({ accountType: '고정', accountKey: 'customer-7' });
    const b = await issue({ accountType: '고정', accountKey: 'customer-7' });
    assert.equal(a.body.virtualAccount.accountType, '고정');
    assert.equal(a.body.virtualAccount.accountNumber, b.body.virtualAccount.accountNumber);
    const other = await issue({ accountType: '고정', accountKey: 'customer-8' });
    assert.notEqual(other.body.virtualAccount.accountNumber, a.body.virtualAccount.accountNumber);
    const number = a.body.virtualAccount.accountNumber;
    const first = await control(emu, 'POST', `/virtual-accounts/by-number/${number}/deposit`, {});
    assert.equal(first.body.paymentKey, a.body.paymentKey);
    const second = await control(emu, 'POST', `/virtual-accounts/by-number/${number}/deposit`, {});
    assert.equal(second.body.paymentKey, b.body.paymentKey);
    assert.equal(second.body.status, 'DONE');
    const third = await control(emu, 'POST', `/virtual-accounts/by-number/${number}/deposit`, {});
    assert.equal(third.status, 404);
  });

  it('expires at the due date (moved clock, one worker pass) and through the control API', async () => {
    const r = await issue({ validHours: 1 });
    await control(emu, 'POST', '/clock/advance', { ms: 3600_000 + 1000 });
    const work = await control(emu, 'POST', '/work', {});
    assert.ok(work.body.expired >= 1);
    const after = await call(emu, 'GET', `/v1/payments/${r.body.paymentKey}`);
    assert.equal(after.body.status, 'EXPIRED');
    assert.equal(after.body.virtualAccount.expired, true);
    const late = await control(emu, 'POST', `/virtual-accounts/${r.body.paymentKey}/deposit`, {});
    assert.equal(late.status, 409);

    const s = await issue();
    const expired = await control(emu, 'POST', `/virtual-accounts/${s.body.paymentKey}/expire`, {});
    assert.equal(expired.body.status, 'EXPIRED');
  });

  it('reverts a deposit back to waiting', async () => {
    const r = await issue();
    await control(emu, 'POST', `/virtual-accounts/${r.body.paymentKey}/deposit`, {});
    const reverted = await control(emu, 'POST', `/virtual-accounts/${r.body.paymentKey}/revert-deposit`, {});
    assert.equal(reverted.body.status, 'WAITING_FOR_DEPOSIT');
    assert.equal(reverted.body.approvedAt, null);
  });
});
