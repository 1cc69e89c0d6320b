// Operator management over HTTP on both stores: only admins reach the operators pages (by URL and by crafted POST),
// an admin confined to some merchants grants only those and cannot touch an operator who sees more, disabling ends
// the operator's open session at once, the last admin cannot be disabled, and a password reset works once.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { consoleServices } from '../../src/console/services.ts';
import { OperatorRuleError } from '../../src/core/operators/management.ts';
import { ConsoleClient, createOperator } from './harness.ts';

const noticeOf = (text: string) => /data-testid="notice">([^<]*)</.exec(text)?.[1] ?? '';

describeEachStore('console operators', (kind) => {
  let gw: TestGateway;
  let other: Awaited<ReturnType<TestGateway['ctx']['merchants']['create']>>;
  let root: { email: string; password: string };
  let clerk: { email: string; password: string };
  const operatorRow = (email: string) => (gw.ctx.db as any).selectFrom('operators').selectAll().where('email', '=', email).executeTakeFirst();
  const idOf = async (email: string) => Number((await operatorRow(email)).id);

  before(async () => {
    gw = await startTestGateway(kind);
    other = await gw.ctx.merchants.create({ name: 'Other <b>shop</b>' });
    // The first operator of an installation is an admin without asking.
    root = await createOperator(gw.ctx, 'root@example.com', { owner: true });
    clerk = await createOperator(gw.ctx, 'clerk@example.com', { merchantIds: [gw.merchant.id] });
  });
  after(async () => gw?.close());

  it('makes the first operator an admin and no later one unless asked', async () => {
    assert.equal((await operatorRow(root.email)).admin, true);
    assert.equal((await operatorRow(clerk.email)).admin, false);
  });

  it('keeps a non-admin out of every operators page and form, and hides the link', async () => {
    const c = new ConsoleClient(gw.url);
    await c.loginOk(clerk.email, clerk.password);
    assert.doesNotMatch((await c.get('/console/merchants')).text, /operators-link/);
    const rootId = await idOf(root.email);
    for (const path of ['/console/operators', `/console/operators/${rootId}`, `/console/operators/${await idOf(clerk.email)}`]) {
      const res = await c.get(path);
      assert.equal(res.status, 404, path);
      assert.doesNotMatch(res.text, /root@example\.com/);
    }
    const before = (await (gw.ctx.db as any).selectFrom('operators').select('id').execute()).length;
    const hashBefore = (await operatorRow(root.email)).password_hash;
    const posts: [string, Record<string, string | string[]>][] = [
      ['/console/operators', { email: 'sneaky@example.com', password: 'sneaky password 1', owner: '1' }],
      [`/console/operators/${await idOf(clerk.email)}/merchants`, { owner: '1', merchant: [gw.merchant.userCode, other.userCode] }],
      [`/console/operators/${rootId}/disable`, {}],
      [`/console/operators/${rootId}/password`, { password: 'taken over password' }],
    ];
    for (const [path, form] of posts) {
      const res = await c.post(path, form);
      assert.equal(res.status, 404, path);
    }
    assert.equal((await (gw.ctx.db as any).selectFrom('operators').select('id').execute()).length, before);
    const root2 = await operatorRow(root.email);
    assert.equal(root2.disabled_at, null);
    assert.equal(root2.password_hash, hashBefore);
    assert.equal((await operatorRow(clerk.email)).owner, false);
  });

  it('lets an admin confined to one merchant grant only that one, and not touch an operator who sees more', async () => {
    const lead = await createOperator(gw.ctx, 'lead@example.com', { admin: true, merchantIds: [gw.merchant.id] });
    const c = new ConsoleClient(gw.url);
    await c.loginOk(lead.email, lead.password);
    const list = await c.get('/console/operators');
    assert.equal(list.status, 200);
    assert.match(list.text, /data-operator="root@example.com"/);
    assert.doesNotMatch(list.text, /Other &lt;b&gt;shop|Other <b>shop/, 'a merchant the admin cannot see is never named');
    assert.doesNotMatch(list.text, /name="owner"/, 'only an owner is offered every merchant');

    const beyond = await c.post('/console/operators', { email: 'beyond@example.com', password: 'a good password', merchant: [gw.merchant.userCode, other.userCode] });
    assert.equal(beyond.status, 400);
    assert.match(noticeOf(beyond.text), /볼 수 없는 가맹점은/);
    assert.match(beyond.text, /value="beyond@example.com"/, 'the form keeps what was typed');
    assert.equal(await operatorRow('beyond@example.com'), undefined);
    const everything = await c.post('/console/operators', { email: 'beyond@example.com', password: 'a good password', owner: '1' });
    assert.equal(everything.status, 400);
    assert.equal(await operatorRow('beyond@example.com'), undefined);

    const made = await c.post('/console/operators', { email: 'Helper@Example.com', merchant: gw.merchant.userCode });
    assert.equal(made.status, 200);
    const password = /data-testid="new-password">([^<]+)</.exec(made.text)![1]!;
    assert.match(password, /^[A-Za-z0-9]{20}$/);
    const helperId = await idOf('helper@example.com');
    const stored = await operatorRow('helper@example.com');
    assert.doesNotMatch(stored.password_hash, new RegExp(password), 'only the hash is kept');
    assert.match(stored.password_hash, /^scrypt\$/);
    const h = new ConsoleClient(gw.url);
    await h.loginOk('helper@example.com', password);
    assert.equal((await h.get(`/console/merchants/${gw.merchant.userCode}`)).status, 200);
    assert.equal((await h.get(`/console/merchants/${other.userCode}`)).status, 404);
    assert.equal((await h.get('/console/operators')).status, 404, 'an operator made in the console is no admin');

    // Granting a merchant out of sight by a crafted form is refused; the grants stay.
    const widen = await c.post(`/console/operators/${helperId}/merchants`, { merchant: [gw.merchant.userCode, other.userCode] });
    assert.equal(widen.status, 303);
    assert.match(noticeOf((await c.get(widen.location!)).text), /볼 수 없는 가맹점은/);
    assert.equal((await h.get(`/console/merchants/${other.userCode}`)).status, 404);

    // The owner root sees more than lead: its page offers no forms, and crafted posts are refused.
    const rootId = await idOf(root.email);
    const rootPage = await c.get(`/console/operators/${rootId}`);
    assert.equal(rootPage.status, 200);
    assert.doesNotMatch(rootPage.text, /data-testid="reset-password"/);
    const hash = (await operatorRow(root.email)).password_hash;
    await c.post(`/console/operators/${rootId}/password`, { password: 'taken over password' });
    assert.equal((await operatorRow(root.email)).password_hash, hash);
    await c.post(`/console/operators/${rootId}/disable`, {});
    assert.equal((await operatorRow(root.email)).disabled_at, null);
  });

  it('changes the merchants an operator sees, from the owner', async () => {
    const c = new ConsoleClient(gw.url);
    await c.loginOk(root.email, root.password);
    const clerkId = await idOf(clerk.email);
    const k = new ConsoleClient(gw.url);
    await k.loginOk(clerk.email, clerk.password);
    assert.equal((await k.get(`/console/merchants/${other.userCode}`)).status, 404);
    const saved = await c.post(`/console/operators/${clerkId}/merchants`, { merchant: other.userCode });
    assert.equal(saved.status, 303);
    assert.equal((await k.get(`/console/merchants/${other.userCode}`)).status, 200);
    assert.equal((await k.get(`/console/merchants/${gw.merchant.userCode}`)).status, 404, 'the unticked merchant is taken away');
    const page = await c.get(`/console/operators/${clerkId}`);
    assert.match(page.text, /Other &lt;b&gt;shop&lt;\/b&gt;/, 'merchant names are escaped');
  });

  it('ends a disabled operator\'s open session at once, refuses its sign-in, and lets it back when enabled', async () => {
    const temp = await createOperator(gw.ctx, 'temp@example.com', { merchantIds: [gw.merchant.id] });
    const t = new ConsoleClient(gw.url);
    await t.loginOk(temp.email, temp.password);
    const c = new ConsoleClient(gw.url);
    await c.loginOk(root.email, root.password);
    const id = await idOf(temp.email);
    await c.get(`/console/operators/${id}`);
    const off = await c.post(`/console/operators/${id}/disable`, {});
    assert.equal(off.status, 303);
    const kicked = await t.get('/console/merchants');
    assert.equal(kicked.status, 303);
    assert.match(kicked.location!, /\/console\/login/);
    assert.equal((await new ConsoleClient(gw.url).login(temp.email, temp.password)).status, 401);
    await c.post(`/console/operators/${id}/enable`, {});
    await new ConsoleClient(gw.url).loginOk(temp.email, temp.password);
  });

  it('never disables the last enabled admin', async () => {
    // lead (confined) cannot touch root, so make root the only admin left by disabling lead first.
    const c = new ConsoleClient(gw.url);
    await c.loginOk(root.email, root.password);
    await c.post(`/console/operators/${await idOf('lead@example.com')}/disable`, {});
    const rootId = await idOf(root.email);
    const refused = await c.post(`/console/operators/${rootId}/disable`, {});
    assert.equal(refused.status, 303);
    assert.match(noticeOf((await c.get(refused.location!)).text), /마지막 관리자/);
    assert.equal((await operatorRow(root.email)).disabled_at, null);
    // With a second admin enabled, an admin may step down; its own session ends with it.
    await c.post(`/console/operators/${await idOf('lead@example.com')}/enable`, {});
    const second = await createOperator(gw.ctx, 'second@example.com', { admin: true, owner: true });
    const s = new ConsoleClient(gw.url);
    await s.loginOk(second.email, second.password);
    await s.get('/console/operators');
    const stepDown = await s.post(`/console/operators/${await idOf(second.email)}/disable`, {});
    assert.equal(stepDown.status, 303);
    assert.equal((await s.get('/console/merchants')).status, 303, 'signed out');
    assert.notEqual((await operatorRow(second.email)).disabled_at, null);
  });

  it('resets a password: the old one stops working, the operator\'s sessions end, the admin stays signed in', async () => {
    const victim = await createOperator(gw.ctx, 'forgetful@example.com', { merchantIds: [gw.merchant.id] });
    const v = new ConsoleClient(gw.url);
    await v.loginOk(victim.email, victim.password);
    const c = new ConsoleClient(gw.url);
    await c.loginOk(root.email, root.password);
    const id = await idOf(victim.email);
    const tooShort = await c.post(`/console/operators/${id}/password`, { password: 'short' });
    assert.match(noticeOf((await c.get(tooShort.location!)).text), /10/);
    const chosen = await c.post(`/console/operators/${id}/password`, { password: 'a chosen new password' });
    assert.equal(chosen.status, 303);
    assert.equal((await v.get('/console/merchants')).status, 303, 'the old session ended');
    assert.equal((await new ConsoleClient(gw.url).login(victim.email, victim.password)).status, 401);
    await new ConsoleClient(gw.url).loginOk(victim.email, 'a chosen new password');
    // Resetting one's own password keeps the session it was done from.
    const own = await c.post(`/console/operators/${await idOf(root.email)}/password`, {});
    assert.equal(own.status, 200);
    const generated = /data-testid="new-password">([^<]+)</.exec(own.text)![1]!;
    assert.equal((await c.get('/console/operators')).status, 200);
    root = { email: root.email, password: generated };
    await new ConsoleClient(gw.url).loginOk(root.email, root.password);
  });

  it('refuses operator forms without the session\'s CSRF token', async () => {
    const c = new ConsoleClient(gw.url);
    await c.loginOk(root.email, root.password);
    const forged = await c.post('/console/operators', { email: 'forged@example.com', password: 'forged password 1' }, { csrf: 'forged' });
    assert.equal(forged.status, 403);
    const id = await idOf(clerk.email);
    assert.equal((await c.post(`/console/operators/${id}/disable`, {}, { csrf: null })).status, 403);
    assert.equal(await operatorRow('forged@example.com'), undefined);
    assert.equal((await operatorRow(clerk.email)).disabled_at, null);
  });
});

describeEachStore('console operators: two admins disabling each other at once', (kind) => {
  let gw: TestGateway;
  before(async () => {
    gw = await startTestGateway(kind);
  });
  after(async () => gw?.close());

  it('lets exactly one of them win, so an enabled admin remains', async () => {
    const { operators, operatorManagement } = consoleServices(gw.ctx);
    const a = await operators.create({ email: 'a@example.com', password: 'a long password', owner: true, admin: true });
    const b = await operators.create({ email: 'b@example.com', password: 'a long password', owner: true, admin: true });
    const outcomes = await Promise.allSettled([operatorManagement.setDisabled(a, b.id, true), operatorManagement.setDisabled(b, a.id, true)]);
    assert.equal(outcomes.filter((o) => o.status === 'fulfilled').length, 1, JSON.stringify(outcomes));
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    assert.ok(refused.reason instanceof OperatorRuleError && refused.reason.rule === 'last_admin', String(refused.reason));
    const enabled = await (gw.ctx.db as any).selectFrom('operators').select('email').where('admin', '=', true).where('disabled_at', 'is', null).execute();
    assert.equal(enabled.length, 1);
  });
});
