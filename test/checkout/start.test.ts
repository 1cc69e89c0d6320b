// The checkout over HTTP, on both stores: what POST /checkout/payments refuses before any window, the ready attempt
// it writes, the return handlers' own checks, and the sweep that fails abandoned windows.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { CARDS, startTossTestbed, type TossTestbed } from '../helpers/toss.ts';
import { composeCheckout } from '../../src/checkout/index.ts';
import { WINDOW_LIFETIME_MS } from '../../src/core/checkout/checkout.ts';

const SHOP = 'https://shop.example.com';
const ANDROID = 'Mozilla/5.0 (Linux; Android 14; SM-S918N) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36';

describeEachStore('checkout start and return', (kind) => {
  let t: TossTestbed;
  before(async () => (t = await startTossTestbed(kind)));
  after(async () => t?.close());

  let seq = 0;
  const order = (over: Record<string, unknown> = {}) => ({
    pg: 'tosspayments', pay_method: 'card', merchant_uid: `start-${kind}-${++seq}`, name: '나이키 와플 트레이너 2 SD', amount: 109000, ...over,
  });
  async function start(params: Record<string, unknown>, opts: { mode?: string; origin?: string | null; ua?: string; userCode?: string } = {}) {
    const headers: Record<string, string> = { 'content-type': 'text/plain' };
    if (opts.origin !== null) headers.origin = opts.origin ?? SHOP;
    if (opts.ua) headers['user-agent'] = opts.ua;
    const res = await fetch(`${t.url}/checkout/payments`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ user_code: opts.userCode ?? t.merchant.userCode, mode: opts.mode ?? 'iframe', params }),
    });
    assert.equal(res.status, 200);
    return (await res.json()) as { window_url?: string; result?: Record<string, unknown> };
  }
  const windowRow = (token: string) => t.ctx.db.selectFrom('checkout_windows').selectAll().where('token', '=', token).executeTakeFirstOrThrow();
  const tokenOf = (windowUrl: string) => windowUrl.split('/').pop()!;

  it('opens a window with a ready attempt: channel by user agent, pay_method, buyer fields, not yet announced', async () => {
    const params = order({ buyer_name: '홍길동', custom_data: { a: 1 }, notice_url: 'https://shop.example.com/hook' });
    const answer = await start(params, { ua: ANDROID });
    assert.match(answer.window_url!, /^\/checkout\/windows\/[A-Za-z0-9_-]{32}$/);
    const row = await windowRow(tokenOf(answer.window_url!));
    assert.equal(row.parent_origin, SHOP);
    assert.equal(row.kind, 'payment');
    const payment = await t.call('GET', `/payments/${row.imp_uid}`);
    assert.equal(payment.body.code, 0);
    const p = payment.body.response;
    assert.equal(p.status, 'ready');
    assert.equal(p.channel, 'mobile');
    assert.equal(p.pay_method, 'card');
    assert.equal(p.merchant_uid, params.merchant_uid);
    assert.equal(p.buyer_name, '홍길동');
    assert.equal(p.custom_data, '{"a":1}');
    assert.match(p.user_agent, /Android/);
    const events = await t.ctx.db.selectFrom('webhook_events').select('id').where('imp_uid', '=', row.imp_uid!).execute();
    assert.equal(events.length, 0);
  });

  it('refuses before any window: unknown user code, no origin, redirect without m_redirect_url, bad parameters', async () => {
    const cases: [Record<string, unknown>, Parameters<typeof start>[1], RegExp][] = [
      [order(), { userCode: 'imp99999999' }, /가맹점 식별코드/],
      [order(), { origin: null }, /Origin/],
      [order(), { mode: 'redirect' }, /m_redirect_url/],
      [order({ pay_method: 'bitcoin' }), {}, /pay_method/],
      [order({ amount: 0 }), {}, /0보다 커야/],
      [order({ amount: 10.5 }), {}, /소수점/],
      [order({ merchant_uid: 42 }), {}, /merchant_uid/],
      [order({ tax_free: 200000 }), {}, /tax_free/],
      [order({ vbank_due: 'next week' }), {}, /vbank_due/],
      [order({ bypass: { cashReceiptType: 'everyone' } }), {}, /cashReceiptType/],
      [order({ confirm_url: 'javascript:alert(1)' }), {}, /confirm_url/],
      [order({ channelKey: 'channel-key-unknown' }), {}, /채널을 찾을 수 없습니다/],
    ];
    for (const [params, opts, message] of cases) {
      const answer = await start(params, opts);
      assert.equal(answer.window_url, undefined, JSON.stringify(params));
      assert.equal(answer.result!.imp_uid, null);
      assert.equal(answer.result!.success, false);
      assert.match(String(answer.result!.error_msg), message);
    }
  });

  it('refuses a merchant_uid already paid and a prepared amount that differs; accepts the prepared amount', async () => {
    const paid = await t.call('POST', '/subscribe/payments/onetime', { ...CARDS.good, merchant_uid: `paid-${kind}`, amount: 15000, name: '단건' });
    assert.equal(paid.body.response.status, 'paid');
    const again = await start(order({ merchant_uid: `paid-${kind}`, amount: 15000 }));
    assert.equal(again.result!.error_code, 'ALREADY_PAID_MERCHANT_UID');

    await t.call('POST', '/payments/prepare', { merchant_uid: `prep-${kind}`, amount: 50000 });
    const mismatch = await start(order({ merchant_uid: `prep-${kind}`, amount: 49000 }));
    assert.equal(mismatch.result!.error_code, 'PREPARED_AMOUNT_MISMATCH');
    const match = await start(order({ merchant_uid: `prep-${kind}`, amount: 50000 }));
    assert.ok(match.window_url);
  });

  it('a return whose amount or order differs from the attempt fails it without confirming at Toss', async () => {
    const answer = await start(order());
    const token = tokenOf(answer.window_url!);
    const row = await windowRow(token);
    const res = await fetch(`${t.url}/checkout/windows/${token}/success?paymentKey=tk_forged&orderId=${row.imp_uid}&amount=100`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /RETURN_MISMATCH/);
    const p = (await t.call('GET', `/payments/${row.imp_uid}`)).body.response;
    assert.equal(p.status, 'failed');
    assert.match(p.fail_reason, /RETURN_MISMATCH/);
    // A second return (a reload, or a replay) answers the same and changes nothing.
    const replay = await fetch(`${t.url}/checkout/windows/${token}/success?paymentKey=tk_forged&orderId=${row.imp_uid}&amount=109000`);
    assert.match(await replay.text(), /RETURN_MISMATCH/);
    assert.equal((await t.call('GET', `/payments/${row.imp_uid}`)).body.response.status, 'failed');
  });

  it('an unknown window token is a clear error page, not a crash', async () => {
    const res = await fetch(`${t.url}/checkout/windows/not-a-token`);
    assert.equal(res.status, 400);
    assert.match(await res.text(), /결제창 정보를 찾을 수 없습니다/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
  });

  it('windows left open past Toss\'s 30 + 10 minutes are failed by the sweep; finished ones are left alone', async () => {
    const open = await start(order());
    const closed = await start(order());
    // An attempt whose confirm is in flight belongs to the confirm and the reconciler, not to the sweep.
    const confirming = await windowRow(tokenOf((await start(order())).window_url!));
    await t.ctx.db.updateTable('payments').set({ state: 'approving' }).where('imp_uid', '=', confirming.imp_uid!).execute();
    await fetch(`${t.url}/checkout/windows/${tokenOf(closed.window_url!)}/fail?code=PAY_PROCESS_CANCELED&message=x`);
    const checkout = composeCheckout(t.ctx);
    t.clock.advance(WINDOW_LIFETIME_MS - 60_000);
    assert.equal(await checkout.expireAbandoned(), 0);
    t.clock.advance(120_000);
    assert.ok((await checkout.expireAbandoned()) >= 1);
    const openRow = await windowRow(tokenOf(open.window_url!));
    assert.equal(openRow.state, 'finished');
    // Read from the table: the moved clock has expired the test's REST token.
    const p = await t.ctx.db.selectFrom('payments').select(['status', 'fail_reason']).where('imp_uid', '=', openRow.imp_uid!).executeTakeFirstOrThrow();
    assert.equal(p.status, 'failed');
    assert.match(p.fail_reason ?? '', /유효시간/);
    assert.equal((await windowRow(confirming.token)).state, 'open');
    const inFlight = await t.ctx.db.selectFrom('payments').select('state').where('imp_uid', '=', confirming.imp_uid!).executeTakeFirstOrThrow();
    assert.equal(inFlight.state, 'approving');
    const closedRow = await windowRow(tokenOf(closed.window_url!));
    assert.match(JSON.stringify(closedRow.result), /PAY_PROCESS_CANCELED/);
  });
});
