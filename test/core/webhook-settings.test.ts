import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { DEFAULT_RETRY_SCHEDULE, nextAttemptAt, parseRetrySchedule } from '../../src/core/webhooks/retry-schedule.ts';

test('the retry schedule: each wait counted from the attempt before, exhausted after its last entry', () => {
  const t0 = new Date('2026-01-01T00:00:00Z');
  assert.equal(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 1, t0)?.toISOString(), '2026-01-01T00:00:05.000Z');
  assert.equal(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, 2, t0)?.toISOString(), '2026-01-01T00:05:00.000Z');
  assert.equal(nextAttemptAt(DEFAULT_RETRY_SCHEDULE, DEFAULT_RETRY_SCHEDULE.length, t0), null);
  const total = DEFAULT_RETRY_SCHEDULE.reduce((a, b) => a + b, 0);
  assert.ok(total > 20 * 3600 && total < 30 * 3600, 'about a day in all');
  assert.deepEqual(parseRetrySchedule(['0', 10, '60']), [0, 10, 60]);
  for (const bad of [[], 'often', [-1], [1.5], Array(21).fill(1), [8 * 24 * 3600]]) {
    assert.throws(() => parseRetrySchedule(bad), /재시도/, JSON.stringify(bad));
  }
});

describeEachStore('webhook settings', (kind) => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway(kind);
  });
  after(async () => gw.close());

  test('defaults until saved; URL, content type and timeouts are validated; the secret is sealed', async () => {
    const initial = await gw.ctx.webhooks.settings(gw.merchant.id);
    assert.deepEqual(
      [initial.defaultUrl, initial.contentType, initial.signingEnabled, initial.connectTimeoutMs, initial.readTimeoutMs],
      [null, 'json', false, 10_000, 30_000],
    );
    await assert.rejects(gw.ctx.webhooks.updateSettings(gw.merchant.id, { defaultUrl: 'ftp://shop.example.com/hook' }), /http/);
    await assert.rejects(gw.ctx.webhooks.updateSettings(gw.merchant.id, { defaultUrl: 'not a url' }), /URL/);
    await assert.rejects(gw.ctx.webhooks.updateSettings(gw.merchant.id, { contentType: 'xml' as 'json' }), /content_type/);
    await assert.rejects(gw.ctx.webhooks.updateSettings(gw.merchant.id, { readTimeoutMs: 10 }), /ms/);

    const saved = await gw.ctx.webhooks.updateSettings(gw.merchant.id, {
      defaultUrl: 'https://shop.example.com/iamport-webhook', contentType: 'form', signingEnabled: true, retrySchedule: [0, 60],
    });
    assert.equal(saved.defaultUrl, 'https://shop.example.com/iamport-webhook');
    const secret = await gw.ctx.webhooks.signingSecret(gw.merchant.id);
    assert.match(secret!, /^whsec_[A-Za-z0-9+/=]{32}$/);
    const row = await gw.ctx.db.selectFrom('merchant_webhook_settings').selectAll().where('merchant_id', '=', gw.merchant.id).executeTakeFirstOrThrow();
    assert.equal(row.signing_secret_sealed!.includes(secret!.slice(6)), false, 'stored sealed, never in clear');
    assert.deepEqual(row.retry_schedule, [0, 60]);

    const rotated = await gw.ctx.webhooks.rotateSigningSecret(gw.merchant.id);
    assert.notEqual(rotated, secret);
    assert.equal(await gw.ctx.webhooks.signingSecret(gw.merchant.id), rotated);
    const other = await gw.ctx.merchants.create({ name: 'Other shop' });
    assert.equal((await gw.ctx.webhooks.settings(other.id)).defaultUrl, null, 'settings are per merchant');
  });
});
