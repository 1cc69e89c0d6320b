import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { recordWebhookEvent } from '../../src/store/repositories/webhook-events.ts';

describeEachStore('recording webhook events', (kind) => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway(kind);
  });
  after(async () => gw.close());

  test('no notice_url and no default URL: nothing is written', async () => {
    const recorded = await gw.ctx.db.transaction().execute((tx) =>
      recordWebhookEvent(tx, { merchantId: gw.merchant.id, impUid: 'imp_000000000001', merchantUid: 'o1', status: 'paid', noticeUrls: [] }),
    );
    assert.equal(recorded, null);
    const events = await gw.ctx.db.selectFrom('webhook_events').selectAll().execute();
    assert.equal(events.length, 0);
  });

  test('the payment notice_urls win over the default URL; one delivery per distinct URL', async () => {
    await gw.ctx.db
      .insertInto('merchant_webhook_settings')
      .values({ merchant_id: gw.merchant.id, default_url: 'http://127.0.0.1:9/default', updated_at: new Date() })
      .execute();
    const recorded = await gw.ctx.db.transaction().execute((tx) =>
      recordWebhookEvent(tx, {
        merchantId: gw.merchant.id,
        impUid: 'imp_000000000002',
        merchantUid: 'o2',
        status: 'cancelled',
        cancellationId: 'ABCDEFGHIJKLMNOPQRST',
        noticeUrls: ['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b', 'http://127.0.0.1:9/a'],
      }),
    );
    assert.deepEqual(recorded?.targets, ['http://127.0.0.1:9/a', 'http://127.0.0.1:9/b']);
    const event = await gw.ctx.db.selectFrom('webhook_events').selectAll().where('id', '=', recorded!.eventId).executeTakeFirstOrThrow();
    assert.deepEqual(event.body, { imp_uid: 'imp_000000000002', merchant_uid: 'o2', status: 'cancelled', cancellation_id: 'ABCDEFGHIJKLMNOPQRST' });
    const deliveries = await gw.ctx.db.selectFrom('webhook_deliveries').selectAll().where('event_id', '=', recorded!.eventId).execute();
    assert.deepEqual(deliveries.map((d) => [d.url, d.state]).sort(), [['http://127.0.0.1:9/a', 'pending'], ['http://127.0.0.1:9/b', 'pending']]);

    const fallback = await gw.ctx.db.transaction().execute((tx) =>
      recordWebhookEvent(tx, { merchantId: gw.merchant.id, impUid: 'imp_000000000003', merchantUid: 'o3', status: 'paid', noticeUrls: [] }),
    );
    assert.deepEqual(fallback?.targets, ['http://127.0.0.1:9/default']);
  });

  test('a rolled back transaction leaves no event behind', async () => {
    await assert.rejects(
      gw.ctx.db.transaction().execute(async (tx) => {
        await recordWebhookEvent(tx, { merchantId: gw.merchant.id, impUid: 'imp_000000000004', merchantUid: 'o4', status: 'paid', noticeUrls: ['http://127.0.0.1:9/x'] });
        throw new Error('the change failed');
      }),
    );
    const events = await gw.ctx.db.selectFrom('webhook_events').select('id').where('imp_uid', '=', 'imp_000000000004').execute();
    assert.equal(events.length, 0);
  });
});
