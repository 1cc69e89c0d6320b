// Amount pre-registration (`/payments/prepare`, reference §4.3): the merchant registers what a merchant_uid must cost
// before the buyer opens the window, so a tampered amount in the browser can never be paid.
import { invalid, notFound, rejected } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import { fromMinorUnits, isKnownCurrency, minorUnitExponent, toMinorUnits } from '../../lib/money.ts';
import type { PreparedAmount, PrepareRepository } from './repository.ts';

export const PREPARE_MESSAGES = {
  duplicate: '결제정보 사전등록에 실패하였습니다(이미 등록된 merchant_uid입니다).',
  notFound: '사전등록된 결제정보가 존재하지 않습니다.',
  missingMerchantUid: 'merchant_uid 파라메터가 누락되었습니다.',
  longMerchantUid: 'merchant_uid 는 40자 이내로 지정해주세요.',
  missingAmount: 'amount 파라메터가 누락되었습니다.',
  badAmount: 'amount 는 0 이상의 숫자여야 합니다.',
  badCurrency: '지원되지 않는 통화(currency)입니다.',
  fractionalAmount: (currency: string, exponent: number) =>
    exponent === 0
      ? `${currency} 금액(amount)은 정수여야 합니다.`
      : `${currency} 금액(amount)은 소수점 ${exponent}자리까지 지정할 수 있습니다.`,
};

/** The currency that fixes a prepared amount's minor unit when the merchant named none. */
const UNNAMED_CURRENCY = 'KRW';
const MERCHANT_UID_MAX = 40;

export interface PrepareInput {
  merchant_uid?: unknown;
  amount?: unknown;
  currency?: unknown;
}

/** A prepared amount as the wire shows it: the currency's major unit. */
export interface PreparedOnWire {
  merchantUid: string;
  amount: number;
  currency: string | null;
}

function merchantUidOf(value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') throw invalid(PREPARE_MESSAGES.missingMerchantUid);
  if (value.length > MERCHANT_UID_MAX) throw invalid(PREPARE_MESSAGES.longMerchantUid);
  return value;
}

function currencyOf(value: unknown): string | null | undefined {
  if (value === undefined) return undefined;
  if (value === null || value === '') return null;
  const currency = typeof value === 'string' ? value.trim().toUpperCase() : '';
  if (!isKnownCurrency(currency)) throw invalid(PREPARE_MESSAGES.badCurrency);
  return currency;
}

function minorAmountOf(value: unknown, currency: string | null): number {
  if (value === undefined || value === null || value === '') throw invalid(PREPARE_MESSAGES.missingAmount);
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) throw invalid(PREPARE_MESSAGES.badAmount);
  const unit = currency ?? UNNAMED_CURRENCY;
  const minor = toMinorUnits(value, unit);
  if (minor === null) throw invalid(PREPARE_MESSAGES.fractionalAmount(unit, minorUnitExponent(unit)));
  return minor;
}

function onWire(prepared: PreparedAmount): PreparedOnWire {
  return { ...prepared, amount: fromMinorUnits(prepared.amount, prepared.currency ?? UNNAMED_CURRENCY) };
}

/**
 * Whether a payment of `amount` (minor units of `currency`) honours a registration: the currency must match when
 * one was registered, and the amount always.
 */
export function honoursPreparedAmount(prepared: PreparedAmount, amount: number, currency: string): boolean {
  if (prepared.currency !== null) return prepared.currency === currency && prepared.amount === amount;
  return fromMinorUnits(prepared.amount, UNNAMED_CURRENCY) === fromMinorUnits(amount, currency);
}

export class Prepares {
  constructor(
    private readonly repo: PrepareRepository,
    private readonly clock: Clock,
  ) {}

  async register(merchantId: number, input: PrepareInput): Promise<PreparedOnWire> {
    const merchantUid = merchantUidOf(input.merchant_uid);
    const currency = currencyOf(input.currency) ?? null;
    const prepared = { merchantUid, amount: minorAmountOf(input.amount, currency), currency };
    if ((await this.repo.insert(merchantId, prepared, this.clock.now())) === 'exists') throw rejected(PREPARE_MESSAGES.duplicate);
    return onWire(prepared);
  }

  async change(merchantId: number, input: PrepareInput): Promise<PreparedOnWire> {
    const merchantUid = merchantUidOf(input.merchant_uid);
    let currency = currencyOf(input.currency);
    if (currency === undefined) {
      const existing = await this.repo.find(merchantId, merchantUid);
      if (!existing) throw notFound(PREPARE_MESSAGES.notFound);
      currency = existing.currency;
    }
    const updated = await this.repo.update(merchantId, merchantUid, { amount: minorAmountOf(input.amount, currency), currency }, this.clock.now());
    if (!updated) throw notFound(PREPARE_MESSAGES.notFound);
    return onWire(updated);
  }

  /** The registration as stored, for the payment path's amount check. */
  async find(merchantId: number, merchantUid: string): Promise<PreparedAmount | null> {
    return this.repo.find(merchantId, merchantUid);
  }

  async show(merchantId: number, merchantUid: string): Promise<PreparedOnWire> {
    const prepared = await this.repo.find(merchantId, merchantUid);
    if (!prepared) throw notFound(PREPARE_MESSAGES.notFound);
    return onWire(prepared);
  }
}
