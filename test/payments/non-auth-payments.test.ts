// Payments without buyer authentication through the emulator over HTTP: again, onetime (key-in, and issuing a key),
// the legacy foreign path, declines recorded as failed, and everything refused before Toss is called.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { assertMatchesSpec } from '../helpers/openapi.ts';

describeEachStore('payments without buyer authentication', (kind) => {
  let t: TossTestbed;
  before(async () => {
    t = await startTossTestbed(kind);
    await t.call('POST', '/subscribe/customers/cu_pay', { ...CARDS.good, customer_name: '김철수' });
    await t.call('POST', '/subscribe/customers/cu_declines', CARDS.rejected);
  });
  after(async () => t?.close());

  const checked = async (method: string, path: string, body?: unknown) => {
    const res = await t.call(method, path, body);
    assertMatchesSpec(method, path, res.status, res.body);
    return res;
  };
  const paymentRow = (impUid: string) => t.ctx.db.selectFrom('payments').selectAll().where('imp_uid', '=', impUid).executeTakeFirstOrThrow();

  it('charges a stored key with again: paid, every recorded field, Toss order keyed by imp_uid, paid webhook recorded', async () => {
    const { status, body } = await checked('POST', '/subscribe/payments/again', {
      customer_uid: 'cu_pay', merchant_uid: 'again-1', amount: 55_000, name: '정기구독 1월', tax_free: 5_000, vat_amount: 4_545,
      card_quota: 3, custom_data: { plan: 'gold', seats: 3 }, buyer_name: '김철수', buyer_email: 'cs@example.com',
      buyer_tel: '010-1234-5678', notice_url: 'https://shop.example.com/hook',
    });
    assert.equal(status, 200);
    assert.equal(body.code, 0);
    const p = body.response;
    assert.equal(p.status, 'paid');
    assert.equal(p.amount, 55_000);
    assert.equal(p.channel, 'api');
    assert.equal(p.pay_method, 'card');
    assert.equal(p.customer_uid, 'cu_pay');
    assert.equal(p.customer_uid_usage, 'payment');
    assert.equal(p.card_quota, 3);
    assert.equal(p.custom_data, JSON.stringify({ plan: 'gold', seats: 3 }));
    assert.equal(p.buyer_email, 'cs@example.com');
    assert.ok(p.pg_tid);
    assert.ok(p.paid_at > 0);
    assert.ok(p.receipt_url);
    const row = await paymentRow(p.imp_uid);
    assert.equal(row.state, 'paid');
    assert.equal(row.tax_free, 5_000);
    assert.equal(row.vat_amount, 4_545);
    assert.deepEqual(row.notice_urls, ['https://shop.example.com/hook']);
    assert.equal(row.pg_order_id, p.imp_uid);
    assert.ok(row.pg_idempotency_key);
    const atToss = (await t.emulatorPayments()).find((e) => e.orderId === p.imp_uid);
    assert.equal(atToss?.status, 'DONE');
    assert.equal(Number(atToss?.totalAmount), 55_000);
    const events = await t.ctx.db.selectFrom('webhook_events').selectAll().where('imp_uid', '=', p.imp_uid).execute();
    assert.deepEqual(events.map((e) => e.status), ['paid']);
  });

  it('refuses a second payment for a paid merchant_uid without calling Toss', async () => {
    await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_pay', merchant_uid: 'again-dup', amount: 1000 });
    const before = (await t.emulatorPayments()).length;
    const { status, body } = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_pay', merchant_uid: 'again-dup', amount: 1000 });
    assert.equal(status, 200);
    assert.equal(body.code, 1);
    assert.match(body.message, /이미 주문이 이루어진 건입니다/);
    assert.equal((await t.emulatorPayments()).length, before);
  });

  it('records a declined charge as failed with fail_reason and answers in the V1 failure style; the merchant_uid stays usable', async () => {
    const { status, body } = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_declines', merchant_uid: 'again-declined', amount: 1000 });
    assert.equal(status, 200);
    assert.equal(body.code, -1);
    assert.equal(body.response, null);
    assert.match(body.message, /\[REJECT_CARD_COMPANY\]/);
    const rows = await t.ctx.db.selectFrom('payments').selectAll().where('merchant_uid', '=', 'again-declined').execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]!.state, 'failed');
    assert.match(rows[0]!.fail_reason!, /^\[REJECT_CARD_COMPANY\]/);
    assert.ok(rows[0]!.failed_at);
    const events = await t.ctx.db.selectFrom('webhook_events').select('status').where('imp_uid', '=', rows[0]!.imp_uid).execute();
    assert.equal(events.length, 0, 'ordinary failures are not announced');
    const retry = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_pay', merchant_uid: 'again-declined', amount: 1000 });
    assert.equal(retry.body.response.status, 'paid');
  });

  it('answers an unknown customer_uid with code 1 등록되지 않은 구매자입니다.', async () => {
    const { status, body } = await checked('POST', '/subscribe/payments/again', { customer_uid: 'nobody', merchant_uid: 'again-nobody', amount: 1000 });
    assert.equal(status, 200);
    assert.deepEqual(body, { code: 1, message: '등록되지 않은 구매자입니다.', response: null });
  });

  it('charges a card once with onetime (key-in): paid, no customer', async () => {
    const { body } = await checked('POST', '/subscribe/payments/onetime', { ...CARDS.good, merchant_uid: 'one-1', amount: 12_000, name: '단건' });
    assert.equal(body.code, 0);
    assert.equal(body.response.status, 'paid');
    assert.equal(body.response.customer_uid, null);
    assert.equal(body.response.customer_uid_usage, null);
    assert.ok(body.response.card_number.includes('*'));
    assert.equal((await paymentRow(body.response.imp_uid)).pg_call, 'key_in');
  });

  it('onetime with customer_uid stores the key (usage issue, buyer copied to the customer) and later again charges it', async () => {
    const { body } = await t.call('POST', '/subscribe/payments/onetime', {
      ...CARDS.good, merchant_uid: 'one-issue', amount: 3_000, customer_uid: 'cu_from_onetime', buyer_name: '이영희', buyer_tel: '010-2222-3333',
    });
    assert.equal(body.response.status, 'paid');
    assert.equal(body.response.customer_uid, 'cu_from_onetime');
    assert.equal(body.response.customer_uid_usage, 'issue');
    const customer = await t.call('GET', '/subscribe/customers/cu_from_onetime');
    assert.equal(customer.body.response.customer_name, '이영희');
    assert.equal(customer.body.response.customer_tel, '010-2222-3333');
    const again = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_from_onetime', merchant_uid: 'one-issue-2', amount: 3_000 });
    assert.equal(again.body.response.status, 'paid');
    const list = await checked('GET', '/subscribe/customers/cu_from_onetime/payments');
    assert.equal(list.body.response.total, 2);
    assert.deepEqual(list.body.response.list.map((p: any) => p.merchant_uid), ['one-issue-2', 'one-issue']);
    assert.equal(list.body.response.next, 0);
    const paged = await t.call('GET', '/subscribe/customers/cu_from_onetime/payments?page=2&limit=1');
    assert.deepEqual(paged.body.response.list.map((p: any) => p.merchant_uid), ['one-issue']);
    assert.equal(paged.body.response.previous, 1);
  });

  it('onetime with customer_uid charges the key it issued, even when another card is registered under the uid meanwhile', async () => {
    const repo = t.ctx.payments.repository;
    const insertBillingAttempt = repo.insertBillingAttempt;
    // Another registration of the same customer_uid lands between this request's key and its attempt.
    repo.insertBillingAttempt = async (...args) => {
      repo.insertBillingAttempt = insertBillingAttempt;
      const other = await t.call('POST', '/subscribe/customers/cu_onetime_race', { ...CARDS.good, card_number: '5365-1012-3456-7890' });
      assert.equal(other.body.code, 0);
      return insertBillingAttempt(...args);
    };
    try {
      const { body } = await t.call('POST', '/subscribe/payments/onetime', { ...CARDS.good, merchant_uid: 'one-race', amount: 3_000, customer_uid: 'cu_onetime_race' });
      assert.equal(body.response.status, 'paid');
      const charged = await t.ctx.db.selectFrom('customers').select('card_number').where('id', '=', (await paymentRow(body.response.imp_uid)).customer_ref!).executeTakeFirstOrThrow();
      assert.match(charged.card_number ?? '', /^9410/);
      assert.match(body.response.card_number ?? '', /^9410/);
    } finally {
      repo.insertBillingAttempt = insertBillingAttempt;
    }
  });

  it('reports a declined key-in as 카드정보 인증에 실패하였습니다. [code]message and records it failed', async () => {
    const { status, body } = await t.call('POST', '/subscribe/payments/onetime', { ...CARDS.rejected, merchant_uid: 'one-declined', amount: 1000 });
    assert.equal(status, 200);
    assert.equal(body.code, -1);
    assert.match(body.message, /^카드정보 인증에 실패하였습니다\. \[REJECT_CARD_COMPANY\]/);
    const row = await t.ctx.db.selectFrom('payments').selectAll().where('merchant_uid', '=', 'one-declined').executeTakeFirstOrThrow();
    assert.equal(row.state, 'failed');
  });

  it('serves the legacy /subscribe/payments/foreign as key-in', async () => {
    const { body } = await t.call('POST', '/subscribe/payments/foreign', { ...CARDS.good, merchant_uid: 'foreign-1', amount: 1000 });
    assert.equal(body.response.status, 'paid');
  });

  it('accepts a form-encoded body with string amounts', async () => {
    const token = await t.token();
    const form = new URLSearchParams({ customer_uid: 'cu_pay', merchant_uid: 'form-1', amount: '2500', name: 'form' });
    const res = await fetch(`${t.url}/subscribe/payments/again`, {
      method: 'POST', headers: { authorization: token, 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString(),
    });
    const body = (await res.json()) as any;
    assert.equal(body.response.status, 'paid');
    assert.equal(body.response.amount, 2500);
  });

  it('refuses what the gateway can refuse itself, with nothing written and nothing sent to Toss', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ amount: -1000 }, /amount/],
      [{ amount: 1000.5 }, /amount/],
      [{ amount: 'abc' }, /amount/],
      [{ amount: 50 }, /100원 이상/],
      [{ amount: 1000, tax_free: 2000 }, /tax_free/],
      [{ amount: 1000, vat_amount: 1001 }, /vat_amount/],
      [{ amount: 49_000, card_quota: 3 }, /50,000원 이상/],
      [{ amount: 1000, currency: 'USD' }, /KRW/],
      [{ amount: 1000, card_number: '12-34' }, /card_number/],
      [{ amount: 1000, expiry: '2019-12' }, /유효기간이 만료된 카드입니다/],
      [{ amount: 1000, expiry: '2030-13' }, /expiry/],
      [{ amount: 1000, merchant_uid: undefined }, /merchant_uid 파라메터가 누락되었습니다/],
    ];
    const before = (await t.emulatorPayments()).length;
    const rowsBefore = (await t.ctx.db.selectFrom('payments').select('imp_uid').execute()).length;
    for (const [patch, message] of cases) {
      const body = { ...CARDS.good, merchant_uid: 'refused-1', ...patch };
      const res = await t.call('POST', '/subscribe/payments/onetime', JSON.parse(JSON.stringify(body)));
      assert.equal(res.status, 400, `${JSON.stringify(patch)} → ${JSON.stringify(res.body)}`);
      assert.equal(res.body.code, -1);
      assert.match(res.body.message, message);
    }
    const again = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_pay', merchant_uid: 'refused-2', amount: 0 });
    assert.equal(again.status, 400);
    assert.equal((await t.emulatorPayments()).length, before);
    assert.equal((await t.ctx.db.selectFrom('payments').select('imp_uid').execute()).length, rowsBefore);
  });

  it('answers a merchant without a non-authenticated channel with 비인증결제모듈 사용정보를 찾을 수 없습니다.', async () => {
    const bare = await t.ctx.merchants.create({ name: 'No channel' });
    const res = await t.call('POST', '/subscribe/payments/onetime', { ...CARDS.good, merchant_uid: 'nochan', amount: 1000 }, bare);
    assert.deepEqual(res.body, { code: 1, message: '비인증결제모듈 사용정보를 찾을 수 없습니다.', response: null });
  });
});
