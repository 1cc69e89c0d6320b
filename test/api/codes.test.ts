import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { v1Client } from '../helpers/v1-client.ts';

describeEachStore('bank and card codes', (kind) => {
  let gw: TestGateway;
  let call: ReturnType<typeof v1Client>;

  before(async () => {
    gw = await startTestGateway(kind);
    const token = await gw.token();
    call = v1Client(gw.url, () => token);
  });
  after(async () => gw.close());

  it('lists the 금융결제원 bank codes, each once', async () => {
    const { status, body } = await call('GET', '/banks');
    assert.equal(status, 200);
    const byCode = new Map(body.response.map((b: any) => [b.code, b.name]));
    assert.equal(byCode.size, body.response.length);
    assert.equal(byCode.get('004'), 'KB국민은행');
    assert.equal(byCode.get('088'), '신한은행');
    assert.equal(byCode.get('090'), '카카오뱅크');
    assert.equal(byCode.get('092'), '토스뱅크');
    assert.ok(body.response.every((b: any) => /^\d{3}$/.test(b.code)));
  });

  it('lists the card company codes, domestic and international', async () => {
    const { body } = await call('GET', '/cards/');
    const byCode = new Map(body.response.map((c: any) => [c.code, c.name]));
    assert.equal(byCode.size, body.response.length);
    assert.equal(byCode.get('361'), 'BC카드');
    assert.equal(byCode.get('366'), '신한카드');
    assert.equal(byCode.get('381'), 'KB국민카드');
    assert.equal(byCode.get('10005'), '비자');
  });

  it('answers one code, and an unknown one with 404', async () => {
    assert.deepEqual((await call('GET', '/banks/081')).body, { code: 0, message: null, response: { code: '081', name: '하나은행' } });
    assert.deepEqual((await call('GET', '/cards/365')).body.response, { code: '365', name: '삼성카드' });
    const bank = await call('GET', '/banks/999');
    assert.deepEqual([bank.status, bank.body], [404, { code: -1, message: '코드에 해당되는 은행정보를 찾을 수 없습니다.', response: null }]);
    const card = await call('GET', '/cards/BK04');
    assert.deepEqual([card.status, card.body.message], [404, '코드에 해당되는 카드사정보를 찾을 수 없습니다.']);
  });

  it('requires a token', async () => {
    for (const path of ['/banks', '/banks/004', '/cards', '/cards/361']) assert.equal((await fetch(gw.url + path)).status, 401, path);
  });
});
