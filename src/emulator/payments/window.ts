// What the payment window (src/emulator/window/) calls: open a READY payment from the SDK's parameters, move it to
// IN_PROGRESS when the buyer authenticates, or end it when the buyer closes the window or is declined. Each returns
// the URL the window must send the browser to. Errors are TossError (code + message) for the window to show or
// pass to failUrl.
import type { Kysely } from 'kysely';
import type { AdjustableClock } from '../../lib/clock.ts';
import { scoped } from '../context.ts';
import { BodyReader } from '../http/body.ts';
import { invalidRequest, TossError } from '../http/errors.ts';
import { newAccountNumber, newApproveNo, newPaymentKey, newSecret } from '../keys.ts';
import { findMerchantByClientKey, type Merchant } from '../merchants/merchants.ts';
import { findBank, findCardCompany, findEasyPayProvider, MOBILE_CARRIERS } from './codes.ts';
import type { PaymentDetails, PaymentMethod, PaymentRow } from './model.ts';
import {
  ACCOUNT_MINIMUM_AMOUNT, CARD_MINIMUM_AMOUNT, cardDetails, checkInstallmentPlan, declineCodeFor, readAmount,
  readCustomer, readOrderId, readOrderName, readTaxAmounts,
} from './rules.ts';
import { basePayment, findPayment, insertPayment, updatePayment } from './store.ts';
import { readDueDate } from '../virtual-accounts/due-date.ts';
import { fixedAccountNumber } from '../virtual-accounts/fixed.ts';

/** The buyer has 30 minutes from opening the window to authenticate… */
export const AUTHENTICATION_WINDOW_MS = 30 * 60_000;
/** …and the merchant 10 minutes from the redirect to confirm. */
export const CONFIRM_WINDOW_MS = 10 * 60_000;

const METHODS: Record<string, PaymentMethod | '간편결제'> = {
  카드: '카드', CARD: '카드',
  가상계좌: '가상계좌', VIRTUAL_ACCOUNT: '가상계좌',
  휴대폰: '휴대폰', MOBILE_PHONE: '휴대폰',
  계좌이체: '계좌이체', TRANSFER: '계좌이체',
  문화상품권: '문화상품권', CULTURE_GIFT_CERTIFICATE: '문화상품권',
  도서문화상품권: '도서문화상품권', BOOK_GIFT_CERTIFICATE: '도서문화상품권',
  게임문화상품권: '게임문화상품권', GAME_GIFT_CERTIFICATE: '게임문화상품권',
  토스페이: '간편결제', TOSSPAY: '간편결제', 토스결제: '간편결제',
  미선택: '카드', '': '카드',
};

export interface WindowDeps {
  /** The root Kysely, as everywhere in the public contract. */
  db: Kysely<any>;
  clock: AdjustableClock;
}

export interface OpenedPayment {
  paymentKey: string;
  mid: string;
  orderId: string;
  orderName: string;
  amount: number;
  /** Korean method the window shows (`카드`, `가상계좌`, …); `간편결제` when the SDK asked for 토스페이. */
  method: string;
  /** The parameters as given, for the window pages to render choices (installments, card company, easyPay…). */
  params: Record<string, unknown>;
  expiresAt: Date;
}

/**
 * Opens a payment from `requestPayment(method, params)`: `params` is the SDK's object (amount, orderId, orderName,
 * successUrl, failUrl, customerName/Email/MobilePhone, taxFreeAmount, cultureExpense, useEscrow, metadata,
 * cardInstallmentPlan, maxCardInstallmentPlan, flowMode, cardCompany, easyPay, validHours, dueDate, cashReceipt…).
 */
