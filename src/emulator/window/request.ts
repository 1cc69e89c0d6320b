// The window's own reading of what the SDK posted. The SDK validated already, but anyone can post this form, so the
// window checks again what it renders and acts on; the payment service checks the rest (taxes, metadata, due dates)
// when it opens the payment.
import { findBank, findCardCompany, findEasyPayProvider, MOBILE_CARRIERS, type Institution } from '../payments/codes.ts';
import { INSTALLMENT_MINIMUM_AMOUNT, ORDER_ID_PATTERN } from '../payments/rules.ts';
import type { Language } from './i18n.ts';

export const METHOD_CODES = [
  'CARD', 'VIRTUAL_ACCOUNT', 'MOBILE_PHONE', 'TRANSFER', 'CULTURE_GIFT_CERTIFICATE', 'BOOK_GIFT_CERTIFICATE',
  'GAME_GIFT_CERTIFICATE', 'TOSSPAY',
] as const;
export type MethodCode = (typeof METHOD_CODES)[number];

/** The Korean method literal a Payment carries for each window method. */
export const PAYMENT_METHOD_NAME: Record<MethodCode, string> = {
  CARD: '카드',
  VIRTUAL_ACCOUNT: '가상계좌',
  MOBILE_PHONE: '휴대폰',
  TRANSFER: '계좌이체',
  CULTURE_GIFT_CERTIFICATE: '문화상품권',
  BOOK_GIFT_CERTIFICATE: '도서문화상품권',
  GAME_GIFT_CERTIFICATE: '게임문화상품권',
  TOSSPAY: '간편결제',
};

export class WindowRequestError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface WindowEnvelope {
  clientKey: string;
  mode: 'redirect' | 'promise';
  target: 'iframe' | 'self';
  /** The merchant page's origin, where the iframe window posts its result. */
  parentOrigin: string | null;
  /** Origins embedding the merchant page, as its browser reported them; they may frame the window too. */
  ancestorOrigins?: string[];
  successUrl: string | null;
  failUrl: string | null;
  language: Language;
}

export interface CardOptions {
  installmentPlan: number | null;
  maxInstallmentPlan: number | null;
  internationalOnly: boolean;
  appCardOnly: boolean;
  useCardPoint: boolean;
  direct: boolean;
  cardCompany: Institution | null;
  easyPay: { ko: string; en: string } | null;
}

export interface PaymentWindowRequest extends WindowEnvelope {
  /** null: the buyer chooses in the window (미선택). */
  method: MethodCode | null;
  /** The SDK's parameters as posted, for the payment record. */
  params: Record<string, unknown>;
  orderId: string;
  orderName: string;
  amount: number;
  currency: string;
  customerName: string | null;
  customerMobilePhone: string | null;
  useEscrow: boolean | null;
  cashReceiptType: string | null;
  card: CardOptions;
  bank: Institution | null;
  mobileCarrier: string | null;
}

export interface BillingWindowRequest extends WindowEnvelope {
  customerKey: string;
  customerName: string | null;
}

const CUSTOMER_KEY = /^[A-Za-z0-9\-_=.@*]{2,300}$/;

function invalid(message: string): WindowRequestError {
  return new WindowRequestError('INVALID_PARAMETER', message);
}

function str(params: Record<string, unknown>, key: string, max: number): string | null {
  const v = params[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'string') throw invalid(`${key}는 문자열이어야 합니다.`);
  if (v.length > max) throw invalid(`${key}는 ${max}자 이하여야 합니다.`);
  return v;
}

function bool(params: Record<string, unknown>, key: string): boolean | null {
  const v = params[key];
  if (v === undefined || v === null) return null;
  if (typeof v !== 'boolean') throw invalid(`${key}는 boolean 이어야 합니다.`);
  return v;
}

function httpUrl(value: unknown, code: string, key: string): string {
  if (typeof value !== 'string') throw new WindowRequestError(code, `${key} 값은 필수 값입니다.`);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new WindowRequestError(code, `${key} 값이 올바른 URL이 아닙니다.`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new WindowRequestError(code, `${key}는 http(s) URL이어야 합니다.`);
  }
  return url.href;
}

function origin(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  try {
    const url = new URL(value);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.origin === value ? url.origin : null;
  } catch {
    return null;
  }
}

