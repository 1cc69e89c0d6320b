// What a payment look-up reads: the payment as stored (money in minor units, times as instants) with its
// cancellations, and the queries the V1 look-up endpoints need. Field names follow the stored columns, so a store
// row is a PaymentRecord as it is.

export type PaymentStatus = 'ready' | 'paid' | 'failed' | 'cancelled';

export interface PaymentRecord {
  imp_uid: string;
  merchant_id: number;
  merchant_uid: string;
  /** The wire status: the inner states approving and unknown read as ready. */
  status: PaymentStatus;
  pay_method: string;
  channel: string;
  pg_provider: string;
  emb_pg_provider: string | null;
  pg_tid: string | null;
  pg_id: string | null;
  sandbox: boolean;
  escrow: boolean;
  apply_num: string | null;
  bank_code: string | null;
  bank_name: string | null;
  card_code: string | null;
  card_name: string | null;
  card_issuer_code: string | null;
  card_issuer_name: string | null;
  card_publisher_code: string | null;
  card_publisher_name: string | null;
  card_quota: number;
  /** Masked, never the full number. */
  card_number: string | null;
  card_type: number | null;
  vbank_code: string | null;
  vbank_name: string | null;
  vbank_num: string | null;
  vbank_holder: string | null;
  vbank_date: Date | null;
  vbank_issued_at: Date | null;
  name: string | null;
  currency: string;
  amount: number;
  cancel_amount: number;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  /** The JSON text the merchant passed. */
  custom_data: string | null;
  user_agent: string | null;
  started_at: Date;
  paid_at: Date | null;
  failed_at: Date | null;
  cancelled_at: Date | null;
  updated_at: Date;
  fail_reason: string | null;
  cancel_reason: string | null;
  receipt_url: string | null;
  cash_receipt_issued: boolean;
  customer_uid: string | null;
  customer_uid_usage: string | null;
  promotion: { id: string; discount: number } | null;
  deposit_history: { pg_tid: string; amount: number; depositor_name: string | null; deposited_at: number }[];
}

export interface CancellationRecord {
  cancellation_id: string;
  /** Only `done` cancellations are part of a payment's history; the others are attempts in flight or refused. */
  state: 'requested' | 'done' | 'failed' | 'unknown';
  pg_tid: string | null;
  amount: number;
  reason: string | null;
  receipt_url: string | null;
  requested_at: Date;
  cancelled_at: Date | null;
}

export interface PaymentView {
  payment: PaymentRecord;
  /** The payment's cancellations in the order they happened. */
  cancellations: CancellationRecord[];
}

export type PaymentSorting = '-started' | 'started' | '-paid' | 'paid' | '-updated' | 'updated';

export interface PaymentPage {
  total: number;
  views: PaymentView[];
}

/** Read queries over one merchant's payments; nothing of another merchant is ever visible. */
export interface PaymentQueries {
  byImpUid(merchantId: number, impUid: string): Promise<PaymentView | null>;
  /** The payments among the given ids (unknown ids are left out), in no particular order. */
  byImpUids(merchantId: number, impUids: readonly string[]): Promise<PaymentView[]>;
  byMerchantUids(merchantId: number, merchantUids: readonly string[]): Promise<PaymentView[]>;
  /** The first attempt for a merchant_uid in the given order, optionally only those with a status. */
  firstByMerchantUid(
    merchantId: number,
    merchantUid: string,
    status: PaymentStatus | null,
    sorting: PaymentSorting,
  ): Promise<PaymentView | null>;
  pageByMerchantUid(
    merchantId: number,
    merchantUid: string,
    status: PaymentStatus | null,
    sorting: PaymentSorting,
    page: { offset: number; limit: number },
  ): Promise<PaymentPage>;
  /** Payments whose current status was entered within [from, to] (status null: any status). */
  pageByStatus(
    merchantId: number,
    status: PaymentStatus | null,
    window: { from: Date; to: Date },
    sorting: PaymentSorting,
    page: { offset: number; limit: number },
  ): Promise<PaymentPage>;
}
