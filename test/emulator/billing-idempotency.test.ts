// The billing charge writes its Idempotency-Key answer in the charge's own statement (one commit instead of three).
// These check that it keeps every rule of the claiming path: replay of successes and errors, one charge for racing
// duplicates, the 15-day lifetime, faults, and a key deleted after its card was read from memory.
import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { call, CARD, control, orderId, startEmulator, type Emulator } from './harness.ts';

describeEachStore('emulator billing charge idempotency', (kind) => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator(kind);
  });
  after(async () => emu.close());
  afterEach(async () => {
    await control(emu, 'DELETE', '/faults');
  });

  const register = async (customerKey: string) => {
    const r = await call(emu, 'POST', '/v1/billing/authorizations/card', { customerKey, ...CARD });
    assert.equal(r.status, 200);
    return r.body.billingKey as string;
  };
  const charge = (billingKey: string, customerKey: string, key: string, extra: Record<string, unknown> = {}) =>
    call(
      emu, 'POST', `/v1/billing/${encodeURIComponent(billingKey)}`,
      { customerKey, amount: 9900, orderId: orderId('bill'), orderName: '정기결제', ...extra },
      { 'Idempotency-Key': key },
    );
  const exists = async (order: string) => (await call(emu, 'GET', `/v1/payments/orders/${order}`)).status === 200;

  it('replays a charge for the same key whatever the body, without charging again', async () => {
    const billingKey = await register('idem-c1');
    const key = `k-${orderId()}`;
    const first = await charge(billingKey, 'idem-c1', key);
    assert.equal(first.status, 200);
    assert.equal(first.headers['idempotency-key'], key);
    const secondOrder = orderId('bill');
    const second = await charge(billingKey, 'idem-c1', key, { orderId: secondOrder, amount: 12000 });
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, first.body);
    assert.equal(await exists(secondOrder), false);
    const stored = await call(emu, 'GET', `/v1/payments/${first.body.paymentKey}`);
    assert.deepEqual(stored.body, first.body);
  });

  it('replays an error, even once the request would succeed, and charges nothing', async () => {
    const billingKey = await register('idem-c2');
    const key = `err-${orderId()}`;
    const order = orderId('bill');
    const wrong = await charge(billingKey, 'someone-else', key, { orderId: order });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.code, 'NOT_MATCHES_CUSTOMER_KEY');
    const fixed = await charge(billingKey, 'idem-c2', key, { orderId: order });
    assert.equal(fixed.status, 400);
    assert.deepEqual(fixed.body, wrong.body);
    assert.equal(await exists(order), false);

    const invalid = await charge(billingKey, 'idem-c2', `bad-${orderId()}`, { amount: 'nine' });
    assert.equal(invalid.status, 400);
    const long = await charge(billingKey, 'idem-c2', 'x'.repeat(301));
    assert.equal(long.status, 400);
    assert.equal(long.body.code, 'INVALID_IDEMPOTENCY_KEY');
  });

  it('charges once when duplicates with the same key race, whatever their orderIds', async () => {
    const billingKey = await register('idem-c3');
    const key = `race-${orderId()}`;
    const orders = Array.from({ length: 12 }, () => orderId('race'));
    const answers = await Promise.all(orders.map((order) => charge(billingKey, 'idem-c3', key, { orderId: order })));
    for (const a of answers) {
      assert.ok(a.status === 200 || (a.status === 409 && a.body.code === 'IDEMPOTENT_REQUEST_PROCESSING'), JSON.stringify(a.body));
    }
    const paid = answers.filter((a) => a.status === 200);
    assert.ok(paid.length >= 1);
    assert.equal(new Set(paid.map((a) => a.body.paymentKey)).size, 1);
    const charged = (await Promise.all(orders.map(exists))).filter(Boolean);
    assert.equal(charged.length, 1);
  });

  it('records DUPLICATED_ORDER_ID under a fresh key and replays it', async () => {
    const billingKey = await register('idem-c4');
    const first = await charge(billingKey, 'idem-c4', `a-${orderId()}`);
    const key = `dup-${orderId()}`;
    const dup = await charge(billingKey, 'idem-c4', key, { orderId: first.body.orderId });
    assert.equal(dup.status, 400);
    assert.equal(dup.body.code, 'DUPLICATED_ORDER_ID');
    const replay = await charge(billingKey, 'idem-c4', key);
    assert.deepEqual(replay.body, dup.body);
  });

  it('treats a key older than 15 days as new', async () => {
    const billingKey = await register('idem-c5');
    const key = `old-${orderId()}`;
    const first = await charge(billingKey, 'idem-c5', key);
    emu.clock.advance(15 * 24 * 3600_000 + 1000);
    const later = await charge(billingKey, 'idem-c5', key);
    assert.equal(later.status, 200);
    assert.notEqual(later.body.paymentKey, first.body.paymentKey);
    assert.deepEqual((await charge(billingKey, 'idem-c5', key)).body, later.body);
  });

  it('refuses a key deleted after a charge read its card, and replays that refusal', async () => {
    const billingKey = await register('idem-c6');
    assert.equal((await charge(billingKey, 'idem-c6', `before-${orderId()}`)).status, 200);
    assert.equal((await call(emu, 'DELETE', `/v1/billing/${encodeURIComponent(billingKey)}`)).status, 200);
    const key = `after-${orderId()}`;
    const refused = await charge(billingKey, 'idem-c6', key);
    assert.equal(refused.body.code, 'ALREADY_REMOVED_BILLING_KEY');
    assert.deepEqual((await charge(billingKey, 'idem-c6', key)).body, refused.body);
  });

  it('keeps the claiming path when a fault applies: the injected error is replayed', async () => {
    const billingKey = await register('idem-c7');
    await control(emu, 'PUT', '/faults', { endpoint: 'POST /v1/billing/{billingKey}', errorRate: 1, errorStatus: 503, errorCode: 'PROVIDER_ERROR', remaining: 1 });
    const key = `fault-${orderId()}`;
    const failed = await charge(billingKey, 'idem-c7', key);
    assert.equal(failed.status, 503);
    const replay = await charge(billingKey, 'idem-c7', key);
    assert.equal(replay.status, 503);
    assert.deepEqual(replay.body, failed.body);
    assert.equal((await charge(billingKey, 'idem-c7', `fresh-${orderId()}`)).status, 200);
  });
});
