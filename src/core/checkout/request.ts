// `IMP.request_pay` parameters read into core's terms, with the V1-style refusal for whatever can be told wrong
// before a window opens. The browser SDK already checked the types PortOne checks; this is the server's own check,
// since anything can post to the gateway.
import { invalid } from '../errors.ts';
import { isKnownCurrency, toMinorUnits } from '../../lib/money.ts';
import { CARDS } from '../codes/standard-codes.ts';
import { buyer, customData, noticeUrls, optionalBoolean, optionalString, type Buyer, type Params } from '../payments/input.ts';

/** The V1 pay_method values the Toss channel's window takes. */
export const WINDOW_PAY_METHODS = [
  'card', 'trans', 'vbank', 'phone', 'booknlife', 'smartculture', 'cultureland',
  'kakaopay', 'naverpay', 'lpay', 'samsung', 'ssgpay', 'applepay', 'payco', 'tosspay',
] as const;
export type WindowPayMethod = (typeof WINDOW_PAY_METHODS)[number];

/** Spellings PortOne accepts for the same method. */
const PAY_METHOD_ALIASES: Record<string, WindowPayMethod> = { samsungpay: 'samsung' };

export const CASH_RECEIPT_TYPES = ['anonymous', 'personal', 'corporate'] as const;
export type CashReceiptType = (typeof CASH_RECEIPT_TYPES)[number];

/** Toss offers installments only on KRW card payments from 50,000 won (toss-v1.md §12.2); PortOne says the same. */
export const INSTALLMENT_MINIMUM = 50_000;

/** The domestic card companies a Toss card window lists, by PortOne card_code (금융결제원 3 digits). */
export const DOMESTIC_CARD_CODES: readonly string[] = CARDS.filter((c) => c.code.length === 3).map((c) => c.code);

export interface EscrowProduct {
  id: string;
  name: string;
  code: string;
  unitPrice: number;
  quantity: number;
}

export interface CheckoutRequest {
  /** A billing-key window (customer_uid given) moves no money. */
  kind: 'payment' | 'billing';
  merchantUid: string;
  name: string | null;
  payMethod: WindowPayMethod;
  /** Minor units of `currency`. */
  amount: number;
  taxFree: number;
  vatAmount: number | null;
  currency: string;
  language: 'ko' | 'en';
  buyer: Buyer;
  customData: string | null;
  noticeUrls: string[];
  confirmUrl: string | null;
  redirectUrl: string | null;
  escrow: boolean;
  products: EscrowProduct[];
  /** The deposit deadline as `YYYY-MM-DDTHH:mm:ss+09:00`. */
  vbankDue: string | null;
  /** Allowed installment months; [] = lump sum only; null = the window's default. */
  cardQuota: number[] | null;
  /** Only the months of cardQuota are offered, without the lump sum. */
  onlyInstallment: boolean;
  cardDirect: { code: string; quota: number } | null;
  /** The card companies (PortOne card_code) card.detail left enabled; null = every company. */
  cardCompanies: string[] | null;
  appCard: boolean;
  useCardPoint: boolean;
  internationalCardOnly: boolean;
  culturalExpense: boolean;
  cashReceiptType: CashReceiptType | null;
  customerUid: string | null;
  customerId: string | null;
  /** Channel selectors: `pg` (`tosspayments` or `tosspayments.{MID}`) and `channelKey`/`channel_key`. */
  pg: string | null;
  channelKey: string | null;
}

