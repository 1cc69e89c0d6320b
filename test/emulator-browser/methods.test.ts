// Every non-card method of the payment window driven in headless Chromium, each confirmed over HTTP afterwards:
// transfer, virtual account, mobile phone, the three gift certificates, 토스페이, the easy pays of the card window,
// and the method chooser (미선택).
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Frame } from 'playwright-core';
import { screenshot, useBrowser } from '../helpers/browser.ts';
import { confirm, landedOn, openCheckout, orderId, requestPayment, startHarness, tossPost, windowFrame, type Harness } from './harness.ts';

describe('emulator payment window: other methods', () => {
  const chromium = useBrowser();
  const { test } = chromium;
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  const base = (over: Record<string, unknown> = {}) => ({
    amount: 25_000,
    orderId: orderId(),
    orderName: '도서 3권',
    customerName: '박토스',
    successUrl: `${h.shopUrl}/success`,
    failUrl: `${h.shopUrl}/fail`,
    ...over,
  });

  /** Opens the window for `method`, lets `complete` fill it, pays, confirms, and returns the confirmed Payment. */
  async function payWith(method: string | null, params: Record<string, unknown>, shot: string, complete: (w: Frame) => Promise<void>) {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, method, params);
    const w = await windowFrame(page);
    await complete(w);
    await screenshot(page, 'emulator-window', shot);
    await w.click('[data-testid=pay-button]');
    const q = await landedOn(page, h, 'success');
    assert.equal(q.get('orderId'), params.orderId);
    assert.equal(q.get('paymentType'), 'NORMAL');
    const res = await confirm(h, q);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    await page.close();
    return res.body;
  }

  test('계좌이체: bank and cash receipt chosen in the window', async () => {
    const p = await payWith('계좌이체', base(), 'transfer', async (w) => {
      await w.selectOption('[data-testid=bank-select]', '88');
      await w.selectOption('[data-testid=cash-receipt-type]', '소득공제');
      await w.fill('[data-testid=cash-receipt-number]', '01012345678');
    });
    assert.equal(p.method, '계좌이체');
    assert.equal(p.status, 'DONE');
    assert.equal(p.transfer.bankCode, '88');
    assert.equal(p.transfer.bank, '신한');
    assert.equal(p.card, null);
    assert.equal(p.cashReceipt?.type, '소득공제');
  });

  test('가상계좌: bank preselected from the request; the merchant confirms and gets the account', async () => {
    const p = await payWith('VIRTUAL_ACCOUNT', base({ bank: '국민', validHours: 24 }), 'virtual-account', async (w) => {
      assert.equal(await w.inputValue('[data-testid=bank-select]'), '06');
      await w.locator('[data-testid=virtual-account-note]').waitFor();
      await w.check('[data-testid=use-escrow]');
    });
    assert.equal(p.useEscrow, true);
    assert.equal(p.virtualAccount.bank, '국민');
    assert.equal(p.method, '가상계좌');
    assert.equal(p.status, 'WAITING_FOR_DEPOSIT');
    assert.ok(p.virtualAccount.accountNumber);
    assert.ok(p.secret);
  });

  test('가상계좌 with the buyer\'s 고유식별번호: a fixed account (고정) that keeps its number, also for the API issue', async () => {
    const key = `buyer-${orderId()}`;
    const fixed = (w: Frame) => w.fill('[data-testid=fixed-account-key]', key);
    const first = await payWith('VIRTUAL_ACCOUNT', base({ bank: '신한' }), 'virtual-account-fixed', fixed);
    const second = await payWith('VIRTUAL_ACCOUNT', base({ bank: '신한' }), 'virtual-account-fixed', fixed);
    assert.equal(first.virtualAccount.accountType, '고정');
    assert.equal(first.status, 'WAITING_FOR_DEPOSIT');
    assert.equal(second.virtualAccount.accountNumber, first.virtualAccount.accountNumber);
    const ordinary = await payWith('VIRTUAL_ACCOUNT', base({ bank: '신한' }), 'virtual-account', async () => {});
    assert.equal(ordinary.virtualAccount.accountType, '일반');
    assert.notEqual(ordinary.virtualAccount.accountNumber, first.virtualAccount.accountNumber);
    // The window and POST /v1/virtual-accounts share the merchant's fixed accounts.
    const issued = await tossPost(h, '/v1/virtual-accounts', {
      amount: 25_000, orderId: orderId(), orderName: '도서 3권', customerName: '박토스', bank: '신한', accountType: '고정', accountKey: key,
    });
    assert.equal(issued.status, 200, JSON.stringify(issued.body));
    assert.equal(issued.body.virtualAccount.accountNumber, first.virtualAccount.accountNumber);
  });

  test('휴대폰: carrier and phone number', async () => {
    const p = await payWith('휴대폰', base({ mobileCarrier: 'SKT' }), 'mobile-phone', async (w) => {
      assert.equal(await w.inputValue('[data-testid=carrier-select]'), 'SKT');
      await w.fill('[data-testid=phone-number]', '01099998888');
    });
    assert.equal(p.method, '휴대폰');
    assert.equal(p.mobilePhone.customerMobilePhone, '01099998888');
  });

  for (const [method, name, shot] of [
    ['문화상품권', '문화상품권', 'culture-gift-certificate'],
    ['BOOK_GIFT_CERTIFICATE', '도서문화상품권', 'book-gift-certificate'],
    ['게임문화상품권', '게임문화상품권', 'game-gift-certificate'],
  ] as const) {
    test(`${name}: gift certificate login`, async () => {
      const p = await payWith(method, base(), shot, async (w) => {
        await w.fill('[data-testid=gift-login]', 'buyer01');
        await w.fill('[data-testid=gift-pin]', '1234-5678-9012-3456');
      });
      assert.equal(p.method, name);
      assert.ok(p.giftCertificate);
    });
  }

  test('토스페이 as its own method', async () => {
    const p = await payWith('토스페이', base(), 'tosspay', async (w) => {
      assert.match((await w.textContent('[data-testid=direct-easypay]')) ?? '', /토스페이/);
    });
    assert.equal(p.method, '간편결제');
    assert.equal(p.easyPay.provider, '토스페이');
  });

  test('the card window offers every easy pay; chosen ones end as 간편결제 with their provider', async () => {
    // 토스페이 and 카카오페이 are completed by their own tests (method 토스페이, DIRECT flow); the other providers go
    // through the same control and are completed over HTTP in window-http.test.ts.
    const page = await chromium.newPage();
    await openCheckout(page, h);
    await requestPayment(page, h.merchant.clientKey, '카드', base());
    const offered = await (await windowFrame(page)).locator('input[data-testid^=easypay-]').evaluateAll((els) =>
      els.map((e) => (e as HTMLElement).dataset.testid),
    );
    assert.deepEqual(offered, ['easypay-TOSSPAY', 'easypay-NAVERPAY', 'easypay-SAMSUNGPAY', 'easypay-APPLEPAY', 'easypay-LPAY', 'easypay-KAKAOPAY', 'easypay-PAYCO', 'easypay-SSG']);
    for (const [code, ko] of [['NAVERPAY', '네이버페이'], ['SSG', 'SSG페이']]) {
      const p = await payWith('카드', base(), `easypay-${code.toLowerCase()}`, async (w) => {
        await w.check(`[data-testid=easypay-${code}]`);
      });
      assert.equal(p.method, '간편결제', code);
      assert.equal(p.easyPay.provider, ko, code);
    }
  });

  test('미선택: the buyer picks the method in the window', async () => {
    const page = await chromium.newPage();
    await openCheckout(page, h);
    const params = base();
    await requestPayment(page, h.merchant.clientKey, null, params);
    const w = await windowFrame(page);
    await w.check('[data-testid=method-TRANSFER]');
    await w.click('[data-testid=method-continue]');
    await w.waitForSelector('[data-testid=bank-select]');
    await w.selectOption('[data-testid=bank-select]', '20');
    await w.click('[data-testid=pay-button]');
    const q = await landedOn(page, h, 'success');
    const res = await confirm(h, q);
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.method, '계좌이체');
    assert.equal(res.body.transfer.bankCode, '20');

    await openCheckout(page, h);
    const gift = base();
    await requestPayment(page, h.merchant.clientKey, null, gift);
    const w2 = await windowFrame(page);
    await w2.check('[data-testid=method-BOOK_GIFT_CERTIFICATE]');
    await w2.click('[data-testid=method-continue]');
    await w2.fill('[data-testid=gift-login]', 'reader7');
    await w2.click('[data-testid=pay-button]');
    const q2 = await landedOn(page, h, 'success');
    const res2 = await confirm(h, q2);
    assert.equal(res2.status, 200, JSON.stringify(res2.body));
    assert.equal(res2.body.method, '도서문화상품권');
  });
});
