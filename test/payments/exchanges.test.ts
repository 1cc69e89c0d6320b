// The exchanges a payment leaves for the console's timeline: an `again` charge, a cancel and hosted checkouts with a
// confirm_url (allowed, and refused with a reason) each write the calls they made, with the outcome, masked: no card
// number, secret key, billing key or customer key anywhere in what is stored.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { CARDS } from '../helpers/toss.ts';
import { checkoutOverHttp } from '../helpers/checkout-http.ts';
import { startCheckoutBed, type CheckoutBed } from '../checkout/harness.ts';

describeEachStore('payment exchanges', (kind) => {
  let t: CheckoutBed;
  let seq = 0;
  before(async () => {
    t = await startCheckoutBed(kind);
    const registered = await t.call('POST', '/subscribe/customers/cu_exchanges', CARDS.good);
    assert.equal(registered.body.code, 0, registered.body.message);
  });
  after(async () => t?.close());

  const exchangesOf = (impUid: string) =>
    t.ctx.db.selectFrom('payment_exchanges').selectAll().where('imp_uid', '=', impUid).orderBy('started_at').orderBy('id').execute();

  /** Every stored exchange, as one text, must hold none of the secrets a payment of this merchant involved. */
  async function assertNothingSecretStored() {
    const customer = await t.ctx.db.selectFrom('customers').select(['billing_key_sealed', 'pg_customer_key']).where('customer_uid', '=', 'cu_exchanges').executeTakeFirstOrThrow();
    const billingKey = t.ctx.secrets.decrypt(customer.billing_key_sealed);
    // pg_last_error names the failed call too, and the console shows it on the same timeline.
    const stored = JSON.stringify([
      await t.ctx.db.selectFrom('payment_exchanges').selectAll().execute(),
      await t.ctx.db.selectFrom('payments').select(['pg_last_error', 'fail_reason']).execute(),
    ]);
    const secrets = {
      'card number': CARDS.good.card_number.replace(/-/g, ''),
      'card number as typed': CARDS.good.card_number,
      'secret key': t.toss.secretKey,
      'Authorization value': Buffer.from(`${t.toss.secretKey}:`).toString('base64'),
      'billing key': billingKey,
      'billing key in a URL': encodeURIComponent(billingKey),
      'customer key': customer.pg_customer_key,
    };
    for (const [what, value] of Object.entries(secrets)) {
      assert.ok(value && value.length >= 6, what);
      assert.ok(!stored.includes(value), `${what} stored in an exchange`);
    }
  }

  async function again(amount: number) {
    const res = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_exchanges', merchant_uid: `exchanges-${kind}-${++seq}`, amount, name: '월간 구독' });
    assert.equal(res.body.response?.status, 'paid', res.body.message);
    return res.body.response as { imp_uid: string };
  }

  it('an again charge records its billing call (key masked in the path) with the paid outcome, and a cancel its cancel call', async () => {
    const p = await again(9_900);
    const [charge, ...rest] = await exchangesOf(p.imp_uid);
    assert.equal(rest.length, 0);
    assert.ok(charge);
    assert.equal(charge.kind, 'pg');
    assert.equal(charge.method, 'POST');
    assert.equal(charge.target, '/v1/billing/****');
    assert.equal(charge.http_status, 200);
    assert.ok(charge.duration_ms >= 0);
    assert.equal(Number(charge.merchant_id), t.merchant.id);
    assert.equal(JSON.parse(charge.request_body!).amount, 9_900);
    assert.equal(JSON.parse(charge.response_body!).status, 'DONE');

    const cancelled = await t.call('POST', '/payments/cancel', { imp_uid: p.imp_uid, amount: 4_900, reason: '부분 환불' });
    assert.equal(cancelled.body.code, 0, cancelled.body.message);
    const rows = await exchangesOf(p.imp_uid);
    assert.equal(rows.length, 2);
    const cancel = rows[1]!;
    assert.match(cancel.target, /^\/v1\/payments\/[^/]+\/cancel$/);
    assert.equal(cancel.http_status, 200);
    assert.equal(JSON.parse(cancel.request_body!).cancelAmount, 4_900);
    await assertNothingSecretStored();
  });

  it('a declined again charge records its refused call with the failure', async () => {
    await t.fault({ endpoint: 'POST /v1/billing/:billingKey', errorRate: 1, errorStatus: 403, errorCode: 'REJECT_CARD_PAYMENT', errorMessage: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.', remaining: 1 });
    const merchantUid = `exchanges-${kind}-declined`;
    const res = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_exchanges', merchant_uid: merchantUid, amount: 3_000 });
    await t.clearFaults();
    assert.notEqual(res.body.code, 0);
    const payment = await t.ctx.db.selectFrom('payments').select(['imp_uid', 'state']).where('merchant_uid', '=', merchantUid).executeTakeFirstOrThrow();
    assert.equal(payment.state, 'failed');
    const rows = await exchangesOf(payment.imp_uid);
    assert.deepEqual(rows.map((r) => [r.target, r.http_status]), [['/v1/billing/****', 403]]);
    assert.equal(JSON.parse(rows[0]!.response_body!).code, 'REJECT_CARD_PAYMENT');
    await assertNothingSecretStored();
  });

  it('a charge whose answer is lost records the call without an answer, then the reconciler\'s look-up with what it settled', async () => {
    await t.fault({ endpoint: 'POST /v1/billing/:billingKey', dropRate: 1, remaining: 1 });
    const merchantUid = `exchanges-${kind}-dropped`;
    await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_exchanges', merchant_uid: merchantUid, amount: 7_000 });
    await t.clearFaults();
    const unsettled = await t.ctx.db.selectFrom('payments').select(['imp_uid', 'pg_last_error']).where('merchant_uid', '=', merchantUid).executeTakeFirstOrThrow();
    const impUid = unsettled.imp_uid;
    assert.match(unsettled.pg_last_error!, /^POST \/v1\/billing\/\*\*\*\*: /, 'the reason names the call with its key masked');
    await assertNothingSecretStored();
    const end = Date.now() + 20_000;
    for (;;) {
      await t.ctx.payments.reconciler.runOnce();
      const { state } = await t.ctx.db.selectFrom('payments').select('state').where('imp_uid', '=', impUid).executeTakeFirstOrThrow();
      if (state === 'paid') break;
      if (Date.now() > end) assert.fail(`still ${state}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const rows = await exchangesOf(impUid);
    assert.equal(rows[0]!.target, '/v1/billing/****');
    assert.equal(rows[0]!.http_status, null);
    assert.ok(rows[0]!.error);
    const lookup = rows.at(-1)!;
    assert.equal(lookup.method, 'GET');
    assert.equal(lookup.target, `/v1/payments/orders/${impUid}`);
    assert.equal(lookup.http_status, 200);
    assert.equal(lookup.request_body, null);
    assert.equal(JSON.parse(lookup.response_body!).status, 'DONE');
    await assertNothingSecretStored();
  });

  it('a checkout records the confirm_url answer with the decision, then the confirm call with the outcome', async () => {
    const { impUid, state } = await checkoutOverHttp(t, { status: 200 });
    assert.equal(state, 'paid');
    const rows = await exchangesOf(impUid);
    assert.deepEqual(rows.map((r) => [r.kind, r.method, r.http_status]), [['confirm_url', 'POST', 200], ['pg', 'POST', 200]]);
    const [confirmUrl, confirm] = rows as [typeof rows[0], typeof rows[0]];
    assert.equal(confirmUrl.target, t.shop.confirmUrl);
    assert.deepEqual(JSON.parse(confirmUrl.request_body!), { imp_uid: impUid, merchant_uid: JSON.parse(confirmUrl.request_body!).merchant_uid, amount: 12_000 });
    assert.equal(confirm.target, '/v1/payments/confirm');
    assert.equal(JSON.parse(confirm.request_body!).orderId, impUid);
    await assertNothingSecretStored();
  });

  it('a confirm_url refusal is recorded with the failure it causes, with the merchant\'s reason, and Toss is not called', async () => {
    const { impUid, state, failReason } = await checkoutOverHttp(t, { status: 409, body: { reason: '재고 부족' } });
    assert.equal(state, 'failed');
    assert.match(failReason!, /재고 부족/);
    const rows = await exchangesOf(impUid);
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.kind, 'confirm_url');
    assert.equal(rows[0]!.http_status, 409);
    assert.equal(rows[0]!.response_body, '재고 부족');
    await assertNothingSecretStored();
  });
});
