// Idempotency-Key replay (errors included, 409 while in flight, 15-day lifetime) and the faults of the control API.
import assert from 'node:assert/strict';
import { after, afterEach, before, it } from 'node:test';
import { request } from 'undici';
import { describeEachStore } from '../helpers/stores.ts';
import { basic, call, CARD, control, keyIn, orderId, startEmulator, type Emulator } from './harness.ts';

describeEachStore('emulator idempotency and faults', (kind) => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator(kind);
  });
  after(async () => emu.close());
  afterEach(async () => {
    await control(emu, 'DELETE', '/faults');
  });

  it('replays the first response for the same key, path and method, without a second charge', async () => {
    const order = orderId('idem');
    const headers = { 'Idempotency-Key': `k-${order}` };
    const first = await keyIn(emu, { orderId: order }, headers);
    assert.equal(first.status, 200);
    assert.equal(first.headers['idempotency-key'], `k-${order}`);
    // Different body, same key: still the first answer (the body is not part of the identity).
    const second = await keyIn(emu, { orderId: order, amount: 99999 }, headers);
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, first.body);
    const otherPath = await call(emu, 'POST', '/v1/payments/confirm', { paymentKey: 'x', orderId: 'order-x', amount: 1 }, headers);
    assert.equal(otherPath.body.code, 'NOT_FOUND_PAYMENT');
  });

  it('replays an error too, even once the request would succeed', async () => {
    const headers = { 'Idempotency-Key': `err-${orderId()}` };
    const bad = await keyIn(emu, { cardNumber: '4000000000000002' }, headers);
    assert.equal(bad.status, 403);
    const fixed = await keyIn(emu, {}, headers);
    assert.equal(fixed.status, 403);
    assert.deepEqual(fixed.body, bad.body);
  });

  it('refuses keys over 300 characters and treats a key older than 15 days as new', async () => {
    const long = await keyIn(emu, {}, { 'Idempotency-Key': 'x'.repeat(301) });
    assert.equal(long.status, 400);
    assert.equal(long.body.code, 'INVALID_IDEMPOTENCY_KEY');
    const ok300 = await keyIn(emu, {}, { 'Idempotency-Key': `${'y'.repeat(290)}${Date.now().toString().slice(-10)}` });
    assert.equal(ok300.status, 200);

    const headers = { 'Idempotency-Key': `old-${orderId()}` };
    const first = await keyIn(emu, {}, headers);
    emu.clock.advance(15 * 24 * 3600_000 + 1000);
    const later = await keyIn(emu, {}, headers);
    assert.equal(later.status, 200);
    assert.notEqual(later.body.paymentKey, first.body.paymentKey);
  });

  it('answers 409 IDEMPOTENT_REQUEST_PROCESSING while the first request is in flight', async () => {
    await control(emu, 'PUT', '/faults', { endpoint: 'POST /v1/payments/key-in', hangSeconds: 1, remaining: 1 });
    const headers = { 'Idempotency-Key': `fly-${orderId()}` };
    const order = orderId('fly');
    const slow = keyIn(emu, { orderId: order }, headers);
    await new Promise((r) => setTimeout(r, 300));
    const dup = await keyIn(emu, { orderId: order }, headers);
    assert.equal(dup.status, 409);
    assert.equal(dup.body.code, 'IDEMPOTENT_REQUEST_PROCESSING');
    const first = await slow;
    assert.equal(first.status, 200);
    const replay = await keyIn(emu, { orderId: order }, headers);
    assert.deepEqual(replay.body, first.body);
  });

  it('adds latency with jitter to one endpoint only', async () => {
    await control(emu, 'PUT', '/faults', { endpoint: 'POST /v1/payments/key-in', latencyMs: 300, jitterMs: 100 });
    let t = Date.now();
    await keyIn(emu);
    const slow = Date.now() - t;
    assert.ok(slow >= 300, `took ${slow} ms`);
    t = Date.now();
    await call(emu, 'GET', '/v1/payments/none');
    assert.ok(Date.now() - t < 250);
  });

  it('fails a share of requests with the chosen status and code, and clears after `remaining`', async () => {
    const set = await control(emu, 'PUT', '/faults', {
      endpoint: 'POST /v1/billing/{billingKey}', errorRate: 1, errorStatus: 503, errorCode: 'PROVIDER_ERROR', remaining: 2,
    });
    assert.equal(set.body.endpoint, 'POST /v1/billing/:billingKey');
    const list = await control(emu, 'GET', '/faults');
    assert.equal(list.body.length, 1);
    const reg = await call(emu, 'POST', '/v1/billing/authorizations/card', { customerKey: 'fault-c', ...CARD });
    const charge = () => call(emu, 'POST', `/v1/billing/${reg.body.billingKey}`, { customerKey: 'fault-c', amount: 1000, orderId: orderId(), orderName: 'x' });
    const a = await charge();
    assert.equal(a.status, 503);
    assert.deepEqual(a.body, { code: 'PROVIDER_ERROR', message: '일시적인 오류가 발생했습니다. 잠시 후 다시 시도해주세요.' });
    assert.equal((await charge()).status, 503);
    assert.equal((await charge()).status, 200);

    await control(emu, 'PUT', '/faults', { endpoint: '*', errorRate: 0.5 });
    let failures = 0;
    for (let i = 0; i < 40; i++) if ((await call(emu, 'GET', '/v1/payments/none')).status === 500) failures += 1;
    assert.ok(failures > 5 && failures < 35, `${failures} of 40 failed`);
  });

  it('hangs for N seconds, or until the caller gives up', async () => {
    await control(emu, 'PUT', '/faults', { endpoint: 'GET /v1/payments/:paymentKey', hangSeconds: 1 });
    const t = Date.now();
    const r = await call(emu, 'GET', '/v1/payments/none');
    assert.equal(r.status, 404);
    assert.ok(Date.now() - t >= 1000);

    await control(emu, 'PUT', '/faults', { endpoint: 'GET /v1/payments/:paymentKey', hangSeconds: null });
    await assert.rejects(
      request(`${emu.url}/v1/payments/none`, { headers: { authorization: basic(emu.merchant.secretKey) }, headersTimeout: 1500 }),
      (err: any) => err.code === 'UND_ERR_HEADERS_TIMEOUT',
    );
  });

  it('commits then drops the connection: the caller hears nothing, the payment exists', async () => {
    await control(emu, 'PUT', '/faults', { endpoint: 'POST /v1/payments/key-in', dropRate: 1, remaining: 1 });
    const order = orderId('drop');
    await assert.rejects(keyIn(emu, { orderId: order }, { 'Idempotency-Key': `drop-${order}` }));
    const found = await call(emu, 'GET', `/v1/payments/orders/${order}`);
    assert.equal(found.status, 200);
    assert.equal(found.body.status, 'DONE');
    // A retry with the same key hears the committed answer instead of charging twice.
    const retry = await keyIn(emu, { orderId: order }, { 'Idempotency-Key': `drop-${order}` });
    assert.equal(retry.status, 200);
    assert.equal(retry.body.paymentKey, found.body.paymentKey);
  });

  it('validates fault settings', async () => {
    const bad = await control(emu, 'PUT', '/faults', { endpoint: 'nonsense', errorRate: 2 });
    assert.equal(bad.status, 400);
    const rate = await control(emu, 'PUT', '/faults', { endpoint: 'GET /v1/x', errorRate: 2 });
    assert.equal(rate.status, 400);
  });
});
