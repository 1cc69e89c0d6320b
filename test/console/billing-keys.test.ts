// A billing key's page over HTTP against the Toss emulator, on both stores: the customer, the masked card, the issue
// date, its payments (linked) and schedules, never the key itself nor a full card number; deleting it (CSRF-checked)
// retires it; and an operator of another merchant can neither open nor delete it.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { maskedCard } from '../../src/console/routes/billing.ts';
import { ConsoleClient, createOperator } from './harness.ts';

it('shows a card number only masked, even one that arrived unmasked', () => {
  assert.equal(maskedCard('94100012****789*'), '94100012****789*');
  assert.equal(maskedCard('9410001234567890'), '941000******7890');
  assert.equal(maskedCard('9410-0012-3456-7890'), '941000******7890');
  assert.equal(maskedCard(null), '');
});

describeEachStore('console billing-key page', (kind) => {
  let t: TossTestbed;
  let c: ConsoleClient;
  let base: string;
  let impUid: string;
  before(async () => {
    t = await startTossTestbed(kind);
    const op = await createOperator(t.ctx, 'keys@example.com', { merchantIds: [t.merchant.id] });
    c = new ConsoleClient(t.url);
    await c.loginOk(op.email, op.password);
    base = `/console/merchants/${t.merchant.userCode}/billing-keys`;
    const registered = await t.call('POST', '/subscribe/customers/cu_detail', {
      ...CARDS.good, customer_name: '<script>alert(1)</script>김고객', customer_email: 'customer@example.com', customer_tel: '010-1234-5678',
    });
    assert.equal(registered.body.code, 0, JSON.stringify(registered.body));
    const paid = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_detail', merchant_uid: 'detail-order', amount: 4_000 });
    impUid = paid.body.response.imp_uid;
    const at = Math.floor(t.clock.now().getTime() / 1000) + 86_400;
    const booked = await t.call('POST', '/subscribe/payments/schedule', { customer_uid: 'cu_detail', schedules: [{ merchant_uid: 'detail-next', schedule_at: at, amount: 4_000 }] });
    assert.equal(booked.body.code, 0, JSON.stringify(booked.body));
    await t.call('POST', '/subscribe/customers/cu_bystander', CARDS.good);
    await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_bystander', merchant_uid: 'bystander-order', amount: 1_000 });
  });
  after(async () => t?.close());

  it('links each key in the list to its page', async () => {
    const list = await c.get(base);
    assert.match(list.text, new RegExp(`href="${base}/cu_detail"`));
  });

  it('shows the customer, the masked card, the issue date, its payments and schedules, and never the key', async () => {
    const page = await c.get(`${base}/cu_detail`);
    assert.equal(page.status, 200);
    assert.match(page.text, /customer@example\.com/);
    assert.match(page.text, /010-1234-5678/);
    assert.match(page.text, /&lt;script&gt;alert\(1\)&lt;\/script&gt;김고객/, 'what the merchant sent is escaped');
    assert.doesNotMatch(page.text, /<script>alert/);
    const card = /data-testid="card">([\s\S]*?)<\/dd>/.exec(page.text)![1]!;
    assert.match(card, /\*/, 'the card number is masked');
    assert.doesNotMatch(page.text, /9410001234567890|9410-0012-3456-7890/);
    const customer = (await t.ctx.payments.billingKeys.find(t.merchant.id, 'cu_detail'))!;
    assert.doesNotMatch(page.text, new RegExp(t.ctx.payments.billingKeys.unseal(customer)), 'the billing key never reaches the page');
    assert.doesNotMatch(page.text, new RegExp(customer.pg_customer_key));
    assert.doesNotMatch(page.text, new RegExp(customer.billing_key_sealed.slice(0, 20).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    assert.match(page.text, /<time datetime="\d{4}-/, 'the issue date');
    assert.match(page.text, new RegExp(`href="/console/merchants/${t.merchant.userCode}/payments/${impUid}"`));
    assert.match(page.text, /data-merchant-uid="detail-next"/);
    assert.doesNotMatch(page.text, /bystander-order/, 'only this key\'s payments');
    assert.match(page.text, /data-confirm="[^"]+"/);
    assert.match(page.text, /name="_csrf" value="[^"]+"/);
  });

  it('answers an unknown customer_uid as not found', async () => {
    assert.equal((await c.get(`${base}/cu_nobody`)).status, 404);
  });

  it('keeps an operator of another merchant away from the key, by URL and by crafted POST', async () => {
    const other = await t.ctx.merchants.create({ name: 'Elsewhere' });
    const outsider = await createOperator(t.ctx, 'outsider@example.com', { merchantIds: [other.id] });
    const o = new ConsoleClient(t.url);
    await o.loginOk(outsider.email, outsider.password);
    const res = await o.get(`${base}/cu_detail`);
    assert.equal(res.status, 404);
    assert.doesNotMatch(res.text, /customer@example\.com|Test shop|010-1234-5678/);
    // Its own merchant's path with this customer_uid finds nothing either: every look-up is scoped by merchant.
    assert.equal((await o.get(`/console/merchants/${other.userCode}/billing-keys/cu_detail`)).status, 404);
    const del = await o.post(`${base}/cu_detail/delete`, {});
    assert.equal(del.status, 404);
    assert.ok(await t.ctx.payments.billingKeys.find(t.merchant.id, 'cu_detail'), 'the key is still there');
  });

  it('refuses a delete without the CSRF token, then deletes the key: gone from the list, charging it fails', async () => {
    await c.get(`${base}/cu_detail`);
    assert.equal((await c.post(`${base}/cu_detail/delete`, {}, { csrf: null })).status, 403);
    assert.ok(await t.ctx.payments.billingKeys.find(t.merchant.id, 'cu_detail'));
    const deleted = await c.post(`${base}/cu_detail/delete`, {});
    assert.equal(deleted.status, 303);
    assert.equal(deleted.location, base);
    assert.equal(await t.ctx.payments.billingKeys.find(t.merchant.id, 'cu_detail'), null);
    assert.equal((await c.get(`${base}/cu_detail`)).status, 404);
    assert.doesNotMatch((await c.get(base)).text, /data-customer-uid="cu_detail"/);
    const charge = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_detail', merchant_uid: 'after-delete', amount: 1_000 });
    assert.notEqual(charge.body.code, 0, 'a deleted key charges nothing');
  });
});
