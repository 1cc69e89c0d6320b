import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

describeEachStore('POST /users/getToken under concurrent calls', (kind) => {
  let gw: TestGateway;
  before(async () => (gw = await startTestGateway(kind)));
  after(async () => gw.close());

  const ask = async (secret = gw.merchant.impSecret) => {
    const res = await fetch(`${gw.url}/users/getToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imp_key: gw.merchant.impKey, imp_secret: secret }),
    });
    return { status: res.status, body: (await res.json()) as any };
  };

  it('mints one token however many of the merchant\'s servers ask at once, then keeps returning it', async () => {
    const first = await Promise.all(Array.from({ length: 20 }, () => ask()));
    assert.ok(first.every((r) => r.status === 200));
    const tokens = new Set(first.map((r) => r.body.response.access_token));
    assert.equal(tokens.size, 1);
    const [token] = tokens;
    gw.clock.advance(20 * 60_000);
    const later = await Promise.all(Array.from({ length: 20 }, () => ask()));
    assert.deepEqual(new Set(later.map((r) => r.body.response.access_token)), new Set([token]));
    assert.ok(later.every((r) => r.body.response.expired_at === first[0].body.response.expired_at));
  });

  it('extends the live token once when many ask in its last minute', async () => {
    const { body } = await ask();
    gw.clock.setOffset(gw.clock.offset + (body.response.expired_at - body.response.now - 30) * 1000);
    const answers = await Promise.all(Array.from({ length: 10 }, () => ask()));
    assert.deepEqual(new Set(answers.map((r) => r.body.response.access_token)), new Set([body.response.access_token]));
    assert.deepEqual(new Set(answers.map((r) => r.body.response.expired_at)), new Set([body.response.expired_at + 300]));
  });

  it('refuses a wrong secret even while a live token exists', async () => {
    await ask();
    const { status, body } = await ask(`${gw.merchant.impSecret}x`);
    assert.equal(status, 401);
    assert.deepEqual(body, { code: -1, message: 'Unauthorized', response: null });
  });
});
