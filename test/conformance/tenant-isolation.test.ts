// One merchant's token never reaches another merchant's payments or prepared amounts: they are simply not there.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { seedPayments, type SeededPayments } from '../helpers/seed-payments.ts';
import { v1Client } from '../helpers/v1-client.ts';
import type { CreatedMerchant } from '../../src/core/merchants/merchants.ts';

const NOT_FOUND = '존재하지 않는 결제정보입니다.';

describeEachStore('tenant isolation of look-ups and prepare', (kind) => {
  let gw: TestGateway;
  let a: SeededPayments;
  let merchantB: CreatedMerchant;
  let asA: ReturnType<typeof v1Client>;
  let asB: ReturnType<typeof v1Client>;

  before(async () => {
    gw = await startTestGateway(kind);
    merchantB = await gw.ctx.merchants.create({ name: 'Other shop' });
    a = await seedPayments(gw.ctx.db, gw.merchant.id, gw.clock.now(), 'shop-a');
    const tokenA = await gw.token();
    const tokenB = await gw.token(merchantB);
    asA = v1Client(gw.url, () => tokenA);
    asB = v1Client(gw.url, () => tokenB);
    assert.equal((await asA('POST', '/payments/prepare', { merchant_uid: 'shared-order', amount: 5000 })).body.code, 0);
  });
  after(async () => gw.close());

  it("cannot read A's payment by imp_uid, which A can", async () => {
    assert.equal((await asA('GET', `/payments/${a.paidCard}`)).status, 200);
    const answer = await asB('GET', `/payments/${a.paidCard}`);
    assert.deepEqual([answer.status, answer.body], [404, { code: -1, message: NOT_FOUND, response: null }]);
  });

  it("cannot list A's payments by imp_uid[] or merchant_uid[]", async () => {
    const ids = `imp_uid[]=${a.paidCard}&imp_uid[]=${a.failed}&merchant_uid[]=${a.merchantUids.readyVbank}`;
    assert.equal((await asA('GET', `/payments?${ids}`)).status, 200);
    const answer = await asB('GET', `/payments?${ids}`);
    assert.deepEqual([answer.status, answer.body.message], [404, NOT_FOUND]);
  });

  it("cannot find A's payments by merchant_uid, one or all", async () => {
    for (const path of [`/payments/find/${a.merchantUids.paidCard}`, `/payments/find/${a.merchantUids.paidCard}/paid`, `/payments/findAll/${a.merchantUids.partlyCancelled}/`]) {
      assert.equal((await asA('GET', path)).status, 200, path);
      const answer = await asB('GET', path);
      assert.deepEqual([answer.status, answer.body.message], [404, NOT_FOUND], path);
    }
  });

  it("sees none of A's payments when listing by status", async () => {
    const mine = (await asA('GET', '/payments/status/all?limit=1000')).body.response;
    assert.ok(mine.total >= 4);
    for (const status of ['all', 'paid', 'ready', 'failed', 'cancelled']) {
      const answer = await asB('GET', `/payments/status/${status}`);
      assert.deepEqual(answer.body.response, { list: [], next: 0, previous: 0, total: 0 }, status);
    }
  });

  it("cannot read or change A's prepared amount, and registers the same merchant_uid as its own", async () => {
    const read = await asB('GET', '/payments/prepare/shared-order');
    assert.deepEqual([read.status, read.body.message], [404, '사전등록된 결제정보가 존재하지 않습니다.']);
    const change = await asB('PUT', '/payments/prepare', { merchant_uid: 'shared-order', amount: 1 });
    assert.equal(change.status, 404);
    const own = await asB('POST', '/payments/prepare', { merchant_uid: 'shared-order', amount: 777 });
    assert.deepEqual(own.body.response, { amount: 777, currency: null, merchant_uid: 'shared-order' });
    assert.equal((await asA('GET', '/payments/prepare/shared-order')).body.response.amount, 5000);
    assert.equal((await asB('GET', '/payments/prepare/shared-order')).body.response.amount, 777);
  });
});
