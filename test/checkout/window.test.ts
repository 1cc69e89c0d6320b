// The hosted window itself: the full-page redirect a mobile browser gets (ending at m_redirect_url), escaping of what
// the merchant and buyer supplied, the Content-Security-Policy, and iamport.js caching.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { Page } from 'playwright-core';
import { useBrowser } from '../helpers/browser.ts';
import {
  gatewayFrame, guideOrder, openShop, paymentOf, requestPay, startCheckoutBed, tossWindow, withPage, type CheckoutBed,
} from './harness.ts';

const IPHONE =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1';

describe('checkout: the hosted window', () => {
  const chromium = useBrowser();
  const { test } = chromium;
  let bed: CheckoutBed;
  before(async () => {
    bed = await startCheckoutBed();
  });
  after(async () => {
    await bed?.close();
  });

  /** request_pay in redirect mode: the page leaves, so nothing is awaited in it. */
  const startRedirect = (page: Page, params: Record<string, unknown>) =>
    page.evaluate((params) => {
      (window as any).IMP.request_pay(params, () => {
        (window as any).__callback = true;
      });
    }, params);

  const landed = async (page: Page) => {
    await page.waitForURL((u) => u.pathname === '/complete', { timeout: 15_000 });
    return new URL(page.url()).searchParams;
  };

  test('a mobile browser pays in a full-page window and lands on m_redirect_url with imp_success=true', async () => {
    await withPage(chromium.browser(), async (page) => {
      await openShop(page, bed);
      const order = guideOrder({ m_redirect_url: `${bed.shop.url}/complete?from=shop` });
      await startRedirect(page, order);
      await page.waitForURL((u) => u.origin === bed.emulatorUrl, { timeout: 15_000 });
      await page.getByTestId('card-company-SHINHAN').check();
      await page.getByTestId('pay-button').click();
      const q = await landed(page);
      assert.equal(q.get('from'), 'shop');
      assert.equal(q.get('merchant_uid'), order.merchant_uid);
      assert.equal(q.get('imp_success'), 'true');
      assert.equal(q.get('error_code'), null);
      const payment = await paymentOf(bed, q.get('imp_uid')!);
      assert.equal(payment.status, 'paid');
      assert.equal(payment.channel, 'mobile');
      assert.match(payment.user_agent, /iPhone/);
    }, { userAgent: IPHONE });
  });

  test('a closed mobile window lands on m_redirect_url with imp_success=false, error_code and error_msg', async () => {
    await withPage(chromium.browser(), async (page) => {
      await openShop(page, bed);
      await startRedirect(page, guideOrder({ m_redirect_url: `${bed.shop.url}/complete` }));
      await page.waitForURL((u) => u.origin === bed.emulatorUrl, { timeout: 15_000 });
      await page.getByTestId('close-button').click();
      const q = await landed(page);
      assert.equal(q.get('imp_success'), 'false');
      assert.equal(q.get('error_code'), 'PAY_PROCESS_CANCELED');
      assert.ok(q.get('error_msg'));
      assert.equal((await paymentOf(bed, q.get('imp_uid')!)).status, 'failed');
    }, { userAgent: IPHONE });
  });

  test('a refusal before any window redirects straight to m_redirect_url without an imp_uid', async () => {
    await withPage(chromium.browser(), async (page) => {
      await openShop(page, bed);
      const order = guideOrder({ m_redirect_url: `${bed.shop.url}/complete` });
      await bed.call('POST', '/payments/prepare', { merchant_uid: order.merchant_uid, amount: 1000 });
      await startRedirect(page, order);
      const q = await landed(page);
      assert.equal(q.get('imp_uid'), '');
      assert.equal(q.get('imp_success'), 'false');
      assert.equal(q.get('error_code'), 'PREPARED_AMOUNT_MISMATCH');
    }, { userAgent: IPHONE });
  });

  test('a mobile browser without m_redirect_url still gets the overlay and the callback', async () => {
    await withPage(chromium.browser(), async (page) => {
      await openShop(page, bed);
      const pending = requestPay(page, guideOrder());
      await tossWindow(page).getByTestId('card-company-SHINHAN').check();
      await tossWindow(page).getByTestId('pay-button').click();
      const rsp = await pending;
      assert.equal(rsp.error_code, undefined);
      const payment = await paymentOf(bed, rsp.imp_uid);
      assert.equal(payment.status, 'paid');
      assert.equal(payment.channel, 'mobile');
    }, { userAgent: IPHONE });
  });

  test('popup: false asks for the redirect on a desktop browser too', async () => {
    await withPage(chromium.browser(), async (page) => {
      await openShop(page, bed);
      await startRedirect(page, guideOrder({ popup: false, m_redirect_url: `${bed.shop.url}/complete` }));
      await page.waitForURL((u) => u.pathname.startsWith('/checkout/windows/') || u.origin === bed.emulatorUrl, { timeout: 15_000 });
      assert.equal(await page.locator('iframe[data-imp-frame]').count(), 0);
    });
  });

  test('markup and script in name, buyer fields and custom_data are shown as text and stored verbatim', async () => {
    await withPage(chromium.browser(), async (page) => {
      const alerts: string[] = [];
      page.on('dialog', async (d) => {
        alerts.push(d.message());
        await d.dismiss();
      });
      await openShop(page, bed);
      const name = '<img src=x onerror="alert(1)">나이키</script><script>alert(2)</script>';
      const customData = { note: '</script><script>alert(3)</script>', html: '<b onmouseover=alert(4)>x</b>' };
      const pending = requestPay(page, guideOrder({ name, buyer_name: '"><svg onload=alert(5)>', custom_data: customData }));
      const frame = await gatewayFrame(page);
      await frame.getByTestId('checkout-order-name').waitFor();
      assert.equal(await frame.getByTestId('checkout-order-name').textContent(), name);
      assert.equal(await frame.locator('img, svg, b').count(), 0);
      const w = tossWindow(page);
      assert.equal(await w.getByTestId('order-name').textContent(), name);
      await w.getByTestId('card-company-SHINHAN').check();
      await w.getByTestId('pay-button').click();
      const rsp = await pending;
      const payment = await paymentOf(bed, rsp.imp_uid);
      assert.equal(payment.name, name);
      assert.equal(payment.buyer_name, '"><svg onload=alert(5)>');
      assert.deepEqual(JSON.parse(payment.custom_data), customData);
      assert.deepEqual(alerts, []);
    });
  });

  test('the window page carries a strict Content-Security-Policy framed only by the merchant page', async () => {
    const res = await fetch(`${bed.url}/checkout/payments`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', origin: bed.shop.url },
      body: JSON.stringify({ user_code: bed.merchant.userCode, mode: 'iframe', params: guideOrder() }),
    });
    const { window_url } = (await res.json()) as { window_url: string };
    assert.equal(res.headers.get('access-control-allow-origin'), bed.shop.url);
    const page = await fetch(bed.url + window_url);
    const csp = page.headers.get('content-security-policy') ?? '';
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, new RegExp(`script-src 'self' ${bed.emulatorUrl.replace(/[.]/g, '\\.')}(;|$)`));
    assert.match(csp, new RegExp(`frame-ancestors ${bed.shop.url}$`));
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
    const html = await page.text();
    assert.doesNotMatch(html, /<script>(?!<\/script>)/, 'no inline script');
    assert.equal(page.headers.get('cache-control'), 'no-store');
  });

  test('iamport.js is small, cached for a day and revalidated with its ETag', async () => {
    const res = await fetch(`${bed.url}/v1/iamport.js`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /javascript/);
    assert.match(res.headers.get('cache-control') ?? '', /max-age=86400/);
    const etag = res.headers.get('etag')!;
    assert.ok(etag);
    const code = await res.text();
    const { gzipSync } = await import('node:zlib');
    assert.ok(gzipSync(code).length <= 10 * 1024, `${gzipSync(code).length} bytes gzipped`);
    const again = await fetch(`${bed.url}/v1/iamport.js`, { headers: { 'if-none-match': etag } });
    assert.equal(again.status, 304);
  });
});
