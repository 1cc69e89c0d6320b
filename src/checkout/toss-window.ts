// The hand-off to Toss's v1 browser SDK: a V1 `request_pay` (as core read it) becomes the method and parameters of
// `TossPayments(clientKey).requestPayment(method, params)`, as PortOne's Toss module passes them (toss-v1.md §7.1).
import type { CheckoutRequest, WindowPayMethod } from '../core/checkout/request.ts';
import { fromMinorUnits } from '../lib/money.ts';
import { CARD_COMPANIES } from '../pg/toss/codes.ts';

export interface TossWindowCall {
  method: string;
  params: Record<string, unknown>;
}

const METHODS: Record<WindowPayMethod, string> = {
  card: '카드',
  trans: '계좌이체',
  vbank: '가상계좌',
  phone: '휴대폰',
  booknlife: '도서문화상품권',
  smartculture: '게임문화상품권',
  cultureland: '문화상품권',
  kakaopay: '카드',
  naverpay: '카드',
  lpay: '카드',
  samsung: '카드',
  ssgpay: '카드',
  applepay: '카드',
  payco: '카드',
  tosspay: '카드',
};

/** Easy pays open straight in the provider's flow: card method, flowMode DIRECT (toss-codes `간편결제/…`). */
const EASY_PAYS: Partial<Record<WindowPayMethod, string>> = {
  kakaopay: 'KAKAOPAY',
  naverpay: 'NAVERPAY',
  lpay: 'LPAY',
  samsung: 'SAMSUNGPAY',
  ssgpay: 'SSG',
  applepay: 'APPLEPAY',
  payco: 'PAYCO',
  tosspay: 'TOSSPAY',
};

const CASH_RECEIPTS = { anonymous: '미발행', personal: '소득공제', corporate: '지출증빙' } as const;

/** Toss offers installments only on KRW card payments from 50,000 won (toss-v1.md §12.2). */
export const INSTALLMENT_MINIMUM = 50_000;

/** A PortOne card_code (금융결제원 3 digits) as the card company name Toss's SDK takes. */
function tossCardCompany(cardCode: string): string | null {
  return CARD_COMPANIES.find((c) => c.portone === cardCode && c.ko !== null)?.ko ?? null;
}

function installments(req: CheckoutRequest, params: Record<string, unknown>): void {
  if (req.currency !== 'KRW' || req.amount < INSTALLMENT_MINIMUM) {
    params.cardInstallmentPlan = 0;
    return;
  }
  if (req.cardDirect && req.cardDirect.quota > 0) {
    params.cardInstallmentPlan = req.cardDirect.quota;
    return;
  }
  if (req.cardQuota === null) return;
  if (req.cardQuota.length === 0) {
    params.cardInstallmentPlan = 0;
    return;
  }
  // Toss's v1 window takes one plan or a ceiling; without a lump-sum option only a single plan can be forced.
  if (req.onlyInstallment && req.cardQuota.length === 1) params.cardInstallmentPlan = req.cardQuota[0];
  else params.maxCardInstallmentPlan = Math.max(...req.cardQuota);
}

/** card.detail can only be expressed to Toss's v1 window when it leaves exactly one card company enabled. */
function onlyEnabledCard(req: CheckoutRequest): string | null {
  const enabled = req.cardDetail.filter((d) => d.enabled && d.cardCode !== '*');
  const allOff = req.cardDetail.some((d) => d.cardCode === '*' && !d.enabled);
  return allOff && enabled.length === 1 ? enabled[0]!.cardCode : null;
}

function digits(value: string | null): string | null {
  const d = value?.replace(/\D/g, '') ?? '';
  return d.length >= 8 && d.length <= 15 ? d : null;
}

export function tossWindowCall(
  req: CheckoutRequest,
  orderId: string,
  urls: { successUrl: string; failUrl: string },
  target: 'iframe' | 'self',
): TossWindowCall {
  const params: Record<string, unknown> = {
    amount: fromMinorUnits(req.amount, req.currency),
    orderId,
    orderName: (req.name ?? req.merchantUid).slice(0, 100),
    successUrl: urls.successUrl,
    failUrl: urls.failUrl,
    windowTarget: target,
  };
  if (req.buyer.buyer_name) params.customerName = req.buyer.buyer_name.slice(0, 100);
  if (req.buyer.buyer_email) params.customerEmail = req.buyer.buyer_email.slice(0, 100);
  if (req.taxFree > 0) params.taxFreeAmount = fromMinorUnits(req.taxFree, req.currency);
  if (req.currency !== 'KRW') params.currency = req.currency;
  if (req.culturalExpense) params.cultureExpense = true;
  if (req.language === 'en') params.language = 'EN';
  const method = METHODS[req.payMethod];
  const easyPay = EASY_PAYS[req.payMethod];
  if (method === '카드') {
    if (easyPay) {
      params.flowMode = 'DIRECT';
      params.easyPay = easyPay;
    } else {
      const direct = req.cardDirect?.code ?? onlyEnabledCard(req);
      const company = direct ? tossCardCompany(direct) : null;
      if (company) {
        params.flowMode = 'DIRECT';
        params.cardCompany = company;
      }
    }
    installments(req, params);
    if (req.appCard) params.useAppCardOnly = true;
    if (req.useCardPoint) params.useCardPoint = true;
    if (req.internationalCardOnly) params.useInternationalCardOnly = true;
  }
  if (method === '가상계좌' || method === '계좌이체') {
    if (req.escrow) {
      params.useEscrow = true;
      if (req.products.length > 0) {
        params.escrowProducts = req.products.map((p) => ({ ...p, unitPrice: fromMinorUnits(p.unitPrice, req.currency) }));
      }
    }
    if (req.cashReceiptType) params.cashReceipt = { type: CASH_RECEIPTS[req.cashReceiptType] };
    const phone = digits(req.buyer.buyer_tel);
    if (phone) params.customerMobilePhone = phone;
  }
  if (method === '가상계좌' && req.vbankDue) params.dueDate = req.vbankDue;
  if (method === '휴대폰') {
    const phone = digits(req.buyer.buyer_tel);
    if (phone) params.customerMobilePhone = phone;
  }
  return { method, params };
}
