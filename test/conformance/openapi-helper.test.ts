// The spec check other tests rely on must reject what the real API never sends.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serializePayment } from '../../src/api/serializers/payment.ts';
import { specOperation, specViolations } from '../helpers/openapi.ts';

const payment = serializePayment(
  {
    imp_uid: 'imp_448280090638', merchant_id: 1, merchant_uid: 'order-1', status: 'paid', pay_method: 'card', channel: 'pc',
    pg_provider: 'tosspayments', emb_pg_provider: null, pg_tid: 'tviva1', pg_id: 'tosstest', sandbox: false, escrow: false,
    apply_num: '1', bank_code: null, bank_name: null, card_code: '366', card_name: '신한카드', card_issuer_code: null,
    card_issuer_name: null, card_publisher_code: null, card_publisher_name: null, card_quota: 0, card_number: '433012******7421',
    card_type: 0, vbank_code: null, vbank_name: null, vbank_num: null, vbank_holder: null, vbank_date: null, vbank_issued_at: null,
    name: '의자', currency: 'KRW', amount: 1000, cancel_amount: 0, buyer_name: null, buyer_email: null, buyer_tel: null,
    buyer_addr: null, buyer_postcode: null, custom_data: null, user_agent: null, started_at: new Date(), paid_at: new Date(),
    failed_at: null, cancelled_at: null, updated_at: new Date(), fail_reason: null, cancel_reason: null, receipt_url: null,
    cash_receipt_issued: false, customer_uid: null, customer_uid_usage: null, promotion: null, deposit_history: [],
  },
  [],
);
const ok = { code: 0, message: null, response: payment };

describe('the PortOne V1 spec check', () => {
  it('finds operations by template and by concrete path, preferring static segments and allowing the optional last one', () => {
    assert.equal(specOperation('GET', '/payments/imp_1?include_sandbox=true').template, '/payments/{imp_uid}');
    assert.equal(specOperation('GET', '/payments/find/m').template, '/payments/find/{merchant_uid}/{payment_status}');
    assert.equal(specOperation('GET', '/payments/findAll/m/').template, '/payments/findAll/{merchant_uid}/{payment_status}');
    assert.equal(specOperation('get', '/payments/prepare/m').template, '/payments/prepare/{merchant_uid}');
    assert.throws(() => specOperation('GET', '/nowhere'));
  });

  it('accepts a serialized payment and rejects a missing field, a float time, a wrong type and a null required field', () => {
    assert.deepEqual(specViolations('GET', '/payments/{imp_uid}', 200, ok), []);
    const without = { ...payment } as Record<string, unknown>;
    delete without.cancel_history;
    assert.notDeepEqual(specViolations('GET', '/payments/{imp_uid}', 200, { ...ok, response: without }), []);
    assert.notDeepEqual(specViolations('GET', '/payments/{imp_uid}', 200, { ...ok, response: { ...payment, paid_at: 1.5 } }), []);
    assert.notDeepEqual(specViolations('GET', '/payments/{imp_uid}', 200, { ...ok, response: { ...payment, amount: '1000' } }), []);
    assert.notDeepEqual(specViolations('GET', '/payments/{imp_uid}', 200, { ...ok, response: { ...payment, currency: null } }), []);
  });

  it('requires a failure envelope for undeclared failures and refuses undeclared successes', () => {
    assert.deepEqual(specViolations('GET', '/payments/x', 404, { code: -1, message: '존재하지 않는 결제정보입니다.', response: null }), []);
    assert.notDeepEqual(specViolations('GET', '/payments/x', 400, { code: 0, message: null, response: null }), []);
    assert.notDeepEqual(specViolations('GET', '/payments/x', 207, ok), []);
    assert.deepEqual(specViolations('GET', '/payments', 207, { code: 0, message: null, response: [payment] }), []);
  });
});
