import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { recordWebhookEvent, type WebhookEventInput } from '../../src/store/repositories/webhook-events.ts';
import { createWebhookWorker, startWebhookWorkers } from '../../src/jobs/webhook-delivery.ts';
import { DEFAULT_RETRY_SCHEDULE } from '../../src/core/webhooks/retry-schedule.ts';

let sequence = 0;
const nextImpUid = () => `imp_${String(++sequence).padStart(12, '0')}`;

describeEachStore('webhook delivery', (kind) => {
  let gw: TestGateway;
  let receiver: WebhookReceiver;

  before(async () => {
    gw = await startTestGateway(kind);
  });
  after(async () => gw.close());
  beforeEach(async () => {
    receiver = await new WebhookReceiver().start();
    await gw.ctx.webhooks.updateSettings(gw.merchant.id, {
      defaultUrl: receiver.url,
      contentType: 'json',
      signingEnabled: false,
      retrySchedule: [...DEFAULT_RETRY_SCHEDULE],
      readTimeoutMs: 30_000,
    });
    // Each test starts with nothing left to deliver from the one before.
    await gw.ctx.db.updateTable('webhook_deliveries').set({ state: 'dead', next_attempt_at: null }).execute();
  });
  afterEach(async () => receiver.stop());

  async function record(event: Partial<WebhookEventInput> = {}) {
    const impUid = event.impUid ?? nextImpUid();
    await gw.ctx.db.transaction().execute((tx) =>
      recordWebhookEvent(tx, {
        merchantId: gw.merchant.id,
        impUid,
        merchantUid: `order_${impUid}`,
        status: 'paid',
        noticeUrls: [],
        at: gw.clock.now(),
        ...event,
      }),
    );
    return impUid;
  }

  const deliveryOf = (impUid: string) =>
    gw.ctx.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .selectAll('d')
      .where('e.imp_uid', '=', impUid)
      .executeTakeFirstOrThrow();

  test('delivers the V1 body as JSON and records the attempt', async () => {
    const worker = createWebhookWorker(gw.ctx);
    const impUid = await record();
    assert.equal(await worker.drain(), 1);
    assert.equal(receiver.received.length, 1);
    assert.equal(receiver.received[0]!.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(receiver.received[0]!.body), { imp_uid: impUid, merchant_uid: `order_${impUid}`, status: 'paid' });
    assert.equal(receiver.received[0]!.headers['webhook-signature'], undefined, 'unsigned unless the merchant opts in');
    const delivery = await deliveryOf(impUid);
    assert.equal(delivery.state, 'delivered');
    assert.equal(delivery.attempt_count, 1);
    const attempts = await gw.ctx.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', delivery.id).execute();
    assert.equal(attempts.length, 1);
    assert.equal(attempts[0]!.http_status, 200);
    assert.equal(attempts[0]!.response_excerpt, 'OK');
    assert.equal(await worker.drain(), 0, 'a delivered webhook is not sent again');
  });

  test('delivers as a form when the merchant chose it, with cancellation_id on cancels', async () => {
    await gw.ctx.webhooks.updateSettings(gw.merchant.id, { contentType: 'form' });
    const impUid = await record({ status: 'cancelled', cancellationId: 'ABCDEFGHIJKLMNOPQRST' });
    await createWebhookWorker(gw.ctx).drain();
    assert.equal(receiver.received.length, 1);
    assert.equal(receiver.received[0]!.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.deepEqual(Object.fromEntries(new URLSearchParams(receiver.received[0]!.body)), {
      imp_uid: impUid,
      merchant_uid: `order_${impUid}`,
      status: 'cancelled',
      cancellation_id: 'ABCDEFGHIJKLMNOPQRST',
    });
  });

  test('the payment notice_url is used instead of the default URL', async () => {
    const other = await new WebhookReceiver().start();
    try {
      await record({ noticeUrls: [other.url] });
      await createWebhookWorker(gw.ctx).drain();
      assert.equal(other.received.length, 1);
      assert.equal(receiver.received.length, 0);
    } finally {
      await other.stop();
    }
  });

  test('retries along the schedule as the clock moves, gives up when it is exhausted, and a resend re-arms it', async () => {
    receiver.respond = () => 503;
    const worker = createWebhookWorker(gw.ctx);
    const impUid = await record();
    assert.equal(await worker.drain(), 1);
    for (let attempt = 1; attempt < DEFAULT_RETRY_SCHEDULE.length; attempt++) {
      const waitMs = DEFAULT_RETRY_SCHEDULE[attempt]! * 1000;
      // Half the wait: not due yet, with the other half as room for the real time the test itself takes.
      gw.clock.advance(waitMs / 2);
      assert.equal(await worker.drain(), 0, `attempt ${attempt + 1} must wait ${waitMs / 1000} s`);
      gw.clock.advance(waitMs / 2);
      assert.equal(await worker.drain(), 1, `attempt ${attempt + 1} is due after ${waitMs / 1000} s`);
    }
    let delivery = await deliveryOf(impUid);
    assert.equal(delivery.state, 'dead');
    assert.equal(delivery.attempt_count, DEFAULT_RETRY_SCHEDULE.length);
    assert.equal(delivery.last_status, 503);
    gw.clock.advance(7 * 24 * 3600 * 1000);
    assert.equal(await worker.drain(), 0, 'a dead delivery is never tried again by itself');
    assert.equal(receiver.received.length, DEFAULT_RETRY_SCHEDULE.length);

    receiver.respond = () => 200;
    await gw.ctx.webhooks.resend(gw.merchant.id, delivery.id);
    assert.equal(await worker.drain(), 1);
    delivery = await deliveryOf(impUid);
    assert.equal(delivery.state, 'delivered');
    const attempts = await gw.ctx.db.selectFrom('webhook_attempts').select('http_status').where('delivery_id', '=', delivery.id).execute();
    assert.equal(attempts.length, DEFAULT_RETRY_SCHEDULE.length + 1, 'every attempt stays in the log');
  });

  test('a resend of another merchant\'s delivery is refused', async () => {
    const impUid = await record();
    const delivery = await deliveryOf(impUid);
    const other = await gw.ctx.merchants.create({ name: 'Other shop' });
    await assert.rejects(gw.ctx.webhooks.resend(other.id, delivery.id), /웹훅 발송 기록이 존재하지 않습니다/);
  });

  test('a receiver that is down for a while and then fails half its requests still gets every event', async () => {
    // A merchant that expects outages asks for more attempts: twenty, a minute apart after the first ones.
    const schedule = [0, 5, ...Array(18).fill(60)];
    await gw.ctx.webhooks.updateSettings(gw.merchant.id, { retrySchedule: schedule });
    const worker = createWebhookWorker(gw.ctx);
    await receiver.stop();
    const impUids: string[] = [];
    for (let i = 0; i < 40; i++) impUids.push(await record());
    assert.equal(await worker.drain(), 40);
    gw.clock.advance(5_000);
    assert.equal(await worker.drain(), 40);
    const whileDown = await deliveryOf(impUids[0]!);
    assert.equal(whileDown.state, 'failed');
    assert.match(whileDown.last_error ?? '', /ECONNREFUSED/);
    await receiver.start();
    let answered = 0;
    receiver.respond = () => (answered++ % 2 === 0 ? 500 : 200);
    for (let round = 2; round < schedule.length; round++) {
      gw.clock.advance(60_000);
      await worker.drain();
    }
    const accepted = new Set(receiver.acceptedJson().map((b) => b.imp_uid));
    for (const impUid of impUids) assert.ok(accepted.has(impUid), `${impUid} was delivered`);
    assert.ok(receiver.received.some((r) => r.status === 500), 'the receiver did refuse some');
    const states = await gw.ctx.db
      .selectFrom('webhook_deliveries as d')
      .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .select('d.state')
      .where('e.imp_uid', 'in', impUids)
      .execute();
    assert.deepEqual(new Set(states.map((s) => s.state)), new Set(['delivered']));
  });

  test('a receiver verifying Standard Webhooks signatures accepts every one', async () => {
    await gw.ctx.webhooks.updateSettings(gw.merchant.id, { signingEnabled: true });
    const secret = await gw.ctx.webhooks.signingSecret(gw.merchant.id);
    assert.match(secret!, /^whsec_/);
    const verifier = new Webhook(secret!);
    const impostor = new Webhook(`whsec_${Buffer.alloc(24, 7).toString('base64')}`);
    let impostorAccepted = 0;
    receiver.respond = ({ headers, body }) => {
      const h = headers as Record<string, string>;
      try {
        impostor.verify(body, h);
        impostorAccepted++;
      } catch {
        // expected: another secret must not verify
      }
      try {
        verifier.verify(body, h);
        return 204;
      } catch {
        return 401;
      }
    };
    const impUids: string[] = [];
    for (let i = 0; i < 10; i++) impUids.push(await record({ status: i % 2 ? 'paid' : 'ready' }));
    await createWebhookWorker(gw.ctx).drain();
    assert.equal(receiver.received.length, 10);
    assert.deepEqual(receiver.received.map((r) => r.status), Array(10).fill(204));
    assert.equal(impostorAccepted, 0);
    const ids = new Set(receiver.received.map((r) => r.headers['webhook-id']));
    assert.equal(ids.size, 10, 'each event has its own webhook-id');
  });

  test('private targets are refused when the configuration does not allow them, also through a host name', async () => {
    const worker = createWebhookWorker(gw.ctx, { privateTargets: 'none' });
    const literal = await record();
    const named = await record({ noticeUrls: [`http://localhost:${receiver.port}/webhook`] });
    const metadata = await record({ noticeUrls: ['http://169.254.169.254/latest/meta-data/'] });
    assert.equal(await worker.drain(), 3);
    assert.equal(receiver.received.length, 0);
    for (const impUid of [literal, named, metadata]) {
      const delivery = await deliveryOf(impUid);
      assert.equal(delivery.state, 'failed');
      assert.match(delivery.last_error ?? '', /private range/);
    }
    // Loopback is what development and tests allow by default.
    gw.clock.advance(10_000);
    assert.equal(await createWebhookWorker(gw.ctx).drain(), 3);
    assert.equal(receiver.received.length, 2, 'both loopback targets received it, the metadata address never');
    assert.equal((await deliveryOf(metadata)).state, 'failed');
  });

  test('a receiver that never answers is cut off at the read timeout and tried again later', async () => {
    await gw.ctx.webhooks.updateSettings(gw.merchant.id, { readTimeoutMs: 300 });
    receiver.hang = true;
    const impUid = await record();
    const started = Date.now();
    assert.equal(await createWebhookWorker(gw.ctx).drain(), 1);
    assert.ok(Date.now() - started < 5000, 'the attempt ended at the timeout');
    const delivery = await deliveryOf(impUid);
    assert.equal(delivery.state, 'failed');
    assert.equal(delivery.last_status, null);
    assert.match(delivery.last_error ?? '', /timeout/i);
    const [attempt] = await gw.ctx.db.selectFrom('webhook_attempts').selectAll().where('delivery_id', '=', delivery.id).execute();
    assert.ok(attempt!.duration_ms >= 300 && attempt!.duration_ms < 5000, `${attempt!.duration_ms} ms`);
    receiver.hang = false;
    gw.clock.advance(5_000);
    assert.equal(await createWebhookWorker(gw.ctx).drain(), 1);
    assert.equal((await deliveryOf(impUid)).state, 'delivered');
  });

  test('a running worker delivers within a second of the commit', async () => {
    const worker = startWebhookWorkers(gw.ctx);
    try {
      const recordedAt = new Map<string, number>();
      for (let i = 0; i < 20; i++) {
        const impUid = nextImpUid();
        recordedAt.set(impUid, Date.now());
        await record({ impUid });
        await new Promise((r) => setTimeout(r, 20));
      }
      const deadline = Date.now() + 5000;
      while (receiver.received.length < 20 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      assert.equal(receiver.received.length, 20);
      const delays = receiver.received.map((r) => r.at - recordedAt.get(JSON.parse(r.body).imp_uid)!).sort((a, b) => a - b);
      assert.ok(delays[Math.floor(delays.length * 0.95)]! < 1000, `p95 delay ${delays[Math.floor(delays.length * 0.95)]} ms`);
    } finally {
      await worker.stop();
    }
  });
});
