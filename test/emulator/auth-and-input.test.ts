// Basic auth answers and bad input: every failure is Toss's {code, message} with Toss's status, never a 500.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { request } from 'undici';
import { describeEachStore } from '../helpers/stores.ts';
import { call, CARD, orderId, startEmulator, type Emulator } from './harness.ts';

describeEachStore('emulator auth and bad input', (kind) => {
  let emu: Emulator;
  before(async () => {
    emu = await startEmulator(kind);
  });
  after(async () => emu.close());

  const raw = async (headers: Record<string, string>, path = '/v1/payments/nope', method: 'GET' | 'POST' = 'GET', body?: string) => {
    const res = await request(`${emu.url}${path}`, { method, headers, body });
    return { status: res.statusCode, body: (await res.body.json()) as any };
  };

  it('answers 403 INCORRECT_BASIC_AUTH_FORMAT when the colon is missing', async () => {
    const r = await raw({ authorization: `Basic ${Buffer.from(emu.merchant.secretKey).toString('base64')}` });
    assert.equal(r.status, 403);
    assert.deepEqual(r.body, { code: 'INCORRECT_BASIC_AUTH_FORMAT', message: "잘못된 요청입니다. ':' 를 포함해 인코딩해주세요." });
  });

  it('answers 401 UNAUTHORIZED_KEY for an unknown key or no header', async () => {
    const r = await raw({ authorization: `Basic ${Buffer.from('test_sk_unknown:').toString('base64')}` });
    assert.equal(r.status, 401);
    assert.equal(r.body.code, 'UNAUTHORIZED_KEY');
    const none = await raw({});
    assert.equal(none.status, 401);
    assert.equal(none.body.code, 'UNAUTHORIZED_KEY');
  });

  it('answers 400 INVALID_API_KEY when the client key is used as the secret key', async () => {
    const r = await raw({ authorization: `Basic ${Buffer.from(`${emu.merchant.clientKey}:`).toString('base64')}` });
    assert.equal(r.status, 400);
    assert.equal(r.body.code, 'INVALID_API_KEY');
  });

  it('authenticates with the secret key and an empty password', async () => {
    const r = await call(emu, 'GET', '/v1/payments/unknown-key');
    assert.equal(r.status, 404);
    assert.deepEqual(r.body, { code: 'NOT_FOUND_PAYMENT', message: '존재하지 않는 결제 정보 입니다.' });
  });

  it('answers malformed JSON, wrong types and missing fields with INVALID_REQUEST', async () => {
    const cases: unknown[] = [
      '{"amount": 1000,',
      '[1,2,3]',
      '"just a string"',
      { ...CARD, orderId: orderId(), orderName: 'x' },
      { ...CARD, amount: '15000', orderId: orderId(), orderName: 'x' },
      { ...CARD, amount: 1500.5, orderId: orderId(), orderName: 'x' },
      { ...CARD, amount: 15000, orderId: 12345678, orderName: 'x' },
      { ...CARD, amount: 15000, orderId: orderId(), orderName: 'x', cardInstallmentPlan: 'three' },
    ];
    for (const body of cases) {
      const r = await call(emu, 'POST', '/v1/payments/key-in', body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.code, 'INVALID_REQUEST', JSON.stringify(body));
      assert.equal(typeof r.body.message, 'string');
    }
    for (const path of ['/v1/payments/confirm', '/v1/virtual-accounts', '/v1/billing/authorizations/card', '/v1/cash-receipts', '/v1/billing/authorizations/issue']) {
      const r = await call(emu, 'POST', path, '{not json');
      assert.equal(r.status, 400, path);
      assert.equal(r.body.code, 'INVALID_REQUEST', path);
      const empty = await call(emu, 'POST', path, {});
      assert.equal(empty.status, 400, path);
      assert.equal(empty.body.code, 'INVALID_REQUEST', path);
    }
  });

  it('answers a body of another content type, an oversized body and an unknown path in the Toss envelope', async () => {
    const auth = { authorization: `Basic ${Buffer.from(`${emu.merchant.secretKey}:`).toString('base64')}` };
    const form = await raw({ ...auth, 'content-type': 'application/x-www-form-urlencoded' }, '/v1/payments/confirm', 'POST', 'a=1&b=2');
    assert.equal(form.status, 400);
    assert.equal(form.body.code, 'INVALID_REQUEST');
    const big = await raw({ ...auth, 'content-type': 'application/json' }, '/v1/payments/confirm', 'POST', JSON.stringify({ x: 'y'.repeat(2_000_000) }));
    assert.equal(big.status, 400);
    assert.equal(big.body.code, 'INVALID_REQUEST');
    const missing = await raw(auth, '/v1/nothing-here');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.code, 'NOT_FOUND');
  });

  it('checks Toss field rules: orderId format, orderName length, email, amounts', async () => {
    const base = { ...CARD, amount: 15000, orderName: '주문' };
    const expect = async (body: Record<string, unknown>, code: string, status = 400) => {
      const r = await call(emu, 'POST', '/v1/payments/key-in', { ...base, orderId: orderId(), ...body });
      assert.equal(r.status, status, code);
      assert.equal(r.body.code, code);
    };
    await expect({ orderId: 'ab' }, 'INVALID_ORDER_ID');
    await expect({ orderId: 'has space 123' }, 'INVALID_ORDER_ID');
    await expect({ orderName: 'x'.repeat(101) }, 'INVALID_ORDER_NAME');
    await expect({ customerEmail: 'not-an-email' }, 'INVALID_EMAIL');
    await expect({ amount: 0 }, 'BELOW_ZERO_AMOUNT');
    await expect({ amount: 50 }, 'BELOW_MINIMUM_AMOUNT');
    await expect({ cardNumber: '536510' }, 'INVALID_CARD_NUMBER');
    await expect({ cardExpirationMonth: '13' }, 'INVALID_CARD_EXPIRATION');
    await expect({ cardExpirationYear: '20' }, 'INVALID_CARD_EXPIRATION');
    await expect({ customerIdentityNumber: '9001' }, 'INVALID_BIRTH_DAY_FORMAT');
    await expect({ cardPassword: '123' }, 'INVALID_CARD_PASSWORD');
    await expect({ metadata: { a: '1', b: '2', c: '3', d: '4', e: '5', f: '6' } }, 'INVALID_REQUEST');
  });
});
