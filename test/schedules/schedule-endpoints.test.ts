// Scheduled payments through the V1 wire and the Toss emulator over HTTP: booking (with key issue and checking_amount),
// look-ups and paged lists, moves, revokes, execution when due, reschedule and retry — and every refusal.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTossTestbed, CARDS, type TossTestbed } from '../helpers/toss.ts';
import { assertMatchesSpec } from '../helpers/openapi.ts';
import { unixSeconds } from '../../src/lib/clock.ts';

describeEachStore('scheduled payments /subscribe/payments/schedule', (kind) => {
  let t: TossTestbed;
  before(async () => {
    t = await startTossTestbed(kind);
    origin = unixSeconds(t.clock.now());
  });
  after(async () => t?.close());

  // Whole hours from the moment the suite started, so expected times do not drift with the wall clock.
  let origin = 0;
  const inHours = (hours: number) => origin + hours * 3600;
  // Tokens expire as the clock moves: a fresh one after each move.
  let token: { offset: number; value: string } | null = null;
  async function call(method: string, path: string, body?: unknown, merchant?: Parameters<TossTestbed['call']>[3]) {
    if (merchant) return t.call(method, path, body, merchant);
    if (token?.offset !== t.clock.offset) token = { offset: t.clock.offset, value: await t.token() };
    const res = await fetch(t.url + path, {
      method,
      headers: { authorization: `Bearer ${token.value}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as any };
  }
  const book = (customerUid: string, schedules: object[], extra: object = {}) =>
    call('POST', '/subscribe/payments/schedule', { customer_uid: customerUid, schedules, ...extra });
  const order = (merchantUid: string, hours: number, amount = 1000, more: object = {}) =>
    ({ merchant_uid: merchantUid, schedule_at: inHours(hours), amount, name: '월간 구독', ...more });
  /** Moves the gateway's clock past `at` (UNIX s) and lets the worker's step run. */
  async function runDue(at: number) {
    const ahead = at * 1000 - t.clock.now().getTime() + 1000;
    if (ahead > 0) t.clock.advance(ahead);
    while ((await t.ctx.schedules.executeDue(50)) > 0);
  }

  it('books several schedules, issuing the billing key from the card data first', async () => {
    const res = await book('cu_sched_new', [order('sch-new-1', 1), order('sch-new-2', 2, 2000, { buyer_name: '김구매' })], {
      ...CARDS.good, customer_name: '홍길동', customer_email: 'gd@example.com',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body.code, 0, res.body.message);
    assertMatchesSpec('POST', '/subscribe/payments/schedule', res.status, res.body);
    const [first, second] = res.body.response;
    assert.equal(first.merchant_uid, 'sch-new-1');
    assert.equal(first.customer_uid, 'cu_sched_new');
    assert.equal(first.schedule_status, 'scheduled');
    assert.equal(first.payment_status, null);
    assert.equal(first.imp_uid, null);
    assert.equal(first.executed_at, 0);
    assert.equal(first.revoked_at, 0);
    assert.equal(first.amount, 1000);
    assert.equal(first.currency, 'KRW');
    assert.equal(first.pg_provider, 'tosspayments');
    assert.equal(first.buyer_name, '홍길동', 'buyer fields fall back to the key\'s customer fields');
    assert.equal(second.buyer_name, '김구매');
    assert.equal(second.schedule_at, inHours(2));
    const key = await call('GET', '/subscribe/customers/cu_sched_new');
    assert.equal(key.body.code, 0, 'the key was issued');
  });

  it('refuses an unknown customer without card data, a past schedule_at and duplicate merchant_uid', async () => {
    const unknown = await book('cu_nobody', [order('sch-x-1', 1)]);
    assert.equal(unknown.status, 200);
    assert.equal(unknown.body.code, 1);
    assert.match(unknown.body.message, /등록된 고객정보가 없습니다\./);

    await book('cu_sched_dup', [order('sch-dup-1', 1)], CARDS.good);
    const past = await book('cu_sched_dup', [{ ...order('sch-past', 1), schedule_at: inHours(0) - 60 }]);
    assert.equal(past.body.code, 1);
    assert.match(past.body.message, /schedule_at/);
    const again = await book('cu_sched_dup', [order('sch-dup-1', 3)]);
    assert.equal(again.body.code, 1);
    assert.match(again.body.message, /sch-dup-1/);
    const twiceInOne = await book('cu_sched_dup', [order('sch-dup-2', 3), order('sch-dup-2', 4)]);
    assert.equal(twiceInOne.body.code, 1);
    const none = await call('GET', '/subscribe/payments/schedule/sch-dup-2');
    assert.equal(none.status, 404, 'a refused call books nothing');
    const missing = await call('POST', '/subscribe/payments/schedule', { customer_uid: 'cu_sched_dup' });
    assert.equal(missing.status, 400);
    const noAmount = await book('cu_sched_dup', [{ merchant_uid: 'sch-na', schedule_at: inHours(1) }]);
    assert.equal(noAmount.status, 400);
    assert.match(noAmount.body.message, /amount/);
  });

  it('refuses a card that fails with PortOne\'s wording and books nothing', async () => {
    const res = await book('cu_sched_badcard', [order('sch-bad-1', 1)], { ...CARDS.good, card_number: '1234-5678' });
    assert.notEqual(res.body.code, 0);
    assert.equal((await call('GET', '/subscribe/payments/schedule/sch-bad-1')).status, 404);
  });

  it('checking_amount charges the key and cancels it at once', async () => {
    const before = (await t.emulatorPayments()).length;
    const res = await book('cu_sched_check', [order('sch-check-1', 1)], { ...CARDS.good, checking_amount: 1000 });
    assert.equal(res.body.code, 0, res.body.message);
    const payments = await t.emulatorPayments();
    assert.equal(payments.length, before + 1);
    const check = payments.find((p) => p.orderId.startsWith('check_'))!;
    assert.equal(check.status, 'CANCELED');
    assert.equal(check.balanceAmount, 0);
  });

  it('looks one up, moves it, and refuses moving into the past or an unknown one', async () => {
    await book('cu_sched_move', [order('sch-move-1', 5)], CARDS.good);
    const got = await call('GET', '/subscribe/payments/schedule/sch-move-1');
    assert.equal(got.body.code, 0);
    assertMatchesSpec('GET', '/subscribe/payments/schedule/{merchant_uid}', got.status, got.body);
    const moved = await call('PUT', '/subscribe/payments/schedule/sch-move-1', { schedule_at: inHours(7) });
    assert.equal(moved.body.code, 0);
    assert.equal(moved.body.response.schedule_at, inHours(7));
    const past = await call('PUT', '/subscribe/payments/schedule/sch-move-1', { schedule_at: inHours(-1) });
    assert.equal(past.status, 400);
    const unknown = await call('PUT', '/subscribe/payments/schedule/sch-nope', { schedule_at: inHours(7) });
    assert.equal(unknown.status, 404);
    const lookup = await call('GET', '/subscribe/payments/schedule/sch-nope');
    assert.equal(lookup.status, 404);
    assert.equal(lookup.body.code, -1);
  });

  it('unschedules by merchant_uid (string or array) and by customer, and says when there is nothing to revoke', async () => {
    await book('cu_sched_revoke', [order('sch-rv-1', 1), order('sch-rv-2', 2), order('sch-rv-3', 3), order('sch-rv-4', 4)], CARDS.good);
    const one = await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'cu_sched_revoke', merchant_uid: 'sch-rv-1' });
    assert.equal(one.body.code, 0);
    assert.deepEqual(one.body.response.map((s: any) => [s.merchant_uid, s.schedule_status]), [['sch-rv-1', 'revoked']]);
    assert.ok(one.body.response[0].revoked_at > 0);
    const many = await call('POST', '/subscribe/payments/unschedule', { merchant_uid: ['sch-rv-2', 'sch-rv-3'] });
    assert.deepEqual(many.body.response.map((s: any) => s.merchant_uid).sort(), ['sch-rv-2', 'sch-rv-3']);
    const all = await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'cu_sched_revoke' });
    assert.deepEqual(all.body.response.map((s: any) => s.merchant_uid), ['sch-rv-4']);
    const nothing = await call('POST', '/subscribe/payments/unschedule', { customer_uid: 'cu_sched_revoke' });
    assert.equal(nothing.status, 200);
    assert.equal(nothing.body.code, 1);
    assert.match(nothing.body.message, /취소할 예약결제 기록이 존재하지 않습니다\./);
    const moveRevoked = await call('PUT', '/subscribe/payments/schedule/sch-rv-4', { schedule_at: inHours(9) });
    assert.equal(moveRevoked.status, 400);
    const neither = await call('POST', '/subscribe/payments/unschedule', {});
    assert.equal(neither.status, 400);
  });

  it('lists by range, status and page, newest first unless sorting=scheduled, and per customer with schedule-status', async () => {
    const orders = Array.from({ length: 5 }, (_, i) => order(`sch-list-${i}`, 100 + i));
    await book('cu_sched_list', orders, CARDS.good);
    await call('POST', '/subscribe/payments/unschedule', { merchant_uid: 'sch-list-4' });
    const from = inHours(99);
    const to = inHours(105);
    const page1 = await call('GET', `/subscribe/payments/schedule?schedule_from=${from}&schedule_to=${to}&limit=2`);
    assert.equal(page1.body.code, 0);
    assert.deepEqual(
      { total: page1.body.response.total, previous: page1.body.response.previous, next: page1.body.response.next },
      { total: 5, previous: 0, next: 2 },
    );
    assert.deepEqual(page1.body.response.list.map((s: any) => s.merchant_uid), ['sch-list-4', 'sch-list-3']);
    const page3 = await call('GET', `/subscribe/payments/schedule?schedule_from=${from}&schedule_to=${to}&limit=2&page=3`);
    assert.deepEqual([page3.body.response.previous, page3.body.response.next], [2, 0]);
    const oldest = await call('GET', `/subscribe/payments/schedule?schedule_from=${from}&schedule_to=${to}&sorting=scheduled&schedule_status=scheduled`);
    assert.deepEqual(oldest.body.response.list.map((s: any) => s.merchant_uid), ['sch-list-0', 'sch-list-1', 'sch-list-2', 'sch-list-3']);
    const window = await call('GET', `/subscribe/payments/schedule?schedule_from=${inHours(101)}&schedule_to=${inHours(103)}`);
    assert.deepEqual(window.body.response.list.map((s: any) => s.merchant_uid), ['sch-list-2', 'sch-list-1'], 'from <= schedule_at < to');

    for (const path of ['/subscribe/payments/schedule/customers/cu_sched_list', '/subscribe/customers/cu_sched_list/schedules']) {
      const revoked = await call('GET', `${path}?from=${from}&to=${to}&schedule-status=revoked`);
      assert.equal(revoked.body.code, 0, path);
      assert.deepEqual(revoked.body.response.list.map((s: any) => s.merchant_uid), ['sch-list-4'], path);
      const everything = await call('GET', `${path}?from=${from}&to=${to}`);
      assert.equal(everything.body.response.total, 5, path);
      const other = await call('GET', `${path.replace('cu_sched_list', 'cu_sched_new')}?from=${from}&to=${to}`);
      assert.equal(other.body.response.total, 0, 'only that customer\'s schedules');
    }
    const noFrom = await call('GET', `/subscribe/payments/schedule?schedule_to=${to}`);
    assert.equal(noFrom.status, 400);
    assert.match(noFrom.body.message, /schedule_from/);
    const badStatus = await call('GET', `/subscribe/payments/schedule?schedule_from=${from}&schedule_to=${to}&schedule_status=done`);
    assert.equal(badStatus.status, 400);
    const backwards = await call('GET', `/subscribe/payments/schedule?schedule_from=${to}&schedule_to=${from}`);
    assert.equal(backwards.status, 400);
    const otherMerchant = await t.ctx.merchants.create({ name: 'Other shop' });
    const foreign = await call('GET', `/subscribe/payments/schedule?schedule_from=${from}&schedule_to=${to}`, undefined, otherMerchant);
    assert.equal(foreign.body.response.total, 0, 'another merchant sees none of them');
    const foreignOne = await call('GET', '/subscribe/payments/schedule/sch-list-0', undefined, otherMerchant);
    assert.equal(foreignOne.status, 404);
  });

  it('charges a due schedule once through the billing key and announces it; a declined one ends failed and is announced too', async () => {
    const noticeUrl = 'http://127.0.0.1:9/schedule-webhook';
    await book('cu_sched_run', [order('sch-run-ok', 200, 5000, { notice_url: noticeUrl })], CARDS.good);
    await book('cu_sched_decline', [order('sch-run-no', 200, 5000, { notice_url: noticeUrl })], CARDS.rejected);
    await runDue(inHours(200));
    const ok = (await call('GET', '/subscribe/payments/schedule/sch-run-ok')).body.response;
    assert.equal(ok.schedule_status, 'executed');
    assert.equal(ok.payment_status, 'paid');
    assert.match(ok.imp_uid, /^imp_\d{12}$/);
    assert.ok(ok.executed_at > 0);
    const payment = (await call('GET', `/payments/${ok.imp_uid}`)).body.response;
    assert.equal(payment.status, 'paid');
    assert.equal(payment.amount, 5000);
    assert.equal(payment.merchant_uid, 'sch-run-ok');
    assert.equal(payment.customer_uid, 'cu_sched_run');
    assert.equal(payment.customer_uid_usage, 'payment.scheduled');
    const atToss = (await t.emulatorPayments()).filter((p) => p.orderId === ok.imp_uid);
    assert.deepEqual(atToss.map((p) => [p.status, p.totalAmount]), [['DONE', 5000]]);

    const no = (await call('GET', '/subscribe/payments/schedule/sch-run-no')).body.response;
    assert.equal(no.schedule_status, 'executed');
    assert.equal(no.payment_status, 'failed');
    assert.ok(no.fail_reason);

    const events = await t.ctx.db.selectFrom('webhook_events').select(['imp_uid', 'status', 'targets']).where('imp_uid', 'in', [ok.imp_uid, no.imp_uid]).execute();
    assert.deepEqual(events.map((e) => [e.imp_uid, e.status]).sort(), [[ok.imp_uid, 'paid'], [no.imp_uid, 'failed']].sort());
    assert.ok(events.every((e) => e.targets.length === 1 && e.targets[0] === noticeUrl), 'the schedule\'s own notice_url');
    assert.equal(await t.ctx.schedules.executeDue(50), 0, 'nothing runs twice');
  });

  it('retries a failed schedule now (answering the payment) and reschedules a revoked one; refuses both on others', async () => {
    await book('cu_sched_retry', [order('sch-retry-1', 300, 3000), order('sch-retry-2', 301, 3000)], CARDS.rejected);
    await runDue(inHours(300));
    const failed = (await call('GET', '/subscribe/payments/schedule/sch-retry-1')).body.response;
    assert.equal(failed.payment_status, 'failed');
    const early = await call('POST', '/subscribe/payments/schedule/sch-retry-2/retry');
    assert.equal(early.status, 400, 'a schedule that has not run cannot be retried');
    const earlyReschedule = await call('POST', '/subscribe/payments/schedule/sch-retry-2/reschedule', { schedule_at: inHours(310) });
    assert.equal(earlyReschedule.status, 400);

    // The customer registers a working card; the retry charges it at once.
    await call('POST', '/subscribe/customers/cu_sched_retry', CARDS.good);
    const retried = await call('POST', '/subscribe/payments/schedule/sch-retry-1/retry');
    assert.equal(retried.body.code, 0, retried.body.message);
    assertMatchesSpec('POST', '/subscribe/payments/schedule/{merchant_uid}/retry', retried.status, retried.body);
    assert.equal(retried.body.response.status, 'paid');
    assert.notEqual(retried.body.response.imp_uid, failed.imp_uid);
    const after = (await call('GET', '/subscribe/payments/schedule/sch-retry-1')).body.response;
    assert.deepEqual([after.payment_status, after.imp_uid], ['paid', retried.body.response.imp_uid]);
    const paidAgain = await call('POST', '/subscribe/payments/schedule/sch-retry-1/retry');
    assert.equal(paidAgain.status, 400, 'a paid schedule is not retried');

    await call('POST', '/subscribe/payments/unschedule', { merchant_uid: 'sch-retry-2' });
    const rescheduled = await call('POST', '/subscribe/payments/schedule/sch-retry-2/reschedule', { schedule_at: inHours(320) });
    assert.equal(rescheduled.body.code, 0, rescheduled.body.message);
    assert.deepEqual([rescheduled.body.response.schedule_status, rescheduled.body.response.revoked_at], ['scheduled', 0]);
    await runDue(inHours(320));
    const done = (await call('GET', '/subscribe/payments/schedule/sch-retry-2')).body.response;
    assert.equal(done.payment_status, 'paid');
    const unknown = await call('POST', '/subscribe/payments/schedule/sch-nope/retry');
    assert.equal(unknown.status, 404);
  });

  it('several workers racing over the same due schedules charge each exactly once', async () => {
    const orders = Array.from({ length: 30 }, (_, i) => order(`sch-race-${i}`, 400, 1000 + i));
    await book('cu_sched_race', orders, CARDS.good);
    t.clock.advance(inHours(400) * 1000 - t.clock.now().getTime() + 1000);
    await Promise.all([1, 2, 3, 4].map(async () => {
      while ((await t.ctx.schedules.executeDue(4)) > 0);
    }));
    const rows = await t.ctx.db.selectFrom('payments').select(['merchant_uid', 'imp_uid', 'state']).where('merchant_uid', 'like', 'sch-race-%').execute();
    assert.equal(rows.length, 30);
    assert.ok(rows.every((r) => r.state === 'paid'));
    const atToss = (await t.emulatorPayments()).filter((p) => rows.some((r) => r.imp_uid === p.orderId));
    assert.equal(atToss.length, 30, 'one charge per schedule at the PG');
  });
});
