// A payment as stored. Columns hold what is queried or summed; `details` holds the method objects as the wire nests them.
export type PaymentStatus =
  | 'READY' | 'IN_PROGRESS' | 'WAITING_FOR_DEPOSIT' | 'DONE' | 'CANCELED' | 'PARTIAL_CANCELED' | 'ABORTED' | 'EXPIRED';

export type PaymentType = 'NORMAL' | 'BILLING' | 'BRANDPAY';

export type PaymentMethod =
  | '카드' | '가상계좌' | '간편결제' | '휴대폰' | '계좌이체' | '문화상품권' | '도서문화상품권' | '게임문화상품권';

export interface CardDetails {
  issuerCode: string;
  acquirerCode: string | null;
  number: string;
  installmentPlanMonths: number;
  isInterestFree: boolean;
  interestPayer: 'BUYER' | 'CARD_COMPANY' | 'MERCHANT' | null;
  approveNo: string | null;
  useCardPoint: boolean;
  cardType: '신용' | '체크' | '기프트' | '미확인';
  ownerType: '개인' | '법인' | '미확인';
}

export interface VirtualAccountDetails {
  accountType: '일반' | '고정';
  bank: string;
  customerName: string;
  refundStatus: 'NONE' | 'PENDING' | 'FAILED' | 'PARTIAL_FAILED' | 'COMPLETED';
  expired: boolean;
  refundReceiveAccount: { bankCode: string; accountNumber: string; holderName: string } | null;
  depositorName: string | null;
  accountKey: string | null;
}

export interface PaymentDetails {
  card?: CardDetails;
  easyPay?: { provider: string; amount: number; discountAmount: number };
  virtualAccount?: VirtualAccountDetails;
  transfer?: { bank: string };
  mobilePhone?: { customerMobilePhone: string; carrier: string | null };
  giftCertificate?: { approveNo: string };
  metadata?: Record<string, string> | null;
  customer?: { name: string | null; email: string | null; mobilePhone: string | null };
  /** What the payment window was opened with: read back by the window pages and the redirect. */
  window?: Record<string, unknown>;
  /** A documented decline card used while authenticating; confirm fails with this code. */
  declineCode?: string;
  /** Cash-receipt request carried by a transfer or virtual-account payment. */
  cashReceipt?: { type: '소득공제' | '지출증빙'; customerIdentityNumber: string } | null;
}

export interface PaymentRow {
  payment_key: string;
  mid: string;
  order_id: string;
  order_name: string;
  type: PaymentType;
  method: PaymentMethod | null;
  status: PaymentStatus;
  currency: string;
  total_amount: number;
  balance_amount: number;
  tax_free_amount: number;
  tax_exemption_amount: number;
  use_escrow: boolean;
  culture_expense: boolean;
  customer_key: string | null;
  secret: string | null;
  approve_transaction_key: string | null;
  last_transaction_key: string | null;
  requested_at: Date;
  approved_at: Date | null;
  session_expires_at: Date | null;
  due_at: Date | null;
  account_number: string | null;
  failure_code: string | null;
  failure_message: string | null;
  details: PaymentDetails;
  updated_at: Date;
}

export interface CancelRow {
  transaction_key: string;
  payment_key: string;
  cancel_amount: number;
  tax_free_amount: number;
  tax_exemption_amount: number;
  refundable_amount: number;
  cancel_reason: string;
  status_after: string;
  receipt_key: string | null;
  canceled_at: Date;
}

export interface CashReceiptRow {
  receipt_key: string;
  mid: string;
  payment_key: string | null;
  order_id: string;
  order_name: string;
  type: string;
  transaction_type: 'CONFIRM' | 'CANCEL';
  amount: number;
  tax_free_amount: number;
  issue_number: string;
  issue_status: string;
  customer_identity_number: string;
  business_number: string;
  original_receipt_key: string | null;
  requested_at: Date;
}

/** PGlite and pg both return jsonb parsed, but a text round trip (e.g. from a CTE) would not be; normalise. */
export function paymentFromRow(row: any): PaymentRow {
  if (typeof row.details === 'string') row.details = JSON.parse(row.details);
  return row as PaymentRow;
}
