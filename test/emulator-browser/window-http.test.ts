// The browser side over plain HTTP (no browser): the SDK script's routes, the window's refusals of posted requests
// it cannot trust, tampered answers, headers, and how result URLs are built.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { appendQuery } from '../../src/emulator/window/routes.ts';
import { orderId, startHarness, tossPost, type Harness } from './harness.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('emulator browser side over HTTP', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness();
  });
  after(async () => {
    await h?.close();
  });

  const open = (params: Record<string, unknown>, over: Record<string, string> = {}) =>
    h.app.inject({
      method: 'POST',
      url: '/window/payments',
      headers: FORM,
      payload: new URLSearchParams({
        clientKey: h.merchant.clientKey,
        method: 'CARD',
        params: JSON.stringify({ amount: 60_000, orderId: orderId(), orderName: '주문', successUrl: `${h.shopUrl}/success`, failUrl: `${h.shopUrl}/fail`, ...params }),
        mode: 'redirect',
        target: 'iframe',
        origin: h.shopUrl,
        ...over,
      }).toString(),
    });

  test('the SDK script is served at /v1 and /v1/payment as JavaScript defining window.TossPayments', async () => {
    for (const url of ['/v1', '/v1/payment']) {
      const res = await h.app.inject({ method: 'GET', url });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/javascript/);
      assert.equal(res.headers['access-control-allow-origin'], '*');
      assert.match(res.body, /window\.TossPayments = TossPayments/);
    }
  });

  test('a posted request is checked again: bad values and unknown keys are refused with the SDK\'s codes', async () => {
    const cases: [Record<string, unknown>, Record<string, string>, string][] = [
      [{ cardInstallmentPlan: 3, maxCardInstallmentPlan: 6 }, {}, 'INVALID_CARD_INSTALLMENT_PLANS_WITH_MAX_AND_SINGLE'],
      [{ orderId: 'x' }, {}, 'INVALID_ORDER_ID'],
      [{ successUrl: 'javascript:alert(1)' }, {}, 'INVALID_SUCCESS_URL'],
      [{}, { method: 'BITCOIN' }, 'NOT_SUPPORTED_METHOD'],
      [{}, { clientKey: 'test_ck_nobody' }, 'INVALID_CLIENT_KEY'],
      [{ amount: 50 }, {}, 'BELOW_MINIMUM_AMOUNT'],
    ];
    for (const [params, over, code] of cases) {
      const res = await open(params, over);
      assert.equal(res.statusCode, 400, code);
      assert.match(res.body, new RegExp(`data-testid="error-code">${code}<`), code);
      // The refusal is handed to the SDK (promise rejection), never redirected.
      assert.match(res.body, /"kind":"result","target":"iframe"/);
    }
  });

  test('a window page: id = paymentKey, strict headers, and a tampered installment is refused', async () => {
    const res = await open({});
    assert.equal(res.statusCode, 303);
    const location = String(res.headers.location);
    assert.match(location, /^payments\/[A-Za-z0-9]+$/);
    const paymentKey = location.split('/')[1]!;
    const page = await h.app.inject({ method: 'GET', url: `/window/${location}` });
    assert.equal(page.statusCode, 200);
    const csp = String(page.headers['content-security-policy']);
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    assert.match(csp, new RegExp(`frame-ancestors ${h.shopUrl}$`));
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    assert.equal(page.headers['cache-control'], 'no-store');
    // No inline script: only the page's own script file and a JSON data block.
    for (const tag of page.body.match(/<script[^>]*>/g) ?? []) assert.match(tag, /src="\.\.\/assets\/window\.js"|type="application\/json"/, tag);

    const tampered = await h.app.inject({
      method: 'POST',
      url: `/window/payments/${paymentKey}`,
      headers: FORM,
      payload: 'action=pay&choice=card%3A41&installment=24&outcome=approve',
    });
    assert.equal(tampered.statusCode, 400);
    assert.match(tampered.body, /INVALID_CARD_INSTALLMENT_PLAN/);
    // The window is still usable afterwards.
    const paid = await h.app.inject({
      method: 'POST',
      url: `/window/payments/${paymentKey}`,
      headers: FORM,
      payload: 'action=pay&choice=card%3A41&installment=12&outcome=approve',
    });
    assert.equal(paid.statusCode, 200);
    assert.match(paid.body, /data-testid="result-success"/);
    // Once answered, the window is gone.
    const again = await h.app.inject({ method: 'GET', url: `/window/payments/${paymentKey}` });
    assert.equal(again.statusCode, 404);
  });

  test('each easy pay choice of the card window ends, after confirm, as 간편결제 with its provider', async () => {
    const providers: [string, string][] = [
      ['TOSSPAY', '토스페이'], ['NAVERPAY', '네이버페이'], ['SAMSUNGPAY', '삼성페이'], ['APPLEPAY', '애플페이'],
      ['LPAY', '엘페이'], ['KAKAOPAY', '카카오페이'], ['PAYCO', '페이코'], ['SSG', 'SSG페이'],
    ];
    for (const [code, ko] of providers) {
      const id = orderId();
      const res = await open({ orderId: id, amount: 8000 });
      const paymentKey = String(res.headers.location).split('/')[1]!;
      const page = await h.app.inject({ method: 'GET', url: `/window/payments/${paymentKey}` });
      assert.match(page.body, new RegExp(`data-testid="easypay-${code}"`));
      const paid = await h.app.inject({
        method: 'POST',
        url: `/window/payments/${paymentKey}`,
        headers: FORM,
        payload: new URLSearchParams({ action: 'pay', choice: `easypay:${code}`, outcome: 'approve' }).toString(),
      });
      assert.match(paid.body, /data-testid="result-success"/, code);
      const confirmed = await tossPost(h, '/v1/payments/confirm', { paymentKey, orderId: id, amount: 8000 });
      assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
      assert.equal(confirmed.body.method, '간편결제', code);
      assert.equal(confirmed.body.easyPay.provider, ko, code);
    }
  });

  test('the close beacon ends a READY payment with PAY_PROCESS_CANCELED', async () => {
    const res = await open({});
    const paymentKey = String(res.headers.location).split('/')[1]!;
    const beacon = await h.app.inject({ method: 'POST', url: `/window/payments/${paymentKey}/close`, headers: { 'content-type': 'text/plain' }, payload: '' });
    assert.equal(beacon.statusCode, 204);
    const got = await h.app.inject({
      method: 'GET',
      url: `/v1/payments/${paymentKey}`,
      headers: { authorization: `Basic ${Buffer.from(`${h.merchant.secretKey}:`).toString('base64')}` },
    });
    assert.equal(got.json().status, 'ABORTED');
    assert.equal(got.json().failure.code, 'PAY_PROCESS_CANCELED');
  });

  test('a billing window expires after 30 minutes and then returns NOT_FOUND_PAYMENT_SESSION', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/window/billing',
      headers: FORM,
      payload: new URLSearchParams({
        clientKey: h.merchant.clientKey,
        method: 'CARD',
        params: JSON.stringify({ customerKey: 'customer-expiry', language: 'EN', successUrl: `${h.shopUrl}/success`, failUrl: `${h.shopUrl}/fail` }),
        mode: 'redirect',
        target: 'self',
        origin: h.shopUrl,
      }).toString(),
    });
    assert.equal(res.statusCode, 303);
    const url = `/window/${String(res.headers.location)}`;
    const page = await h.app.inject({ method: 'GET', url });
    assert.match(page.body, /<html lang="en">/);
    assert.match(String(page.headers['content-security-policy']), /frame-ancestors 'none'/);
    h.clock.advance(31 * 60_000);
    const stale = await h.app.inject({ method: 'GET', url });
    assert.match(stale.body, /data-testid="window-expired"/);
    const back = await h.app.inject({ method: 'POST', url, headers: FORM, payload: 'action=expired' });
    assert.match(back.body, /code=NOT_FOUND_PAYMENT_SESSION/);
  });

  test('unknown windows and assets answer 404', async () => {
    assert.equal((await h.app.inject({ method: 'GET', url: '/window/payments/nope' })).statusCode, 404);
    assert.equal((await h.app.inject({ method: 'GET', url: '/window/billing/nope' })).statusCode, 404);
    assert.equal((await h.app.inject({ method: 'GET', url: '/window/assets/secret.txt' })).statusCode, 404);
    assert.equal((await h.app.inject({ method: 'GET', url: '/window/assets/window.js' })).statusCode, 200);
  });

  test('result parameters are appended to the merchant\'s URL as written, before any fragment', () => {
    assert.equal(appendQuery('https://shop.test/ok', { a: '1' }), 'https://shop.test/ok?a=1');
    assert.equal(appendQuery('https://shop.test/ok?x=%20y&z', { a: '1 2' }), 'https://shop.test/ok?x=%20y&z&a=1+2');
    assert.equal(appendQuery('https://shop.test/ok?', { a: '1' }), 'https://shop.test/ok?a=1');
    assert.equal(appendQuery('https://shop.test/ok?x=1#top', { a: '1' }), 'https://shop.test/ok?x=1&a=1#top');
  });
});
