import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { recordWebhookEvent } from '../../src/store/repositories/webhook-events.ts';
import { paymentRepository } from '../../src/store/repositories/payments.ts';
import { seedPayment } from '../helpers/seed-payments.ts';

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

// A payment's change records its webhook in the change's own statement (announcementCtes); these hold it to the same
// rules as recordWebhookEvent, input by input.
describeEachStore('announcing in the change statement', (kind) => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway(kind);
  });
  after(async () => gw.close());

  const targetsOf = async (impUid: string) => {
    const events = await gw.ctx.db.selectFrom('webhook_events').selectAll().where('imp_uid', '=', impUid).execute();
    return events.map((e) => ({ targets: e.targets, body: e.body }));
  };

  test('same targets and body as recordWebhookEvent: trimmed, no blanks or repeats, in order; else the default URL; else none', async () => {
    const repo = paymentRepository(gw.ctx.db);
    const cases: { noticeUrls: string[]; defaultUrl: string | null; targets: string[] | null }[] = [
      {
        noticeUrls: [' http://127.0.0.1:9/b ', 'http://127.0.0.1:9/a', '', 'http://127.0.0.1:9/b', '  ', '\thttp://127.0.0.1:9/c\n'],
        defaultUrl: 'http://127.0.0.1:9/d',
        targets: ['http://127.0.0.1:9/b', 'http://127.0.0.1:9/a', 'http://127.0.0.1:9/c'],
      },
      { noticeUrls: [], defaultUrl: ' http://127.0.0.1:9/d ', targets: ['http://127.0.0.1:9/d'] },
      { noticeUrls: ['   '], defaultUrl: 'http://127.0.0.1:9/d', targets: ['http://127.0.0.1:9/d'] },
      { noticeUrls: [], defaultUrl: '  ', targets: null },
      { noticeUrls: [], defaultUrl: null, targets: null },
    ];
    for (const [i, c] of cases.entries()) {
      await gw.ctx.db.deleteFrom('merchant_webhook_settings').where('merchant_id', '=', gw.merchant.id).execute();
      if (c.defaultUrl !== null) {
        await gw.ctx.db.insertInto('merchant_webhook_settings').values({ merchant_id: gw.merchant.id, default_url: c.defaultUrl, updated_at: new Date() }).execute();
      }
      const impUid = await seedPayment(gw.ctx.db, gw.merchant.id, { merchant_uid: `announce-${i}`, state: 'approving', notice_urls: JSON.stringify(c.noticeUrls) });
      const changed = await repo.transition(impUid, ['approving'], { state: 'paid', paid_at: new Date(), updated_at: new Date() }, 'paid');
      assert.equal(changed, true);
      const expected = await gw.ctx.db.transaction().execute(async (tx) => {
        const recorded = await recordWebhookEvent(tx, { merchantId: gw.merchant.id, impUid: `${impUid}-js`, merchantUid: `announce-${i}`, status: 'paid', noticeUrls: c.noticeUrls });
        throw Object.assign(new Error('rollback'), { recorded });
      }).catch((e) => e.recorded as { targets: string[] } | null);
      const written = await targetsOf(impUid);
      assert.deepEqual(expected?.targets ?? null, c.targets, `case ${i}`);
      if (!expected) {
        assert.deepEqual(written, [], `case ${i}`);
        continue;
      }
      assert.deepEqual(written, [{ targets: expected.targets, body: { imp_uid: impUid, merchant_uid: `announce-${i}`, status: 'paid' } }], `case ${i}`);
      const deliveries = await gw.ctx.db.selectFrom('webhook_deliveries').innerJoin('webhook_events', 'webhook_events.id', 'webhook_deliveries.event_id')
        .select(['webhook_deliveries.url', 'webhook_deliveries.state']).where('webhook_events.imp_uid', '=', impUid).execute();
      assert.deepEqual(deliveries.map((d) => d.url).sort(), [...expected.targets].sort(), `case ${i}`);
    }
  });

  test('a change that no longer applies writes no event and answers false', async () => {
    const repo = paymentRepository(gw.ctx.db);
    const impUid = await seedPayment(gw.ctx.db, gw.merchant.id, { merchant_uid: 'announce-late', state: 'failed', notice_urls: JSON.stringify(['http://127.0.0.1:9/x']) });
    const changed = await repo.transition(impUid, ['approving', 'unknown'], { state: 'paid', updated_at: new Date() }, 'paid');
    assert.equal(changed, false);
    assert.deepEqual(await targetsOf(impUid), []);
  });
});
