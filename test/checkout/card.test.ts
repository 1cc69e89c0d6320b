// Card payments through iamport.js, the gateway's window and the emulator's Toss window, in headless Chromium.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import { useBrowser } from '../helpers/browser.ts';
import { gatewayFrame, guideOrder, openShop, paymentOf, requestPay, startCheckoutBed, tossWindow, type CheckoutBed } from './harness.ts';

describe('checkout: card through the window', () => {
  const chromium = useBrowser();
  const { test } = chromium;
  let bed: CheckoutBed;
  before(async () => {
    bed = await startCheckoutBed();
  });
  after(async () => {
    await bed?.close();
  });

  test("the guide's order pays by card: the callback gets imp_uid and merchant_uid only, the payment is paid", async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const order = guideOrder();
    const pending = requestPay(page, order);
    const w = tossWindow(page);
    await w.getByTestId('card-company-SHINHAN').check();
    await w.getByTestId('pay-button').click();
    const rsp = await pending;
    assert.deepEqual(Object.keys(rsp).sort(), ['imp_uid', 'merchant_uid']);
    assert.match(rsp.imp_uid, /^imp_\d{12}$/);
    assert.equal(rsp.merchant_uid, order.merchant_uid);
    const payment = await paymentOf(bed, rsp.imp_uid);
    assert.equal(payment.status, 'paid');
    assert.equal(payment.amount, 109000);
    assert.equal(payment.pay_method, 'card');
    assert.equal(payment.pg_provider, 'tosspayments');
    assert.equal(payment.channel, 'pc');
    assert.equal(payment.card_code, '366');
    assert.equal(payment.name, '나이키 와플 트레이너 2 SD');
    assert.equal(payment.buyer_name, '홍길동');
    assert.ok(payment.paid_at > 0);
    assert.ok(payment.pg_tid);
    assert.equal(await page.locator('[data-imp-overlay]').count(), 0);
  });

  // evaluateAll reads whatever document the frame holds at once: wait for the window's own page first, or a fast
  // machine reads the frame while it is still navigating there.
  const options = async (w: ReturnType<typeof tossWindow>) => {
    await w.getByTestId('installment-select').waitFor();
    return w.getByTestId('installment-select').locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  };

  test('display.card_quota caps the installments offered; the chosen plan reaches the payment', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const pending = requestPay(page, guideOrder({ display: { card_quota: [2, 3, 6] } }));
    const w = tossWindow(page);
    assert.deepEqual(await options(w), ['0', '2', '3', '4', '5', '6']);
    await w.getByTestId('card-company-HYUNDAI').check();
    await w.getByTestId('installment-select').selectOption('3');
    await w.getByTestId('pay-button').click();
    const payment = await paymentOf(bed, (await pending).imp_uid);
    assert.equal(payment.status, 'paid');
    assert.equal(payment.card_quota, 3);
    assert.equal(payment.card_code, '367');
  });

  test('below 50,000 KRW only a lump sum is offered, whatever the merchant allowed', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const pending = requestPay(page, guideOrder({ amount: 49_000, display: { card_quota: [3, 6] } }));
    const w = tossWindow(page);
    await w.getByTestId('installment-unavailable').waitFor();
    await w.getByTestId('close-button').click();
    assert.equal((await pending).error_code, 'PAY_PROCESS_CANCELED');
  });

  test('card.direct opens the card company directly with its fixed plan', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const pending = requestPay(page, guideOrder({ card: { direct: { code: '361', quota: 3 } } }));
    const w = tossWindow(page);
    assert.match((await w.getByTestId('direct-card-company').textContent()) ?? '', /비씨|BC/);
    assert.deepEqual(await options(w), ['3']);
    await w.getByTestId('pay-button').click();
    const payment = await paymentOf(bed, (await pending).imp_uid);
    assert.equal(payment.card_code, '361');
    assert.equal(payment.card_quota, 3);
  });

  const companies = async (w: ReturnType<typeof tossWindow>) => {
    await w.getByTestId('card-company-list').waitFor();
    return w.getByTestId('card-company-list').locator('input[type=radio]').evaluateAll((is) => is.map((i) => i.getAttribute('data-testid')));
  };
  /** The picks the gateway's window asks for before Toss's opens. */
  const picks = async (gateway: Awaited<ReturnType<typeof gatewayFrame>>, param: string) => {
    await gateway.getByTestId(`choice-${param}`).waitFor();
    return gateway.locator(`[data-testid=choice-${param}] input`).evaluateAll((is) => is.map((i) => i.getAttribute('data-testid')));
  };

  test('card.detail leaving one company enabled: Toss\'s window lists that company alone, chosen already', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const detail = [{ card_code: '*', enabled: false }, { card_code: '366', enabled: true }];
    const pending = requestPay(page, guideOrder({ card: { detail } }));
    const w = tossWindow(page);
    assert.deepEqual(await companies(w), ['card-company-SHINHAN']);
    assert.equal(await w.getByTestId('card-company-SHINHAN').isChecked(), true);
    assert.equal(await w.getByTestId('easypay-list').count(), 0);
    assert.equal(await (await gatewayFrame(page)).locator('[data-testid=checkout-choices]').count(), 0, 'nothing to pick first');
    await w.getByTestId('pay-button').click();
    const payment = await paymentOf(bed, (await pending).imp_uid);
    assert.equal(payment.status, 'paid');
    assert.equal(payment.card_code, '366');
  });

  test('card.detail leaving several companies: the buyer picks among exactly those, then pays with the pick', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const detail = [{ card_code: '*', enabled: false }, { card_code: '366', enabled: true }, { card_code: '381', enabled: true }];
    const pending = requestPay(page, guideOrder({ card: { detail } }));
    const gateway = await gatewayFrame(page);
    const offered = await picks(gateway, 'cardCompany');
    assert.deepEqual(offered, ['choice-cardCompany-366', 'choice-cardCompany-381']);
    assert.equal(await tossWindow(page).locator('[data-testid=payment-window]').count(), 0, "Toss's window waits for the pick");
    await gateway.getByTestId('choice-cardCompany-381').check();
    await gateway.getByTestId('checkout-continue').click();
    const w = tossWindow(page);
    assert.deepEqual(await companies(w), ['card-company-KOOKMIN']);
    await w.getByTestId('pay-button').click();
    const payment = await paymentOf(bed, (await pending).imp_uid);
    assert.equal(payment.status, 'paid');
    assert.equal(payment.card_code, '381');
  });

  test('card.detail with all but one company: the list offered leaves that one out; cancelling there ends the attempt', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const pending = requestPay(page, guideOrder({ card: { detail: [{ card_code: '367', enabled: false }] } }));
    const gateway = await gatewayFrame(page);
    const offered = await picks(gateway, 'cardCompany');
    assert.equal(offered.length, 19);
    assert.ok(offered.includes('choice-cardCompany-366'));
    assert.ok(!offered.includes('choice-cardCompany-367'));
    await gateway.getByTestId('checkout-cancel').click();
    const rsp = await pending;
    assert.equal(rsp.error_code, 'PAY_PROCESS_CANCELED');
    assert.equal((await paymentOf(bed, rsp.imp_uid)).status, 'failed');
  });

  test('a card.detail that cannot be read, or leaves no company, is refused before any window opens', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    let rsp = await requestPay(page, guideOrder({ card: { detail: [{ card_code: '*', enabled: false }] } }));
    assert.equal(rsp.error_code, 'INVALID_PARAMETER');
    assert.match(rsp.error_msg, /결제할 수 있는 카드사가 없습니다/);
    rsp = await requestPay(page, guideOrder({ card: { detail: [{ card_code: '999', enabled: true }] } }));
    assert.match(rsp.error_msg, /card_code\(999\)/);
    assert.equal(await page.locator('iframe[data-imp-frame]').count(), 0);
  });

  test('display.only_installment with one month: Toss\'s window offers that month only, no lump sum', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const pending = requestPay(page, guideOrder({ display: { card_quota: [6], only_installment: true }, useCardPoint: true }));
    const w = tossWindow(page);
    await w.getByTestId('installment-select').waitFor();
    assert.deepEqual(await options(w), ['6']);
    assert.equal(await w.getByTestId('use-card-point').isChecked(), true);
    await w.getByTestId('card-company-SAMSUNG').check();
    await w.getByTestId('pay-button').click();
    const payment = await paymentOf(bed, (await pending).imp_uid);
    assert.equal(payment.status, 'paid');
    assert.equal(payment.card_quota, 6);
    assert.equal(payment.card_code, '365');
  });

  test('display.only_installment with several months: the buyer picks one of them, Toss\'s window takes it', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const pending = requestPay(page, guideOrder({ display: { card_quota: [3, 6], only_installment: true } }));
    const gateway = await gatewayFrame(page);
    const offered = await picks(gateway, 'cardInstallmentPlan');
    assert.deepEqual(offered, ['choice-cardInstallmentPlan-3', 'choice-cardInstallmentPlan-6']);
    await gateway.getByTestId('choice-cardInstallmentPlan-6').check();
    await gateway.getByTestId('checkout-continue').click();
    const w = tossWindow(page);
    await w.getByTestId('installment-select').waitFor();
    assert.deepEqual(await options(w), ['6']);
    await w.getByTestId('card-company-HYUNDAI').check();
    await w.getByTestId('pay-button').click();
    const payment = await paymentOf(bed, (await pending).imp_uid);
    assert.equal(payment.status, 'paid');
    assert.equal(payment.card_quota, 6);
  });

  test('display.only_installment it cannot honour (below 50,000 KRW, no months) is refused before any window opens', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    let rsp = await requestPay(page, guideOrder({ amount: 49_000, display: { card_quota: [3], only_installment: true } }));
    assert.equal(rsp.error_code, 'INVALID_PARAMETER');
    assert.match(rsp.error_msg, /할부결제는 5만원 이상/);
    rsp = await requestPay(page, guideOrder({ display: { card_quota: [], only_installment: true } }));
    assert.match(rsp.error_msg, /display\.card_quota/);
    assert.equal(await page.locator('iframe[data-imp-frame]').count(), 0);
  });

  test('bypass.tosspayments.useInternationalCardOnly opens the English window for foreign cards', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const pending = requestPay(page, guideOrder({ bypass: { tosspayments: { useInternationalCardOnly: true } } }));
    const w = tossWindow(page);
    assert.equal(await w.getByTestId('pay-button').textContent(), 'Pay'); // waits for the window's own page
    assert.equal(await w.locator('html').getAttribute('lang'), 'en');
    assert.equal(await w.getByTestId('card-company-SHINHAN').count(), 0);
    assert.equal(await (await gatewayFrame(page)).getAttribute('html', 'lang'), 'en');
    await w.getByTestId('card-company-VISA').check();
    await w.getByTestId('pay-button').click();
    const payment = await paymentOf(bed, (await pending).imp_uid);
    assert.equal(payment.status, 'paid');
    assert.equal(payment.card_code, '10005');
  });

  test('a paid window payment announces paid to its notice_url', async () => {
    const page = await chromium.newPage();
    await openShop(page, bed);
    const pending = requestPay(page, guideOrder({ notice_url: ['https://shop.example.com/a', 'https://shop.example.com/b'] }));
    await tossWindow(page).getByTestId('card-company-SHINHAN').check();
    await tossWindow(page).getByTestId('pay-button').click();
    const rsp = await pending;
    const events = await bed.ctx.db.selectFrom('webhook_events').selectAll().where('imp_uid', '=', rsp.imp_uid).execute();
    assert.equal(events.length, 1);
    assert.equal(events[0]!.status, 'paid');
    assert.deepEqual(events[0]!.targets, ['https://shop.example.com/a', 'https://shop.example.com/b']);
  });
});