export async function openWindowPayment(
  deps: WindowDeps,
  input: { clientKey: string; method: string; params: Record<string, unknown> },
): Promise<OpenedPayment> {
  const db = scoped(deps.db);
  const merchant = await findMerchantByClientKey(db, input.clientKey);
  if (!merchant) throw new TossError('UNAUTHORIZED_KEY');
  const method = METHODS[input.method] ?? METHODS[input.method?.toUpperCase?.() ?? ''];
  if (!method) throw new TossError('NOT_SUPPORTED_METHOD');
  const b = new BodyReader(input.params);
  const now = deps.clock.now();
  const amount = readAmount(b, method === '가상계좌' || method === '계좌이체' ? ACCOUNT_MINIMUM_AMOUNT : CARD_MINIMUM_AMOUNT);
  const orderId = readOrderId(b);
  const orderName = readOrderName(b);
  const taxes = readTaxAmounts(b, amount);
  const customer = readCustomer(b);
  const metadata = b.metadata();
  b.string('successUrl');
  b.string('failUrl');
  const fixedPlan = b.integer('cardInstallmentPlan');
  const maxPlan = b.integer('maxCardInstallmentPlan');
  if (fixedPlan !== null && maxPlan !== null) {
    throw new TossError('INVALID_CARD_INSTALLMENT_PLANS_WITH_MAX_AND_SINGLE');
  }
  if (fixedPlan !== null) checkInstallmentPlan(fixedPlan, amount);
  if (maxPlan !== null && (maxPlan < 0 || maxPlan > 12)) throw new TossError('INVALID_CARD_INSTALLMENT_PLAN');
  if (method === '가상계좌') readDueDate(b, now);
  const cashReceiptType = b.object('cashReceipt')?.string('type') ?? null;
  if (cashReceiptType !== null && !['소득공제', '지출증빙', '미발행'].includes(cashReceiptType)) {
    throw new TossError('INVALID_CASH_RECEIPT_INFO');
  }

  const p: PaymentRow = {
    ...basePayment({ paymentKey: newPaymentKey(merchant.mid, now), mid: merchant.mid, orderId, orderName, amount, now }),
    tax_free_amount: taxes.taxFreeAmount,
    tax_exemption_amount: taxes.taxExemptionAmount,
    use_escrow: b.boolean('useEscrow') ?? false,
    culture_expense: b.boolean('cultureExpense') ?? false,
    session_expires_at: new Date(now.getTime() + AUTHENTICATION_WINDOW_MS),
    details: { customer, metadata, window: { ...input.params, method: input.method } },
  };
  await insertPayment(db, p);
  return {
    paymentKey: p.payment_key,
    mid: merchant.mid,
    orderId,
    orderName,
    amount,
    method,
    params: input.params,
    expiresAt: p.session_expires_at!,
  };
}

/** A payment the window opened, with what it was opened with (null when unknown). */
export async function findWindowPayment(deps: WindowDeps, paymentKey: string): Promise<{ payment: PaymentRow; merchant: Merchant } | null> {
  const db = scoped(deps.db);
  const p = await db.selectFrom('payments').select(['mid']).where('payment_key', '=', paymentKey).executeTakeFirst();
  if (!p) return null;
  const payment = await findPayment(db, p.mid, paymentKey);
  const merchant = await db.selectFrom('merchants').selectAll().where('mid', '=', p.mid).executeTakeFirst();
  if (!payment || !merchant) return null;
  return {
    payment,
    merchant: {
      mid: merchant.mid, name: merchant.name, clientKey: merchant.client_key, secretKey: merchant.secret_key,
      apiVersion: merchant.api_version, webhookUrl: merchant.webhook_url,
    },
  };
}

/** What the buyer chose in the window. Exactly one method object is expected, matching the payment's method. */
export interface Authentication {
  /** For card payments (and easy pays funded by card). `cardNumber` is optional: the documented decline numbers
   * make the later confirm fail; it is never stored unmasked. */
  card?: { company: string; installmentPlanMonths?: number; useCardPoint?: boolean; useAppCard?: boolean; cardNumber?: string };
  easyPay?: { provider: string; amount?: number; discountAmount?: number; card?: { company: string; installmentPlanMonths?: number } };
  transfer?: { bank: string; cashReceipt?: { type: '소득공제' | '지출증빙'; customerIdentityNumber: string } | null };
  /** `accountKey`: the buyer's 고유식별번호, which makes the account a fixed one (고정) kept under that key. */
  virtualAccount?: {
    bank: string;
    accountKey?: string | null;
    customerName?: string;
    cashReceipt?: { type: '소득공제' | '지출증빙'; customerIdentityNumber: string } | null;
  };
  mobilePhone?: { carrier: string; customerMobilePhone: string };
  /** `kind`: 문화상품권, 도서문화상품권 or 게임문화상품권; defaults to the method the window was opened with. */
  giftCertificate?: { kind?: string };
  /** The buyer's escrow choice when the merchant left it open. */
  useEscrow?: boolean;
}

