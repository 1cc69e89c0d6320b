// The V1 Payment object (`PaymentAnnotation`, reference §5.1): every field always present, keys in alphabetical order
// as the real API sends them, integer UNIX seconds with 0 for "never", money in the currency's major unit.
import type { CancellationRecord, PaymentRecord, PaymentStatus, PaymentView } from '../../core/payments/read-model.ts';
import { unixSeconds } from '../../lib/clock.ts';
import { fromMinorUnits } from '../../lib/money.ts';

export interface WirePaymentCancel {
  amount: number;
  cancellation_id: string;
  cancelled_at: number;
  pg_tid: string | null;
  reason: string | null;
  receipt_url: string | null;
}

export interface WireVbankDeposit {
  amount: number;
  deposited_at: number;
  depositor_name: string | null;
  pg_tid: string;
}

export interface WirePayment {
  amount: number;
  apply_num: string | null;
  bank_code: string | null;
  bank_name: string | null;
  buyer_addr: string | null;
  buyer_email: string | null;
  buyer_name: string | null;
  buyer_postcode: string | null;
  buyer_tel: string | null;
  cancel_amount: number;
  cancel_history: WirePaymentCancel[];
  cancel_reason: string | null;
  cancel_receipt_urls: string[];
  cancelled_at: number;
  card_code: string | null;
  card_issuer_code: string | null;
  card_issuer_name: string | null;
  card_name: string | null;
  card_number: string | null;
  card_publisher_code: string | null;
  card_publisher_name: string | null;
  card_quota: number;
  card_type: number | null;
  cash_receipt_issued: boolean;
  channel: string;
  currency: string;
  custom_data: string | null;
  customer_uid: string | null;
  customer_uid_usage: string | null;
  deposit_history: WireVbankDeposit[];
  emb_pg_provider: string | null;
  escrow: boolean;
  fail_reason: string | null;
  failed_at: number;
  imp_uid: string;
  merchant_uid: string;
  name: string | null;
  paid_at: number;
  pay_method: string;
  pg_id: string | null;
  pg_provider: string;
  pg_tid: string | null;
  promotion: { discount: number; id: string } | null;
  receipt_url: string | null;
  sandbox: boolean;
  started_at: number;
  status: PaymentStatus;
  user_agent: string | null;
  vbank_code: string | null;
  vbank_date: number;
  vbank_holder: string | null;
  vbank_issued_at: number;
  vbank_name: string | null;
  vbank_num: string | null;
}

/** The V1 Payment of a payment and its cancellations (only the `done` ones count; pass them all or just those). */
export function serializePayment(payment: PaymentRecord, cancellations: readonly CancellationRecord[]): WirePayment {
  const money = (minor: number) => fromMinorUnits(minor, payment.currency);
  const history: WirePaymentCancel[] = cancellations
    .filter((c) => c.state === 'done')
    .map((c) => ({
      amount: money(c.amount),
      cancellation_id: c.cancellation_id,
      cancelled_at: unixSeconds(c.cancelled_at),
      pg_tid: c.pg_tid,
      reason: c.reason,
      receipt_url: c.receipt_url,
    }));
  return {
    amount: money(payment.amount),
    apply_num: payment.apply_num,
    bank_code: payment.bank_code,
    bank_name: payment.bank_name,
    buyer_addr: payment.buyer_addr,
    buyer_email: payment.buyer_email,
    buyer_name: payment.buyer_name,
    buyer_postcode: payment.buyer_postcode,
    buyer_tel: payment.buyer_tel,
    cancel_amount: money(payment.cancel_amount),
    cancel_history: history,
    cancel_reason: payment.cancel_reason,
    cancel_receipt_urls: history.flatMap((c) => (c.receipt_url ? [c.receipt_url] : [])),
    cancelled_at: unixSeconds(payment.cancelled_at),
    card_code: payment.card_code,
    card_issuer_code: payment.card_issuer_code,
    card_issuer_name: payment.card_issuer_name,
    card_name: payment.card_name,
    card_number: payment.card_number,
    card_publisher_code: payment.card_publisher_code,
    card_publisher_name: payment.card_publisher_name,
    card_quota: payment.card_quota,
    card_type: payment.card_type,
    cash_receipt_issued: payment.cash_receipt_issued,
    channel: payment.channel,
    currency: payment.currency,
    custom_data: payment.custom_data,
    customer_uid: payment.customer_uid,
    customer_uid_usage: payment.customer_uid_usage,
    deposit_history: (payment.deposit_history ?? []).map((d) => ({
      amount: money(d.amount),
      deposited_at: d.deposited_at,
      depositor_name: d.depositor_name,
      pg_tid: d.pg_tid,
    })),
    emb_pg_provider: payment.emb_pg_provider,
    escrow: payment.escrow,
    fail_reason: payment.fail_reason,
    failed_at: unixSeconds(payment.failed_at),
    imp_uid: payment.imp_uid,
    merchant_uid: payment.merchant_uid,
    name: payment.name,
    paid_at: unixSeconds(payment.paid_at),
    pay_method: payment.pay_method,
    pg_id: payment.pg_id,
    pg_provider: payment.pg_provider,
    pg_tid: payment.pg_tid,
    promotion: payment.promotion ? { discount: money(payment.promotion.discount), id: payment.promotion.id } : null,
    receipt_url: payment.receipt_url,
    sandbox: payment.sandbox,
    started_at: unixSeconds(payment.started_at),
    status: payment.status,
    user_agent: payment.user_agent,
    vbank_code: payment.vbank_code,
    vbank_date: unixSeconds(payment.vbank_date),
    vbank_holder: payment.vbank_holder,
    vbank_issued_at: unixSeconds(payment.vbank_issued_at),
    vbank_name: payment.vbank_name,
    vbank_num: payment.vbank_num,
  };
}

export const serializePaymentView = (view: PaymentView): WirePayment => serializePayment(view.payment, view.cancellations);
