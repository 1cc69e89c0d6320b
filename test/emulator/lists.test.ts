// GET /v1/transactions and the cash-receipt API.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { kst } from '../../src/emulator/time.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { call, keyIn, orderId, startEmulator, type Emulator } from './harness.ts';

describeEachStore('emulator transactions and cash receipts', (kind) => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator(kind);
  });
  after(async () => emu.close());

  it('lists approvals and cancels in time order, paged with startingAfter and limit', async () => {
    const start = kst(new Date(emu.clock.now().getTime() - 1000))!;
    const a = await keyIn(emu, { amount: 1000 });
    emu.clock.advance(1000);
    const b = await keyIn(emu, { amount: 2000 });
    emu.clock.advance(1000);
    const c = await call(emu, 'POST', `/v1/payments/${a.body.paymentKey}/cancel`, { cancelReason: 'x', cancelAmount: 400 });
    const end = kst(new Date(emu.clock.now().getTime() + 1000))!;
    const q = (extra = '') => call(emu, 'GET', `/v1/transactions?startDate=${encodeURIComponent(start)}&endDate=${encodeURIComponent(end)}${extra}`);
    const all = await q();
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.map((t: any) => [t.paymentKey, t.amount, t.status]), [
      [a.body.paymentKey, 1000, 'DONE'],
      [b.body.paymentKey, 2000, 'DONE'],
      [a.body.paymentKey, 400, 'PARTIAL_CANCELED'],
    ]);
    assert.equal(all.body[2].transactionKey, c.body.lastTransactionKey);
    assert.deepEqual(Object.keys(all.body[0]).sort(),
      ['amount', 'currency', 'customerKey', 'mId', 'method', 'orderId', 'paymentKey', 'receiptUrl', 'status', 'transactionAt', 'transactionKey', 'useEscrow']);
    const page1 = await q('&limit=1');
    assert.equal(page1.body.length, 1);
    const page2 = await q(`&limit=2&startingAfter=${page1.body[0].transactionKey}`);
    assert.deepEqual(page2.body.map((t: any) => t.transactionKey), all.body.slice(1).map((t: any) => t.transactionKey));

    assert.equal((await call(emu, 'GET', '/v1/transactions?startDate=2022-01-01')).body.code, 'INVALID_REQUEST');
    assert.equal((await call(emu, 'GET', '/v1/transactions?startDate=yesterday&endDate=2022-01-01')).body.code, 'INVALID_ISO_DATE_FORMAT');
    assert.equal((await q('&limit=5001')).body.code, 'EXCEED_MAX_QUERY_LIMIT');
    assert.equal((await q('&startingAfter=nope')).body.code, 'INVALID_PAGING_KEY');
  });

  it('issues, partially cancels and lists cash receipts', async () => {
    const order = orderId('cr');
    const issued = await call(emu, 'POST', '/v1/cash-receipts', { amount: 10000, orderId: order, orderName: '현금 결제', customerIdentityNumber: '01012345678', type: '소득공제' });
    assert.equal(issued.status, 200);
    assert.equal(issued.body.transactionType, 'CONFIRM');
    assert.equal(issued.body.issueStatus, 'IN_PROGRESS');
    assert.equal(issued.body.amount, 10000);
    assert.ok(!JSON.stringify(issued.body).includes('01012345678'));
    const dup = await call(emu, 'POST', '/v1/cash-receipts', { amount: 10000, orderId: order, orderName: 'x', customerIdentityNumber: '01012345678', type: '소득공제' });
    assert.equal(dup.body.code, 'DUPLICATED_CASH_RECEIPT');
    const badType = await call(emu, 'POST', '/v1/cash-receipts', { amount: 10000, orderId: orderId(), orderName: 'x', customerIdentityNumber: '01012345678', type: '기타' });
    assert.equal(badType.body.code, 'INVALID_CASH_RECEIPT_INFO');
    const legacyField = await call(emu, 'POST', '/v1/cash-receipts', { amount: 10000, orderId: orderId(), orderName: 'x', registrationNumber: '01012345678', type: '소득공제' });
    assert.equal(legacyField.body.code, 'INVALID_REQUEST');

    const part = await call(emu, 'POST', `/v1/cash-receipts/${issued.body.receiptKey}/cancel`, { amount: 3000 });
    assert.equal(part.body.receiptKey, `c_${issued.body.receiptKey}`);
    assert.equal(part.body.transactionType, 'CANCEL');
    assert.equal(part.body.amount, 3000);
    const rest = await call(emu, 'POST', `/v1/cash-receipts/${issued.body.receiptKey}/cancel`, {});
    assert.equal(rest.body.amount, 7000);
    const over = await call(emu, 'POST', `/v1/cash-receipts/${issued.body.receiptKey}/cancel`, {});
    assert.equal(over.status, 400);
    const unknown = await call(emu, 'POST', '/v1/cash-receipts/nope/cancel', {});
    assert.equal(unknown.status, 404);

    const day = kst(emu.clock.now())!.slice(0, 10);
    const list = await call(emu, 'GET', `/v1/cash-receipts?requestDate=${day}&limit=2`);
    assert.equal(list.body.hasNext, true);
    assert.equal(list.body.data.length, 2);
    const next = await call(emu, 'GET', `/v1/cash-receipts?requestDate=${day}&limit=2&cursor=${list.body.lastCursor}`);
    assert.equal(next.body.hasNext, false);
    assert.deepEqual(
      [...list.body.data, ...next.body.data].map((r: any) => r.transactionType),
      ['CONFIRM', 'CANCEL', 'CANCEL'],
    );
    assert.equal((await call(emu, 'GET', '/v1/cash-receipts?requestDate=2022-13-45')).body.code, 'INVALID_DATE');
  });
});
