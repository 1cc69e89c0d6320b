import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { v1Client } from '../helpers/v1-client.ts';

const DUPLICATE = '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).';
const NOT_FOUND = '사전등록된 결제정보가 존재하지 않습니다.';

describeEachStore('/payments/prepare', (kind) => {
  let gw: TestGateway;
  let call: ReturnType<typeof v1Client>;

  before(async () => {
    gw = await startTestGateway(kind);
    const token = await gw.token();
    call = v1Client(gw.url, () => token);
  });
  after(async () => gw.close());

  it('registers an amount, shows it, and refuses the same merchant_uid twice with HTTP 200 code 1', async () => {
    const created = await call('POST', '/payments/prepare', { merchant_uid: 'prep-1', amount: 64900 });
    assert.equal(created.status, 200);
    assert.deepEqual(created.body, { code: 0, message: null, response: { amount: 64900, currency: null, merchant_uid: 'prep-1' } });
    const shown = await call('GET', '/payments/prepare/prep-1');
    assert.deepEqual(shown.body.response, { amount: 64900, currency: null, merchant_uid: 'prep-1' });
    const again = await call('POST', '/payments/prepare', { merchant_uid: 'prep-1', amount: 1000 });
    assert.equal(again.status, 200);
    assert.deepEqual(again.body, { code: 1, message: DUPLICATE, response: null });
    assert.equal((await call('GET', '/payments/prepare/prep-1/')).body.response.amount, 64900, 'the duplicate changed nothing');
  });

  it('takes a form body, whose amount arrives as text, and a currency', async () => {
    const created = await call('POST', '/payments/prepare/', 'merchant_uid=prep-form&amount=12.34&currency=usd');
    assert.equal(created.status, 200);
    assert.deepEqual(created.body.response, { amount: 12.34, currency: 'USD', merchant_uid: 'prep-form' });
    assert.deepEqual((await call('GET', '/payments/prepare/prep-form')).body.response, { amount: 12.34, currency: 'USD', merchant_uid: 'prep-form' });
  });

  it('changes a registered amount with PUT, keeping the currency unless a new one is given', async () => {
    await call('POST', '/payments/prepare', { merchant_uid: 'prep-put', amount: 5000, currency: 'KRW' });
    const changed = await call('PUT', '/payments/prepare', { merchant_uid: 'prep-put', amount: 4500 });
    assert.equal(changed.status, 200);
    assert.deepEqual(changed.body.response, { amount: 4500, currency: 'KRW', merchant_uid: 'prep-put' });
    const dollars = await call('PUT', '/payments/prepare', { merchant_uid: 'prep-put', amount: 4.5, currency: 'USD' });
    assert.deepEqual(dollars.body.response, { amount: 4.5, currency: 'USD', merchant_uid: 'prep-put' });
    assert.deepEqual((await call('GET', '/payments/prepare/prep-put')).body.response, { amount: 4.5, currency: 'USD', merchant_uid: 'prep-put' });
  });

  it('answers an unknown merchant_uid with 404 on GET and PUT', async () => {
    const shown = await call('GET', '/payments/prepare/never-prepared');
    assert.deepEqual([shown.status, shown.body], [404, { code: -1, message: NOT_FOUND, response: null }]);
    for (const body of [{ merchant_uid: 'never-prepared', amount: 100 }, { merchant_uid: 'never-prepared', amount: 100, currency: 'KRW' }]) {
      const changed = await call('PUT', '/payments/prepare', body);
      assert.deepEqual([changed.status, changed.body.message], [404, NOT_FOUND]);
    }
  });

  it('answers bad amounts, currencies and missing parameters with V1 400s and stores nothing', async () => {
    const cases: [unknown, string | RegExp][] = [
      [{ amount: 1000 }, 'merchant_uid 파라메터가 누락되었습니다.'],
      [{ merchant_uid: 'prep-bad' }, 'amount 파라메터가 누락되었습니다.'],
      [{ merchant_uid: 'prep-bad', amount: -1 }, 'amount 는 0 이상의 숫자여야 합니다.'],
      [{ merchant_uid: 'prep-bad', amount: 100.5 }, 'KRW 금액(amount)은 정수여야 합니다.'],
      [{ merchant_uid: 'prep-bad', amount: 100.5, currency: 'KRW' }, 'KRW 금액(amount)은 정수여야 합니다.'],
      [{ merchant_uid: 'prep-bad', amount: 1.234, currency: 'USD' }, 'USD 금액(amount)은 소수점 2자리까지 지정할 수 있습니다.'],
      [{ merchant_uid: 'prep-bad', amount: 100, currency: 'XYZ' }, '지원되지 않는 통화(currency)입니다.'],
      [{ merchant_uid: 'prep-bad', amount: 'lots' }, /amount/],
      [{ merchant_uid: 'prep-bad', amount: 1e300 }, /amount/],
      [{ merchant_uid: 'prep-bad', amount: [100, 200] }, /amount/],
      [{ merchant_uid: ['a', 'b'], amount: 100 }, /merchant_uid/],
      [{ merchant_uid: 'x'.repeat(41), amount: 100 }, 'merchant_uid 는 40자 이내로 지정해주세요.'],
      ['{"merchant_uid": "prep-bad", "amount": ', /요청 본문/],
    ];
    for (const [body, message] of cases) {
      const answer = await call('POST', '/payments/prepare', body, typeof body === 'string' ? { 'content-type': 'application/json' } : {});
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.body.code, -1);
      if (typeof message === 'string') assert.equal(answer.body.message, message, JSON.stringify(body));
      else assert.match(answer.body.message, message, JSON.stringify(body));
    }
    assert.equal((await call('GET', '/payments/prepare/prep-bad')).status, 404);
  });

  it('accepts an amount of zero', async () => {
    const zero = await call('POST', '/payments/prepare', { merchant_uid: 'prep-zero', amount: 0 });
    assert.deepEqual(zero.body.response, { amount: 0, currency: null, merchant_uid: 'prep-zero' });
  });

  it('lets one of two racing registrations win', async () => {
    const answers = await Promise.all(Array.from({ length: 5 }, (_, i) => call('POST', '/payments/prepare', { merchant_uid: 'prep-race', amount: 1000 + i })));
    assert.equal(answers.filter((a) => a.body.code === 0).length, 1);
    assert.equal(answers.filter((a) => a.body.code === 1 && a.body.message === DUPLICATE).length, 4);
  });

  it('requires a token', async () => {
    const res = await fetch(`${gw.url}/payments/prepare`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"merchant_uid":"x","amount":1}' });
    assert.equal(res.status, 401);
  });
});
