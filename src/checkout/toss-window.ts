// The hand-off to Toss's v1 browser SDK: a V1 `request_pay` (as core read it) becomes the method and parameters of
// `TossPayments(clientKey).requestPayment(method, params)`, as PortOne's Toss module passes them (toss-v1.md §7.1).
import { INSTALLMENT_MINIMUM, type CheckoutRequest, type WindowPayMethod } from '../core/checkout/request.ts';
import { fromMinorUnits } from '../lib/money.ts';
import { CARD_COMPANIES } from '../pg/toss/codes.ts';

/**
 * A pick the buyer makes in the gateway's window before Toss's opens, for what PortOne lets a merchant restrict but
 * Toss's v1 SDK can only fix to one value: several card companies (card.detail) or several installment months
 * without the lump sum (display.only_installment). The pick becomes that one value.
 */
export interface WindowChoice {
  /** The requestPayment parameter the pick sets. */
  param: 'cardCompany' | 'cardInstallmentPlan';
  options: { value: string | number; label: { ko: string; en: string }; code: string }[];
}

export interface TossWindowCall {
  method: string;
  params: Record<string, unknown>;
  choices: WindowChoice[];
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

/** A PortOne card_code (금융결제원 3 digits) as Toss's card company: its name for the SDK, and what people call it. */
function tossCardCompany(cardCode: string): { ko: string; name: string } | null {
  const company = CARD_COMPANIES.find((c) => c.portone === cardCode && c.ko !== null);
  return company ? { ko: company.ko!, name: company.name } : null;
}

function installments(req: CheckoutRequest, params: Record<string, unknown>, choices: WindowChoice[]): void {
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
  if (!req.onlyInstallment) {
    // A ceiling is the closest Toss's v1 window comes to a list of months: it offers the lump sum and 2…max.
    params.maxCardInstallmentPlan = Math.max(...req.cardQuota);
    return;
  }
  // Without the lump sum Toss's window can only be given one fixed plan: one month is forced, several are picked first.
  const months = [...new Set(req.cardQuota)].sort((a, b) => a - b);
  if (months.length === 1) {
    params.cardInstallmentPlan = months[0];
    return;
  }
  choices.push({
    param: 'cardInstallmentPlan',
    options: months.map((m) => ({
      value: m,
      label: { ko: `${m}개월`, en: `${m} months` },
      code: String(m),
    })),
  });
}

/**
 * card.detail's companies: one is handed to Toss's window as its card company (DEFAULT flow: that company only,
 * chosen already); several are picked from in the gateway's window first.
 */
function restrictCardCompanies(req: CheckoutRequest, params: Record<string, unknown>, choices: WindowChoice[]): void {
  if (!req.cardCompanies) return;
  const companies = req.cardCompanies.flatMap((code) => {
    const company = tossCardCompany(code);
    return company ? [{ code, ...company }] : [];
  });
  if (companies.length === 1) {
    params.cardCompany = companies[0]!.ko;
    return;
  }
  choices.push({
    param: 'cardCompany',
    options: companies.map((c) => ({ value: c.ko, label: { ko: c.name, en: c.name }, code: c.code })),
  });
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
  const choices: WindowChoice[] = [];
  if (method === '카드') {
    const direct = req.cardDirect ? tossCardCompany(req.cardDirect.code) : null;
    if (easyPay) {
      params.flowMode = 'DIRECT';
      params.easyPay = easyPay;
    } else if (direct) {
      params.flowMode = 'DIRECT';
      params.cardCompany = direct.ko;
    } else if (!req.internationalCardOnly) {
      restrictCardCompanies(req, params, choices);
    }
    installments(req, params, choices);
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
  return { method, params, choices };
}
