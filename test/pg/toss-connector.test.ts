// The Toss connector's pure parts: how answers are classified, the status map, the code cross-walks (checked against
// the published tables in ../shared/spec/toss-codes.json) and incoming webhook parsing.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { classify } from '../../src/pg/toss/client.ts';
import { BANKS, CARD_COMPANIES, bankFromPortone, findCardCompany } from '../../src/pg/toss/codes.ts';
import { cancelBody, toPayment, toStatus, virtualAccountBody } from '../../src/pg/toss/transformers.ts';
import { parseTossWebhook } from '../../src/pg/toss/webhooks.ts';

const published = JSON.parse(fs.readFileSync(new URL('../../../shared/spec/toss-codes.json', import.meta.url), 'utf8'));

describe('Toss answer classification', () => {
  const err = (code: string) => JSON.stringify({ code, message: 'm' });
  it('treats 2xx JSON as success and a 2xx that is not JSON as unknown', () => {
    assert.equal(classify(200, '{"paymentKey":"k"}', 'x').kind, 'success');
    assert.equal(classify(200, '<html>', 'x').kind, 'unknown');
  });
  it('treats 5xx, 409, 429, a body without a code and the look-up-first codes as unknown', () => {
    for (const [status, body] of [
      [500, err('FAILED_INTERNAL_SYSTEM_PROCESSING')], [502, 'Bad Gateway'], [409, err('IDEMPOTENT_REQUEST_PROCESSING')],
      [429, err('TOO_MANY_REQUESTS')], [400, err('PROVIDER_ERROR')], [400, err('ALREADY_PROCESSED_PAYMENT')],
      [403, err('FORBIDDEN_CONSECUTIVE_REQUEST')], [400, '{}'],
    ] as const) {
      assert.equal(classify(status, body, 'x').kind, 'unknown', `${status} ${body}`);
    }
  });
  it('treats a definitive Toss error as declined with its code and message', () => {
    const r = classify(403, JSON.stringify({ code: 'REJECT_CARD_PAYMENT', message: '한도초과' }), 'x');
    assert.deepEqual({ kind: r.kind, code: (r as any).code, message: (r as any).message }, { kind: 'declined', code: 'REJECT_CARD_PAYMENT', message: '한도초과' });
  });
});

describe('Toss transformers', () => {
  it('maps every documented status and defaults anything else to unknown', () => {
    assert.deepEqual(
      ['READY', 'IN_PROGRESS', 'WAITING_FOR_DEPOSIT', 'DONE', 'PARTIAL_CANCELED', 'CANCELED', 'ABORTED', 'EXPIRED', 'NEW_THING', undefined].map(toStatus),
      ['ready', 'ready', 'waiting_for_deposit', 'paid', 'partially_cancelled', 'cancelled', 'failed', 'failed', 'unknown', 'unknown'],
    );
  });
  it('reads the issuer code first and falls back to the 2022-07-27 Korean company name', () => {
    const p = toPayment({ paymentKey: 'k', orderId: 'o', status: 'DONE', totalAmount: 1000, balanceAmount: 1000, card: { issuerCode: '41', company: '현대', number: '1234****', cardType: '체크', installmentPlanMonths: 0 } });
    assert.equal(p.card?.code, '366');
    assert.equal(p.card?.type, 1);
    const legacy = toPayment({ paymentKey: 'k', orderId: 'o', status: 'DONE', totalAmount: 1, balanceAmount: 1, transactionKey: 't1', card: { company: '현대' } });
    assert.equal(legacy.card?.code, '367');
    assert.equal(legacy.lastTransactionKey, 't1');
  });
  it('cross-walks every published card company and bank code', () => {
    for (const c of published.cardCompanies) assert.equal(CARD_COMPANIES.find((x) => x.toss === c.code)?.portone, c.kftc3, c.code);
    for (const b of published.banks) {
      assert.equal(BANKS.find((x) => x.toss === b.code)?.kftc, b.kftc3, b.code);
      assert.equal(bankFromPortone(b.kftc3)?.toss, b.code);
    }
    assert.equal(bankFromPortone('004')?.toss, '06');
    assert.equal(findCardCompany(null, '신한')?.portone, '366');
  });
  it('sends V1 bank codes to Toss as Toss codes', () => {
    assert.equal(cancelBody({ reason: 'r', amount: 100, taxFree: 0, refundableAmount: null, refundAccount: { bankCode: '004', accountNumber: '123-45', holderName: 'h' } }).refundReceiveAccount?.bank, '06');
    const va = virtualAccountBody({ orderId: 'o', orderName: 'n', amount: 1, taxFree: 0, bankCode: '088', customerName: 'c', customerEmail: null, customerPhone: null, dueAt: new Date('2026-12-01T00:00:00Z'), accountKey: null });
    assert.equal(va.bank, '88');
    assert.equal(va.dueDate, '2026-12-01T09:00:00+09:00');
  });
});

describe('incoming Toss webhooks', () => {
  it('reads a flat DEPOSIT_CALLBACK, a PAYMENT_STATUS_CHANGED, and ignores the rest', () => {
    assert.deepEqual(parseTossWebhook({ createdAt: 'x', secret: 'ps_1', status: 'DONE', transactionKey: 't', orderId: 'imp_1' }), {
      kind: 'deposit', orderId: 'imp_1', secret: 'ps_1', status: 'paid', transactionKey: 't',
    });
    assert.deepEqual(parseTossWebhook({ eventType: 'PAYMENT_STATUS_CHANGED', createdAt: 'x', data: { orderId: 'imp_1', paymentKey: 'k', status: 'EXPIRED' } }), {
      kind: 'status_changed', orderId: 'imp_1', paymentKey: 'k', status: 'failed',
    });
    assert.equal(parseTossWebhook({ eventType: 'BILLING_DELETED', data: {} }).kind, 'ignored');
    assert.equal(parseTossWebhook('nonsense').kind, 'ignored');
  });
});
