// POST /payments/cancel through the emulator: partial and full cancels, checksum, over-balance, the V1 refusals, and
// a cancellation written before Toss is called and settled after.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { assertMatchesSpec } from '../helpers/openapi.ts';

describeEachStore('POST /payments/cancel', (kind) => {
  let t: TossTestbed;
  let seq = 0;
  before(async () => {
    t = await startTossTestbed(kind);
    await t.call('POST', '/subscribe/customers/cu_cancel', CARDS.good);
  });
  after(async () => t?.close());

  async function paid(amount = 10_000, extra: Record<string, unknown> = {}) {
    const merchantUid = `cancel-${++seq}`;
    const { body } = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_cancel', merchant_uid: merchantUid, amount, ...extra });
    assert.equal(body.response.status, 'paid');
    return body.response as { imp_uid: string; merchant_uid: string };
  }
  const cancel = async (body: Record<string, unknown>) => {
    const res = await t.call('POST', '/payments/cancel', body);
    assertMatchesSpec('POST', '/payments/cancel', res.status, res.body);
    return res;
  };
  const atToss = async (impUid: string) => (await t.emulatorPayments()).find((p) => p.orderId === impUid)!;

  it('cancels partly then the rest: cancel_history with cancellation_id, receipts, status cancelled, balances agree with Toss', async () => {
    const p = await paid(10_000);
    const first = await cancel({ imp_uid: p.imp_uid, amount: 3_000, reason: '부분 환불', checksum: 10_000 });
    assert.equal(first.body.code, 0);
    const r1 = first.body.response;
    assert.equal(r1.status, 'cancelled');
    assert.equal(r1.cancel_amount, 3_000);
    assert.equal(r1.cancel_reason, '부분 환불');
    assert.equal(r1.cancel_history.length, 1);
    assert.match(r1.cancel_history[0].cancellation_id, /^[A-Z2-7]{20}$/);
    assert.equal(r1.cancel_history[0].amount, 3_000);
    assert.ok(r1.cancel_history[0].pg_tid);
    assert.ok(r1.cancelled_at > 0);
    assert.equal(r1.cancel_receipt_urls.length, 1);
    assert.equal(Number((await atToss(p.imp_uid)).balanceAmount), 7_000);

    const rest = await cancel({ merchant_uid: p.merchant_uid, checksum: 7_000 });
    const r2 = rest.body.response;
    assert.equal(r2.cancel_amount, 10_000);
    assert.equal(r2.cancel_history.length, 2);
    assert.notEqual(r2.cancel_history[0].cancellation_id, r2.cancel_history[1].cancellation_id);
    assert.equal(Number((await atToss(p.imp_uid)).balanceAmount), 0);
    const rows = await t.ctx.db.selectFrom('cancellations').select(['state']).where('imp_uid', '=', p.imp_uid).execute();
    assert.deepEqual(rows.map((r) => r.state), ['done', 'done']);

    const again = await cancel({ imp_uid: p.imp_uid });
    assert.deepEqual(again.body, { code: 1, message: '이미 전액취소된 주문입니다.', response: null });
  });

  it('refuses a wrong checksum and an amount above the balance with nothing changed here or at Toss', async () => {
    const p = await paid(5_000);
    const wrong = await cancel({ imp_uid: p.imp_uid, amount: 1_000, checksum: 4_000 });
    assert.equal(wrong.status, 200);
    assert.equal(wrong.body.code, 1);
    assert.match(wrong.body.message, /checksum/);
    const over = await cancel({ imp_uid: p.imp_uid, amount: 6_000 });
    assert.equal(over.body.code, 1);
    assert.match(over.body.message, /취소가능금액\(5000\)/);
    const row = await t.ctx.db.selectFrom('payments').selectAll().where('imp_uid', '=', p.imp_uid).executeTakeFirstOrThrow();
    assert.equal(row.state, 'paid');
    assert.equal(row.cancel_amount, 0);
    assert.equal((await t.ctx.db.selectFrom('cancellations').select('cancellation_id').where('imp_uid', '=', p.imp_uid).execute()).length, 0);
    assert.equal(Number((await atToss(p.imp_uid)).balanceAmount), 5_000);
  });

  it('lets imp_uid win over merchant_uid, and an unknown imp_uid fail even with a valid merchant_uid', async () => {
    const a = await paid(1_000);
    const b = await paid(1_000);
    const res = await cancel({ imp_uid: a.imp_uid, merchant_uid: b.merchant_uid });
    assert.equal(res.body.response.imp_uid, a.imp_uid);
    const bad = await cancel({ imp_uid: 'imp_000000000000', merchant_uid: b.merchant_uid });
    assert.deepEqual(bad.body, { code: 1, message: '취소할 결제건이 존재하지 않습니다.', response: null });
  });

  it('asks for imp_uid or merchant_uid when neither is given', async () => {
    const res = await cancel({ amount: 1000 });
    assert.notEqual(res.body.code, 0);
    assert.match(res.body.message, /지정해주셔야합니다\.$/);
  });

  it("cannot cancel another merchant's payment", async () => {
    const p = await paid(1_000);
    const other = await t.ctx.merchants.create({ name: 'Other' });
    const res = await t.call('POST', '/payments/cancel', { imp_uid: p.imp_uid }, other);
    assert.deepEqual(res.body, { code: 1, message: '취소할 결제건이 존재하지 않습니다.', response: null });
    const row = await t.ctx.db.selectFrom('payments').select('state').where('imp_uid', '=', p.imp_uid).executeTakeFirstOrThrow();
    assert.equal(row.state, 'paid');
  });

  it('refuses a failed payment and a tax_free above the cancelled amount', async () => {
    await t.call('POST', '/subscribe/payments/onetime', { ...CARDS.rejected, merchant_uid: 'cancel-failed', amount: 1000 });
    const failed = await cancel({ merchant_uid: 'cancel-failed' });
    assert.equal(failed.body.code, 1);
    const p = await paid(2_000);
    const taxFree = await t.call('POST', '/payments/cancel', { imp_uid: p.imp_uid, amount: 500, tax_free: 600 });
    assert.equal(taxFree.status, 400);
  });

  it('announces an API cancel only when enable_webhook is true', async () => {
    const quiet = await paid(1_000, { notice_url: 'https://shop.example.com/hook' });
    await cancel({ imp_uid: quiet.imp_uid });
    const loud = await paid(1_000, { notice_url: 'https://shop.example.com/hook' });
    const res = await cancel({ imp_uid: loud.imp_uid, enable_webhook: true });
    const events = async (impUid: string) =>
      t.ctx.db.selectFrom('webhook_events').select(['status', 'cancellation_id']).where('imp_uid', '=', impUid).orderBy('id').execute();
    assert.deepEqual((await events(quiet.imp_uid)).map((e) => e.status), ['paid']);
    const loudEvents = await events(loud.imp_uid);
    assert.deepEqual(loudEvents.map((e) => e.status), ['paid', 'cancelled']);
    assert.equal(loudEvents[1]!.cancellation_id, res.body.response.cancel_history[0].cancellation_id);
  });

  it('passes a Toss refusal through in the V1 style and leaves the payment as it was', async () => {
    const p = await paid(3_000);
    await t.fault({ endpoint: 'POST /v1/payments/:paymentKey/cancel', errorRate: 1, errorStatus: 403, errorCode: 'NOT_CANCELABLE_PAYMENT', remaining: 1 });
    const res = await cancel({ imp_uid: p.imp_uid });
    await t.clearFaults();
    assert.equal(res.body.code, -1);
    assert.match(res.body.message, /NOT_CANCELABLE_PAYMENT/);
    const rows = await t.ctx.db.selectFrom('cancellations').select('state').where('imp_uid', '=', p.imp_uid).execute();
    assert.deepEqual(rows.map((r) => r.state), ['failed']);
    const row = await t.ctx.db.selectFrom('payments').select(['state', 'cancel_amount']).where('imp_uid', '=', p.imp_uid).executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'paid', cancel_amount: 0 });
    const ok = await cancel({ imp_uid: p.imp_uid });
    assert.equal(ok.body.response.cancel_amount, 3_000);
  });
});