function parseParams(text: unknown): Record<string, unknown> {
  if (typeof text !== 'string') throw invalid('결제 파라미터가 없습니다.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalid('결제 파라미터가 올바른 JSON이 아닙니다.');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw invalid('결제 파라미터가 올바르지 않습니다.');
  return parsed as Record<string, unknown>;
}

function envelope(form: Record<string, unknown>, params: Record<string, unknown>, english: boolean): WindowEnvelope {
  const clientKey = typeof form.clientKey === 'string' ? form.clientKey : '';
  if (!clientKey) throw new WindowRequestError('INVALID_CLIENT_KEY', '잘못된 클라이언트 연동 정보 입니다.');
  const mode = form.mode === 'promise' ? 'promise' : 'redirect';
  const target = form.target === 'self' && mode === 'redirect' ? 'self' : 'iframe';
  const parentOrigin = origin(form.origin);
  if (target === 'iframe' && !parentOrigin) throw invalid('결제창을 연 페이지의 origin을 알 수 없습니다.');
  const successUrl = mode === 'redirect' ? httpUrl(params.successUrl, 'INVALID_SUCCESS_URL', 'successUrl') : null;
  const failUrl = mode === 'redirect' ? httpUrl(params.failUrl, 'INVALID_FAIL_URL', 'failUrl') : null;
  const ancestorOrigins = (typeof form.ancestors === 'string' ? form.ancestors.split(' ') : [])
    .map(origin)
    .filter((o): o is string => o !== null)
    .slice(0, 8);
  return { clientKey, mode, target, parentOrigin, ancestorOrigins, successUrl, failUrl, language: english ? 'en' : 'ko' };
}

function installment(value: unknown, key: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isInteger(value) || !(value === 0 || (value >= 2 && value <= 12))) {
    throw new WindowRequestError('INVALID_CARD_INSTALLMENT_PLAN', `${key}은 0 또는 2~12 사이의 정수여야 합니다.`);
  }
  return value;
}

function cardOptions(params: Record<string, unknown>): CardOptions {
  if (params.cardInstallmentPlan != null && params.maxCardInstallmentPlan != null) {
    throw new WindowRequestError(
      'INVALID_CARD_INSTALLMENT_PLANS_WITH_MAX_AND_SINGLE',
      'cardInstallmentPlan과 maxCardInstallmentPlan은 같이 사용할 수 없습니다.',
    );
  }
  const cardCompany = params.cardCompany == null ? null : findCardCompany(params.cardCompany);
  if (params.cardCompany != null && !cardCompany) throw invalid('지원하지 않는 카드사입니다.');
  const easyPay = params.easyPay == null ? null : findEasyPayProvider(params.easyPay);
  if (params.easyPay != null && !easyPay) throw invalid('지원하지 않는 간편결제입니다.');
  const direct = params.flowMode === 'DIRECT';
  if (direct && !cardCompany === !easyPay) {
    throw invalid('flowMode가 DIRECT인 경우 cardCompany 또는 easyPay 중 하나를 지정해야 합니다.');
  }
  return {
    installmentPlan: installment(params.cardInstallmentPlan, 'cardInstallmentPlan'),
    maxInstallmentPlan: installment(params.maxCardInstallmentPlan, 'maxCardInstallmentPlan'),
    internationalOnly: bool(params, 'useInternationalCardOnly') ?? false,
    appCardOnly: bool(params, 'useAppCardOnly') ?? false,
    useCardPoint: bool(params, 'useCardPoint') ?? false,
    direct,
    cardCompany,
    easyPay,
  };
}