export const CHECKOUT_MESSAGES = {
  merchantUid: 'merchant_uid는 필수 입력 항목이며 40자 이내의 문자열이어야 합니다.',
  amount: 'amount는 필수 입력 항목이며 0 이상의 숫자여야 합니다.',
  zeroAmount: '결제 금액(amount)은 0보다 커야 합니다.',
  currency: '지원되지 않는 통화(currency)입니다.',
  fraction: (currency: string) => `${currency} 결제 금액(amount)의 소수점 자릿수가 올바르지 않습니다.`,
  payMethod: (value: string) => `지원되지 않는 결제수단(pay_method)입니다: ${value}`,
  taxFree: 'tax_free는 0 이상 결제 금액 이하의 숫자여야 합니다.',
  billingMethod: '빌링키 발급(customer_uid)은 pay_method: card 로만 요청할 수 있습니다.',
  vbankDue: 'vbank_due는 YYYYMMDD, YYYY-MM-DD, YYYYMMDDHHmm(ss), YYYY-MM-DD HH:mm:ss 형식이어야 합니다.',
  cashReceiptType: 'bypass.cashReceiptType은 anonymous, personal, corporate 중 하나여야 합니다.',
  cardQuota: 'display.card_quota는 할부 개월 수(2~12)의 배열이어야 합니다.',
  cardDirect: 'card.direct는 {code: 카드사 코드, quota: 할부 개월 수} 형식이어야 합니다.',
  cardDetail: 'card.detail은 {card_code: 카드사 코드 또는 "*", enabled: true|false} 객체의 배열이어야 합니다.',
  cardDetailCode: (code: string) => `card.detail의 card_code(${code})에 해당하는 카드사가 없습니다.`,
  cardDetailNone: 'card.detail로 모든 카드사가 비활성화되어 결제할 수 있는 카드사가 없습니다.',
  onlyInstallment: 'display.only_installment는 true 또는 false여야 합니다.',
  onlyInstallmentQuota: 'display.only_installment를 쓰려면 display.card_quota에 할부 개월 수(2~12)를 지정해야 합니다.',
  onlyInstallmentAmount: '할부결제는 5만원 이상 결제 요청시에만 이용 가능합니다. (display.only_installment)',
  products: 'products는 {id, name, code, unitPrice, quantity} 객체의 배열이어야 합니다.',
  url: (name: string) => `${name}은(는) http 또는 https URL이어야 합니다.`,
};

const isObject = (v: unknown): v is Params => v !== null && typeof v === 'object' && !Array.isArray(v);

function url(params: Params, name: string): string | null {
  const value = optionalString(params, name, 2000);
  if (value === null) return null;
  if (!/^https?:\/\/[^\s]+$/i.test(value)) throw invalid(CHECKOUT_MESSAGES.url(name));
  return value;
}

function amountOf(params: Params, currency: string): number {
  let value = params.amount;
  if (typeof value === 'string' && /^\d+$/.test(value)) value = Number(value);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(CHECKOUT_MESSAGES.amount);
  const minor = toMinorUnits(value, currency);
  if (minor === null) throw invalid(CHECKOUT_MESSAGES.fraction(currency));
  return minor;
}

function optionalAmount(params: Params, name: string, currency: string): number | null {
  const value = params[name];
  if (value === undefined || value === null || value === '') return null;
  const minor = typeof value === 'number' || (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value))
    ? toMinorUnits(Number(value), currency)
    : null;
  if (minor === null) throw invalid(CHECKOUT_MESSAGES.taxFree);
  return minor;
}

function payMethodOf(params: Params): WindowPayMethod {
  const raw = optionalString(params, 'pay_method', 40) ?? 'card';
  const method = PAY_METHOD_ALIASES[raw] ?? raw;
  if (!(WINDOW_PAY_METHODS as readonly string[]).includes(method)) throw invalid(CHECKOUT_MESSAGES.payMethod(raw));
  return method as WindowPayMethod;
}

/** `vbank_due` in any of PortOne's spellings, read as Korean time; a date alone means the end of that day. */
export function vbankDueOf(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  const digits = String(value).replace(/[-\s:T]/g, '');
  const m = /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(\d{2})?)?$/.exec(digits);
  if (!m) throw invalid(CHECKOUT_MESSAGES.vbankDue);
  const [, y, mo, d, h, mi, s] = m;
  const time = h === undefined ? '23:59:59' : `${h}:${mi}:${s ?? '00'}`;
  const iso = `${y}-${mo}-${d}T${time}+09:00`;
  if (Number.isNaN(Date.parse(iso))) throw invalid(CHECKOUT_MESSAGES.vbankDue);
  return iso;
}

