// The console's merchant pages over HTTP against the Toss emulator, on both stores: channel set-up (the refused API
// version, connection tests with right and wrong keys, disable), finding payments by each filter with keyset paging
// and CSV, a partial cancel the merchant's webhook receiver sees, and resending a failed webhook.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { seedPayment } from '../helpers/seed-payments.ts';
import { WebhookReceiver } from '../helpers/webhook-receiver.ts';
import { createWebhookWorker } from '../../src/jobs/webhook-delivery.ts';
import { ConsoleClient, createOperator } from './harness.ts';

const noticeOf = (text: string) => /data-testid="notice">([^<]*)</.exec(text)?.[1] ?? '';

describeEachStore('console merchant pages', (kind) => {
  let t: TossTestbed;
  let c: ConsoleClient;
  let base: string;
  const receiver = new WebhookReceiver();
  before(async () => {
    t = await startTossTestbed(kind);
    await receiver.start();
    const op = await createOperator(t.ctx, 'ops@example.com', { merchantIds: [t.merchant.id] });
    c = new ConsoleClient(t.url);
    await c.loginOk(op.email, op.password);
    base = `/console/merchants/${t.merchant.userCode}`;
  });
  after(async () => {
    await receiver.stop();
    await t?.close();
  });

  const channelForm = (over: Record<string, string> = {}) => ({
    name: 'Console channel', type: 'api_payment', mid: t.toss.mid, client_key: t.toss.clientKey, secret_key: t.toss.secretKey,
    api_version: '2022-07-27', api_base_url: t.emulatorUrl, script_url: `${t.emulatorUrl}/v1/payment`, environment: 'sandbox', ...over,
  });

  it('refuses another Toss API version with the reason, adds a channel, tests its keys, and disables it', async () => {
    const before = (await t.ctx.merchants.channels(t.merchant.id)).length;
    await c.get(`${base}/channels/new`);
    const refused = await c.post(`${base}/channels`, channelForm({ api_version: '2024-06-01' }));
    assert.equal(refused.status, 400);
    assert.match(noticeOf(refused.text), /must be 2022-07-27: PortOne&#39;s Toss module reads approval and failure responses/);
    assert.match(refused.text, /value="2024-06-01"/, 'the form keeps what was typed');
    assert.equal((await t.ctx.merchants.channels(t.merchant.id)).length, before);

    const saved = await c.post(`${base}/channels`, channelForm());
    assert.equal(saved.status, 303);
    const channel = (await t.ctx.merchants.channels(t.merchant.id)).find((ch) => ch.name === 'Console channel')!;
    assert.equal(channel.type, 'api_payment');
    assert.equal(channel.sandbox, true);
    assert.notEqual(channel.secretKeySealed, t.toss.secretKey, 'stored sealed');
    const list = await c.get(`${base}/channels`);
    assert.match(list.text, new RegExp(channel.channelKey));
    assert.doesNotMatch(list.text, new RegExp(t.toss.secretKey), 'the secret key is write-only');
    const edit = await c.get(`${base}/channels/${channel.channelKey}`);
    assert.doesNotMatch(edit.text, new RegExp(t.toss.secretKey));

    const ok = await c.post(`${base}/channels/${channel.channelKey}/test`, {});
    assert.equal(ok.status, 303);
    assert.match(noticeOf((await c.get(ok.location!)).text), /NOT_FOUND_PAYMENT/);

    // A wrong secret key, the rest kept: Toss answers UNAUTHORIZED_KEY.
    const changed = await c.post(`${base}/channels/${channel.channelKey}`, channelForm({ secret_key: 'test_sk_wrongwrongwrong' }));
    assert.equal(changed.status, 303);
    await c.post(`${base}/channels/${channel.channelKey}/test`, {});
    assert.match(noticeOf((await c.get(`${base}/channels`)).text), /UNAUTHORIZED_KEY/);
    // Saving without a secret keeps the stored (wrong) one; the refused version is refused on edit too.
    const keep = await c.post(`${base}/channels/${channel.channelKey}`, channelForm({ secret_key: '', sandbox: 'live', environment: 'live' }));
    assert.equal(keep.status, 303);
    const kept = (await t.ctx.merchants.channels(t.merchant.id)).find((ch) => ch.channelKey === channel.channelKey)!;
    assert.equal(t.ctx.secrets.decrypt(kept.secretKeySealed), 'test_sk_wrongwrongwrong');
    assert.equal(kept.sandbox, false);
    const badEdit = await c.post(`${base}/channels/${channel.channelKey}`, channelForm({ api_version: '1.0' }));
    assert.equal(badEdit.status, 400);

    await c.post(`${base}/channels/${channel.channelKey}/disable`, {});
    assert.equal((await t.ctx.merchants.channels(t.merchant.id)).find((ch) => ch.channelKey === channel.channelKey)!.enabled, false);
  });

  it('finds payments by each filter, pages by keyset without gaps or repeats, and exports the filtered list as CSV', async () => {
    const day = (d: string) => new Date(`${d}T12:00:00+09:00`);
    const ids = {
      paidCard: await seedPayment(t.ctx.db, t.merchant.id, { merchant_uid: 'f-paid', state: 'paid', paid_at: day('2026-03-02'), started_at: day('2026-03-02'), buyer_name: '김철수', buyer_email: 'kim@example.com', buyer_tel: '010-1111-2222' }),
      failedVbank: await seedPayment(t.ctx.db, t.merchant.id, { merchant_uid: 'f-failed', state: 'failed', failed_at: day('2026-03-05'), started_at: day('2026-03-05'), pay_method: 'vbank', buyer_name: '이영희' }),
      readyTrans: await seedPayment(t.ctx.db, t.merchant.id, { merchant_uid: '=cmd|evil', state: 'ready', started_at: day('2026-03-09'), pay_method: 'trans', buyer_name: '박민수' }),
    };
    const found = async (query: string) => {
      const res = await c.get(`${base}/payments?${query}`);
      assert.equal(res.status, 200);
      return [...res.text.matchAll(/data-imp-uid="([^"]+)"/g)].map((m) => m[1]);
    };
    assert.deepEqual(await found('status=failed&from=2026-03-01&to=2026-03-31'), [ids.failedVbank]);
    assert.deepEqual(await found('method=trans&from=2026-03-01&to=2026-03-31'), [ids.readyTrans]);
    assert.deepEqual(await found('from=2026-03-03&to=2026-03-05'), [ids.failedVbank]);
    assert.deepEqual(await found('merchant_uid=f-paid'), [ids.paidCard]);
    assert.deepEqual(await found(`imp_uid=${ids.readyTrans}`), [ids.readyTrans]);
    assert.deepEqual(await found('buyer=kim%40example.com'), [ids.paidCard]);
    assert.deepEqual(await found('buyer=010-1111-2222'), [ids.paidCard]);
    assert.deepEqual(await found(`buyer=${encodeURIComponent('이영희')}`), [ids.failedVbank]);
    assert.deepEqual(await found('from=2026-03-01&to=2026-03-31'), [ids.readyTrans, ids.failedVbank, ids.paidCard]);

    // 120 payments in one second-wide slice (equal started_at values): the cursor's imp_uid breaks the ties.
    const at = day('2026-04-01');
    const many = new Set<string>();
    for (let i = 0; i < 120; i++) many.add(await seedPayment(t.ctx.db, t.merchant.id, { merchant_uid: `page-${i}`, started_at: new Date(at.getTime() + (i % 7) * 1000) }));
    let path: string | null = `${base}/payments?from=2026-04-01&to=2026-04-01`;
    const seen: string[] = [];
    let pages = 0;
    while (path) {
      const res = await c.get(path);
      seen.push(...[...res.text.matchAll(/data-imp-uid="([^"]+)"/g)].map((m) => m[1]!));
      const next = /rel="next" data-testid="next-page" href="([^"]+)"/.exec(res.text);
      path = next ? next[1]!.replace(/&amp;/g, '&') : null;
      pages++;
    }
    assert.equal(pages, 3);
    assert.equal(seen.length, 120);
    assert.deepEqual(new Set(seen), many);

    const csv = await c.get(`${base}/payments.csv?from=2026-03-01&to=2026-03-31`);
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type')!, /text\/csv/);
    const lines = csv.text.replace(/^\ufeff/, '').trim().split('\r\n');
    assert.equal(lines.length, 4);
    assert.match(lines[0]!, /^imp_uid,merchant_uid,status/);
    assert.ok(lines.some((l) => l.startsWith(`${ids.readyTrans},'=cmd|evil,ready`)), 'formula-looking cells are neutralised');
  });

  it('cancels part of a payment from the console and the merchant webhook receiver sees the cancellation', async () => {
    await c.get(`${base}/webhooks`);
    const saved = await c.post(`${base}/webhooks/settings`, { default_url: receiver.url, content_type: 'json' });
    assert.equal(saved.status, 303);
    await t.call('POST', '/subscribe/customers/cu_console', CARDS.good);
    const { body } = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_console', merchant_uid: 'console-cancel', amount: 10_000 });
    const impUid = body.response.imp_uid as string;
    await createWebhookWorker(t.ctx).drain();
    receiver.received.length = 0;

    const detail = await c.get(`${base}/payments/${impUid}`);
    assert.match(detail.text, /data-testid="status">paid/);
    const cancelled = await c.post(`${base}/payments/${impUid}/cancel`, { amount: '3000', reason: '부분 환불 (콘솔)', checksum: '10000' });
    assert.equal(cancelled.status, 303, cancelled.text);
    const after = await c.get(cancelled.location!);
    assert.match(after.text, /data-testid="cancel-amount">3,000 KRW/);
    assert.match(after.text, /부분 환불 \(콘솔\)/);
    const balance = (await t.emulatorPayments()).find((p) => p.orderId === impUid)!;
    assert.equal(Number(balance.balanceAmount), 7_000);

    await createWebhookWorker(t.ctx).drain();
    const seen = receiver.acceptedJson().filter((w) => w.imp_uid === impUid);
    assert.equal(seen.length, 1);
    assert.equal(seen[0]!.status, 'cancelled');
    assert.ok(seen[0]!.cancellation_id);
    // The timeline shows the webhook and its delivered attempt.
    const timeline = await c.get(`${base}/payments/${impUid}`);
    assert.match(timeline.text, /badge delivered/);

    // A stale checksum (someone else cancelled meanwhile) is refused with the core's message.
    const stale = await c.post(`${base}/payments/${impUid}/cancel`, { amount: '1000', checksum: '10000' });
    assert.equal(stale.status, 400);
    assert.match(noticeOf(stale.text), /checksum\(10000\)/);
  });

  it('sends a test webhook to the default URL', async () => {
    const before = receiver.received.length;
    const sent = await c.post(`${base}/webhooks/test`, {});
    assert.equal(sent.status, 303);
    assert.match(noticeOf((await c.get(sent.location!)).text), new RegExp(receiver.url));
    await createWebhookWorker(t.ctx).drain();
    const got = receiver.received.slice(before).map((r) => JSON.parse(r.body));
    assert.deepEqual(got, [{ imp_uid: 'imp_000000000000', merchant_uid: 'tollgate-webhook-test', status: 'paid' }]);
  });

  it('resends one failed webhook and all failed ones', async () => {
    receiver.respond = () => 500;
    const { body } = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_console', merchant_uid: 'console-resend', amount: 1_000 });
    const impUid = body.response.imp_uid as string;
    await createWebhookWorker(t.ctx).drain();
    const delivery = await t.ctx.db.selectFrom('webhook_deliveries as d').innerJoin('webhook_events as e', 'e.id', 'd.event_id')
      .select(['d.id', 'd.state']).where('e.imp_uid', '=', impUid).executeTakeFirstOrThrow();
    assert.equal(delivery.state, 'failed');
    const failedList = await c.get(`${base}/webhooks?state=failed`);
    assert.match(failedList.text, new RegExp(`data-delivery="${delivery.id}"`));

    receiver.respond = () => 200;
    const before = receiver.acceptedJson().length;
    const resent = await c.post(`${base}/webhooks/${delivery.id}/resend`, {});
    assert.equal(resent.status, 303);
    await createWebhookWorker(t.ctx).drain();
    assert.equal(receiver.acceptedJson().length, before + 1);
    assert.equal(receiver.acceptedJson().at(-1)!.imp_uid, impUid);
    const row = await t.ctx.db.selectFrom('webhook_deliveries').select('state').where('id', '=', delivery.id).executeTakeFirstOrThrow();
    assert.equal(row.state, 'delivered');

    receiver.respond = () => 503;
    await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_console', merchant_uid: 'console-resend-2', amount: 1_000 });
    await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_console', merchant_uid: 'console-resend-3', amount: 1_000 });
    await createWebhookWorker(t.ctx).drain();
    receiver.respond = () => 200;
    const all = await c.post(`${base}/webhooks/resend-failed`, {});
    assert.match(noticeOf((await c.get(all.location!)).text), /\(2\)/);
    await createWebhookWorker(t.ctx).drain();
    const failedLeft = await t.ctx.db.selectFrom('webhook_deliveries').select('id').where('merchant_id', '=', t.merchant.id).where('state', 'in', ['failed', 'dead']).execute();
    assert.equal(failedLeft.length, 0);
  });
});