function appendQuery(url: string, params: Record<string, string>): string {
  const u = new URL(url);
  for (const [k, v] of Object.entries(params)) u.searchParams.append(k, v);
  return u.toString();
}

async function loadOpen(deps: WindowDeps, paymentKey: string) {
  const found = await findWindowPayment(deps, paymentKey);
  if (!found) throw new TossError('NOT_FOUND_PAYMENT');
  const { payment } = found;
  if (payment.status !== 'READY') throw new TossError('ALREADY_PROCESSED_PAYMENT');
  const now = deps.clock.now();
  if (payment.session_expires_at && payment.session_expires_at.getTime() <= now.getTime()) {
    throw new TossError('NOT_FOUND_PAYMENT_SESSION');
  }
  return { ...found, now };
}

/**
 * The buyer authenticated: READY → IN_PROGRESS with the method details, and the 10-minute confirm window starts.
 * Returns the successUrl with paymentKey, orderId, amount and paymentType appended (null in promise mode).
 */
export async function authenticateWindowPayment(
  deps: WindowDeps,
  paymentKey: string,
  auth: Authentication,
): Promise<{ redirectUrl: string | null; paymentKey: string; orderId: string; amount: number; virtualAccount?: { bank: string; accountNumber: string; dueDate: Date } }> {
  const { payment: p, now } = await loadOpen(deps, paymentKey);
  const params = new BodyReader(p.details.window ?? {});
  const windowMethod = METHODS[String(p.details.window?.method ?? '카드')] ?? '카드';
  const details: PaymentDetails = { ...p.details };
  let method: PaymentMethod = windowMethod === '간편결제' ? '간편결제' : windowMethod;
  const set: Partial<PaymentRow> = {};

  if (auth.easyPay) {
    const provider = findEasyPayProvider(auth.easyPay.provider);
    if (!provider) throw invalidRequest('easyPay.provider');
    method = '간편결제';
    const discount = auth.easyPay.discountAmount ?? 0;
    const paidFromBalance = auth.easyPay.card ? 0 : (auth.easyPay.amount ?? p.total_amount - discount);
    details.easyPay = { provider: provider.ko, amount: paidFromBalance, discountAmount: discount };
    if (auth.easyPay.card) details.card = buildCard(auth.easyPay.card, p.total_amount);
  } else if (auth.card) {
    method = '카드';
    details.card = buildCard(auth.card, p.total_amount, params.boolean('useCardPoint') ?? false);
    if (auth.card.cardNumber) {
      const decline = declineCodeFor(auth.card.cardNumber.replace(/\D/g, ''));
      if (decline) details.declineCode = decline;
    }
  } else if (auth.transfer) {
    const bank = findBank(auth.transfer.bank);
    if (!bank) throw new TossError('INVALID_BANK');
    method = '계좌이체';
    details.transfer = { bank: bank.code };
    details.cashReceipt = auth.transfer.cashReceipt ?? null;
  } else if (auth.virtualAccount) {
    const bank = findBank(auth.virtualAccount.bank);
    if (!bank) throw new TossError('INVALID_BANK');
    method = '가상계좌';
    const dueAt = readDueDate(params, now);
    set.due_at = dueAt;
    const accountKey = auth.virtualAccount.accountKey || null;
    set.account_number = accountKey ? await fixedAccountNumber(scoped(deps.db), p.mid, accountKey, bank.code) : newAccountNumber();
    set.secret = newSecret();
    details.virtualAccount = {
      accountType: accountKey ? '고정' : '일반',
      bank: bank.code,
      customerName: auth.virtualAccount.customerName ?? p.details.customer?.name ?? '',
      refundStatus: 'NONE',
      expired: false,
      refundReceiveAccount: null,
      depositorName: null,
      accountKey,
    };
    details.cashReceipt = auth.virtualAccount.cashReceipt ?? null;
  } else if (auth.mobilePhone) {
    if (!MOBILE_CARRIERS.includes(auth.mobilePhone.carrier)) throw invalidRequest('mobilePhone.carrier');
    if (!/^\d{8,15}$/.test(auth.mobilePhone.customerMobilePhone)) throw invalidRequest('mobilePhone.customerMobilePhone');
    method = '휴대폰';
    details.mobilePhone = { customerMobilePhone: auth.mobilePhone.customerMobilePhone, carrier: auth.mobilePhone.carrier };
  } else if (auth.giftCertificate) {
    const kind = METHODS[auth.giftCertificate.kind ?? windowMethod] ?? windowMethod;
    if (!['문화상품권', '도서문화상품권', '게임문화상품권'].includes(kind)) throw new TossError('NOT_SUPPORTED_METHOD');
    method = kind as PaymentMethod;
    details.giftCertificate = { approveNo: newApproveNo() };
  } else {
    throw invalidRequest('결제수단 정보가 없습니다.');
  }

  if (auth.useEscrow !== undefined) set.use_escrow = auth.useEscrow;
  Object.assign(set, {
    method,
    status: 'IN_PROGRESS',
    session_expires_at: new Date(now.getTime() + CONFIRM_WINDOW_MS),
    details,
    updated_at: now,
  });
  await updatePayment(scoped(deps.db), p.payment_key, set);
  const successUrl = params.string('successUrl');
  return {
    redirectUrl: successUrl
      ? appendQuery(successUrl, { paymentType: 'NORMAL', orderId: p.order_id, paymentKey: p.payment_key, amount: String(p.total_amount) })
      : null,
    paymentKey: p.payment_key,
    orderId: p.order_id,
    amount: p.total_amount,
    ...(set.account_number ? { virtualAccount: { bank: details.virtualAccount!.bank, accountNumber: set.account_number, dueDate: set.due_at! } } : {}),
  };
}

