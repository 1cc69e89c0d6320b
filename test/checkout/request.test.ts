// Reading request_pay parameters and mapping them onto Toss's browser SDK, without a browser or a database.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DOMESTIC_CARD_CODES, readCheckoutRequest, vbankDueOf, WINDOW_PAY_METHODS } from '../../src/core/checkout/request.ts';
import { pickChannel } from '../../src/core/checkout/checkout.ts';
import { tossWindowCall } from '../../src/checkout/toss-window.ts';
import type { ChannelRecord } from '../../src/core/merchants/repository.ts';

const base = { merchant_uid: 'order-1', name: '나이키 와플 트레이너 2 SD', amount: 109000 };
const urls = { successUrl: '/s', failUrl: '/f' };
const call = (params: Record<string, unknown>) => tossWindowCall(readCheckoutRequest({ ...base, ...params }), 'imp_000000000001', urls, 'iframe');

describe('request_pay parameters', () => {
  it('reads vbank_due in every spelling PortOne documents, as Korean time', () => {
    assert.equal(vbankDueOf('2026-12-24'), '2026-12-24T23:59:59+09:00');
    assert.equal(vbankDueOf('20261224'), '2026-12-24T23:59:59+09:00');
    assert.equal(vbankDueOf('2026-12-24 18:30:00'), '2026-12-24T18:30:00+09:00');
    assert.equal(vbankDueOf('20261224183000'), '2026-12-24T18:30:00+09:00');
    assert.equal(vbankDueOf('202612241830'), '2026-12-24T18:30:00+09:00');
    assert.throws(() => vbankDueOf('2026-13-45'), /vbank_due/);
    assert.throws(() => vbankDueOf('tomorrow'), /vbank_due/);
  });

  it('takes a plain integer string amount, refuses fractions of a won and a billing window for vbank', () => {
    assert.equal(readCheckoutRequest({ ...base, amount: '109000' }).amount, 109000);
    assert.throws(() => readCheckoutRequest({ ...base, amount: 100.5 }), /소수점/);
    assert.equal(readCheckoutRequest({ ...base, currency: 'USD', amount: 12.34 }).amount, 1234);
    assert.throws(() => readCheckoutRequest({ ...base, customer_uid: 'c1', pay_method: 'vbank' }), /card/);
    assert.equal(readCheckoutRequest({ ...base, customer_uid: 'c1', amount: 0 }).kind, 'billing');
  });

  it('finds bypass options at the root, in bypass, and in bypass.tosspayments', () => {
    assert.equal(readCheckoutRequest({ ...base, cashReceiptType: 'personal' }).cashReceiptType, 'personal');
    assert.equal(readCheckoutRequest({ ...base, bypass: { cashReceiptType: 'corporate' } }).cashReceiptType, 'corporate');
    assert.equal(readCheckoutRequest({ ...base, bypass: { isCulturalExpense: true } }).culturalExpense, true);
    const english = readCheckoutRequest({ ...base, bypass: { tosspayments: { useInternationalCardOnly: true } } });
    assert.equal(english.internationalCardOnly, true);
    assert.equal(english.language, 'en');
    assert.equal(readCheckoutRequest({ ...base, locale: 'en-US' }).language, 'en');
  });

  it('picks the channel by pg, pg with MID and channelKey, and refuses what does not belong', () => {
    const channel = (id: number, over: Partial<ChannelRecord> = {}): ChannelRecord => ({
      id, merchantId: 1, channelKey: `channel-key-${id}`, name: 'c', pgProvider: 'tosspayments', pgId: `mid${id}`,
      type: 'payment', clientKey: 'ck', secretKeySealed: 's', apiVersion: '2022-07-27', apiBaseUrl: 'http://x',
      scriptUrl: 'http://x/v1/payment', sandbox: true, enabled: true, ...over,
    });
    const channels = [channel(1, { type: 'api_payment' }), channel(2), channel(3), channel(4, { enabled: false })];
    assert.equal(pickChannel(channels, { pg: null, channelKey: null }).id, 2);
    assert.equal(pickChannel(channels, { pg: 'tosspayments.mid3', channelKey: null }).id, 3);
    assert.equal(pickChannel(channels, { pg: null, channelKey: 'channel-key-3' }).id, 3);
    assert.throws(() => pickChannel(channels, { pg: null, channelKey: 'channel-key-1' }), /채널/);
    assert.throws(() => pickChannel(channels, { pg: 'tosspayments.mid4', channelKey: null }), /채널/);
    assert.throws(() => pickChannel(channels, { pg: 'html5_inicis.INIpayTest', channelKey: null }), /지원되지 않는 PG사/);
  });
});

