// What core asks of a payment gateway (PG), in core's words. A connector (src/pg/<name>) carries these out over the
// PG's own API; core never sees its wire types, its HTTP client or its status names.
import type { Exchange } from '../payments/exchanges.ts';

/** The channel's credentials, unsealed, for one call. */
export interface PgAccount {
  baseUrl: string;
  secretKey: string;
}

/**
 * Every money-moving call ends in exactly one of these. `unknown` means the PG may or may not have acted (timeout,
 * dropped connection, 5xx, a request still being processed): only a look-up can tell, never a blind retry.
 */
export type PgOutcome<T> = (
  | { kind: 'success'; value: T }
  | { kind: 'declined'; code: string; message: string }
  | { kind: 'unknown'; reason: string }
) & {
  /** The HTTP exchanges behind the outcome, masked by the connector, for the payment's timeline. */
  exchanges?: Exchange[];
};

/** A payment's state as the PG reports it, mapped; `unknown` for anything the connector does not recognise. */
export type PgPaymentStatus =
  | 'ready'
  | 'waiting_for_deposit'
  | 'paid'
  | 'partially_cancelled'
  | 'cancelled'
  | 'failed'
  | 'unknown';

export interface PgCard {
  /** 금융결제원 3-digit card code (PortOne `card_code`), or PortOne's 5-digit code for foreign brands. */
  code: string | null;
  name: string | null;
  issuerCode: string | null;
  issuerName: string | null;
  publisherCode: string | null;
  publisherName: string | null;
  /** Masked as the PG returns it. */
  number: string | null;
  /** 0 credit, 1 check, null when the PG does not say. */
  type: 0 | 1 | null;
  quota: number;
  approveNo: string | null;
}

export interface PgVirtualAccount {
  /** 금융결제원 3-digit bank code. */
  bankCode: string | null;
  bankName: string | null;
  accountNumber: string;
  holder: string | null;
  dueAt: Date | null;
  expired: boolean;
}

export interface PgCancel {
  transactionKey: string;
  amount: number;
  taxFree: number;
  reason: string | null;
  cancelledAt: Date;
}

export interface PgPayment {
  paymentKey: string;
  orderId: string;
  status: PgPaymentStatus;
  /** The PG's own status name, kept for logs and the console. */
  rawStatus: string;
  method: string | null;
  currency: string;
  totalAmount: number;
  balanceAmount: number;
  requestedAt: Date | null;
  approvedAt: Date | null;
  lastTransactionKey: string | null;
  receiptUrl: string | null;
  card: PgCard | null;
  virtualAccount: PgVirtualAccount | null;
  cancels: PgCancel[];
  /** Shared secret the PG sends back with deposit notifications for this payment. */
  secret: string | null;
  failure: { code: string; message: string } | null;
}

export interface PgBillingKey {
  billingKey: string;
  customerKey: string;
  card: Omit<PgCard, 'quota' | 'approveNo'>;
}

export interface CardData {
  number: string;
  expiryYear: string; // YY
  expiryMonth: string; // MM
  /** YYMMDD birth date or 10-digit business registration number. */
  identity: string;
  pwd2digit: string | null;
}

export interface ChargeOrder {
  orderId: string;
  orderName: string;
  amount: number;
  taxFree: number;
  quota: number;
  customerName: string | null;
  customerEmail: string | null;
  customerPhone: string | null;
  customerIp: string | null;
}

export interface CancelOrder {
  reason: string;
  /** null: the whole balance. */
  amount: number | null;
  taxFree: number;
  /** The balance the caller believes is left; the PG refuses when it differs. */
  refundableAmount: number | null;
  refundAccount: { bankCode: string; accountNumber: string; holderName: string } | null;
}

export interface VirtualAccountOrder {
  orderId: string;
  orderName: string;
  amount: number;
  taxFree: number;
  /** 금융결제원 3-digit bank code. */
  bankCode: string;
  customerName: string;
  customerEmail: string | null;
  customerPhone: string | null;
  dueAt: Date | null;
  /** A fixed account re-used by key. */
  accountKey: string | null;
}

export interface PaymentConnector {
  keyIn(account: PgAccount, card: CardData, order: ChargeOrder, idempotencyKey: string): Promise<PgOutcome<PgPayment>>;
  issueBillingKey(account: PgAccount, card: CardData, customerKey: string, idempotencyKey: string): Promise<PgOutcome<PgBillingKey>>;
  /** The key a buyer authorised in the PG's billing window (its one-shot authKey), bound to `customerKey`. */
  authorizeBillingKey(account: PgAccount, authKey: string, customerKey: string, idempotencyKey: string): Promise<PgOutcome<PgBillingKey>>;
  chargeBillingKey(account: PgAccount, billingKey: string, customerKey: string, order: ChargeOrder, idempotencyKey: string): Promise<PgOutcome<PgPayment>>;
  deleteBillingKey(account: PgAccount, billingKey: string): Promise<PgOutcome<null>>;
  cancel(account: PgAccount, paymentKey: string, order: CancelOrder, idempotencyKey: string): Promise<PgOutcome<PgPayment>>;
  confirm(account: PgAccount, paymentKey: string, orderId: string, amount: number, idempotencyKey: string): Promise<PgOutcome<PgPayment>>;
  issueVirtualAccount(account: PgAccount, order: VirtualAccountOrder, idempotencyKey: string): Promise<PgOutcome<PgPayment>>;
  /** `success` with null when the PG has no such payment. */
  lookupByOrderId(account: PgAccount, orderId: string): Promise<PgOutcome<PgPayment | null>>;
  lookupByPaymentKey(account: PgAccount, paymentKey: string): Promise<PgOutcome<PgPayment | null>>;
}

/** A deposit or status notification from the PG, before it is trusted: core re-fetches the payment before acting. */
export type PgNotification =
  | { kind: 'deposit'; orderId: string; secret: string; status: PgPaymentStatus; transactionKey: string | null }
  | { kind: 'status_changed'; orderId: string; paymentKey: string; status: PgPaymentStatus }
  | { kind: 'ignored'; reason: string };