function cardQuotaOf(display: unknown): number[] | null {
  if (!isObject(display) || display.card_quota === undefined || display.card_quota === null) return null;
  const list = display.card_quota;
  if (!Array.isArray(list)) throw invalid(CHECKOUT_MESSAGES.cardQuota);
  return list.map((v) => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 0 || n > 12 || n === 1) throw invalid(CHECKOUT_MESSAGES.cardQuota);
    return n;
  }).filter((n) => n !== 0);
}

function cardDirectOf(card: unknown): CheckoutRequest['cardDirect'] {
  if (!isObject(card) || card.direct === undefined || card.direct === null) return null;
  const direct = card.direct;
  if (!isObject(direct) || typeof direct.code !== 'string' || !/^\d{3}$/.test(direct.code)) {
    throw invalid(CHECKOUT_MESSAGES.cardDirect);
  }
  const quota = Number(direct.quota ?? 0);
  if (!Number.isInteger(quota) || quota < 0 || quota > 12 || quota === 1) throw invalid(CHECKOUT_MESSAGES.cardDirect);
  return { code: direct.code, quota };
}

/**
 * card.detail as PortOne applies it: entries in order over every company, `*` switching all of them; an entry
 * without `enabled` (only `max_month`, for merchant-paid interest-free months) leaves the list alone.
 */
function cardCompaniesOf(card: unknown): string[] | null {
  if (!isObject(card) || card.detail === undefined || card.detail === null) return null;
  if (!Array.isArray(card.detail)) throw invalid(CHECKOUT_MESSAGES.cardDetail);
  const enabled = new Set(CARDS.map((c) => c.code));
  let restricted = false;
  for (const entry of card.detail) {
    if (!isObject(entry) || typeof entry.card_code !== 'string') throw invalid(CHECKOUT_MESSAGES.cardDetail);
    const code = entry.card_code.trim();
    if (code !== '*' && !CARDS.some((c) => c.code === code)) throw invalid(CHECKOUT_MESSAGES.cardDetailCode(code));
    if (entry.enabled === undefined || entry.enabled === null) continue;
    const on = entry.enabled === true || entry.enabled === 'true' ? true : entry.enabled === false || entry.enabled === 'false' ? false : null;
    if (on === null) throw invalid(CHECKOUT_MESSAGES.cardDetail);
    restricted = true;
    for (const c of code === '*' ? CARDS.map((k) => k.code) : [code]) {
      if (on) enabled.add(c);
      else enabled.delete(c);
    }
  }
  if (!restricted) return null;
  const domestic = DOMESTIC_CARD_CODES.filter((c) => enabled.has(c));
  if (domestic.length === 0) throw invalid(CHECKOUT_MESSAGES.cardDetailNone);
  return domestic.length === DOMESTIC_CARD_CODES.length ? null : domestic;
}

function onlyInstallmentOf(display: unknown): boolean {
  if (!isObject(display) || display.only_installment === undefined || display.only_installment === null) return false;
  const value = display.only_installment;
  if (value === true || value === 'true') return true;
  if (value === false || value === 'false') return false;
  throw invalid(CHECKOUT_MESSAGES.onlyInstallment);
}

function productsOf(params: Params, currency: string): EscrowProduct[] {
  const list = params.products ?? params.escrowProducts;
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list)) throw invalid(CHECKOUT_MESSAGES.products);
  return list.map((p) => {
    if (!isObject(p)) throw invalid(CHECKOUT_MESSAGES.products);
    const unitPrice = toMinorUnits(Number(p.unitPrice), currency);
    const quantity = Number(p.quantity);
    if (unitPrice === null || !Number.isInteger(quantity) || quantity < 1) throw invalid(CHECKOUT_MESSAGES.products);
    return { id: String(p.id ?? ''), name: String(p.name ?? ''), code: String(p.code ?? ''), unitPrice, quantity };
  });
}

