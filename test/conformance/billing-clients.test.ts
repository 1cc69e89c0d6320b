// The npm V1 clients drive billing keys, again, onetime and cancel against Tollgate (over the emulator) without any
// change to their code.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';

const require = createRequire(import.meta.url);
const Iamport = require('iamport');
const IamportStatics = require('iamport/lib/iamport');
const { Iamporter } = require('iamporter');
const restClient = require('iamport-rest-client-nodejs');

describeEachStore('V1 client libraries: billing, non-authenticated payments, cancels', (kind) => {
  let t: TossTestbed;
  before(async () => (t = await startTossTestbed(kind)));
  after(async () => t?.close());

  describe('iamport 0.3', () => {
    let iamport: any;
    before(() => {
      IamportStatics.DEFAULT_HOST = t.url;
      iamport = new Iamport({ impKey: t.merchant.impKey, impSecret: t.merchant.impSecret });
    });

    it('creates, reads and deletes a billing key, charges it, pays once and cancels', async () => {
      const created = await iamport.subscribe_customer.create({ customer_uid: 'iamport-cu', ...CARDS.good });
      assert.equal(created.customer_uid, 'iamport-cu');
      const read = await iamport.subscribe_customer.get({ customer_uid: 'iamport-cu' });
      assert.equal(read.card_number, created.card_number);
      const again = await iamport.subscribe.again({ customer_uid: 'iamport-cu', merchant_uid: 'iamport-again', amount: 1500, name: 'iamport' });
      assert.equal(again.status, 'paid');
      const onetime = await iamport.subscribe.onetime({ merchant_uid: 'iamport-one', amount: 2500, ...CARDS.good });
      assert.equal(onetime.status, 'paid');
      const cancelled = await iamport.payment.cancel({ imp_uid: again.imp_uid, amount: 500 });
      assert.equal(cancelled.cancel_amount, 500);
      const deleted = await iamport.subscribe_customer.delete({ customer_uid: 'iamport-cu' });
      assert.equal(deleted.customer_uid, 'iamport-cu');
    });

    it('surfaces a declined card as the V1 failure message', async () => {
      await assert.rejects(
        iamport.subscribe.onetime({ merchant_uid: 'iamport-declined', amount: 1000, ...CARDS.rejected }),
        (error: any) => /카드정보 인증에 실패하였습니다/.test(error.message),
      );
    });
  });

  describe('iamporter 1.4', () => {
    let iamporter: any;
    before(() => {
      iamporter = new Iamporter({ apiKey: t.merchant.impKey, secret: t.merchant.impSecret, host: t.url });
    });

    it('creates, reads and deletes a subscription, pays with it and once, cancels by merchant_uid', async () => {
      const created = await iamporter.createSubscription({ customer_uid: 'iamporter-cu', ...CARDS.good });
      assert.equal(created.data.customer_uid, 'iamporter-cu');
      const read = await iamporter.getSubscription('iamporter-cu');
      assert.equal(read.data.customer_uid, 'iamporter-cu');
      const paid = await iamporter.paySubscription({ customer_uid: 'iamporter-cu', merchant_uid: 'iamporter-again', amount: 3000 });
      assert.equal(paid.data.status, 'paid');
      const once = await iamporter.payOnetime({ merchant_uid: 'iamporter-one', amount: 1200, ...CARDS.good });
      assert.equal(once.data.amount, 1200);
      const cancelled = await iamporter.cancelByMerchantUid('iamporter-again', { reason: '테스트 취소' });
      assert.equal(cancelled.data.status, 'cancelled');
      assert.equal(cancelled.data.cancel_amount, 3000);
      await iamporter.deleteSubscription('iamporter-cu');
      // iamporter treats the 200 + code ≠ 0 not-found answer as an error carrying the V1 message.
      await assert.rejects(iamporter.getSubscription('iamporter-cu'), /등록된 정보를 찾을 수 없습니다/);
    });

    it('rejects cancels of unknown payments and calls without an id with the messages it checks', async () => {
      await assert.rejects(iamporter.cancelByImpUid('imp_000000000000'), /취소할 결제건이 존재하지 않습니다/);
      await assert.rejects(iamporter.cancel({}), /지정해주셔야합니다\./);
    });
  });

  describe('iamport-rest-client-nodejs 0.9', () => {
    let iamport: any;
    const { Customers, Subscribe, Payments } = restClient.Request;
    before(() => {
      iamport = new restClient.Iamport({ apiKey: t.merchant.impKey, apiSecret: t.merchant.impSecret, baseUrl: t.url });
    });

    it('posts, reads and lists billing keys, pays again and once, lists the key payments and cancels', async () => {
      const posted = await Customers.postBillingKey({ customer_uid: 'rest-cu', ...CARDS.good }).request(iamport);
      assert.equal(posted.data.response.customer_uid, 'rest-cu');
      const one = await Customers.getBillingKey({ customer_uid: 'rest-cu' }).request(iamport);
      assert.equal(one.data.response.customer_uid, 'rest-cu');
      const several = await Customers.getBillingKeys({ customer_uid: ['rest-cu', 'rest-missing'] }).request(iamport);
      assert.equal(several.status, 207);
      const again = await Subscribe.again({ customer_uid: 'rest-cu', merchant_uid: 'rest-again', amount: 4000, name: 'rest' }).request(iamport);
      assert.equal(again.data.response.status, 'paid');
      const once = await Subscribe.onetime({ merchant_uid: 'rest-one', amount: 4100, ...CARDS.good }).request(iamport);
      assert.equal(once.data.response.status, 'paid');
      const payments = await Customers.getPayments({ customer_uid: 'rest-cu', page: 1 }).request(iamport);
      assert.deepEqual(payments.data.response.list.map((p: any) => p.merchant_uid), ['rest-again']);
      const cancelled = await Payments.cancel({ imp_uid: again.data.response.imp_uid, checksum: 4000 }).request(iamport);
      assert.equal(cancelled.data.response.status, 'cancelled');
      const deleted = await Customers.deleteBillingKey({ customer_uid: 'rest-cu' }).request(iamport);
      assert.equal(deleted.data.response.customer_uid, 'rest-cu');
    });
  });
});
