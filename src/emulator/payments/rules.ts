// Toss's rules for the fields every payment request shares, the installment rules, and the card numbers that decline
// on purpose (documented in src/emulator/README.md and shown in the payment window).
import { TossError } from '../http/errors.ts';
import type { BodyReader } from '../http/body.ts';
import type { CardDetails } from './model.ts';
import { CARD_COMPANIES, findCardCompany } from './codes.ts';
import { newApproveNo } from '../keys.ts';

export const ORDER_ID_PATTERN = /^[A-Za-z0-9_=-]{6,64}$/;
export const INSTALLMENT_MINIMUM_AMOUNT = 50_000;
export const CARD_MINIMUM_AMOUNT = 100;
export const ACCOUNT_MINIMUM_AMOUNT = 200;

/** Card numbers that decline with a fixed code. Any other well-formed number approves. */
export const DECLINE_CARDS: Readonly<Record<string, string>> = {
  '4000000000000002': 'REJECT_CARD_COMPANY',
  '4000000000000069': 'INVALID_CARD_EXPIRATION',
  '4000000000000127': 'EXCEED_MAX_DAILY_PAYMENT_COUNT',
  '4000000000000119': 'INVALID_STOPPED_CARD',
  '4000000000009995': 'REJECT_CARD_PAYMENT',
  '4000000000009987': 'INVALID_CARD_LOST_OR_STOLEN',
};

export function declineCodeFor(cardNumber: string): string | null {
  return DECLINE_CARDS[cardNumber] ?? null;
}

export function readOrderId(b: BodyReader): string {
  const orderId = b.string('orderId', { required: true });
  if (!ORDER_ID_PATTERN.test(orderId)) throw new TossError('INVALID_ORDER_ID');
  return orderId;
}

export function readOrderName(b: BodyReader): string {
  const orderName = b.string('orderName', { required: true });
  if (orderName.length > 100) throw new TossError('INVALID_ORDER_NAME');
  return orderName;
}

export function readAmount(b: BodyReader, minimum: number): number {
  const amount = b.integer('amount', { required: true, min: 1 });
  if (amount < minimum) throw new TossError('BELOW_MINIMUM_AMOUNT');
  return amount;
}

/** taxFreeAmount and taxExemptionAmount: non-negative and together not above the amount. */
export function readTaxAmounts(b: BodyReader, amount: number): { taxFreeAmount: number; taxExemptionAmount: number } {
  const taxFreeAmount = b.integer('taxFreeAmount', { min: 0 }) ?? 0;
  const taxExemptionAmount = b.integer('taxExemptionAmount', { min: 0 }) ?? 0;
  if (taxFreeAmount + taxExemptionAmount > amount) {
    throw new TossError('INVALID_REQUEST', '면세 금액과 과세 제외 금액의 합은 결제 금액보다 클 수 없습니다.');
  }
  return { taxFreeAmount, taxExemptionAmount };
}

export function readCustomer(b: BodyReader): { name: string | null; email: string | null; mobilePhone: string | null } {
  const name = b.string('customerName', { max: 100 });
  const email = b.string('customerEmail', { max: 100 });
  if (email !== null && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) throw new TossError('INVALID_EMAIL');
  const mobilePhone = b.string('customerMobilePhone');
  if (mobilePhone !== null && !/^\d{8,15}$/.test(mobilePhone)) {
    throw new TossError('INVALID_REQUEST', '휴대폰 번호는 - 없이 8~15자리 숫자여야 합니다.');
  }
  return { name, email, mobilePhone };
}

/** 0 = lump sum; 2–12 months, and only from 50,000 KRW. */
export function checkInstallmentPlan(months: number, amount: number): void {
  if (months === 0) return;
  if (months === 1 || months < 0) throw new TossError('INVALID_CARD_INSTALLMENT_PLAN');
  if (months > 12) throw new TossError('EXCEED_MAX_CARD_INSTALLMENT_PLAN');
  if (amount < INSTALLMENT_MINIMUM_AMOUNT) throw new TossError('NOT_SUPPORTED_MONTHLY_INSTALLMENT_PLAN_BELOW_AMOUNT');
}

