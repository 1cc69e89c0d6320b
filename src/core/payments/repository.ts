// What the money-moving flows need from storage. Every state change is one transaction, and the webhook it causes is
// written in that same transaction. Field names follow the stored columns.
import type { CustomerRecord } from '../billing/repository.ts';
import type { ExchangeLog } from './exchanges.ts';
import type { PaymentView } from './read-model.ts';

export type PaymentState = 'ready' | 'approving' | 'unknown' | 'paid' | 'failed' | 'cancelled';
/** `confirm`: the approval of a payment the buyer authenticated in the PG's window. */
export type PgCall = 'key_in' | 'billing' | 'virtual_account' | 'confirm';
export type Announcement = 'paid' | 'ready' | 'failed' | 'cancelled';

/** A payment attempt as written before the PG is called. */
export interface NewAttempt {
  imp_uid: string;
  merchant_id: number;
  channel_id: number;
  merchant_uid: string;
  state: 'approving';
  pay_method: string;
  channel: string;
  pg_provider: string;
  pg_id: string;
  sandbox: boolean;
  name: string | null;
  currency: string;
  amount: number;
  tax_free: number;
  vat_amount: number | null;
  card_quota: number;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  user_agent: string | null;
  notice_urls: string[];
  customer_uid: string | null;
  customer_uid_usage: string | null;
  customer_ref: number | null;
  pg_order_id: string;
  pg_idempotency_key: string;
  pg_call: PgCall;
  started_at: Date;
  /** When the reconciler may take the attempt over if the request that made it never came back. */
  pg_next_check_at: Date;
}

/** Columns an outcome may set. */
export interface PaymentChange {
  state?: PaymentState;
  pg_tid?: string | null;
  apply_num?: string | null;
  card_code?: string | null;
  card_name?: string | null;
  card_issuer_code?: string | null;
  card_issuer_name?: string | null;
  card_publisher_code?: string | null;
  card_publisher_name?: string | null;
  card_number?: string | null;
  card_type?: number | null;
  card_quota?: number;
  vbank_code?: string | null;
  vbank_name?: string | null;
  vbank_num?: string | null;
  vbank_holder?: string | null;
  vbank_date?: Date | null;
  vbank_issued_at?: Date | null;
  amount?: number;
  paid_at?: Date | null;
  failed_at?: Date | null;
  cancelled_at?: Date | null;
  fail_reason?: string | null;
  cancel_reason?: string | null;
  cancel_amount?: number;
  receipt_url?: string | null;
  pg_secret_sealed?: string | null;
  pg_idempotency_key?: string | null;
  pg_next_check_at?: Date | null;
  pg_check_count?: number;
  pg_last_error?: string | null;
  updated_at: Date;
}

/** The internal side of a payment the flows and the reconciler work with. */
export interface PaymentInternals {
  imp_uid: string;
  merchant_id: number;
  channel_id: number | null;
  merchant_uid: string;
  state: PaymentState;
  pay_method: string;
  amount: number;
  cancel_amount: number;
  tax_free: number;
  currency: string;
  name: string | null;
  pg_tid: string | null;
  pg_order_id: string | null;
  pg_idempotency_key: string | null;
  pg_call: PgCall | null;
  pg_secret_sealed: string | null;
  customer_ref: number | null;
  customer_uid: string | null;
  card_quota: number;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  notice_urls: string[];
  started_at: Date;
  pg_check_count: number;
  vbank_date: Date | null;
}

export interface NewCancellation {
  cancellation_id: string;
  imp_uid: string;
  merchant_id: number;
  amount: number;
  tax_free: number;
  vat_amount: number | null;
  reason: string | null;
  pg_idempotency_key: string;
  requested_at: Date;
  pg_next_check_at: Date;
}

export interface CancellationInternals {
  cancellation_id: string;
  imp_uid: string;
  merchant_id: number;
  state: 'requested' | 'done' | 'failed' | 'unknown';
  amount: number;
  tax_free: number;
  reason: string | null;
  pg_idempotency_key: string;
  requested_at: Date;
  pg_check_count: number;
}

