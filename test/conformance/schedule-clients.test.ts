// The npm V1 clients book, read, list and revoke scheduled payments against Tollgate without any change to their code
// (iamport-rest-client-nodejs reads the lists as the paged `{total, previous, next, list}` collection).
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { after, before, describe, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { unixSeconds } from '../../src/lib/clock.ts';

const require = createRequire(import.meta.url);
const Iamport = require('iamport');
const IamportStatics = require('iamport/lib/iamport');
const restClient = require('iamport-rest-client-nodejs');

describeEachStore('V1 client libraries: scheduled payments', (kind) => {
  let t: TossTestbed;
  let now = 0;
  before(async () => {
    t = await startTossTestbed(kind);
    now = unixSeconds(t.clock.now());
  });
  after(async () => t?.close());

  describe('iamport 0.3', () => {
    it('schedules with card data and unschedules', async () => {
      IamportStatics.DEFAULT_HOST = t.url;
      const iamport = new Iamport({ impKey: t.merchant.impKey, impSecret: t.merchant.impSecret });
      const booked = await iamport.subscribe.schedule({
        customer_uid: 'iamport-sched', ...CARDS.good,
        schedules: [{ merchant_uid: 'iamport-s1', schedule_at: now + 3600, amount: 9900, name: '구독' }],
      });
      assert.deepEqual(booked.map((s: any) => [s.merchant_uid, s.schedule_status]), [['iamport-s1', 'scheduled']]);
      const revoked = await iamport.subscribe.unschedule({ customer_uid: 'iamport-sched' });
      assert.deepEqual(revoked.map((s: any) => [s.merchant_uid, s.schedule_status]), [['iamport-s1', 'revoked']]);
      await assert.rejects(iamport.subscribe.unschedule({ customer_uid: 'iamport-sched' }), (error: any) =>
        /취소할 예약결제 기록이 존재하지 않습니다/.test(error.message),
      );
    });
  });

  describe('iamport-rest-client-nodejs 0.9', () => {
    it('schedules, reads one, lists the customer\'s schedules page by page and unschedules an array of merchant_uid', async () => {
      const iamport = new restClient.Iamport({ apiKey: t.merchant.impKey, apiSecret: t.merchant.impSecret, baseUrl: t.url });
      const { Subscribe } = restClient.Request;
      const schedules = Array.from({ length: 3 }, (_, i) => ({ merchant_uid: `rest-s${i}`, schedule_at: now + 7200 + i, amount: 1000 + i, name: 'rest' }));
      const booked = await Subscribe.schedule({ customer_uid: 'rest-sched', ...CARDS.good, schedules }).request(iamport);
      assert.equal(booked.data.code, 0);
      assert.equal(booked.data.response.length, 3);
      const one = await Subscribe.getScheduled({ merchant_uid: 'rest-s1' }).request(iamport);
      assert.equal(one.data.response.amount, 1001);
      const list = await Subscribe.getScheduleds({ customer_uid: 'rest-sched', from: now, to: now + 86400, 'schedule-status': 'scheduled' }).request(iamport);
      assert.equal(list.data.code, 0);
      const page = list.data.response;
      assert.equal(page.total, 3);
      assert.equal(page.next, 0);
      assert.deepEqual(page.list.map((s: any) => s.merchant_uid).sort(), ['rest-s0', 'rest-s1', 'rest-s2']);
      const revoked = await Subscribe.unschedule({ customer_uid: 'rest-sched', merchant_uid: ['rest-s0', 'rest-s2'] }).request(iamport);
      assert.deepEqual(revoked.data.response.map((s: any) => s.merchant_uid).sort(), ['rest-s0', 'rest-s2']);
    });
  });
});
