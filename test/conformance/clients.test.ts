// The npm V1 clients, pointed at Tollgate the way their users would (reference §9), get a token and look payments
// up without any change to their code.
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { seedPayments, type SeededPayments } from '../helpers/seed-payments.ts';

const require = createRequire(import.meta.url);
const Iamport = require('iamport');
const IamportStatics = require('iamport/lib/iamport');
const { Iamporter } = require('iamporter');
const restClient = require('iamport-rest-client-nodejs');

describeEachStore('V1 client libraries', (kind) => {
  let gw: TestGateway;
  let seeded: SeededPayments;

  before(async () => {
    gw = await startTestGateway(kind);
    seeded = await seedPayments(gw.ctx.db, gw.merchant.id, gw.clock.now(), 'clients');
    await gw.ctx.prepares.register(gw.merchant.id, { merchant_uid: 'clients-prepared', amount: 64900 });
  });
  after(async () => gw.close());

  describe('iamport 0.3', () => {
    let iamport: any;
    before(() => {
      // Resources copy the host when the client is constructed, so the static default must change first.
      IamportStatics.DEFAULT_HOST = gw.url;
      iamport = new Iamport({ impKey: gw.merchant.impKey, impSecret: gw.merchant.impSecret });
    });

    it('looks a payment up by imp_uid and by merchant_uid', async () => {
      const byImpUid = await iamport.payment.getByImpUid({ imp_uid: seeded.paidCard });
      assert.equal(byImpUid.imp_uid, seeded.paidCard);
      assert.equal(byImpUid.status, 'paid');
      assert.equal(byImpUid.amount, 64900);
      const byMerchant = await iamport.payment.getByMerchant({ merchant_uid: seeded.merchantUids.partlyCancelled });
      assert.equal(byMerchant.imp_uid, seeded.partlyCancelled);
      assert.equal(byMerchant.cancel_history.length, 1);
    });

    it('lists by status and reads a prepared amount', async () => {
      const paid = await iamport.payment.getByStatus({ payment_status: 'paid' });
      assert.ok(paid.list.some((p: any) => p.imp_uid === seeded.paidCard));
      assert.equal(paid.next, 0);
      const all = await iamport.payment.getByStatus({ payment_status: 'all', limit: 2, page: 2 });
      assert.deepEqual([all.previous, all.list.length], [1, 2]);
      const prepared = await iamport.payment.getPrepare({ merchant_uid: 'clients-prepared' });
      assert.equal(prepared.amount, 64900);
    });

    it('reports an unknown payment as the HTTP 404 it treats as an error', async () => {
      await assert.rejects(iamport.payment.getByImpUid({ imp_uid: 'imp_000000000000' }), (error: any) => {
        assert.equal(error.code, 'HTTP_404');
        return true;
      });
    });
  });

  describe('iamporter 1.4', () => {
    let iamporter: any;
    before(() => {
      iamporter = new Iamporter({ apiKey: gw.merchant.impKey, secret: gw.merchant.impSecret, host: gw.url });
    });

    it('looks payments up by imp_uid, merchant_uid, all attempts of a merchant_uid and status', async () => {
      const one = await iamporter.findByImpUid(seeded.readyVbank);
      assert.equal(one.status, 200);
      assert.equal(one.data.vbank_num, 'X3790127821223');
      assert.equal(one.data.status, 'ready');
      const byMerchant = await iamporter.findByMerchantUid(seeded.merchantUids.failed);
      assert.equal(byMerchant.data.imp_uid, seeded.failed);
      // iamporter asks for /payments/findAll/{merchant_uid}/ with an empty status segment.
      const all = await iamporter.findAllByMerchantUid(seeded.merchantUids.paidCard);
      assert.deepEqual(all.data.list.map((p: any) => p.imp_uid), [seeded.paidCard]);
      const failed = await iamporter.findAllByStatus('failed');
      assert.ok(failed.data.list.some((p: any) => p.imp_uid === seeded.failed));
    });

    it('resolves an unknown payment with the 404 message and refuses a bad status with the V1 message', async () => {
      const missing = await iamporter.findByImpUid('imp_000000000000');
      assert.equal(missing.status, 404);
      assert.equal(missing.message, '존재하지 않는 결제정보입니다.');
      await assert.rejects(iamporter.findAllByStatus('refunded'), { message: '지원되지 않는 상태값입니다.' });
    });

    it('registers and reads a prepared amount, and sees the duplicate refused', async () => {
      const created = await iamporter.createPreparedPayment({ merchant_uid: 'iamporter-prepared', amount: 3000 });
      assert.equal(created.data.amount, 3000);
      assert.equal((await iamporter.getPreparedPayment('iamporter-prepared')).data.amount, 3000);
      await assert.rejects(iamporter.createPreparedPayment({ merchant_uid: 'iamporter-prepared', amount: 3000 }), {
        message: '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).',
      });
    });
  });

  describe('iamport-rest-client-nodejs 0.9', () => {
    let iamport: any;
    const { Payments, Prepare, Banks } = restClient.Request;
    before(() => {
      iamport = new restClient.Iamport({ apiKey: gw.merchant.impKey, apiSecret: gw.merchant.impSecret, baseUrl: gw.url });
    });

    it('looks a payment up by imp_uid and by merchant_uid with a status', async () => {
      const one = await Payments.getByImpUid({ imp_uid: seeded.paidCard }).request(iamport);
      assert.equal(one.data.response.imp_uid, seeded.paidCard);
      assert.equal(one.data.response.amount, 64900);
      const found = await Payments.getByMerchantUid({ merchant_uid: seeded.merchantUids.paidCard, status: 'paid', sorting: '-started' }).request(iamport);
      assert.equal(found.data.response.imp_uid, seeded.paidCard);
    });

    it('sends bracket arrays percent-encoded and reads 207 with the ids that were not found', async () => {
      const complete = await Payments.getByImpUids({ imp_uid: [seeded.paidCard, seeded.failed] }).request(iamport);
      assert.equal(complete.status, 200);
      assert.deepEqual(complete.data.response.map((p: any) => p.imp_uid).sort(), [seeded.paidCard, seeded.failed].sort());
      const partial = await Payments.getByImpUids({ imp_uid: [seeded.paidCard, 'imp_000000000000'] }).request(iamport);
      assert.equal(partial.status, 207);
      assert.deepEqual(partial.data.failed, ['imp_000000000000']);
    });

    it('pages by status and by merchant_uid as collections', async () => {
      const byStatus = await Payments.getByStatus({ status: 'cancelled', page: 1, limit: 10, sorting: '-started' }).request(iamport);
      assert.ok(byStatus.data.response.list.some((p: any) => p.imp_uid === seeded.partlyCancelled));
      assert.equal(byStatus.data.response.next, 0);
      const all = await Payments.getByMerchantUids({ merchant_uid: seeded.merchantUids.readyVbank, status: 'all', page: 1, sorting: '-started' }).request(iamport);
      assert.equal(all.data.response.total, 1);
    });

    it('registers and reads a prepared amount and lists banks', async () => {
      await Prepare.postAmount({ merchant_uid: 'rest-client-prepared', amount: 12000 }).request(iamport);
      const prepared = await Prepare.getAmount({ merchant_uid: 'rest-client-prepared' }).request(iamport);
      assert.equal(prepared.data.response.amount, 12000);
      const banks = await Banks.getBanks().request(iamport);
      assert.ok(banks.data.response.some((b: any) => b.code === '088'));
    });

    it('rejects an unknown payment with the V1 envelope', async () => {
      await assert.rejects(Payments.getByImpUid({ imp_uid: 'imp_000000000000' }).request(iamport), (error: any) => {
        assert.equal(error.response.status, 404);
        assert.equal(error.response.data.message, '존재하지 않는 결제정보입니다.');
        return true;
      });
    });
  });
});
