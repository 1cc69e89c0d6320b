// Webhooks to a local receiver that fails before it succeeds: envelopes, transmission headers, the retry ladder on a
// moved clock, and the attempt log.
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, it } from 'node:test';
import { openWindowPayment, runEmulatorWorkOnce, startEmulatorWorkers } from '../../src/emulator/index.ts';
import { describeEachStore } from '../helpers/stores.ts';
import { call, CARD, control, keyIn, logger, orderId, startEmulator, type Emulator } from './harness.ts';

interface Received {
  headers: http.IncomingHttpHeaders;
  body: any;
}

function receiver() {
  const received: Received[] = [];
  let failuresLeft = 0;
  const server = http.createServer((req, res) => {
    let data = '';
    req.on('data', (c) => (data += c));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(data) });
      if (failuresLeft > 0) {
        failuresLeft -= 1;
        res.statusCode = 500;
      } else res.statusCode = 200;
      res.end('ok');
    });
  });
  return {
    received,
    failNext(n: number) {
      failuresLeft = n;
    },
    async start() {
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describeEachStore('emulator webhooks', (kind) => {
  let emu: Emulator;
  const hook = receiver();
  before(async () => {
    const url = await hook.start();
    emu = await startEmulator(kind, { webhookUrl: url });
  });
  after(async () => {
    await emu.close();
    await hook.close();
  });

  it('sends PAYMENT_STATUS_CHANGED with the full payment and retries after 1 minute until answered 200', async () => {
    hook.failNext(1);
    const paid = await keyIn(emu);
    const workers = startEmulatorWorkers({ db: emu.store.db, clock: emu.clock, logger, pollIntervalMs: 25 });
    try {
      await until(() => hook.received.length >= 1);
      const first = hook.received[0];
      assert.equal(first.body.eventType, 'PAYMENT_STATUS_CHANGED');
      assert.match(first.body.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}$/);
      assert.equal(first.body.data.paymentKey, paid.body.paymentKey);
      assert.equal(first.body.data.status, 'DONE');
      assert.equal(first.headers['tosspayments-webhook-transmission-retried-count'], '0');
      assert.ok(first.headers['tosspayments-webhook-transmission-id']);
      assert.match(String(first.headers['tosspayments-webhook-transmission-time']), /\+09:00$/);

      await new Promise((r) => setTimeout(r, 150));
      assert.equal(hook.received.length, 1, 'no retry before the minute has passed');
      emu.clock.advance(60_000);
      await until(() => hook.received.length >= 2);
      const second = hook.received[1];
      assert.equal(second.headers['tosspayments-webhook-transmission-retried-count'], '1');
      assert.equal(second.headers['tosspayments-webhook-transmission-id'], first.headers['tosspayments-webhook-transmission-id']);
    } finally {
      await workers.stop();
    }
    const log = await control(emu, 'GET', `/webhooks?paymentKey=${paid.body.paymentKey}`);
    assert.equal(log.body.length, 1);
    assert.equal(log.body[0].status, 'DELIVERED');
    assert.deepEqual(log.body[0].log.map((a: any) => a.httpStatus), [500, 200]);
  });

  it('follows the 1, 4, 16, 64, 256, 1024, 4096-minute ladder and gives up after the last', async () => {
    hook.received.length = 0;
    hook.failNext(100);
    const paid = await keyIn(emu);
    await control(emu, 'POST', '/work', {});
    for (const minutes of [1, 4, 16, 64, 256, 1024, 4096]) {
      const before = hook.received.length;
      await control(emu, 'POST', '/clock/advance', { ms: minutes * 60_000 - 2000 });
      await control(emu, 'POST', '/work', {});
      assert.equal(hook.received.length, before, `not yet at ${minutes} minutes`);
      await control(emu, 'POST', '/clock/advance', { ms: 2000 });
      await control(emu, 'POST', '/work', {});
      assert.equal(hook.received.length, before + 1, `retried at ${minutes} minutes`);
    }
    const log = await control(emu, 'GET', `/webhooks?paymentKey=${paid.body.paymentKey}`);
    assert.equal(log.body[0].status, 'FAILED');
    assert.equal(log.body[0].attempts, 8);
    assert.equal(log.body[0].log.length, 8);
    hook.failNext(0);
  });

  it('sends DEPOSIT_CALLBACK flat with the secret, and BILLING_DELETED', async () => {
    hook.received.length = 0;
    const va = await call(emu, 'POST', '/v1/virtual-accounts', { amount: 30000, orderId: orderId('hookva'), orderName: 'x', customerName: '김', bank: '20' });
    await control(emu, 'POST', `/virtual-accounts/${va.body.paymentKey}/deposit`, {});
    await control(emu, 'POST', '/work', {});
    const callbacks = hook.received.filter((r) => r.body.eventType === undefined);
    assert.deepEqual(callbacks.map((c) => c.body.status).sort(), ['DONE', 'WAITING_FOR_DEPOSIT']);
    const done = callbacks.find((c) => c.body.status === 'DONE')!;
    assert.deepEqual(Object.keys(done.body).sort(), ['createdAt', 'orderId', 'secret', 'status', 'transactionKey']);
    assert.equal(done.body.secret, va.body.secret);
    assert.equal(done.body.orderId, va.body.orderId);

    const reg = await call(emu, 'POST', '/v1/billing/authorizations/card', { customerKey: 'hook-cust', ...CARD });
    const removed = await control(emu, 'POST', `/billing/${encodeURIComponent(reg.body.billingKey)}/remove`, { reason: '카드 해지' });
    assert.equal(removed.status, 200);
    await control(emu, 'POST', '/work', {});
    const deleted = hook.received.find((r) => r.body.eventType === 'BILLING_DELETED');
    assert.deepEqual(deleted?.body.data, { billingKey: reg.body.billingKey, reason: '카드 해지' });
    const charge = await call(emu, 'POST', `/v1/billing/${encodeURIComponent(reg.body.billingKey)}`, { customerKey: 'hook-cust', amount: 1000, orderId: orderId(), orderName: 'x' });
    assert.equal(charge.body.code, 'ALREADY_REMOVED_BILLING_KEY');
  });

  it('announces a window payment expired by a worker, with the links of the app', async () => {
    hook.received.length = 0;
    const opened = await openWindowPayment({ db: emu.store.db, clock: emu.clock }, {
      clientKey: emu.merchant.clientKey, method: '카드', params: { amount: 1000, orderId: orderId('gone'), orderName: 'x' },
    });
    emu.clock.advance(31 * 60_000);
    const ctx = { db: emu.store.db.withSchema('toss_emulator'), clock: emu.clock, logger, publicUrl: '' };
    const pass = await runEmulatorWorkOnce(ctx, emu.store.db);
    assert.equal(pass.expired, 1);
    await runEmulatorWorkOnce(ctx, emu.store.db);
    const event = hook.received.find((r) => r.body.data?.paymentKey === opened.paymentKey);
    assert.equal(event?.body.data.status, 'EXPIRED');
    assert.equal(event?.body.data.checkout.url, `http://emulator.test/v1/payments/${opened.paymentKey}/checkout`);
  });

  it('sends nothing for billing approvals', async () => {
    hook.received.length = 0;
    const reg = await call(emu, 'POST', '/v1/billing/authorizations/card', { customerKey: 'quiet', ...CARD });
    const paid = await call(emu, 'POST', `/v1/billing/${encodeURIComponent(reg.body.billingKey)}`, { customerKey: 'quiet', amount: 1000, orderId: orderId(), orderName: 'x' });
    assert.equal(paid.body.status, 'DONE');
    await control(emu, 'POST', '/work', {});
    assert.equal(hook.received.length, 0);
  });
});
