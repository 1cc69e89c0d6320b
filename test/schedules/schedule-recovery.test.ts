// A scheduled charge whose outcome is lost, and a run whose holder died: each schedule still ends charged exactly
// once at the PG, on the attempt it named before the call.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { unixSeconds } from '../../src/lib/clock.ts';
import { drainReconciliation } from '../../src/jobs/reconcile-payments.ts';
import { scheduleRepository } from '../../src/store/repositories/schedules.ts';

const BILLING = 'POST /v1/billing/:billingKey';

describeEachStore('scheduled payments recover without charging twice', (kind) => {
  let t: TossTestbed;
  before(async () => {
    t = await startTossTestbed(kind, { readTimeoutMs: 800 });
    await t.ctx.payments.billingKeys.register(t.merchant.id, 'cu_recover', { ...CARDS.good });
  });
  after(async () => t?.close());

  async function bookDue(merchantUid: string, amount: number) {
    const at = unixSeconds(t.clock.now()) + 60;
    await t.ctx.schedules.schedule(t.merchant.id, { customer_uid: 'cu_recover', schedules: [{ merchant_uid: merchantUid, schedule_at: at, amount }] });
    t.clock.advance(61_000);
  }
  const scheduleRow = (merchantUid: string) =>
    t.ctx.db.selectFrom('payment_schedules').selectAll().where('merchant_uid', '=', merchantUid).executeTakeFirstOrThrow();
  const chargesAtToss = async (impUid: string) => (await t.emulatorPayments()).filter((p) => p.orderId === impUid);

  it('Toss approved but the answer was lost: the schedule waits for the reconciler, then ends paid with one charge', async () => {
    await bookDue('rec-drop', 7_000);
    await t.fault({ endpoint: BILLING, dropRate: 1, remaining: 1 });
    assert.equal(await t.ctx.schedules.executeDue(10), 1);
    let row = await scheduleRow('rec-drop');
    assert.equal(row.state, 'executing', 'the outcome is not known yet');
    const impUid = row.imp_uid!;
    const waiting = await t.ctx.schedules.get(t.merchant.id, 'rec-drop');
    assert.equal(waiting.attempt_status, 'ready');

    const deadline = Date.now() + 20_000;
    for (;;) {
      t.clock.advance(2_000);
      await drainReconciliation(t.ctx.payments.reconciler);
      const payment = await t.ctx.db.selectFrom('payments').select('state').where('imp_uid', '=', impUid).executeTakeFirstOrThrow();
      if (payment.state === 'paid') break;
      assert.ok(Date.now() < deadline, `payment still ${payment.state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    t.clock.advance(6_000);
    assert.equal(await t.ctx.schedules.executeDue(10), 1);
    row = await scheduleRow('rec-drop');
    assert.deepEqual([row.state, row.payment_status, row.imp_uid], ['executed', 'paid', impUid]);
    assert.deepEqual((await chargesAtToss(impUid)).map((p) => [p.status, p.totalAmount]), [['DONE', 7_000]]);
  });

  it('a holder that died after naming its attempt is taken over on that same attempt once its claim lapses', async () => {
    await bookDue('rec-dead', 4_000);
    const repo = scheduleRepository(t.ctx.db);
    const now = t.clock.now();
    const [claimed] = await repo.claimDue(now, new Date(now.getTime() + 120_000), 1);
    assert.equal(claimed?.merchant_uid, 'rec-dead');
    assert.ok(await repo.assignAttempt(claimed.id, claimed.run, 'imp_900000000001', now));
    // ...and the holder's process dies here. While its claim holds, nobody else touches the schedule.
    assert.equal(await t.ctx.schedules.executeDue(10), 0);
    t.clock.advance(121_000);
    assert.equal(await t.ctx.schedules.executeDue(10), 1);
    const row = await scheduleRow('rec-dead');
    assert.deepEqual([row.state, row.payment_status, row.imp_uid], ['executed', 'paid', 'imp_900000000001']);
    assert.equal((await chargesAtToss('imp_900000000001')).length, 1);
    const payments = await t.ctx.db.selectFrom('payments').select(['imp_uid', 'customer_uid_usage']).where('merchant_uid', '=', 'rec-dead').execute();
    assert.deepEqual(payments, [{ imp_uid: 'imp_900000000001', customer_uid_usage: 'payment.scheduled' }]);
  });
});