export function readPaymentRequest(form: Record<string, unknown>): PaymentWindowRequest {
  const params = parseParams(form.params);
  const methodField = typeof form.method === 'string' ? form.method : '';
  const method = methodField === '' ? null : (METHOD_CODES as readonly string[]).includes(methodField) ? (methodField as MethodCode) : undefined;
  if (method === undefined) throw new WindowRequestError('NOT_SUPPORTED_METHOD', '지원되지 않는 결제수단입니다.');

  const card = cardOptions(method === 'CARD' || method === null ? params : {});
  const language = typeof params.language === 'string' ? params.language.toUpperCase() : 'KO';
  const env = envelope(form, params, card.internationalOnly || language === 'EN');

  const amount = params.amount;
  if (typeof amount !== 'number' || !Number.isFinite(amount)) throw invalid('amount는 숫자여야 합니다.');
  if (amount <= 0) throw new WindowRequestError('BELOW_ZERO_AMOUNT', '금액은 0보다 커야 합니다.');
  const currency = typeof params.currency === 'string' ? params.currency : 'KRW';
  const minorUnits = amount * 10 ** (currency === 'KRW' || currency === 'JPY' ? 0 : 2);
  // A tolerance: 10.1 * 100 is 1009.9999999999999 in binary floating point.
  if (Math.abs(Math.round(minorUnits) - minorUnits) > 1e-6) {
    throw new WindowRequestError('INVALID_MINOR_UNIT_FOR_CURRENCY', `${currency} 결제 금액의 소수점 자릿수가 올바르지 않습니다.`);
  }
  if (typeof params.orderId !== 'string' || !ORDER_ID_PATTERN.test(params.orderId)) {
    throw new WindowRequestError(
      'INVALID_ORDER_ID',
      'orderId는 영문 대소문자, 숫자, 특수문자(-, _, =)만 허용합니다. 6자 이상 64자 이하여야 합니다.',
    );
  }
  const orderName = str(params, 'orderName', 100);
  if (!orderName || !orderName.trim()) throw invalid('orderName은 필수 값입니다.');
  const receipt = (params.cashReceipt ?? params.cashReceiptInfo) as { type?: unknown } | null | undefined;
  const cashReceiptType = receipt && typeof receipt.type === 'string' ? receipt.type : null;
  if (cashReceiptType !== null && !['소득공제', '지출증빙', '미발행'].includes(cashReceiptType)) {
    throw invalid('cashReceipt.type 값이 올바르지 않습니다.');
  }
  const bank = params.bank == null ? null : findBank(params.bank);
  if (params.bank != null && !bank) throw invalid('지원하지 않는 은행입니다.');
  const carrier = str(params, 'mobileCarrier', 10);
  if (carrier !== null && !MOBILE_CARRIERS.includes(carrier)) throw invalid('지원되지 않는 이동 통신사입니다.');
  const phone = params.customerMobilePhone == null ? null : String(params.customerMobilePhone);
  if (phone !== null && !/^[0-9]{8,15}$/.test(phone)) throw invalid('customerMobilePhone은 - 없이 8~15자리 숫자여야 합니다.');

  return {
    ...env,
    method,
    params,
    orderId: params.orderId,
    orderName,
    amount,
    currency,
    customerName: str(params, 'customerName', 100),
    customerMobilePhone: phone,
    useEscrow: bool(params, 'useEscrow'),
    cashReceiptType,
    card,
    bank,
    mobileCarrier: carrier,
  };
}

export function readBillingRequest(form: Record<string, unknown>): BillingWindowRequest {
  const params = parseParams(form.params);
  if (form.method !== 'CARD') throw new WindowRequestError('NOT_SUPPORTED_METHOD', '지원되지 않는 결제수단입니다.');
  const env = envelope(form, params, typeof params.language === 'string' && params.language.toUpperCase() === 'EN');
  if (typeof params.customerKey !== 'string' || !CUSTOMER_KEY.test(params.customerKey)) {
    throw new WindowRequestError(
      'INVALID_CUSTOMER_KEY',
      'customerKey는 영문 대소문자, 숫자, 특수문자 -, _, =, ., @로 2자 이상 300자 이하여야 합니다.',
    );
  }
  return {
    ...env,
    customerKey: params.customerKey,
    customerName: str(params, 'customerName', 100),
  };
}

/** Installment choices the window offers: lump sum only below 50,000 KRW or for foreign currencies. */
export function installmentChoices(req: PaymentWindowRequest): number[] {
  if (req.currency !== 'KRW' || req.amount < INSTALLMENT_MINIMUM_AMOUNT) return [0];
  const { installmentPlan, maxInstallmentPlan } = req.card;
  if (installmentPlan !== null) return installmentPlan === 0 ? [0] : [installmentPlan];
  const max = maxInstallmentPlan ?? 12;
  const out = [0];
  for (let m = 2; m <= max; m++) out.push(m);
  return out;
}
