// Virtual accounts through the emulator: issue (ready, announced), deposit reported by Toss's DEPOSIT_CALLBACK to the
// gateway's webhook URL (secret checked, payment re-fetched) turns it paid, revoke and expiry turn it failed.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, type TossTestbed } from '../helpers/toss.ts';
import { assertMatchesSpec } from '../helpers/openapi.ts';
import { TOSS_WEBHOOK_PATH } from '../../src/api/routes/pg-webhooks.ts';
import { drainReconciliation } from '../../src/jobs/reconcile-payments.ts';

describeEachStore('virtual accounts /vbanks', (kind) => {
  let t: TossTestbed;
  before(async () => (t = await startTossTestbed(kind)));
  after(async () => t?.close());

  const due = () => Math.floor(Date.now() / 1000) + 3 * 86_400;
  const issue = async (merchantUid: string, extra: Record<string, unknown> = {}) => {
    const res = await t.call('POST', '/vbanks', {
      merchant_uid: merchantUid, amount: 25_000, vbank_code: '004', vbank_due: due(), vbank_holder: '테스트상점', name: '가상계좌 주문',
      buyer_name: '박입금', notice_url: ['https://shop.example.com/vbank-hook'], ...extra,
    });
    assertMatchesSpec('POST', '/vbanks', res.status, res.body);
    return res;
  };
  const row = (impUid: string) => t.ctx.db.selectFrom('payments').selectAll().where('imp_uid', '=', impUid).executeTakeFirstOrThrow();
  const events = async (impUid: string) =>
    (await t.ctx.db.selectFrom('webhook_events').select('status').where('imp_uid', '=', impUid).orderBy('id').execute()).map((e) => e.status);
  async function until(check: () => Promise<boolean>, what: string) {
    const end = Date.now() + 10_000;
    while (!(await check())) {
      assert.ok(Date.now() < end, what);
      await t.control('POST', '/_emulator/work');
      await sleep(100);
    }
  }

  it('issues an account (ready, vbank fields, ready webhook) and a deposit at Toss makes it paid through the webhook', async () => {
    const { body } = await issue('vbank-1');
    assert.equal(body.code, 0);
    const p = body.response;
    assert.equal(p.status, 'ready');
    assert.equal(p.pay_method, 'vbank');
    assert.equal(p.vbank_code, '004');
    assert.ok(p.vbank_name);
    assert.ok(p.vbank_num);
    assert.equal(p.vbank_holder, '테스트상점');
    assert.ok(p.vbank_date > 0 && p.vbank_issued_at > 0);
    assert.equal(p.paid_at, 0);
    const stored = await row(p.imp_uid);
    assert.ok(stored.pg_secret_sealed?.startsWith('v1.'), 'the deposit secret is kept sealed');
    assert.deepEqual(await events(p.imp_uid), ['ready']);

    await t.control('POST', `/_emulator/virtual-accounts/${encodeURIComponent(p.pg_tid)}/deposit`, { depositorName: '박입금' });
    await until(async () => (await row(p.imp_uid)).state === 'paid', 'the deposit webhook made the payment paid');
    assert.deepEqual(await events(p.imp_uid), ['ready', 'paid']);
    assert.ok((await row(p.imp_uid)).paid_at);
  });

  it('vbank_key issues a fixed account (Toss 고정 under that key): the same number for every order with the key', async () => {
    const first = (await issue('vbank-fixed-1', { vbank_key: 'customer-77' })).body.response;
    const second = (await issue('vbank-fixed-2', { vbank_key: 'customer-77' })).body.response;
    const other = (await issue('vbank-fixed-3', { vbank_key: 'customer-78' })).body.response;
    assert.equal(first.status, 'ready');
    assert.equal(second.vbank_num, first.vbank_num);
    assert.notEqual(other.vbank_num, first.vbank_num);
    const res = await fetch(`${t.emulatorUrl}/v1/payments/orders/${first.imp_uid}`, {
      headers: { authorization: `Basic ${Buffer.from(`${t.toss.secretKey}:`).toString('base64')}` },
    });
    const atToss = (await res.json()) as { virtualAccount: { accountType: string; accountNumber: string } };
    assert.equal(atToss.virtualAccount.accountType, '고정');
  });

  it('refuses a deposit callback with a wrong secret and changes nothing', async () => {
    const { body } = await issue('vbank-forged');
    const res = await fetch(t.url + TOSS_WEBHOOK_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ createdAt: '2026-11-28T10:00:00+09:00', secret: 'ps_forged', status: 'DONE', transactionKey: 'x', orderId: body.response.imp_uid }),
    });
    assert.equal(res.status, 403);
    assert.equal((await row(body.response.imp_uid)).state, 'ready');
  });

  it('ignores a genuine-looking callback that Toss does not confirm: the re-fetch decides', async () => {
    const { body } = await issue('vbank-refetch');
    const stored = await row(body.response.imp_uid);
    const secret = t.ctx.secrets.decrypt(stored.pg_secret_sealed!);
    const res = await fetch(t.url + TOSS_WEBHOOK_PATH, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ createdAt: '2026-11-28T10:00:00+09:00', secret, status: 'DONE', transactionKey: 'x', orderId: body.response.imp_uid }),
    });
    assert.equal(res.status, 200);
    assert.equal((await row(body.response.imp_uid)).state, 'ready', 'no deposit at Toss, so still ready');
  });

  it('revokes an unpaid account: failed, and cancelled at Toss; a second revoke is refused', async () => {
    const { body } = await issue('vbank-revoke');
    const revoked = await t.call('DELETE', `/vbanks/${body.response.imp_uid}`);
    assertMatchesSpec('DELETE', `/vbanks/${body.response.imp_uid}`, revoked.status, revoked.body);
    assert.equal(revoked.body.response.status, 'failed');
    assert.equal(revoked.body.response.fail_reason, '가상계좌 말소');
    const atToss = (await t.emulatorPayments()).find((p) => p.orderId === body.response.imp_uid);
    assert.equal(atToss?.status, 'CANCELED');
    const again = await t.call('DELETE', `/vbanks/${body.response.imp_uid}`);
    assert.equal(again.status, 400);
  });

  it('turns an account whose due date passed at Toss into failed', async () => {
    const { body } = await issue('vbank-expire');
    await t.control('POST', `/_emulator/virtual-accounts/${encodeURIComponent(body.response.pg_tid)}/expire`);
    await until(async () => (await row(body.response.imp_uid)).state === 'failed', 'expiry made the payment failed');
    assert.equal((await row(body.response.imp_uid)).fail_reason, '가상계좌 입금기한 만료');
  });

  it('refuses bad input before Toss, a second account for the same merchant_uid, and PUT (Toss cannot change accounts)', async () => {
    const before = (await t.emulatorPayments()).length;
    for (const [patch, message] of [
      [{ vbank_code: 'KB' }, /vbank_code/],
      [{ vbank_due: Math.floor(Date.now() / 1000) - 60 }, /입금기한/],
      [{ amount: -5 }, /amount/],
      [{ tax_free: 30_000 }, /tax_free/],
    ] as const) {
      const body: Record<string, unknown> = { merchant_uid: 'vbank-bad', amount: 25_000, vbank_code: '004', vbank_due: due() };
      const res = await t.call('POST', '/vbanks', { ...body, ...patch });
      assert.equal(res.status, 400);
      assert.match(res.body.message, message);
    }
    assert.equal((await t.emulatorPayments()).length, before);
    const first = await issue('vbank-twice');
    const second = await issue('vbank-twice');
    assert.equal(second.body.code, 1);
    assert.match(second.body.message, /이미 주문이 이루어진 건입니다/);
    const put = await t.call('PUT', `/vbanks/${first.body.response.imp_uid}`, { amount: 1000 });
    assert.equal(put.body.code, 1);
    const holder = await t.call('GET', '/vbanks/holder?bank_code=004');
    assert.equal(holder.status, 400);
  });

  it('cancels a deposited account with the refund account converted for Toss', async () => {
    const { body } = await issue('vbank-refund');
    await t.control('POST', `/_emulator/virtual-accounts/${encodeURIComponent(body.response.pg_tid)}/deposit`, {});
    await until(async () => (await row(body.response.imp_uid)).state === 'paid', 'deposited');
    const missing = await t.call('POST', '/payments/cancel', { imp_uid: body.response.imp_uid });
    assert.equal(missing.status, 400);
    const res = await t.call('POST', '/payments/cancel', {
      imp_uid: body.response.imp_uid, amount: 5_000, refund_holder: '박입금', refund_bank: '088', refund_account: '110-123-456789',
    });
    assert.equal(res.body.code, 0, JSON.stringify(res.body));
    assert.equal(res.body.response.cancel_amount, 5_000);
  });

  // Last: it moves the gateway's clock days ahead.
  it('asks Toss after the due date when no webhook came: a missed deposit ends paid, a missed expiry failed', async () => {
    const deposited = (await issue('vbank-silent-deposit')).body.response;
    const expired = (await issue('vbank-silent-expiry')).body.response;
    // The emulator delivers its webhooks only in worker passes, which this test does not run: they are "lost".
    await t.control('POST', `/_emulator/virtual-accounts/${encodeURIComponent(deposited.pg_tid)}/deposit`, {});
    await t.control('POST', `/_emulator/virtual-accounts/${encodeURIComponent(expired.pg_tid)}/expire`);
    await drainReconciliation(t.ctx.payments.reconciler);
    assert.equal((await row(deposited.imp_uid)).state, 'ready', 'nothing is asked before the due date');
    t.clock.advance(4 * 86_400_000);
    await drainReconciliation(t.ctx.payments.reconciler);
    assert.equal((await row(deposited.imp_uid)).state, 'paid');
    assert.equal((await row(expired.imp_uid)).state, 'failed');
    assert.deepEqual(await events(deposited.imp_uid), ['ready', 'paid']);
    // The emulator's deliveries, sent now, change nothing more.
    await t.control('POST', '/_emulator/work');
    await sleep(300);
    assert.equal((await row(deposited.imp_uid)).state, 'paid');
    assert.deepEqual(await events(deposited.imp_uid), ['ready', 'paid']);
  });
});
