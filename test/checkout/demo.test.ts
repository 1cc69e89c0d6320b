// The demo shop (development only): the guide's order paid by card from a button, the callback and the payment as
// GET /payments/{imp_uid} returns it shown on the page, with no REST secret in the page.
import assert from 'node:assert/strict';
import { after, before, describe } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildGatewayApp } from '../../src/app.ts';
import { useBrowser } from '../helpers/browser.ts';
import { startCheckoutBed, type CheckoutBed } from './harness.ts';

describe('checkout: demo shop', () => {
  const chromium = useBrowser();
  const { test } = chromium;
  let bed: CheckoutBed;
  let dev: FastifyInstance;
  let devUrl: string;
  before(async () => {
    bed = await startCheckoutBed();
    dev = await buildGatewayApp({ ...bed.ctx, config: { ...bed.ctx.config, env: 'development' } });
    devUrl = await dev.listen({ port: 0, host: '127.0.0.1' });
  });
  after(async () => {
    await dev?.close();
    await bed?.close();
  });

  test('is served in development only', async () => {
    assert.equal((await fetch(`${bed.url}/demo`)).status, 404);
    const res = await fetch(`${devUrl}/demo`);
    assert.equal(res.status, 200);
    const html = await res.text();
    assert.match(html, /나이키 와플 트레이너 2 SD/);
    assert.doesNotMatch(html, new RegExp(bed.merchant.impSecret));
    assert.doesNotMatch(html, new RegExp(bed.merchant.impKey));
  });

  test('a card button pays the guide order and shows the callback and the looked-up payment', async () => {
    const page = await chromium.newPage();
    await page.goto(`${devUrl}/demo`);
    assert.equal(await page.getByTestId('demo-user-code').textContent(), bed.merchant.userCode);
    await page.getByTestId('demo-installments').selectOption('2,3');
    await page.getByTestId('demo-pay-card').click();
    const w = page.frameLocator('iframe[data-imp-frame]').frameLocator('iframe[data-toss-emulator-frame]');
    await w.getByTestId('card-company-SHINHAN').check();
    await w.getByTestId('installment-select').selectOption('2');
    await w.getByTestId('pay-button').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=demo-payment]')?.textContent?.includes('"status"'));
    const callback = JSON.parse((await page.getByTestId('demo-callback').textContent())!);
    assert.deepEqual(Object.keys(callback).sort(), ['imp_uid', 'merchant_uid']);
    const payment = JSON.parse((await page.getByTestId('demo-payment').textContent())!);
    assert.equal(payment.code, 0);
    assert.equal(payment.response.imp_uid, callback.imp_uid);
    assert.equal(payment.response.status, 'paid');
    assert.equal(payment.response.amount, 109000);
    assert.equal(payment.response.card_quota, 2);
  });
});
