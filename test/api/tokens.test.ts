import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';

async function getToken(gw: TestGateway, body: string, contentType = 'application/json') {
  const res = await fetch(`${gw.url}/users/getToken`, { method: 'POST', headers: { 'content-type': contentType }, body });
  return { status: res.status, body: (await res.json()) as any, headers: res.headers };
}

describeEachStore('POST /users/getToken', (kind) => {
  let gw: TestGateway;
  before(async () => (gw = await startTestGateway(kind)));
  after(async () => gw.close());

  it('issues a 40-hex token valid for 30 minutes, with message null', async () => {
    const { status, body } = await getToken(gw, JSON.stringify({ imp_key: gw.merchant.impKey, imp_secret: gw.merchant.impSecret }));
    assert.equal(status, 200);
    assert.equal(body.code, 0);
    assert.equal(body.message, null);
    assert.match(body.response.access_token, /^[0-9a-f]{40}$/);
    assert.equal(body.response.expired_at - body.response.now, 1800);
    assert.ok(Number.isInteger(body.response.now));
  });

  it('returns the same token before expiry, extends it by 5 minutes in the last minute, and a new one after', async () => {
    const creds = JSON.stringify({ imp_key: gw.merchant.impKey, imp_secret: gw.merchant.impSecret });
    const first = (await getToken(gw, creds)).body.response;
    gw.clock.advance(10 * 60_000);
    const second = (await getToken(gw, creds)).body.response;
    assert.equal(second.access_token, first.access_token);
    assert.equal(second.expired_at, first.expired_at);
    gw.clock.setOffset(gw.clock.offset + (first.expired_at - second.now - 30) * 1000);
    const third = (await getToken(gw, creds)).body.response;
    assert.equal(third.access_token, first.access_token);
    assert.equal(third.expired_at, first.expired_at + 300);
    gw.clock.advance(331_000);
    const fourth = (await getToken(gw, creds)).body.response;
    assert.notEqual(fourth.access_token, first.access_token);
    assert.equal(fourth.expired_at - fourth.now, 1800);
  });

  it('accepts a form body, with the stray space one Go client puts before imp_secret', async () => {
    const form = `imp_key=${gw.merchant.impKey}& imp_secret=${encodeURIComponent(gw.merchant.impSecret)}`;
    const { status, body } = await getToken(gw, form, 'application/x-www-form-urlencoded');
    assert.equal(status, 200);
    assert.equal(body.code, 0);
  });

  it('answers a wrong secret with 401 Unauthorized', async () => {
    const { status, body, headers } = await getToken(gw, JSON.stringify({ imp_key: gw.merchant.impKey, imp_secret: 'wrong-secret-000000' }));
    assert.equal(status, 401);
    assert.deepEqual(body, { code: -1, message: 'Unauthorized', response: null });
    assert.equal(headers.get('www-authorize'), 'iamport');
  });

  it('answers missing parameters with the verbatim message', async () => {
    const { status, body } = await getToken(gw, JSON.stringify({ imp_key: gw.merchant.impKey }));
    assert.equal(status, 400);
    assert.equal(body.message, 'imp_key, imp_secret 파라메터가 누락되었습니다.');
  });

  it('answers malformed JSON with a V1 400, not a stack trace', async () => {
    const { status, body } = await getToken(gw, '{"imp_key":');
    assert.equal(status, 400);
    assert.equal(body.code, -1);
    assert.equal(body.response, null);
  });

  it('accepts the token raw, as Bearer, as X-ImpTokenHeader and as ?_token=', async () => {
    const token = await gw.token();
    const forms: [string, RequestInit][] = [
      ['/users/pg', { headers: { authorization: token } }],
      ['/users/pg', { headers: { authorization: `Bearer ${token}` } }],
      ['/users/pg', { headers: { 'x-imptokenheader': token } }],
      [`/users/pg?_token=${token}`, {}],
      ['/users/pg/', { headers: { authorization: token } }],
    ];
    for (const [path, init] of forms) {
      const res = await fetch(gw.url + path, init);
      assert.equal(res.status, 200, path);
      const body = (await res.json()) as any;
      assert.equal(body.code, 0);
    }
    const res = await fetch(`${gw.url}/users/pg`, { headers: { authorization: 'f'.repeat(40) } });
    assert.equal(res.status, 401);
    assert.deepEqual(await res.json(), { code: -1, message: 'Unauthorized', response: null });
  });

  it('lets Authorization win over X-ImpTokenHeader', async () => {
    const token = await gw.token();
    const res = await fetch(`${gw.url}/users/pg`, { headers: { authorization: 'a'.repeat(40), 'x-imptokenheader': token } });
    assert.equal(res.status, 401);
  });
});
