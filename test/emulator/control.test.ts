// The control API: merchants, clock, worker pass, reset.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { openWindowPayment } from '../../src/emulator/index.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { call, control, keyIn, orderId, startEmulator, type Emulator } from './harness.ts';

describeEachStore('emulator control API', (kind) => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator(kind);
  });
  after(async () => emu.close());

  it('creates, lists and updates merchants whose keys work at once', async () => {
    const created = await control(emu, 'POST', '/merchants', { mid: 'tshop01', name: '테스트 상점', webhookUrl: null });
    assert.equal(created.status, 201);
    assert.equal(created.body.mid, 'tshop01');
    assert.match(created.body.clientKey, /^test_ck_/);
    assert.match(created.body.secretKey, /^test_sk_/);
    assert.equal(created.body.apiVersion, '2022-07-27');
    const dup = await control(emu, 'POST', '/merchants', { mid: 'tshop01' });
    assert.equal(dup.status, 409);
    const bad = await control(emu, 'POST', '/merchants', { mid: 'has space' });
    assert.equal(bad.status, 400);
    const list = await control(emu, 'GET', '/merchants');
    assert.ok(list.body.some((m: any) => m.mid === 'tshop01'));
    const patched = await control(emu, 'PATCH', '/merchants/tshop01', { webhookUrl: 'http://127.0.0.1:9/hook', apiVersion: '2022-11-16' });
    assert.equal(patched.body.webhookUrl, 'http://127.0.0.1:9/hook');
    const paid = await keyIn({ ...emu, merchant: created.body });
    assert.equal(paid.status, 200);
    assert.equal(paid.body.mId, 'tshop01');
    assert.equal(paid.body.version, '2022-11-16');
  });

  it('moves the clock forward only, and expires abandoned windows on a worker pass', async () => {
    const opened = await openWindowPayment({ db: emu.store.db, clock: emu.clock }, {
      clientKey: emu.merchant.clientKey, method: '카드', params: { amount: 1000, orderId: orderId('abandon'), orderName: 'x' },
    });
    const back = await control(emu, 'POST', '/clock/advance', { ms: -5 });
    assert.equal(back.status, 400);
    const moved = await control(emu, 'POST', '/clock/advance', { ms: 31 * 60_000 });
    assert.ok(moved.body.offsetMs >= 31 * 60_000);
    await control(emu, 'POST', '/work', {});
    const p = await call(emu, 'GET', `/v1/payments/${opened.paymentKey}`);
    assert.equal(p.body.status, 'EXPIRED');
    assert.equal(p.body.failure.code, 'NOT_FOUND_PAYMENT_SESSION');
  });

  it('resets payments but keeps merchants unless asked', async () => {
    const paid = await keyIn(emu);
    const reset = await control(emu, 'POST', '/reset', {});
    assert.equal(reset.status, 200);
    assert.equal((await call(emu, 'GET', `/v1/payments/${paid.body.paymentKey}`)).status, 404);
    assert.equal((await keyIn(emu)).status, 200);
    await control(emu, 'POST', '/reset', { merchants: true });
    assert.equal((await call(emu, 'GET', '/v1/payments/x')).body.code, 'UNAUTHORIZED_KEY');
  });
});