function buildCard(card: { company: string; installmentPlanMonths?: number; useCardPoint?: boolean; cardNumber?: string }, amount: number, useCardPoint = false) {
  const company = findCardCompany(card.company);
  if (!company) throw new TossError('INVALID_CARD_COMPANY');
  const months = card.installmentPlanMonths ?? 0;
  checkInstallmentPlan(months, amount);
  // Without a real number the masked one is derived from the issuer so that it looks plausible and stays stable.
  const typed = card.cardNumber?.replace(/\D/g, '');
  const pseudoNumber = typed && typed.length >= 14 ? typed : `${company.code.charCodeAt(0)}${company.code.charCodeAt(1)}00000000000000`.slice(0, 16);
  return cardDetails({ cardNumber: pseudoNumber, issuerCode: company.code, installmentPlanMonths: months, useCardPoint: card.useCardPoint ?? useCardPoint });
}

/**
 * The buyer closed the window (code PAY_PROCESS_CANCELED) or was declined (e.g. REJECT_CARD_COMPANY): the payment
 * ends ABORTED and the browser goes to failUrl with code, message and orderId.
 */
export async function failWindowPayment(
  deps: WindowDeps,
  paymentKey: string,
  failure: { code: string; message?: string },
): Promise<{ redirectUrl: string | null; code: string; message: string; orderId: string }> {
  const { payment: p, now } = await loadOpen(deps, paymentKey);
  const message = failure.message ?? new TossError(failure.code).message;
  await updatePayment(scoped(deps.db), p.payment_key, {
    status: 'ABORTED',
    failure_code: failure.code,
    failure_message: message,
    session_expires_at: null,
    updated_at: now,
  });
  const failUrl = new BodyReader(p.details.window ?? {}).string('failUrl');
  return {
    redirectUrl: failUrl ? appendQuery(failUrl, { code: failure.code, message, orderId: p.order_id }) : null,
    code: failure.code,
    message,
    orderId: p.order_id,
  };
}
