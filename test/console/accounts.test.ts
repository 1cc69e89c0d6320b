// Console accounts over HTTP on both stores: sign-in and sign-out, cookie attributes, wrong passwords and throttling
// held in the database, CSRF refusals, and operators confined to the merchants they were granted.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { seedPayment } from '../helpers/seed-payments.ts';
import { ConsoleClient, createOperator } from './harness.ts';
import { hashPassword, verifyPassword } from '../../src/core/operators/passwords.ts';
import { THROTTLE } from '../../src/core/operators/operators.ts';

describeEachStore('console accounts', (kind) => {
  let gw: TestGateway;
  let other: Awaited<ReturnType<TestGateway['ctx']['merchants']['create']>>;
  let alice: { email: string; password: string };
  before(async () => {
    gw = await startTestGateway(kind);
    other = await gw.ctx.merchants.create({ name: 'Other shop' });
    alice = await createOperator(gw.ctx, 'alice@example.com', { merchantIds: [gw.merchant.id] });
  });
  after(async () => gw?.close());

  it('stores scrypt hashes that verify only the right password', async () => {
    const hash = await hashPassword('a long passphrase');
    assert.match(hash, /^scrypt\$15\$8\$1\$/);
    assert.equal(await verifyPassword('a long passphrase', hash), true);
    assert.equal(await verifyPassword('a long passphrasE', hash), false);
    const row = await (gw.ctx.db as any).selectFrom('operators').select('password_hash').where('email', '=', alice.email).executeTakeFirstOrThrow();
    assert.doesNotMatch(row.password_hash, /correct horse/);
  });

  it('redirects to sign-in, signs in with a HttpOnly SameSite=Lax cookie, and signs out for good', async () => {
    const c = new ConsoleClient(gw.url);
    const first = await c.get('/console/merchants');
    assert.equal(first.status, 303);
    assert.equal(first.location, '/console/login?next=%2Fconsole%2Fmerchants');
    const login = await c.login(alice.email, alice.password);
    assert.equal(login.status, 303);
    assert.equal(login.location, '/console/merchants');
    const cookie = login.headers.getSetCookie().find((l) => l.startsWith('tg_console='))!;
    assert.match(cookie, /HttpOnly/);
    assert.match(cookie, /SameSite=Lax/);
    assert.match(cookie, /Path=\/console/);
    assert.doesNotMatch(cookie, /Secure/, 'the test gateway is plain http');
    const list = await c.get('/console/merchants');
    assert.equal(list.status, 200);
    assert.match(list.text, /Test shop/);
    assert.doesNotMatch(list.text, /Other shop/);
    const session = c.cookie('tg_console')!;
    const out = await c.post('/console/logout', {});
    assert.equal(out.status, 303);
    // The old cookie no longer opens anything: the session row is gone.
    const replay = await fetch(`${gw.url}/console/merchants`, { headers: { cookie: `tg_console=${session}` }, redirect: 'manual' });
    assert.equal(replay.status, 303);
  });

  it('refuses a wrong password and an unknown email alike, then throttles the email across the database', async () => {
    const email = 'throttled@example.com';
    const op = await createOperator(gw.ctx, email, { merchantIds: [gw.merchant.id] });
    const c = new ConsoleClient(gw.url);
    const unknown = await c.login('nobody@example.com', 'whatever whatever');
    assert.equal(unknown.status, 401);
    assert.match(unknown.text, /이메일 또는 비밀번호가 올바르지 않습니다/);
    for (let i = 0; i < THROTTLE.perEmail; i++) {
      const wrong = await c.login(email, `wrong password ${i}`);
      assert.equal(wrong.status, 401);
    }
    const blocked = await c.login(email, op.password);
    assert.equal(blocked.status, 429, 'even the right password is refused while throttled');
    assert.match(blocked.text, /15분/);
    const rows = await (gw.ctx.db as any).selectFrom('operator_login_failures').select('email').where('email', '=', email).execute();
    assert.equal(rows.length, THROTTLE.perEmail);
    // After the window the right password works again and clears the count.
    gw.clock.advance(THROTTLE.windowMs + 1000);
    const ok = await c.login(email, op.password);
    assert.equal(ok.status, 303);
  });

  it('refuses sign-in and every form without the right CSRF token', async () => {
    const c = new ConsoleClient(gw.url);
    await c.get('/console/login');
    const noToken = await c.post('/console/login', { email: alice.email, password: alice.password }, { csrf: null });
    assert.equal(noToken.status, 403);
    await c.loginOk(alice.email, alice.password);
    const keysBefore = (await gw.ctx.merchants.apiKeys(gw.merchant.id)).length;
    const forged = await c.post(`/console/merchants/${gw.merchant.userCode}/keys`, {}, { csrf: 'forged' });
    assert.equal(forged.status, 403);
    const missing = await c.post(`/console/merchants/${gw.merchant.userCode}/keys`, {}, { csrf: null });
    assert.equal(missing.status, 403);
    assert.equal((await gw.ctx.merchants.apiKeys(gw.merchant.id)).length, keysBefore);
    const real = await c.post(`/console/merchants/${gw.merchant.userCode}/keys`, {});
    assert.equal(real.status, 200);
    assert.equal((await gw.ctx.merchants.apiKeys(gw.merchant.id)).length, keysBefore + 1);
  });

  it('keeps an operator out of merchants it was not granted, by URL and by crafted POST', async () => {
    const impUid = await seedPayment(gw.ctx.db, other.id, { merchant_uid: 'other-order', state: 'paid', paid_at: new Date(), pg_tid: 'tx' });
    const c = new ConsoleClient(gw.url);
    await c.loginOk(alice.email, alice.password);
    const base = `/console/merchants/${other.userCode}`;
    for (const path of ['', '/channels', '/channels/new', '/payments', `/payments/${impUid}`, '/payments.csv', '/webhooks', '/billing-keys', '/schedules']) {
      const res = await c.get(base + path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.text, /Other shop|other-order/);
    }
    const keys = (await gw.ctx.merchants.apiKeys(other.id)).length;
    const posts: [string, Record<string, string>][] = [
      ['/keys', {}],
      [`/keys/${(await gw.ctx.merchants.apiKeys(other.id))[0]!.id}/revoke`, {}],
      ['/channels', { type: 'payment', mid: 'm', client_key: 'c', secret_key: 's', api_version: '2022-07-27', api_base_url: 'http://127.0.0.1:1', script_url: 'http://127.0.0.1:1/v1' }],
      [`/payments/${impUid}/cancel`, { amount: '100' }],
      ['/webhooks/settings', { default_url: 'http://127.0.0.1:9/steal' }],
      ['/webhooks/resend-failed', {}],
    ];
    for (const [path, form] of posts) {
      const res = await c.post(base + path, form);
      assert.equal(res.status, 404, path);
    }
    assert.equal((await gw.ctx.merchants.apiKeys(other.id)).filter((k) => !k.revokedAt).length, keys);
    assert.equal((await gw.ctx.merchants.channels(other.id)).length, 0);
    assert.equal((await gw.ctx.webhooks.settings(other.id)).defaultUrl, null);
    const payment = await gw.ctx.db.selectFrom('payments').select(['state', 'cancel_amount']).where('imp_uid', '=', impUid).executeTakeFirstOrThrow();
    assert.equal(payment.state, 'paid');
    // An owner sees both.
    const owner = await createOperator(gw.ctx, 'owner@example.com', { owner: true });
    const o = new ConsoleClient(gw.url);
    await o.loginOk(owner.email, owner.password);
    assert.equal((await o.get(base)).status, 200);
    assert.match((await o.get('/console/merchants')).text, /Other shop/);
  });

  it('creates a merchant with a key pair shown once, issues and revokes keys (the revoked key gets no token)', async () => {
    const c = new ConsoleClient(gw.url);
    await c.loginOk(alice.email, alice.password);
    const created = await c.post('/console/merchants', { name: 'Console shop' });
    assert.equal(created.status, 200);
    const userCode = /data-testid="user-code">(imp\d{8})</.exec(created.text)![1]!;
    const impKey = /data-testid="imp-key">([^<]+)</.exec(created.text)![1]!;
    const impSecret = /data-testid="imp-secret">([^<]+)</.exec(created.text)![1]!;
    const token = await fetch(`${gw.url}/users/getToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imp_key: impKey, imp_secret: impSecret }) });
    assert.equal((await token.json()).code, 0);
    const overview = await c.get(`/console/merchants/${userCode}`);
    assert.equal(overview.status, 200, 'the creator is granted the new merchant');
    assert.doesNotMatch(overview.text, new RegExp(impSecret), 'the secret is never shown again');
    const merchant = (await gw.ctx.merchants.find({ userCode }))!;
    const keyId = (await gw.ctx.merchants.apiKeys(merchant.id))[0]!.id;
    const revoked = await c.post(`/console/merchants/${userCode}/keys/${keyId}/revoke`, {});
    assert.equal(revoked.status, 303);
    const again = await fetch(`${gw.url}/users/getToken`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ imp_key: impKey, imp_secret: impSecret }) });
    assert.equal(again.status, 401);
  });
});