describe('the hand-off to Toss', () => {
  it('maps every pay_method onto a Toss method, easy pays as DIRECT card flows', () => {
    const expected: Record<string, [string, string | undefined]> = {
      card: ['카드', undefined], trans: ['계좌이체', undefined], vbank: ['가상계좌', undefined], phone: ['휴대폰', undefined],
      booknlife: ['도서문화상품권', undefined], smartculture: ['게임문화상품권', undefined], cultureland: ['문화상품권', undefined],
      kakaopay: ['카드', 'KAKAOPAY'], naverpay: ['카드', 'NAVERPAY'], lpay: ['카드', 'LPAY'], samsung: ['카드', 'SAMSUNGPAY'],
      ssgpay: ['카드', 'SSG'], applepay: ['카드', 'APPLEPAY'], payco: ['카드', 'PAYCO'], tosspay: ['카드', 'TOSSPAY'],
    };
    for (const payMethod of WINDOW_PAY_METHODS) {
      const { method, params } = call({ pay_method: payMethod });
      assert.equal(method, expected[payMethod]![0], payMethod);
      assert.equal(params.easyPay, expected[payMethod]![1], payMethod);
      assert.equal(params.flowMode, expected[payMethod]![1] ? 'DIRECT' : undefined, payMethod);
      assert.equal(params.orderId, 'imp_000000000001');
      assert.equal(params.amount, 109000);
    }
  });

  it('offers installments only from 50,000 KRW and only as the merchant allowed', () => {
    assert.equal(call({ amount: 49999, display: { card_quota: [3] } }).params.cardInstallmentPlan, 0);
    assert.equal(call({ display: { card_quota: [] } }).params.cardInstallmentPlan, 0);
    assert.equal(call({ display: { card_quota: [2, 3, 6] } }).params.maxCardInstallmentPlan, 6);
    assert.equal(call({}).params.cardInstallmentPlan, undefined);
    const direct = call({ card: { direct: { code: '366', quota: 3 } } }).params;
    assert.deepEqual([direct.flowMode, direct.cardCompany, direct.cardInstallmentPlan], ['DIRECT', '신한', 3]);
  });

  it('display.only_installment offers only card_quota\'s months: one is forced, several are picked in the gateway\'s window', () => {
    const one = call({ display: { card_quota: [6], only_installment: true } });
    assert.deepEqual([one.params.cardInstallmentPlan, one.params.maxCardInstallmentPlan, one.choices], [6, undefined, []]);
    const several = call({ display: { card_quota: [6, 3], only_installment: 'true' } });
    assert.deepEqual([several.params.cardInstallmentPlan, several.params.maxCardInstallmentPlan], [undefined, undefined]);
    assert.deepEqual(several.choices.map((c) => [c.param, c.options.map((o) => o.value)]), [['cardInstallmentPlan', [3, 6]]]);
    assert.equal(call({ display: { card_quota: [3, 6], only_installment: false } }).params.maxCardInstallmentPlan, 6);
    assert.deepEqual([call({ display: { card_quota: [0, 6, 6], only_installment: true } }).params.cardInstallmentPlan], [6]);
    // card.direct fixes its own plan; other methods have no installments.
    assert.equal(call({ display: { card_quota: [3, 6], only_installment: true }, card: { direct: { code: '366', quota: 0 } } }).params.cardInstallmentPlan, undefined);
    assert.equal(call({ pay_method: 'vbank', display: { only_installment: true } }).choices.length, 0);
  });

  it('refuses display.only_installment it cannot honour before any window opens', () => {
    const refused = (over: Record<string, unknown>, pattern: RegExp) => assert.throws(() => readCheckoutRequest({ ...base, ...over }), pattern);
    refused({ display: { only_installment: true } }, /display\.card_quota에 할부 개월 수/);
    refused({ display: { only_installment: true, card_quota: [] } }, /display\.card_quota에 할부 개월 수/);
    refused({ amount: 49_999, display: { only_installment: true, card_quota: [3] } }, /5만원 이상/);
    refused({ currency: 'USD', amount: 500, display: { only_installment: true, card_quota: [3] } }, /5만원 이상/);
    refused({ display: { only_installment: 'yes', card_quota: [3] } }, /only_installment는 true 또는 false/);
  });

  it('card.detail: one company enabled is handed to Toss as its card company, several are picked first', () => {
    const one = call({ card: { detail: [{ card_code: '*', enabled: false }, { card_code: '366', enabled: true }] } });
    assert.deepEqual([one.params.cardCompany, one.params.flowMode, one.choices], ['신한', undefined, []]);
    const several = call({ card: { detail: [{ card_code: '*', enabled: false }, { card_code: '366', enabled: true }, { card_code: '381', enabled: true }] } });
    assert.equal(several.params.cardCompany, undefined);
    assert.deepEqual(several.choices.map((c) => [c.param, c.options.map((o) => [o.code, o.value])]), [['cardCompany', [['366', '신한'], ['381', '국민']]]]);
    // Entries apply in order: all but one company, and a company switched on then off again.
    const allBut = call({ card: { detail: [{ card_code: '367', enabled: false }] } });
    assert.equal(allBut.choices[0]!.options.length, DOMESTIC_CARD_CODES.length - 1);
    assert.ok(!allBut.choices[0]!.options.some((o) => o.code === '367'));
    const onOff = call({ card: { detail: [{ card_code: '*', enabled: false }, { card_code: '361', enabled: true }, { card_code: '366', enabled: true }, { card_code: '366', enabled: false }] } });
    assert.equal(onOff.params.cardCompany, '비씨');
    // max_month alone (merchant-paid interest-free months) restricts nothing; neither do easy pays or card.direct.
    assert.deepEqual(call({ card: { detail: [{ card_code: '366', max_month: 5 }] } }).choices, []);
    assert.equal(call({ pay_method: 'kakaopay', card: { detail: [{ card_code: '*', enabled: false }, { card_code: '366', enabled: true }] } }).params.cardCompany, undefined);
    const direct = call({ card: { direct: { code: '367', quota: 0 }, detail: [{ card_code: '*', enabled: false }, { card_code: '366', enabled: true }] } });
    assert.deepEqual([direct.params.flowMode, direct.params.cardCompany], ['DIRECT', '현대']);
  });

  it('refuses a card.detail it cannot read or that leaves no company', () => {
    const refused = (detail: unknown, pattern: RegExp) => assert.throws(() => readCheckoutRequest({ ...base, card: { detail } }), pattern);
    refused({ card_code: '366' }, /card\.detail은/);
    refused([{ card_code: '999', enabled: true }], /card_code\(999\)/);
    refused([{ card_code: 366, enabled: true }], /card\.detail은/);
    refused([{ card_code: '366', enabled: 'yes' }], /card\.detail은/);
    refused([{ card_code: '*', enabled: false }], /결제할 수 있는 카드사가 없습니다/);
  });

  it('passes card, virtual-account and transfer options under their Toss names', () => {
    const card = call({ appCard: true, useCardPoint: true, bypass: { tosspayments: { useInternationalCardOnly: true } } }).params;
    assert.deepEqual([card.useAppCardOnly, card.useCardPoint, card.useInternationalCardOnly, card.language], [true, true, true, 'EN']);
    const vbank = call({
      pay_method: 'vbank', vbank_due: '20261224', escrow: true, buyer_tel: '010-1234-5678',
      products: [{ id: 'p', name: 'n', code: 'c', unitPrice: 109000, quantity: 1 }], bypass: { cashReceiptType: 'anonymous' },
    }).params;
    assert.equal(vbank.dueDate, '2026-12-24T23:59:59+09:00');
    assert.equal(vbank.useEscrow, true);
    assert.deepEqual(vbank.escrowProducts, [{ id: 'p', name: 'n', code: 'c', unitPrice: 109000, quantity: 1 }]);
    assert.deepEqual(vbank.cashReceipt, { type: '미발행' });
    assert.equal(vbank.customerMobilePhone, '01012345678');
    assert.equal(call({ pay_method: 'trans', tax_free: 9000 }).params.taxFreeAmount, 9000);
  });
});