/** `bypass.x`, also read from `bypass.tosspayments.x` and the root, where PortOne's Toss guide puts some of them. */
function bypassValue(params: Params, name: string): unknown {
  const bypass = isObject(params.bypass) ? params.bypass : {};
  const toss = isObject(bypass.tosspayments) ? bypass.tosspayments : {};
  return toss[name] ?? bypass[name] ?? params[name];
}

export function readCheckoutRequest(params: Params): CheckoutRequest {
  const merchantUid = params.merchant_uid;
  if (typeof merchantUid !== 'string' || merchantUid.trim() === '' || merchantUid.length > 40) {
    throw invalid(CHECKOUT_MESSAGES.merchantUid);
  }
  const currency = (optionalString(params, 'currency', 3) ?? 'KRW').toUpperCase();
  if (!isKnownCurrency(currency)) throw invalid(CHECKOUT_MESSAGES.currency);
  const amount = amountOf(params, currency);
  const customerUid = optionalString(params, 'customer_uid', 80);
  const payMethod = payMethodOf(params);
  const kind = customerUid === null ? 'payment' : 'billing';
  if (kind === 'billing' && payMethod !== 'card') throw invalid(CHECKOUT_MESSAGES.billingMethod);
  if (kind === 'payment' && amount === 0) throw invalid(CHECKOUT_MESSAGES.zeroAmount);
  const taxFree = optionalAmount(params, 'tax_free', currency) ?? 0;
  if (taxFree > amount) throw invalid(CHECKOUT_MESSAGES.taxFree);
  const cashReceiptType = bypassValue(params, 'cashReceiptType') ?? null;
  if (cashReceiptType !== null && !(CASH_RECEIPT_TYPES as readonly unknown[]).includes(cashReceiptType)) {
    throw invalid(CHECKOUT_MESSAGES.cashReceiptType);
  }
  const language = String(params.language ?? params.locale ?? 'ko').toLowerCase().startsWith('en') ? 'en' : 'ko';
  const internationalCardOnly = bypassValue(params, 'useInternationalCardOnly') === true;
  const display = params.display;
  const cardQuota = cardQuotaOf(display);
  const cardDirect = cardDirectOf(params.card);
  // Only a card window without a company's own module (card.direct fixes its plan) offers the months.
  const onlyInstallment = onlyInstallmentOf(display) && payMethod === 'card' && kind === 'payment' && cardDirect === null;
  if (onlyInstallment && (cardQuota === null || cardQuota.length === 0)) throw invalid(CHECKOUT_MESSAGES.onlyInstallmentQuota);
  if (onlyInstallment && (currency !== 'KRW' || amount < INSTALLMENT_MINIMUM)) throw invalid(CHECKOUT_MESSAGES.onlyInstallmentAmount);
  return {
    kind,
    merchantUid,
    name: optionalString(params, 'name', 200),
    payMethod,
    amount,
    taxFree,
    vatAmount: optionalAmount(params, 'vat_amount', currency) ?? optionalAmount(params, 'vat', currency),
    currency,
    // Toss's window for foreign cards is in English.
    language: internationalCardOnly ? 'en' : language,
    buyer: buyer(params),
    customData: customData(params),
    noticeUrls: noticeUrls(params),
    confirmUrl: url(params, 'confirm_url'),
    redirectUrl: url(params, 'm_redirect_url'),
    escrow: optionalBoolean(params, 'escrow'),
    products: productsOf(params, currency),
    vbankDue: vbankDueOf(params.vbank_due),
    cardQuota,
    onlyInstallment,
    cardDirect,
    cardCompanies: cardCompaniesOf(params.card),
    appCard: optionalBoolean(params, 'appCard'),
    useCardPoint: optionalBoolean(params, 'useCardPoint'),
    internationalCardOnly,
    culturalExpense: bypassValue(params, 'isCulturalExpense') === true,
    cashReceiptType: cashReceiptType as CashReceiptType | null,
    customerUid,
    customerId: optionalString(params, 'customer_id', 200),
    pg: optionalString(params, 'pg', 100),
    channelKey: optionalString(params, 'channelKey', 200) ?? optionalString(params, 'channel_key', 200),
  };
}