export interface CardInput {
  cardNumber: string;
  cardExpirationYear: string;
  cardExpirationMonth: string;
  customerIdentityNumber: string;
  cardPassword: string | null;
}

/** The card fields of key-in and billing registration, checked against the emulator's clock. */
export function readCardInput(b: BodyReader, now: Date): CardInput {
  const cardNumber = b.string('cardNumber', { required: true, max: 20 });
  if (!/^\d{14,20}$/.test(cardNumber)) throw new TossError('INVALID_CARD_NUMBER');
  const cardExpirationYear = b.string('cardExpirationYear', { required: true });
  const cardExpirationMonth = b.string('cardExpirationMonth', { required: true });
  if (!/^\d{2}$/.test(cardExpirationYear) || !/^(0[1-9]|1[0-2])$/.test(cardExpirationMonth)) {
    throw new TossError('INVALID_CARD_EXPIRATION');
  }
  const kstNow = new Date(now.getTime() + 9 * 3600_000);
  const expiresAt = (2000 + Number(cardExpirationYear)) * 12 + Number(cardExpirationMonth);
  if (expiresAt < kstNow.getUTCFullYear() * 12 + kstNow.getUTCMonth() + 1) throw new TossError('INVALID_CARD_EXPIRATION');
  const customerIdentityNumber = b.string('customerIdentityNumber', { required: true });
  if (!/^(\d{6}|\d{10})$/.test(customerIdentityNumber)) throw new TossError('INVALID_BIRTH_DAY_FORMAT');
  const cardPassword = b.string('cardPassword');
  if (cardPassword !== null && !/^\d{2}$/.test(cardPassword)) throw new TossError('INVALID_CARD_PASSWORD');
  return { cardNumber, cardExpirationYear, cardExpirationMonth, customerIdentityNumber, cardPassword };
}

/** Masks like Toss: first 8 digits, then stars, keeping the second-to-last digit visible (53275010****222*). */
export function maskCardNumber(cardNumber: string): string {
  const n = cardNumber.replace(/\D/g, '');
  const head = n.slice(0, 8);
  const tail = n.slice(12);
  const maskedTail = tail.length ? tail.slice(0, -1) + '*' : '';
  return `${head}${'*'.repeat(Math.min(4, Math.max(0, n.length - 8)))}${maskedTail}`;
}

const DOMESTIC_ISSUERS = CARD_COMPANIES.filter((c) => /^\d{2}$/.test(c.code) || c.code === 'W1' || c.code === '3K');

/** The issuer a card number belongs to: deterministic, so the same card always shows the same company. */
export function issuerFor(cardNumber: string, requested?: string | null): string {
  if (requested) {
    const found = findCardCompany(requested);
    if (!found) throw new TossError('NOT_REGISTERED_CARD_COMPANY');
    return found.code;
  }
  if (cardNumber.startsWith('9410')) return '21';
  const sum = [...cardNumber.slice(0, 6)].reduce((s, ch) => s + Number(ch), 0);
  return DOMESTIC_ISSUERS[sum % DOMESTIC_ISSUERS.length].code;
}

export function cardDetails(opts: {
  cardNumber: string;
  issuerCode?: string | null;
  installmentPlanMonths: number;
  useCardPoint?: boolean;
  isInterestFree?: boolean;
}): CardDetails {
  const issuerCode = issuerFor(opts.cardNumber, opts.issuerCode);
  return {
    issuerCode,
    acquirerCode: issuerCode === '33' ? '31' : issuerCode,
    number: maskCardNumber(opts.cardNumber),
    installmentPlanMonths: opts.installmentPlanMonths,
    isInterestFree: opts.isInterestFree ?? false,
    interestPayer: opts.isInterestFree ? 'MERCHANT' : null,
    approveNo: newApproveNo(),
    useCardPoint: opts.useCardPoint ?? false,
    cardType: '신용',
    ownerType: '개인',
  };
}
