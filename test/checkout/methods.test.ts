// Every pay_method of the Toss channel through iamport.js and the emulator's window: paid, or for a virtual account
// ready with the account shown to the buyer. Pages run side by side in one browser.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { FrameLocator } from 'playwright-core';
import { useBrowser } from '../helpers/browser.ts';
import type { Page } from 'playwright-core';
import { guideOrder, openShop, paymentOf, requestPay, startCheckoutBed, tossWindow, withPage, type CheckoutBed } from './harness.ts';

describe('checkout: every pay_method', { concurrency: 4 }, () => {
  const chromium = useBrowser();
  const { test } = chromium;
  let bed: CheckoutBed;
  before(async () => {
    bed = await startCheckoutBed();
  });
  after(async () => {
    await bed?.close();
  });

  async function pay(page: Page, payMethod: string, fill: (w: FrameLocator) => Promise<void>, over: Record<string, unknown> = {}) {
    await openShop(page, bed);
    const order = guideOrder({ pay_method: payMethod, amount: 25_000, ...over });
    const pending = requestPay(page, order);
    const w = tossWindow(page);
    await fill(w);
    await w.getByTestId('pay-button').click();
    return { order, pending };
  }

  const gift = async (w: FrameLocator) => {
    await w.getByTestId('gift-login').fill('buyer01');
    await w.getByTestId('gift-pin').fill('1234-5678-9012-3456');
  };
  const cases: [string, (w: FrameLocator) => Promise<void>, string][] = [
    ['trans', (w) => w.getByTestId('bank-select').selectOption('88').then(() => {}), 'TRANSFER'],
    ['phone', async (w) => {
      await w.getByTestId('carrier-select').selectOption('SKT');
      await w.getByTestId('phone-number').fill('01099998888');
    }, 'MOBILE_PHONE'],
    ['booknlife', gift, 'BOOK_GIFT_CERTIFICATE'],
    ['smartculture', gift, 'GAME_GIFT_CERTIFICATE'],
    ['cultureland', gift, 'CULTURE_GIFT_CERTIFICATE'],
  ];
  for (const [payMethod, fill, tossMethod] of cases) {
    test(`${payMethod} opens Toss's ${tossMethod} window and ends paid`, async () => {
      await withPage(chromium.browser(), async (page) => {
        const { order, pending } = await pay(page, payMethod, async (w) => {
          assert.equal(await w.getByTestId('window-method').getAttribute('data-method'), tossMethod);
          await fill(w);
        });
        const rsp = await pending;
        assert.equal(rsp.error_code, undefined, rsp.error_msg);
        const payment = await paymentOf(bed, rsp.imp_uid);
        assert.equal(payment.status, 'paid');
        assert.equal(payment.pay_method, payMethod);
        assert.equal(payment.merchant_uid, order.merchant_uid);
        assert.equal(payment.amount, 25000);
      });
    });
  }

  for (const [payMethod, provider] of [
    ['kakaopay', '카카오페이'], ['naverpay', '네이버페이'], ['lpay', '엘페이'], ['samsung', '삼성페이'],
    ['ssgpay', 'SSG페이'], ['applepay', '애플페이'], ['payco', '페이코'], ['tosspay', '토스페이'],
  ] as const) {
    test(`${payMethod} goes straight to ${provider} and ends paid`, async () => {
      await withPage(chromium.browser(), async (page) => {
        const { pending } = await pay(page, payMethod, async (w) => {
          assert.match((await w.getByTestId('direct-easypay').textContent()) ?? '', new RegExp(provider));
        });
        const rsp = await pending;
        assert.equal(rsp.error_code, undefined, rsp.error_msg);
        const payment = await paymentOf(bed, rsp.imp_uid);
        assert.equal(payment.status, 'paid');
        assert.equal(payment.pay_method, payMethod);
      });
    });
  }

  test('vbank ends ready with the account shown to the buyer; the deposit makes it paid', async () => {
    // Three days ahead in Korean time, as YYYY-MM-DDTHH:mm (PortOne's YYYYMMDDHHmm spelling is sent).
    const due = new Date(Date.now() + 9 * 3600_000 + 3 * 86400_000).toISOString().slice(0, 16);
    await withPage(chromium.browser(), async (page) => {
      const { order, pending } = await pay(page, 'vbank', async (w) => {
        await w.getByTestId('bank-select').selectOption('06');
      }, { vbank_due: due.replace(/[-:T]/g, '').slice(0, 12), notice_url: 'https://shop.example.com/hook' });
      const frame = page.frameLocator('iframe[data-imp-frame]');
      const number = await frame.getByTestId('vbank-num').textContent();
      assert.match(number ?? '', /\d{6,}/);
      assert.equal(await frame.getByTestId('vbank-due').textContent(), due.replace('T', ' '));
      await frame.getByTestId('checkout-done').click();
      const rsp = await pending;
      assert.equal(rsp.error_code, undefined, rsp.error_msg);
      let payment = await paymentOf(bed, rsp.imp_uid);
      assert.equal(payment.status, 'ready');
      assert.equal(payment.merchant_uid, order.merchant_uid);
      assert.equal(payment.vbank_num, number);
      assert.equal(payment.vbank_code, '004');
      assert.equal(payment.vbank_date, Date.parse(`${due}:00+09:00`) / 1000);
      assert.ok(payment.vbank_issued_at > 0);

      await bed.control('POST', `/_emulator/virtual-accounts/${payment.pg_tid}/deposit`, { depositorName: '홍길동' });
      const deadline = Date.now() + 10_000;
      while (payment.status !== 'paid' && Date.now() < deadline) {
        // The emulator delivers its DEPOSIT_CALLBACK to the gateway when its workers run.
        await bed.control('POST', '/_emulator/work');
        await new Promise((r) => setTimeout(r, 100));
        payment = await paymentOf(bed, rsp.imp_uid);
      }
      assert.equal(payment.status, 'paid');
      assert.ok(payment.paid_at > 0);
      const events = await bed.ctx.db.selectFrom('webhook_events').select('status').where('imp_uid', '=', rsp.imp_uid).orderBy('id').execute();
      assert.deepEqual(events.map((e) => e.status), ['ready', 'paid']);
    });
  });

  test('vbank with the buyer\'s 고유식별번호 typed into Toss\'s window: a fixed account, the same for every order, paid by deposit', async () => {
    const customerNumber = `cust-${Date.now().toString(36)}`;
    const payVbank = (page: Page) =>
      pay(page, 'vbank', async (w) => {
        // PortOne's Toss module has no request_pay parameter for it: the buyer enters the number the shop gave them.
        await w.getByTestId('fixed-account-key').fill(customerNumber);
        await w.getByTestId('bank-select').selectOption('88');
      });
    const issue = (page: Page) => payVbank(page).then(async ({ pending }) => {
      await page.frameLocator('iframe[data-imp-frame]').getByTestId('checkout-done').click();
      const rsp = await pending;
      assert.equal(rsp.error_code, undefined, rsp.error_msg);
      return paymentOf(bed, rsp.imp_uid);
    });
    const first = await withPage(chromium.browser(), issue);
    const second = await withPage(chromium.browser(), issue);
    for (const payment of [first, second]) {
      assert.equal(payment.status, 'ready');
      assert.equal(payment.pay_method, 'vbank');
      assert.equal(payment.vbank_code, '088');
    }
    assert.match(first.vbank_num, /\d{6,}/);
    assert.equal(second.vbank_num, first.vbank_num, 'a fixed account keeps its number');
    assert.notEqual(second.imp_uid, first.imp_uid);
    const res = await fetch(`${bed.emulatorUrl}/v1/payments/orders/${first.imp_uid}`, {
      headers: { authorization: `Basic ${Buffer.from(`${bed.toss.secretKey}:`).toString('base64')}` },
    });
    const atToss = (await res.json()) as any;
    assert.equal(atToss.virtualAccount.accountType, '고정');

    await bed.control('POST', `/_emulator/virtual-accounts/${first.pg_tid}/deposit`, { depositorName: '홍길동' });
    let payment = first;
    const deadline = Date.now() + 10_000;
    while (payment.status !== 'paid' && Date.now() < deadline) {
      await bed.control('POST', '/_emulator/work');
      await new Promise((r) => setTimeout(r, 100));
      payment = await paymentOf(bed, first.imp_uid);
    }
    assert.equal(payment.status, 'paid');
    assert.equal((await paymentOf(bed, second.imp_uid)).status, 'ready', 'the other order on the account still waits');
  });

  test('a vbank_due Toss refuses (past its 30 days) fails the attempt with Toss\'s code', async () => {
    await withPage(chromium.browser(), async (page) => {
      await openShop(page, bed);
      const rsp = await requestPay(page, guideOrder({ pay_method: 'vbank', vbank_due: '20991231' }));
      assert.equal(rsp.error_code, 'EXCEED_MAX_DUE_DATE');
      const payment = await paymentOf(bed, rsp.imp_uid);
      assert.equal(payment.status, 'failed');
      assert.match(payment.fail_reason, /^\[EXCEED_MAX_DUE_DATE\]/);
    });
  });

  test('escrow, products, cash receipt type, cultural expense and tax-free amount reach Toss', async () => {
    await withPage(chromium.browser(), async (page) => {
      const products = [{ id: 'p1', name: '운동화', code: 'SHOE-1', unitPrice: 25000, quantity: 1 }];
      const { pending } = await pay(page, 'trans', async (w) => {
        assert.equal(await w.getByTestId('cash-receipt-type').inputValue(), '소득공제');
        assert.equal(await w.getByTestId('use-escrow').count(), 0, 'escrow was decided by the merchant');
        await w.getByTestId('bank-select').selectOption('88');
        await w.getByTestId('cash-receipt-number').fill('01042424242');
      }, { escrow: true, products, tax_free: 5000, bypass: { cashReceiptType: 'personal', isCulturalExpense: true } });
      const rsp = await pending;
      assert.equal(rsp.error_code, undefined, rsp.error_msg);
      const res = await fetch(`${bed.emulatorUrl}/v1/payments/orders/${rsp.imp_uid}`, {
        headers: { authorization: `Basic ${Buffer.from(`${bed.toss.secretKey}:`).toString('base64')}` },
      });
      const atToss = (await res.json()) as any;
      assert.equal(atToss.status, 'DONE');
      assert.equal(atToss.useEscrow, true);
      assert.equal(atToss.cultureExpense, true);
      assert.equal(atToss.taxFreeAmount, 5000);
      assert.equal(atToss.cashReceipt?.type, '소득공제');
      const payment = await paymentOf(bed, rsp.imp_uid);
      assert.equal(payment.status, 'paid');
      assert.equal(payment.escrow, true);
    });
  });
});
