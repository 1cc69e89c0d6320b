// What stops a payment, seen from the merchant page: the buyer closing the window, a declined card, the merchant's
// confirm_url refusing, a prepared amount that differs, a merchant_uid already paid, and bad parameters.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { useBrowser } from '../helpers/browser.ts';
import { guideOrder, openShop, paymentOf, requestPay, startCheckoutBed, tossWindow, type CheckoutBed } from './harness.ts';

describe('checkout: failures', () => {
  const chromium = useBrowser();
  const { test } = chromium;
  let bed: CheckoutBed;
  before(async () => {
    bed = await startCheckoutBed();
  });
  after(async () => {
    await bed?.close();
  });

  test('closing the window fails the attempt with PAY_PROCESS_CANCELED and tells the callback', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const order = guideOrder();
    const pending = requestPay(page, order);
    await tossWindow(page).getByTestId('close-button').click();
    const rsp = await pending;
    assert.equal(rsp.error_code, 'PAY_PROCESS_CANCELED');
    assert.ok(rsp.error_msg);
    assert.equal(rsp.merchant_uid, order.merchant_uid);
    const payment = await paymentOf(bed, rsp.imp_uid);
    assert.equal(payment.status, 'failed');
    assert.match(payment.fail_reason, /PAY_PROCESS_CANCELED/);
    assert.ok(payment.failed_at > 0);
  });

  test('a card declined in the window fails the attempt with the PG code and message', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const pending = requestPay(page, guideOrder());
    const w = tossWindow(page);
    await w.getByTestId('card-company-SAMSUNG').check();
    await w.getByTestId('card-number').fill('4000-0000-0000-0002');
    await w.getByTestId('pay-button').click();
    const rsp = await pending;
    assert.equal(rsp.error_code, 'REJECT_CARD_COMPANY');
    const payment = await paymentOf(bed, rsp.imp_uid);
    assert.equal(payment.status, 'failed');
    assert.equal(payment.fail_reason, `[REJECT_CARD_COMPANY]${rsp.error_msg}`);
  });

  test('confirm_url is asked with imp_uid, merchant_uid and amount; a refusal stops the payment with its reason', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    bed.shop.confirmAnswer = { status: 409, body: { reason: '재고 부족' } };
    bed.shop.confirmCalls.length = 0;
    const order = guideOrder({ confirm_url: bed.shop.confirmUrl });
    const pending = requestPay(page, order);
    const w = tossWindow(page);
    await w.getByTestId('card-company-HYUNDAI').check();
    await w.getByTestId('pay-button').click();
    const rsp = await pending;
    assert.equal(bed.shop.confirmCalls.length, 1);
    assert.deepEqual(bed.shop.confirmCalls[0]!.body, { imp_uid: rsp.imp_uid, merchant_uid: order.merchant_uid, amount: 109000 });
    assert.equal(rsp.error_code, 'CONFIRM_REFUSED');
    const payment = await paymentOf(bed, rsp.imp_uid);
    assert.equal(payment.status, 'failed');
    assert.equal(payment.fail_reason, '고객사 요청에 의해 결제를 중단합니다. (상세사유 : 재고 부족)');
    // Nothing was approved at Toss: the authenticated payment was never confirmed.
    const atToss = (await bed.emulatorPayments()).find((p) => p.orderId === rsp.imp_uid);
    assert.notEqual(atToss?.status, 'DONE');

    bed.shop.confirmAnswer = { status: 200 };
    const again = requestPay(page, guideOrder({ confirm_url: bed.shop.confirmUrl }));
    await tossWindow(page).getByTestId('card-company-HYUNDAI').check();
    await tossWindow(page).getByTestId('pay-button').click();
    const ok = await again;
    assert.equal(ok.error_code, undefined);
    assert.equal((await paymentOf(bed, ok.imp_uid)).status, 'paid');
  });

  test('a confirm_url answering without a reason fails with 알 수 없음', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    bed.shop.confirmAnswer = { status: 500 };
    const pending = requestPay(page, guideOrder({ confirm_url: bed.shop.confirmUrl }));
    await tossWindow(page).getByTestId('card-company-HYUNDAI').check();
    await tossWindow(page).getByTestId('pay-button').click();
    const rsp = await pending;
    assert.equal((await paymentOf(bed, rsp.imp_uid)).fail_reason, '고객사 요청에 의해 결제를 중단합니다. (상세사유 : 알 수 없음)');
    bed.shop.confirmAnswer = { status: 200 };
  });

  test('a prepared amount that differs stops the payment before any window opens', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const order = guideOrder();
    const prepared = await bed.call('POST', '/payments/prepare', { merchant_uid: order.merchant_uid, amount: 100000 });
    assert.equal(prepared.body.code, 0);
    const rsp = await requestPay(page, order);
    assert.equal(rsp.imp_uid, null);
    assert.equal(rsp.merchant_uid, order.merchant_uid);
    assert.equal(rsp.error_code, 'PREPARED_AMOUNT_MISMATCH');
    assert.match(rsp.error_msg, /사전 등록된 결제 금액/);
    assert.equal(await page.locator('iframe[data-imp-frame]').count(), 0);
  });

  test('a merchant_uid already paid is refused before any window opens', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const order = guideOrder();
    const first = requestPay(page, order);
    await tossWindow(page).getByTestId('card-company-SHINHAN').check();
    await tossWindow(page).getByTestId('pay-button').click();
    assert.equal((await paymentOf(bed, (await first).imp_uid)).status, 'paid');
    const second = await requestPay(page, order);
    assert.equal(second.imp_uid, null);
    assert.equal(second.error_code, 'ALREADY_PAID_MERCHANT_UID');
    assert.match(second.error_msg, /이미 주문이 이루어진 건입니다/);
    assert.equal(await page.locator('iframe[data-imp-frame]').count(), 0);
  });

  test('parameters are checked in the browser: merchant_uid a string, amount a number (a plain integer string is warned)', async () => {
    const page = await chromium.newPage();
    const warnings: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'warning') warnings.push(m.text());
    });
    await openShop(page, bed);
    let rsp = await requestPay(page, guideOrder({ merchant_uid: 12345 }));
    assert.equal(rsp.success, false);
    assert.match(rsp.error_msg, /merchant_uid/);
    rsp = await requestPay(page, guideOrder({ amount: '109,000' }));
    assert.match(rsp.error_msg, /amount/);
    rsp = await requestPay(page, guideOrder({ amount: null }));
    assert.match(rsp.error_msg, /amount/);
    assert.equal(await page.locator('iframe[data-imp-frame]').count(), 0);

    const pending = requestPay(page, guideOrder({ amount: '109000' }));
    await tossWindow(page).getByTestId('card-company-SHINHAN').check();
    await tossWindow(page).getByTestId('pay-button').click();
    rsp = await pending;
    assert.ok(warnings.some((w) => w.includes('amount')));
    const payment = await paymentOf(bed, rsp.imp_uid);
    assert.equal(payment.status, 'paid');
    assert.equal(payment.amount, 109000);
  });

  test('a channel of another merchant, or another PG, is refused; certification says it is not offered', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const other = await bed.ctx.merchants.create({ name: 'Other shop' });
    await bed.addChannels(other);
    const [foreign] = (await bed.ctx.merchants.channels(other.id)).filter((c) => c.type === 'payment');
    let rsp = await requestPay(page, guideOrder({ pg: undefined, channelKey: foreign!.channelKey }));
    assert.equal(rsp.imp_uid, null);
    assert.match(rsp.error_msg, /채널을 찾을 수 없습니다/);
    rsp = await requestPay(page, guideOrder({ pg: 'kcp.A52CY' }));
    assert.match(rsp.error_msg, /지원되지 않는 PG사/);
    const start = (params: Record<string, unknown>) =>
      fetch(`${bed.url}/checkout/payments`, {
        method: 'POST',
        headers: { 'content-type': 'text/plain', origin: bed.shop.url },
        body: JSON.stringify({ user_code: bed.merchant.userCode, mode: 'iframe', params }),
      }).then((r) => r.json() as Promise<any>);
    assert.match((await start(guideOrder({ pg: `tosspayments.${bed.toss.mid}` }))).window_url, /^\/checkout\/windows\//);
    assert.match((await start(guideOrder({ pg: 'tosspayments.other-mid' }))).result.error_msg, /채널을 찾을 수 없습니다/);

    const cert = await page.evaluate(() => (window as any).IMP.certification({ merchant_uid: 'c1' }));
    assert.equal(cert.success, false);
    assert.match(cert.error_msg, /본인인증/);
  });

  test('a confirm Toss declines fails the attempt with its code; the callback says so', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    await bed.fault({ endpoint: 'POST /v1/payments/confirm', errorRate: 1, errorStatus: 403, errorCode: 'REJECT_CARD_COMPANY', remaining: 1 });
    try {
      const pending = requestPay(page, guideOrder());
      await tossWindow(page).getByTestId('card-company-SHINHAN').check();
      await tossWindow(page).getByTestId('pay-button').click();
      const rsp = await pending;
      assert.equal(rsp.error_code, 'REJECT_CARD_COMPANY');
      const payment = await paymentOf(bed, rsp.imp_uid);
      assert.equal(payment.status, 'failed');
      assert.match(payment.fail_reason, /^\[REJECT_CARD_COMPANY\]/);
    } finally {
      await bed.clearFaults();
    }
  });

  test('a confirm whose answer is lost leaves the attempt unknown (ready on the wire) until the reconciler finds it paid', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    await bed.fault({ endpoint: 'POST /v1/payments/confirm', dropRate: 1, remaining: 1 });
    try {
      const pending = requestPay(page, guideOrder({ notice_url: 'https://shop.example.com/hook' }));
      await tossWindow(page).getByTestId('card-company-SHINHAN').check();
      await tossWindow(page).getByTestId('pay-button').click();
      const rsp = await pending;
      assert.equal(rsp.error_code, 'PAYMENT_RESULT_UNKNOWN');
      const row = () => bed.ctx.db.selectFrom('payments').select(['state', 'pg_call', 'pg_idempotency_key']).where('imp_uid', '=', rsp.imp_uid).executeTakeFirstOrThrow();
      const before = await row();
      assert.equal(before.state, 'unknown');
      assert.equal(before.pg_call, 'confirm');
      assert.ok(before.pg_idempotency_key, 'the Idempotency-Key was committed before the call');
      assert.equal((await paymentOf(bed, rsp.imp_uid)).status, 'ready');
      const deadline = Date.now() + 10_000;
      while ((await row()).state !== 'paid' && Date.now() < deadline) {
        await bed.ctx.payments.reconciler.runOnce();
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.equal((await paymentOf(bed, rsp.imp_uid)).status, 'paid');
      const events = await bed.ctx.db.selectFrom('webhook_events').select('status').where('imp_uid', '=', rsp.imp_uid).execute();
      assert.deepEqual(events.map((e) => e.status), ['paid']);
    } finally {
      await bed.clearFaults();
    }
  });
});
