// Billing keys through the emulator over HTTP: register, look up, list, replace, delete, and the V1 failures.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { assertMatchesSpec } from '../helpers/openapi.ts';

describeEachStore('billing keys /subscribe/customers', (kind) => {
  let t: TossTestbed;
  before(async () => (t = await startTossTestbed(kind)));
  after(async () => t?.close());

  // The spec types the single-key answers as an object holding both CustomerResponse and SuperBillingKeyResponse
  // ("one or the other" written as properties); the Customer itself is checked through the list operation's schema.
  const checked = async (method: string, path: string, body?: unknown) => {
    const res = await t.call(method, path, body);
    if (/^\/subscribe\/customers\/[^/?]+$/.test(path) && res.body.code === 0) {
      assertMatchesSpec('GET', '/subscribe/customers', 200, { ...res.body, response: [res.body.response] });
    } else {
      assertMatchesSpec(method, path, res.status, res.body);
    }
    return res;
  };

  it('registers a card: masked number, card codes, generated customer_id, key sealed and never returned', async () => {
    const { status, body } = await checked('POST', '/subscribe/customers/cu_register', {
      ...CARDS.good, customer_name: '홍길동', customer_email: 'gd@example.com', customer_uid: 'ignored-body-uid',
    });
    assert.equal(status, 200);
    assert.equal(body.code, 0);
    const c = body.response;
    assert.equal(c.customer_uid, 'cu_register');
    assert.match(c.customer_id, /^customer-id-[0-9a-f-]{36}$/);
    assert.equal(c.pg_provider, 'tosspayments');
    assert.equal(c.pg_id, t.toss.mid);
    assert.equal(c.customer_name, '홍길동');
    assert.ok(c.card_number.includes('*'), c.card_number);
    assert.match(c.card_code, /^\d{3}$/);
    assert.ok(c.card_name);
    assert.ok(Number.isInteger(c.inserted) && c.inserted > 0);
    assert.equal(JSON.stringify(c).includes('9410001234567890'), false);
    const row = await t.ctx.db.selectFrom('customers').selectAll().where('customer_uid', '=', 'cu_register').executeTakeFirstOrThrow();
    assert.ok(row.billing_key_sealed.startsWith('v1.'));
    assert.equal(JSON.stringify(row).includes('9410001234567890'), false);

    const got = await checked('GET', '/subscribe/customers/cu_register');
    assert.deepEqual(got.body.response, c);
  });

  it('keeps a customer_id the merchant sends, and replaces the key when a customer_uid registers again', async () => {
    const first = await t.call('POST', '/subscribe/customers/cu_replace', { ...CARDS.good, customer_id: 'member-7' });
    assert.equal(first.body.response.customer_id, 'member-7');
    const second = await t.call('POST', '/subscribe/customers/cu_replace', { ...CARDS.rejected, customer_id: 'member-7' });
    assert.equal(second.body.code, 0);
    assert.notEqual(second.body.response.card_number, first.body.response.card_number);
    const rows = await t.ctx.db.selectFrom('customers').select(['deleted_at', 'billing_key_sealed']).where('customer_uid', '=', 'cu_replace').execute();
    assert.equal(rows.length, 2);
    assert.equal(rows.filter((r) => r.deleted_at === null).length, 1);
    // The replacing key (a card that declines charges) is the one charged now.
    const again = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_replace', merchant_uid: 'replace-1', amount: 1000 });
    assert.equal(again.body.code, -1);
    assert.match(again.body.message, /REJECT_CARD_COMPANY/);
  });

  it('answers an unknown customer_uid with HTTP 200 and code ≠ 0 on GET and DELETE', async () => {
    for (const method of ['GET', 'DELETE']) {
      const { status, body } = await t.call(method, '/subscribe/customers/nobody_here');
      assert.equal(status, 200);
      assert.notEqual(body.code, 0);
      assert.equal(body.message, '요청하신 customer_uid(nobody_here)로 등록된 정보를 찾을 수 없습니다.');
      assert.equal(body.response, null);
    }
  });

  it('lists several keys: 200 all found, 207 some, 404 none', async () => {
    await t.call('POST', '/subscribe/customers/cu_list_a', CARDS.good);
    await t.call('POST', '/subscribe/customers/cu_list_b', CARDS.good);
    const all = await checked('GET', '/subscribe/customers?customer_uid[]=cu_list_a&customer_uid[]=cu_list_b');
    assert.equal(all.status, 200);
    assert.deepEqual(all.body.response.map((c: any) => c.customer_uid), ['cu_list_a', 'cu_list_b']);
    const some = await checked('GET', '/subscribe/customers?customer_uid[]=cu_list_a&customer_uid[]=cu_missing');
    assert.equal(some.status, 207);
    assert.deepEqual(some.body.response.map((c: any) => c.customer_uid), ['cu_list_a']);
    const none = await t.call('GET', '/subscribe/customers?customer_uid[]=cu_missing');
    assert.equal(none.status, 404);
    assert.equal(none.body.code, -1);
    const asked = await t.call('GET', '/subscribe/customers');
    assert.equal(asked.status, 400);
    assert.equal(asked.body.message, 'customer_uid 파라메터가 누락되었습니다.');
  });

  it('deletes a key here and at Toss; the deleted customer can no longer be charged', async () => {
    await t.call('POST', '/subscribe/customers/cu_delete', CARDS.good);
    const deleted = await checked('DELETE', '/subscribe/customers/cu_delete');
    assert.equal(deleted.body.code, 0);
    assert.equal(deleted.body.response.customer_uid, 'cu_delete');
    const again = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_delete', merchant_uid: 'del-1', amount: 1000 });
    assert.equal(again.body.code, 1);
    assert.equal(again.body.message, '등록되지 않은 구매자입니다.');
    const keys = await t.ctx.rootDb.withSchema('toss_emulator').selectFrom('billing_keys').select(['deleted_at']).where('mid', '=', t.toss.mid).execute();
    assert.ok(keys.some((k: any) => k.deleted_at !== null));
  });

  it('refuses bad card data before calling Toss, and reports a card Toss refuses in the V1 style', async () => {
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ ...CARDS.good, card_number: '1234' }, /card_number/],
      [{ ...CARDS.good, expiry: '12/30' }, /expiry/],
      [{ ...CARDS.good, expiry: '2020-01' }, /유효기간이 만료된 카드입니다/],
      [{ ...CARDS.good, birth: '9001' }, /birth/],
      [{ ...CARDS.good, pwd_2digit: 'ab' }, /pwd_2digit/],
      [{ expiry: '2030-12', birth: '900101' }, /card_number 파라메터가 누락되었습니다/],
    ];
    const before = await t.emulatorPayments();
    for (const [body, message] of cases) {
      const res = await t.call('POST', '/subscribe/customers/cu_bad', body);
      assert.equal(res.status, 400, JSON.stringify(res.body));
      assert.match(res.body.message, message);
    }
    const stopped = await t.call('POST', '/subscribe/customers/cu_bad', { ...CARDS.good, card_number: '4000-0000-0000-0119' });
    assert.equal(stopped.status, 200);
    assert.equal(stopped.body.code, -1);
    assert.match(stopped.body.message, /^카드정보 인증 및 빌키 발급에 실패하였습니다\. \[INVALID_STOPPED_CARD\]/);
    assert.equal((await t.call('GET', '/subscribe/customers/cu_bad')).body.code, 1);
    assert.equal((await t.emulatorPayments()).length, before.length);
  });

  it("never shows one merchant's keys to another", async () => {
    await t.call('POST', '/subscribe/customers/cu_private', CARDS.good);
    const other = await t.ctx.merchants.create({ name: 'Other shop' });
    await t.addChannels(other);
    const res = await t.call('GET', '/subscribe/customers/cu_private', undefined, other);
    assert.equal(res.body.code, 1);
    const again = await t.call('POST', '/subscribe/payments/again', { customer_uid: 'cu_private', merchant_uid: 'x-1', amount: 1000 }, other);
    assert.equal(again.body.message, '등록되지 않은 구매자입니다.');
  });

  it('answers a merchant without a non-authenticated channel with the V1 message', async () => {
    const bare = await t.ctx.merchants.create({ name: 'No channel shop' });
    const res = await t.call('POST', '/subscribe/customers/cu_x', CARDS.good, bare);
    assert.equal(res.status, 200);
    assert.equal(res.body.code, 1);
    assert.equal(res.body.message, '비인증결제모듈 사용정보를 찾을 수 없습니다.');
  });
});
