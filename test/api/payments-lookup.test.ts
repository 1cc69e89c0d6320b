import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { seedCancellation, seedPayment, seedPayments, type SeededPayments } from '../helpers/seed-payments.ts';
import { v1Client } from '../helpers/v1-client.ts';

const DAY = 24 * 3600 * 1000;
const NOT_FOUND = '존재하지 않는 결제정보입니다.';

describeEachStore('payment look-ups', (kind) => {
  let gw: TestGateway;
  let seeded: SeededPayments;
  let call: ReturnType<typeof v1Client>;
  let now: Date;
  const unix = (date: Date) => Math.floor(date.getTime() / 1000);

  before(async () => {
    gw = await startTestGateway(kind);
    const token = await gw.token();
    call = v1Client(gw.url, () => token);
    now = gw.clock.now();
    seeded = await seedPayments(gw.ctx.db, gw.merchant.id, now);
  });
  after(async () => gw.close());

  describe('GET /payments/{imp_uid}', () => {
    it('answers a paid card payment with every field, integer seconds and custom_data as a string', async () => {
      const { status, body } = await call('GET', `/payments/${seeded.paidCard}`);
      assert.equal(status, 200);
      assert.equal(body.code, 0);
      assert.equal(body.message, null);
      const p = body.response;
      assert.equal(Object.keys(p).length, 54);
      assert.deepEqual(Object.keys(p), [...Object.keys(p)].sort());
      assert.equal(p.imp_uid, seeded.paidCard);
      assert.equal(p.merchant_uid, seeded.merchantUids.paidCard);
      assert.equal(p.status, 'paid');
      assert.equal(p.amount, 64900);
      assert.equal(p.cancel_amount, 0);
      assert.equal(p.card_number, '433012******7421');
      assert.equal(p.paid_at, unix(now) - 29 * 60);
      assert.equal(p.started_at, unix(now) - 30 * 60);
      assert.equal(p.failed_at, 0);
      assert.equal(p.cancelled_at, 0);
      assert.equal(p.vbank_date, 0);
      assert.deepEqual(JSON.parse(p.custom_data), { cart: [{ sku: 'chair-01', qty: 1 }] });
      assert.deepEqual(p.cancel_history, []);
      assert.deepEqual(p.cancel_receipt_urls, []);
      assert.deepEqual(p.deposit_history, []);
      assert.equal(p.promotion, null);
    });

    it('shows an issued virtual account as ready with its deadline, and a failed one with its reason', async () => {
      const vbank = (await call('GET', `/payments/${seeded.readyVbank}`)).body.response;
      assert.equal(vbank.status, 'ready');
      assert.equal(vbank.pay_method, 'vbank');
      assert.equal(vbank.vbank_num, 'X3790127821223');
      assert.equal(vbank.vbank_date, unix(now) + 3 * 24 * 3600);
      assert.equal(vbank.vbank_issued_at, unix(now) - 20 * 60);
      assert.equal(vbank.paid_at, 0);
      const failed = (await call('GET', `/payments/${seeded.failed}`)).body.response;
      assert.equal(failed.status, 'failed');
      assert.equal(failed.failed_at, unix(now) - 14 * 60);
      assert.match(failed.fail_reason, /거절/);
    });

    it('lists only the done cancellations of a partly cancelled payment', async () => {
      const p = (await call('GET', `/payments/${seeded.partlyCancelled}`)).body.response;
      assert.equal(p.status, 'cancelled');
      assert.equal(p.amount, 50000);
      assert.equal(p.cancel_amount, 20000);
      assert.equal(p.cancelled_at, unix(now) - 5 * 60);
      assert.deepEqual(p.cancel_history, [
        {
          amount: 20000,
          cancellation_id: seeded.cancellationId,
          cancelled_at: unix(now) - 5 * 60,
          pg_tid: 'tviva20261128000004-c1',
          reason: '부분 반품',
          receipt_url: 'https://dashboard.tosspayments.com/receipt/redirection?transactionId=cancel-1',
        },
      ]);
      assert.deepEqual(p.cancel_receipt_urls, ['https://dashboard.tosspayments.com/receipt/redirection?transactionId=cancel-1']);
    });

    it('shows a payment whose PG outcome is still unknown as ready', async () => {
      const impUid = await seedPayment(gw.ctx.db, gw.merchant.id, { merchant_uid: 'order-in-doubt', state: 'unknown' });
      assert.equal((await call('GET', `/payments/${impUid}`)).body.response.status, 'ready');
    });

    it('accepts include_sandbox and a trailing slash', async () => {
      for (const path of [`/payments/${seeded.paidCard}?include_sandbox=true`, `/payments/${seeded.paidCard}?include_sandbox=false`, `/payments/${seeded.paidCard}/`]) {
        const { status, body } = await call('GET', path);
        assert.equal(status, 200, path);
        assert.equal(body.response.imp_uid, seeded.paidCard);
      }
      const bad = await call('GET', `/payments/${seeded.paidCard}?include_sandbox=maybe`);
      assert.equal(bad.status, 400);
      assert.match(bad.body.message, /include_sandbox/);
    });

    it('answers an unknown imp_uid with 404 and the V1 message', async () => {
      const { status, body } = await call('GET', '/payments/imp_000000000000');
      assert.equal(status, 404);
      assert.deepEqual(body, { code: -1, message: NOT_FOUND, response: null });
    });

    it('answers broken percent-encoding and NUL characters in the path with V1 400s', async () => {
      const broken = await call('GET', '/payments/%zz');
      assert.deepEqual([broken.status, broken.body.message], [400, '요청 URL을 해석할 수 없습니다. 경로의 퍼센트 인코딩을 확인해주세요.']);
      for (const path of ['/payments/imp_%00', '/payments/find/order%00/paid', `/payments?imp_uid[]=${seeded.paidCard}%00`]) {
        const nul = await call('GET', path);
        assert.deepEqual([nul.status, nul.body.message], [400, '요청 파라메터에 허용되지 않는 문자(NUL)가 포함되어 있습니다.'], path);
      }
    });

    it('refuses a caller without a valid token', async () => {
      const res = await fetch(`${gw.url}/payments/${seeded.paidCard}`);
      assert.equal(res.status, 401);
      assert.deepEqual(await res.json(), { code: -1, message: 'Unauthorized', response: null });
    });
  });

  describe('GET /payments (several ids)', () => {
    it('answers 200 when every imp_uid[] is found, in the order asked', async () => {
      const { status, body } = await call('GET', `/payments?imp_uid[]=${seeded.failed}&imp_uid[]=${seeded.paidCard}`);
      assert.equal(status, 200);
      assert.deepEqual(body.response.map((p: any) => p.imp_uid), [seeded.failed, seeded.paidCard]);
    });

    it('answers 207 with only the found ones when some are missing, and 404 when none is found', async () => {
      const partial = await call('GET', `/payments?imp_uid[]=${seeded.paidCard}&imp_uid[]=imp_000000000000`);
      assert.equal(partial.status, 207);
      assert.equal(partial.body.code, 0);
      assert.deepEqual(partial.body.response.map((p: any) => p.imp_uid), [seeded.paidCard]);
      const none = await call('GET', '/payments?imp_uid[]=imp_000000000000&merchant_uid[]=no-such-order');
      assert.equal(none.status, 404);
      assert.equal(none.body.message, NOT_FOUND);
    });

    it('reads bracket arrays percent-encoded, repeated keys, merchant_uid[] and a trailing slash', async () => {
      const forms = [
        `/payments?imp_uid%5B%5D=${seeded.paidCard}&imp_uid%5B%5D=${seeded.failed}`,
        `/payments?imp_uid=${seeded.paidCard}&imp_uid=${seeded.failed}`,
        `/payments/?imp_uid[]=${seeded.paidCard}&merchant_uid[]=${seeded.merchantUids.failed}`,
        `/payments?merchant_uid%5B%5D=${seeded.merchantUids.paidCard}&merchant_uid%5B%5D=${seeded.merchantUids.failed}`,
      ];
      for (const path of forms) {
        const { status, body } = await call('GET', path);
        assert.equal(status, 200, path);
        assert.deepEqual(body.response.map((p: any) => p.imp_uid).sort(), [seeded.paidCard, seeded.failed].sort(), path);
      }
      const single = await call('GET', `/payments?imp_uid[]=${seeded.paidCard}`);
      assert.deepEqual(single.body.response.map((p: any) => p.imp_uid), [seeded.paidCard]);
    });

    it('answers no ids and more than 100 ids with a V1 400', async () => {
      const none = await call('GET', '/payments');
      assert.equal(none.status, 400);
      assert.equal(none.body.message, 'imp_uid 또는 merchant_uid 파라메터가 누락되었습니다.');
      const many = Array.from({ length: 101 }, (_, i) => `imp_uid[]=imp_${String(i).padStart(12, '0')}`).join('&');
      const tooMany = await call('GET', `/payments?${many}`);
      assert.equal(tooMany.status, 400);
      assert.equal(tooMany.body.message, 'imp_uid, merchant_uid 는 합쳐서 최대 100개까지 조회할 수 있습니다.');
      const hundred = Array.from({ length: 99 }, (_, i) => `imp_uid[]=imp_${String(i).padStart(12, '0')}`).join('&');
      assert.equal((await call('GET', `/payments?${hundred}&imp_uid[]=${seeded.paidCard}`)).status, 207);
    });

    it('answers an object where a list belongs with a V1 400', async () => {
      const { status, body } = await call('GET', '/payments?imp_uid[a][b]=1');
      assert.equal(status, 400);
      assert.match(body.message, /imp_uid/);
    });
  });

  describe('by merchant_uid', () => {
    let retried: { failed: string; paid: string };
    before(async () => {
      const failed = await seedPayment(gw.ctx.db, gw.merchant.id, {
        merchant_uid: 'order-retried',
        state: 'failed',
        amount: 3000,
        started_at: new Date(now.getTime() - 10 * 60_000),
        failed_at: new Date(now.getTime() - 9 * 60_000),
        updated_at: new Date(now.getTime() - 1 * 60_000),
        fail_reason: '사용자가 결제를 취소하였습니다',
      });
      const paid = await seedPayment(gw.ctx.db, gw.merchant.id, {
        merchant_uid: 'order-retried',
        state: 'paid',
        amount: 3000,
        started_at: new Date(now.getTime() - 8 * 60_000),
        paid_at: new Date(now.getTime() - 7 * 60_000),
        updated_at: new Date(now.getTime() - 7 * 60_000),
      });
      retried = { failed, paid };
    });

    it('find answers the newest attempt, with or without a trailing slash', async () => {
      for (const path of ['/payments/find/order-retried', '/payments/find/order-retried/']) {
        const { status, body } = await call('GET', path);
        assert.equal(status, 200, path);
        assert.equal(body.response.imp_uid, retried.paid, path);
      }
    });

    it('find honours the status segment and sorting', async () => {
      assert.equal((await call('GET', '/payments/find/order-retried/failed')).body.response.imp_uid, retried.failed);
      assert.equal((await call('GET', '/payments/find/order-retried?sorting=started')).body.response.imp_uid, retried.failed);
      assert.equal((await call('GET', '/payments/find/order-retried?sorting=-updated')).body.response.imp_uid, retried.failed);
      assert.equal((await call('GET', '/payments/find/order-retried?sorting=-paid')).body.response.imp_uid, retried.paid);
      assert.equal((await call('GET', '/payments/find/order-retried/all')).body.response.imp_uid, retried.paid);
      const none = await call('GET', '/payments/find/order-retried/cancelled');
      assert.equal(none.status, 404);
      assert.equal(none.body.message, NOT_FOUND);
    });

    it('find answers a percent-encoded merchant_uid', async () => {
      const impUid = await seedPayment(gw.ctx.db, gw.merchant.id, { merchant_uid: '주문 #7/가', state: 'paid', paid_at: now });
      const { status, body } = await call('GET', `/payments/find/${encodeURIComponent('주문 #7/가')}`);
      assert.equal(status, 200);
      assert.equal(body.response.imp_uid, impUid);
    });

    it('find answers unknown merchant_uids, bad statuses and bad sorting with the V1 messages', async () => {
      const unknown = await call('GET', '/payments/find/no-such-order');
      assert.deepEqual([unknown.status, unknown.body.message], [404, NOT_FOUND]);
      const status = await call('GET', '/payments/find/order-retried/refunded');
      assert.deepEqual([status.status, status.body.message], [400, '지원되지 않는 상태값입니다.']);
      const sorting = await call('GET', '/payments/find/order-retried?sorting=amount');
      assert.deepEqual([sorting.status, sorting.body.message], [400, '지원되지 않는 정렬규칙입니다.']);
    });

    it('findAll pages every attempt, with the status segment optional and a trailing slash allowed', async () => {
      for (const path of ['/payments/findAll/order-retried', '/payments/findAll/order-retried/']) {
        const { status, body } = await call('GET', path);
        assert.equal(status, 200, path);
        assert.deepEqual(Object.keys(body.response), ['list', 'next', 'previous', 'total']);
        assert.equal(body.response.total, 2);
        assert.deepEqual(body.response.list.map((p: any) => p.imp_uid), [retried.paid, retried.failed]);
        assert.equal(body.response.next, 0);
        assert.equal(body.response.previous, 0);
      }
      const paidOnly = (await call('GET', '/payments/findAll/order-retried/paid')).body.response;
      assert.deepEqual(paidOnly.list.map((p: any) => p.imp_uid), [retried.paid]);
      const first = (await call('GET', '/payments/findAll/order-retried?limit=1&sorting=started')).body.response;
      assert.deepEqual([first.total, first.previous, first.next, first.list[0].imp_uid], [2, 0, 2, retried.failed]);
      const second = (await call('GET', '/payments/findAll/order-retried?limit=1&page=2&sorting=started')).body.response;
      assert.deepEqual([second.previous, second.next, second.list[0].imp_uid], [1, 0, retried.paid]);
    });

    it('findAll answers bad input with V1 400s and an unknown merchant_uid with 404', async () => {
      const cases: [string, number, string | RegExp][] = [
        ['/payments/findAll/no-such-order/', 404, NOT_FOUND],
        ['/payments/findAll/order-retried/bogus', 400, '지원되지 않는 상태값입니다.'],
        ['/payments/findAll/order-retried?sorting=price', 400, '지원되지 않는 정렬규칙입니다.'],
        ['/payments/findAll/order-retried?page=3&limit=1', 400, /유효하지 않은 페이지입니다/],
        ['/payments/findAll/order-retried?page=0', 400, /유효하지 않은 페이지입니다/],
        ['/payments/findAll/order-retried?limit=1001', 400, 'limit 은 1 이상 1000 이하로 지정해주세요.'],
        ['/payments/findAll/order-retried?limit=0', 400, 'limit 은 1 이상 1000 이하로 지정해주세요.'],
        ['/payments/findAll/order-retried?page=abc', 400, /page/],
        ['/payments/findAll/order-retried?limit[]=1&limit[]=2', 400, /limit/],
      ];
      for (const [path, status, message] of cases) {
        const answer = await call('GET', path);
        assert.equal(answer.status, status, path);
        assert.equal(answer.body.code, -1, path);
        if (typeof message === 'string') assert.equal(answer.body.message, message, path);
        else assert.match(answer.body.message, message, path);
      }
    });
  });

  describe('GET /payments/status/{payment_status}', () => {
    let old: { paid: string; lateCancel: string };
    before(async () => {
      const at = (days: number) => new Date(now.getTime() - days * DAY);
      const paid = await seedPayment(gw.ctx.db, gw.merchant.id, {
        merchant_uid: 'order-old-paid',
        state: 'paid',
        started_at: at(120),
        paid_at: at(120),
        updated_at: at(120),
      });
      // Started and paid long ago, cancelled yesterday: a cancelled search filters on cancelled_at.
      const lateCancel = await seedPayment(gw.ctx.db, gw.merchant.id, {
        merchant_uid: 'order-late-cancel',
        state: 'cancelled',
        amount: 7000,
        cancel_amount: 7000,
        started_at: at(100),
        paid_at: at(100),
        cancelled_at: at(1),
        cancel_reason: '환불',
        updated_at: at(1),
      });
      await seedCancellation(gw.ctx.db, gw.merchant.id, lateCancel, { amount: 7000, reason: '환불', pg_tid: 'c-late', cancelled_at: at(1) });
      old = { paid, lateCancel };
    });

    const ids = (body: any) => body.response.list.map((p: any) => p.imp_uid);

    it('lists payments by current status within the last 90 days by default', async () => {
      const paid = await call('GET', '/payments/status/paid?limit=1000');
      assert.equal(paid.status, 200);
      assert.ok(ids(paid.body).includes(seeded.paidCard));
      assert.ok(!ids(paid.body).includes(old.paid), 'paid 120 days ago is outside the default window');
      assert.ok(!ids(paid.body).includes(seeded.partlyCancelled), 'a cancelled payment is not paid any more');
      assert.ok(paid.body.response.list.every((p: any) => p.status === 'paid'));
      const cancelled = await call('GET', '/payments/status/cancelled');
      assert.deepEqual(new Set(ids(cancelled.body)), new Set([seeded.partlyCancelled, old.lateCancel]));
      const ready = await call('GET', '/payments/status/ready/');
      assert.ok(ids(ready.body).includes(seeded.readyVbank));
      const failed = await call('GET', '/payments/status/failed');
      assert.ok(ids(failed.body).includes(seeded.failed));
    });

    it('all counts every status and pages with total, previous and next', async () => {
      const all = (await call('GET', '/payments/status/all?limit=1000')).body.response;
      assert.ok(all.total >= 6);
      assert.equal(all.list.length, all.total);
      const page2 = (await call('GET', '/payments/status/all?limit=2&page=2')).body.response;
      assert.deepEqual([page2.total, page2.previous, page2.next, page2.list.length], [all.total, 1, 3, 2]);
      const newestFirst = all.list.map((p: any) => p.started_at);
      assert.deepEqual(newestFirst, [...newestFirst].sort((a: number, b: number) => b - a));
    });

    it('pages 20 at a time unless told otherwise', async () => {
      const other = await gw.ctx.merchants.create({ name: 'Busy shop' });
      for (let i = 0; i < 25; i++) {
        await seedPayment(gw.ctx.db, other.id, { merchant_uid: `busy-${i}`, state: 'paid', started_at: new Date(now.getTime() - i * 1000), paid_at: now });
      }
      const token = await gw.token(other);
      const asOther = v1Client(gw.url, () => token);
      const first = (await asOther('GET', '/payments/status/paid')).body.response;
      assert.deepEqual([first.total, first.list.length, first.previous, first.next], [25, 20, 0, 2]);
      assert.equal(first.list[0].merchant_uid, 'busy-0');
      const second = (await asOther('GET', '/payments/status/paid?page=2')).body.response;
      assert.deepEqual([second.list.length, second.previous, second.next, second.list[4].merchant_uid], [5, 1, 0, 'busy-24']);
    });

    it('filters on the time the payment entered its status, with from and to in UNIX seconds', async () => {
      const from = unix(now) - 130 * 24 * 3600;
      const to = unix(now) - 110 * 24 * 3600;
      const window = await call('GET', `/payments/status/paid?from=${from}&to=${to}`);
      assert.deepEqual(ids(window.body), [old.paid]);
      const recent = await call('GET', `/payments/status/cancelled?from=${unix(now) - 2 * 24 * 3600}&to=${unix(now)}`);
      assert.ok(ids(recent.body).includes(old.lateCancel));
      const empty = await call('GET', `/payments/status/paid?from=${to - 10}&to=${to}`);
      assert.deepEqual(empty.body.response, { list: [], next: 0, previous: 0, total: 0 });
    });

    it('answers bad statuses, windows, sorting and pages with the V1 messages', async () => {
      const t = unix(now);
      const cases: [string, string | RegExp][] = [
        ['/payments/status/refunded', '지원되지 않는 상태값입니다.'],
        [`/payments/status/paid?from=${t - 91 * 24 * 3600}&to=${t}`, '최대 90일간 검색이 가능합니다'],
        [`/payments/status/paid?from=${t - 91 * 24 * 3600}`, '최대 90일간 검색이 가능합니다'],
        [`/payments/status/paid?from=${t}&to=${t - 10}`, '유효하지 않은 검색기간입니다.'],
        [`/payments/status/paid?from=-5&to=${t}`, '유효하지 않은 검색기간입니다.'],
        ['/payments/status/paid?sorting=name', '지원되지 않는 정렬규칙입니다.'],
        ['/payments/status/all?page=999', /유효하지 않은 페이지입니다/],
        ['/payments/status/all?limit=5000', 'limit 은 1 이상 1000 이하로 지정해주세요.'],
        ['/payments/status/all?from=yesterday', /from/],
      ];
      for (const [path, message] of cases) {
        const answer = await call('GET', path);
        assert.equal(answer.status, 400, path);
        assert.equal(answer.body.code, -1, path);
        if (typeof message === 'string') assert.equal(answer.body.message, message, path);
        else assert.match(answer.body.message, message, path);
      }
    });
  });
});