export interface CancellationOutcome {
  state: 'done' | 'failed' | 'unknown';
  pg_tid?: string | null;
  receipt_url?: string | null;
  cancelled_at?: Date | null;
  pg_next_check_at?: Date | null;
  pg_check_count?: number;
  pg_last_error?: string | null;
}

export interface PaymentRepository {
  /** Writes the attempt and commits; `merchant_uid_taken` when another attempt is in flight or paid. */
  insertAttempt(attempt: NewAttempt): Promise<'inserted' | 'merchant_uid_taken'>;
  /**
   * Writes a billing charge's attempt on the customer_uid's live key, read in the same statement, and commits:
   * the key, or `unknown_customer` when the customer_uid has none (nothing written), or `merchant_uid_taken`. With
   * `keyId` (a key the same request just issued) that very key is charged, even if the customer_uid has moved on.
   */
  insertBillingAttempt(attempt: NewAttempt, customerUid: string, keyId?: number): Promise<CustomerRecord | 'unknown_customer' | 'merchant_uid_taken'>;
  /** The attempt that blocks new ones for a merchant_uid (in flight, paid or cancelled), if any. */
  blockingAttempt(merchantId: number, merchantUid: string): Promise<{ imp_uid: string; state: PaymentState } | null>;
  /** An issued, unpaid virtual account of the merchant_uid, if any (`ready` is outside the one-in-flight index). */
  readyVirtualAccount(merchantId: number, merchantUid: string): Promise<{ imp_uid: string } | null>;
  internals(merchantId: number, impUid: string): Promise<PaymentInternals | null>;
  /** The paid/cancelled payment of a merchant_uid (there is at most one), else its newest attempt. */
  internalsByMerchantUid(merchantId: number, merchantUid: string): Promise<PaymentInternals | null>;
  internalsByOrderId(orderId: string): Promise<PaymentInternals | null>;
  /**
   * Applies the change only if the payment is still in one of `from` (the request and the reconciler may both try to
   * settle an attempt: the first wins) and records the announcement with it. False when nothing was changed.
   * `exchanges` (the calls that led to the change) are recorded with it, atomically, whether or not it applied.
   */
  transition(
    impUid: string,
    from: readonly PaymentState[],
    change: PaymentChange,
    announce: Announcement | null,
    exchanges?: ExchangeLog,
  ): Promise<boolean>;
  /** `transition` for a request that answers with the payment: the merchant's payment as changed, or null. */
  transitionToView(
    merchantId: number,
    impUid: string,
    from: readonly PaymentState[],
    change: PaymentChange,
    announce: Announcement | null,
    exchanges?: ExchangeLog,
  ): Promise<PaymentView | null>;
  /** Takes up to `limit` due approving/unknown attempts, pushing their next check to `leaseUntil` so no one else does. */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<PaymentInternals[]>;

  /**
   * Locks the payment, runs `decide` on its current state and, when it returns a cancellation, writes it and commits.
   * `decide` throws to refuse; nothing is written then. `in_flight` when another cancellation of the payment is.
   */
  requestCancellation(
    merchantId: number,
    impUid: string,
    decide: (payment: PaymentInternals) => NewCancellation,
  ): Promise<{ payment: PaymentInternals; cancellation: NewCancellation } | 'in_flight'>;
  /**
   * Records a cancellation's outcome; when `done`, adds its amount to the payment's cancel_amount and applies
   * `paymentChange` in the same transaction, with the announcement if given. False if the cancellation was already settled.
   * `exchanges` are recorded in that transaction either way.
   */
  settleCancellation(
    cancellationId: string,
    outcome: CancellationOutcome,
    paymentChange: PaymentChange | null,
    announce: Announcement | null,
    exchanges?: ExchangeLog,
  ): Promise<boolean>;
  claimDueCancellations(now: Date, leaseUntil: Date, limit: number): Promise<CancellationInternals[]>;
  /** The PG transaction keys of a payment's done cancellations. */
  doneCancellationTids(impUid: string): Promise<string[]>;

  view(merchantId: number, impUid: string): Promise<PaymentView | null>;
  pageByCustomerUid(merchantId: number, customerUid: string, page: { offset: number; limit: number }): Promise<{ total: number; views: PaymentView[] }>;
}
