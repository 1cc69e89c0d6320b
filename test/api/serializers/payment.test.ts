import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fs from 'node:fs';
import { serializePayment } from '../../../src/api/serializers/payment.ts';
import type { CancellationRecord, PaymentRecord } from '../../../src/core/payments/read-model.ts';

const spec = JSON.parse(fs.readFileSync(new URL('../../../../shared/spec/portone-v1.openapi.json', import.meta.url), 'utf8'));

const at = (iso: string) => new Date(iso);

function row(overrides: Partial<PaymentRecord> = {}): PaymentRecord {
  return {
    imp_uid: 'imp_448280090638',
    merchant_id: 1,
    merchant_uid: 'order-1',
    status: 'paid',
    pay_method: 'card',
    channel: 'pc',
    pg_provider: 'tosspayments',
    emb_pg_provider: null,
    pg_tid: 'tgen_20261128',
    pg_id: 'tosstest',
    sandbox: false,
    escrow: false,
    apply_num: '00000000',
    bank_code: null,
    bank_name: null,
    card_code: '366',
    card_name: '신한카드',
    card_issuer_code: '366',
    card_issuer_name: '신한카드',
    card_publisher_code: '366',
    card_publisher_name: '신한카드',
    card_quota: 0,
    card_number: '433012******1234',
    card_type: 0,
    vbank_code: null,
    vbank_name: null,
    vbank_num: null,
    vbank_holder: null,
    vbank_date: null,
    vbank_issued_at: null,
    name: '노르웨이 회전 의자',
    currency: 'KRW',
    amount: 64900,
    cancel_amount: 0,
    buyer_name: '홍길동',
    buyer_email: 'gildong@example.com',
    buyer_tel: '010-4242-4242',
    buyer_addr: '서울특별시 강남구 신사동',
    buyer_postcode: '01181',
    custom_data: '{"cart":[1,2]}',
    user_agent: 'Mozilla/5.0',
    started_at: at('2026-11-01T00:00:00.400Z'),
    paid_at: at('2026-11-01T00:01:05.900Z'),
    failed_at: null,
    cancelled_at: null,
    fail_reason: null,
    cancel_reason: null,
    receipt_url: 'https://receipt.example/1',
    cash_receipt_issued: false,
    customer_uid: null,
    customer_uid_usage: null,
    promotion: null,
    deposit_history: [],
    updated_at: at('2026-11-01T00:01:05.900Z'),
    ...overrides,
  };
}

function cancellation(overrides: Partial<CancellationRecord>): CancellationRecord {
  return {
    cancellation_id: '06JC8FVHJTW2WY16FEY0',
    state: 'done',
    pg_tid: 'tcan_1',
    amount: 1000,
    reason: '단순 변심',
    receipt_url: 'https://receipt.example/c1',
    requested_at: at('2026-11-02T00:00:00Z'),
    cancelled_at: at('2026-11-02T00:00:01Z'),
    ...overrides,
  };
}

describe('serializePayment', () => {
  it('emits every PaymentAnnotation field of the spec, in alphabetical order', () => {
    const out = serializePayment(row(), []);
    const specFields = Object.keys(spec.definitions.PaymentAnnotation.properties);
    assert.equal(specFields.length, 54);
    assert.deepEqual(Object.keys(out), [...specFields].sort());
  });

  it('writes times as integer UNIX seconds and 0 for what never happened', () => {
    const out = serializePayment(row(), []);
    assert.equal(out.started_at, 1793491200);
    assert.equal(out.paid_at, 1793491265);
    for (const field of ['failed_at', 'cancelled_at', 'vbank_date', 'vbank_issued_at'] as const) assert.equal(out[field], 0);
  });

  it('keeps custom_data as the JSON string and shows inner states as ready', () => {
    assert.equal(serializePayment(row(), []).custom_data, '{"cart":[1,2]}');
    assert.equal(serializePayment(row({ status: 'ready', paid_at: null }), []).status, 'ready');
  });

  it('lists only done cancellations, with their receipts mirrored in cancel_receipt_urls', () => {
    const out = serializePayment(row({ status: 'cancelled', cancel_amount: 3000, cancelled_at: at('2026-11-03T00:00:01Z') }), [
      cancellation({}),
      cancellation({ cancellation_id: 'AAAAAAAAAAAAAAAAAAAA', state: 'failed', cancelled_at: null }),
      cancellation({ cancellation_id: 'BBBBBBBBBBBBBBBBBBBB', amount: 2000, receipt_url: null, cancelled_at: at('2026-11-03T00:00:01Z') }),
    ]);
    assert.deepEqual(out.cancel_history, [
      { amount: 1000, cancellation_id: '06JC8FVHJTW2WY16FEY0', cancelled_at: 1793577601, pg_tid: 'tcan_1', reason: '단순 변심', receipt_url: 'https://receipt.example/c1' },
      { amount: 2000, cancellation_id: 'BBBBBBBBBBBBBBBBBBBB', cancelled_at: 1793664001, pg_tid: 'tcan_1', reason: '단순 변심', receipt_url: null },
    ]);
    assert.deepEqual(out.cancel_receipt_urls, ['https://receipt.example/c1']);
    assert.equal(out.cancel_amount, 3000);
    assert.equal(out.status, 'cancelled');
  });

  it('converts minor units to the currency major unit everywhere money appears', () => {
    const out = serializePayment(
      row({
        currency: 'USD',
        amount: 1234,
        cancel_amount: 34,
        promotion: { id: 'promotion-id-1', discount: 250 },
        deposit_history: [{ pg_tid: 'd1', amount: 1234, depositor_name: '홍길동', deposited_at: 1793491265 }],
      }),
      [cancellation({ amount: 34 })],
    );
    assert.equal(out.amount, 12.34);
    assert.equal(out.cancel_amount, 0.34);
    assert.equal(out.cancel_history[0].amount, 0.34);
    assert.deepEqual(out.promotion, { discount: 2.5, id: 'promotion-id-1' });
    assert.deepEqual(out.deposit_history, [{ amount: 12.34, deposited_at: 1793491265, depositor_name: '홍길동', pg_tid: 'd1' }]);
  });
});
