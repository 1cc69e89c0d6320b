// The guarantees: concurrent requests never charge twice, and whatever Toss does (answers late, fails, approves and
// drops the connection) every payment ends paid or failed in agreement with Toss, with equal sums on both sides.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { drainReconciliation } from '../../src/jobs/reconcile-payments.ts';

const BILLING = 'POST /v1/billing/:billingKey';

describeEachStore('payment reliability', (kind) => {
  let t: TossTestbed;
  before(async () => {
    t = await startTossTestbed(kind, { readTimeoutMs: 800, timing: { maxChecks: 5 } });
    await t.call('POST', '/subscribe/customers/cu_rel', CARDS.good);
  });
  after(async () => t?.close());

  /** Runs the reconciler until no attempt is in flight (or fails the test after a while). */
  async function settleAll(deadlineMs = 20_000) {
    const end = Date.now() + deadlineMs;
    for (;;) {
      await drainReconciliation(t.ctx.payments.reconciler);
      const open = await t.ctx.db.selectFrom('payments').select(['imp_uid', 'state', 'pg_last_error']).where('state', 'in', ['approving', 'unknown']).execute();
      if (open.length === 0) return;
      if (Date.now() > end) assert.fail(`still unsettled: ${JSON.stringify(open.slice(0, 5))}`);
      await sleep(100);
    }
  }

  /** Tollgate and Toss agree on every attempt, and on the money. */
  async function assertAgreement() {
    const ours = await t.ctx.db.selectFrom('payments').select(['imp_uid', 'state', 'amount', 'pg_order_id']).where('merchant_id', '=', t.merchant.id).execute();
    const theirs = new Map((await t.emulatorPayments()).map((p) => [p.orderId, p]));
    let paidHere = 0;
    for (const p of ours) {
      assert.ok(['paid', 'failed', 'cancelled'].includes(p.state), `${p.imp_uid} is ${p.state}`);
      const toss = theirs.get(p.pg_order_id!);
      const approvedThere = toss?.status === 'DONE';
      assert.equal(p.state === 'paid', approvedThere, `${p.imp_uid}: ours ${p.state}, Toss ${toss?.status ?? 'none'}`);
      if (p.state === 'paid') paidHere += p.amount;
    }
    const paidThere = [...theirs.values()].filter((p) => p.status === 'DONE').reduce((s, p) => s + Number(p.totalAmount), 0);
    assert.equal(paidHere, paidThere);
    const ourOrders = new Set(ours.map((p) => p.pg_order_id));
    for (const orderId of theirs.keys()) assert.ok(ourOrders.has(orderId), `Toss has ${orderId} that Tollgate does not know`);
    return paidHere;
  }

  it('200 simultaneous again calls over 20 merchant_uids charge exactly 20 times', async () => {
    const before = (await t.emulatorPayments()).length;
    const calls = Array.from({ length: 200 }, (_, i) =>
      t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_rel', merchant_uid: `burst-${i % 20}`, amount: 1_000 + (i % 20) }),
    );
    const results = await Promise.all(calls);
    for (const r of results) {
      assert.equal(r.status, 200);
      // Paid, or (on a slow machine) still being settled, or refused because that order is taken.
      if (r.body.code === 0) assert.ok(['paid', 'ready'].includes(r.body.response.status), r.body.response.status);
      else assert.match(r.body.message, /이미 (주문이 이루어진 건입니다|결제가 진행 중인 주문입니다)/);
    }
    assert.ok(results.filter((r) => r.body.code === 0).length <= 20);
    await settleAll();
    const paid = await t.ctx.db.selectFrom('payments').select('merchant_uid').where('merchant_uid', 'like', 'burst-%').where('state', '=', 'paid').execute();
    assert.equal(paid.length, 20);
    assert.equal(new Set(paid.map((p) => p.merchant_uid)).size, 20);
    const attempts = new Set(
      (await t.ctx.db.selectFrom('payments').select('pg_order_id').where('merchant_uid', 'like', 'burst-%').execute()).map((p) => p.pg_order_id),
    );
    const charges = (await t.emulatorPayments()).filter((p) => attempts.has(p.orderId));
    assert.equal(charges.length, 20, 'exactly 20 charges reached Toss');
    assert.equal((await t.emulatorPayments()).length - before, 20);
    assert.ok(charges.every((c) => c.status === 'DONE'));
    await assertAgreement();
  });

  it('a late answer leaves the payment ready (unknown inside) and the reconciler settles it paid, without a second charge', async () => {
    await t.fault({ endpoint: BILLING, latencyMs: 1_500, remaining: 1 });
    const { body } = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_rel', merchant_uid: 'late-1', amount: 7_000, notice_url: 'https://shop.example.com/hook' });
    await t.clearFaults();
    assert.equal(body.code, 0);
    assert.equal(body.response.status, 'ready');
    const row = await t.ctx.db.selectFrom('payments').select(['state']).where('imp_uid', '=', body.response.imp_uid).executeTakeFirstOrThrow();
    assert.equal(row.state, 'unknown');
    await sleep(1_000);
    await settleAll();
    const settled = await t.ctx.db.selectFrom('payments').select(['state']).where('imp_uid', '=', body.response.imp_uid).executeTakeFirstOrThrow();
    assert.equal(settled.state, 'paid');
    assert.equal((await t.emulatorPayments()).filter((p) => p.orderId === body.response.imp_uid).length, 1);
    const events = await t.ctx.db.selectFrom('webhook_events').select('status').where('imp_uid', '=', body.response.imp_uid).execute();
    assert.deepEqual(events.map((e) => e.status), ['paid']);
    await assertAgreement();
  });

  it('approve-then-drop: Toss approved, the connection died; the reconciler finds the approval by order id', async () => {
    await t.fault({ endpoint: BILLING, dropRate: 1, remaining: 1 });
    const { body } = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_rel', merchant_uid: 'drop-1', amount: 8_000 });
    await t.clearFaults();
    assert.equal(body.response.status, 'ready');
    await settleAll();
    const row = await t.ctx.db.selectFrom('payments').select(['state', 'pg_tid']).where('imp_uid', '=', body.response.imp_uid).executeTakeFirstOrThrow();
    assert.equal(row.state, 'paid');
    assert.ok(row.pg_tid);
    await assertAgreement();
  });

  it('a 500 or a PROVIDER_ERROR is unknown, never a failure or a blind retry; the end state agrees with Toss', async () => {
    await t.fault({ endpoint: BILLING, errorRate: 1, errorStatus: 500, errorCode: 'FAILED_INTERNAL_SYSTEM_PROCESSING', remaining: 1 });
    const a = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_rel', merchant_uid: 'err-500', amount: 9_000 });
    assert.equal(a.body.response.status, 'ready');
    await t.fault({ endpoint: BILLING, errorRate: 1, errorStatus: 400, errorCode: 'PROVIDER_ERROR', remaining: 1 });
    const b = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_rel', merchant_uid: 'err-provider', amount: 9_500 });
    await t.clearFaults();
    assert.equal(b.body.response.status, 'ready');
    await settleAll();
    await assertAgreement();
  });

  it('a key-in whose outcome is unknown is found at Toss or failed after the absence window, never charged again', async () => {
    await t.fault({ endpoint: 'POST /v1/payments/key-in', dropRate: 1, remaining: 1 });
    const dropped = await t.call('POST', '/subscribe/payments/onetime', { ...CARDS.good, merchant_uid: 'keyin-drop', amount: 4_000 });
    assert.equal(dropped.body.response.status, 'ready');
    await t.fault({ endpoint: 'POST /v1/payments/key-in', errorRate: 1, errorStatus: 502, errorCode: 'FAILED_INTERNAL_SYSTEM_PROCESSING', remaining: 1 });
    const lost = await t.call('POST', '/subscribe/payments/onetime', { ...CARDS.good, merchant_uid: 'keyin-lost', amount: 4_500 });
    await t.clearFaults();
    assert.equal(lost.body.response.status, 'ready');
    await settleAll();
    const state = async (impUid: string) =>
      (await t.ctx.db.selectFrom('payments').select(['state', 'fail_reason']).where('imp_uid', '=', impUid).executeTakeFirstOrThrow());
    assert.equal((await state(dropped.body.response.imp_uid)).state, 'paid');
    const lostRow = await state(lost.body.response.imp_uid);
    assert.equal(lostRow.state, 'failed');
    assert.match(lostRow.fail_reason!, /결제 기록이 없어/);
    await assertAgreement();
  });

  it('a cancel whose answer is lost is settled from Toss by the reconciler, and blocks a second cancel meanwhile', async () => {
    const paid = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_rel', merchant_uid: 'cancel-drop', amount: 6_000 });
    assert.equal(paid.body.response.status, 'paid');
    const impUid = paid.body.response.imp_uid;
    await t.fault({ endpoint: 'POST /v1/payments/:paymentKey/cancel', dropRate: 1, remaining: 1 });
    const lost = await t.call('POST', '/payments/cancel', { imp_uid: impUid, amount: 2_000 });
    await t.clearFaults();
    assert.equal(lost.body.code, -1);
    assert.match(lost.body.message, /취소 결과를 확인하지 못했습니다/);
    const blocked = await t.call('POST', '/payments/cancel', { imp_uid: impUid, amount: 1_000 });
    assert.equal(blocked.body.code, 1);
    assert.match(blocked.body.message, /이미 취소가 진행 중인/);
    const end = Date.now() + 15_000;
    for (;;) {
      await drainReconciliation(t.ctx.payments.reconciler);
      const c = await t.ctx.db.selectFrom('cancellations').select('state').where('imp_uid', '=', impUid).executeTakeFirstOrThrow();
      if (c.state === 'done') break;
      assert.ok(Date.now() < end, `cancellation still ${c.state}`);
      await sleep(100);
    }
    const row = await t.ctx.db.selectFrom('payments').select(['state', 'cancel_amount']).where('imp_uid', '=', impUid).executeTakeFirstOrThrow();
    assert.deepEqual(row, { state: 'cancelled', cancel_amount: 2_000 });
    const atToss = (await t.emulatorPayments()).find((p) => p.orderId === impUid)!;
    assert.equal(Number(atToss.balanceAmount), 4_000);
  });

  it('a burst under random late answers, errors and drops converges: all paid or failed, sums equal', async () => {
    await t.fault({ endpoint: BILLING, latencyMs: 100, jitterMs: 1_200, errorRate: 0.2, errorStatus: 503, errorCode: 'FAILED_INTERNAL_SYSTEM_PROCESSING', dropRate: 0.2 });
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_rel', merchant_uid: `chaos-${i % 30}`, amount: 2_000 + i }),
      ),
    );
    await t.clearFaults();
    assert.ok(results.every((r) => r.status === 200));
    await sleep(1_500);
    await settleAll(30_000);
    await assertAgreement();
    const paid = await t.ctx.db.selectFrom('payments').select('merchant_uid').where('merchant_uid', 'like', 'chaos-%').where('state', '=', 'paid').execute();
    assert.equal(new Set(paid.map((p) => p.merchant_uid)).size, paid.length, 'one paid attempt per merchant_uid');
  });
});
