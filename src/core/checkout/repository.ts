// What the hosted checkout needs from storage beyond the payment flows' own repository.
import type { ChannelRecord } from '../merchants/repository.ts';
import type { ExchangeLog } from '../payments/exchanges.ts';
import type { PgCall } from '../payments/repository.ts';
import type { CheckoutRequest } from './request.ts';

/** What the window answers the merchant page with (the callback's argument, or the m_redirect_url query). */
export interface WindowResult {
  success?: boolean;
  imp_uid: string | null;
  merchant_uid: string;
  customer_uid?: string;
  error_code?: string;
  error_msg?: string;
}

export interface CheckoutWindow {
  token: string;
  merchantId: number;
  channelId: number;
  kind: 'payment' | 'billing';
  impUid: string | null;
  merchantUid: string;
  mode: 'iframe' | 'redirect';
  parentOrigin: string | null;
  redirectUrl: string | null;
  request: CheckoutRequest;
  pgCustomerKey: string | null;
  state: 'open' | 'finished';
  result: WindowResult | null;
  createdAt: Date;
}

/** The payment attempt a payment window starts, before the buyer has seen anything. */
export interface ReadyAttempt {
  imp_uid: string;
  merchant_id: number;
  channel_id: number;
  merchant_uid: string;
  pay_method: string;
  channel: 'pc' | 'mobile';
  pg_provider: string;
  pg_id: string;
  sandbox: boolean;
  escrow: boolean;
  name: string | null;
  currency: string;
  amount: number;
  tax_free: number;
  vat_amount: number | null;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  user_agent: string | null;
  notice_urls: string[];
  confirm_url: string | null;
  pg_order_id: string;
  started_at: Date;
}

export interface CheckoutMerchant {
  id: number;
  name: string;
}

export interface CheckoutRepository {
  merchantByUserCode(userCode: string): Promise<CheckoutMerchant | null>;
  channels(merchantId: number): Promise<ChannelRecord[]>;
  /** Writes the window and, for a payment window, its `ready` attempt, in one transaction. */
  openWindow(window: Omit<CheckoutWindow, 'state' | 'result'>, attempt: ReadyAttempt | null): Promise<void>;
  findWindow(token: string): Promise<CheckoutWindow | null>;
  /** Records the answer once; false when the window was already finished (a reload, or a race with the sweeper). */
  finishWindow(token: string, result: WindowResult, now: Date): Promise<boolean>;
  /**
   * Marks the attempt `approving` with the Idempotency-Key it will send, only while it is still `ready`, and commits.
   * `merchant_uid_taken` when another attempt of the merchant_uid is in flight or paid (the database's partial unique
   * index says so), `not_ready` when this one has moved on. `exchanges` (the confirm_url call that allowed it) are
   * recorded in the same transaction, unless the merchant_uid is taken (then nothing is written).
   */
  markApproving(
    impUid: string,
    change: { pg_tid: string; pg_idempotency_key: string; pg_call: PgCall; pg_next_check_at: Date; updated_at: Date },
    exchanges?: ExchangeLog,
  ): Promise<'marked' | 'not_ready' | 'merchant_uid_taken'>;
  /** Open windows started before `before` whose attempt (if any) is still `ready`, oldest first. */
  abandonedWindows(before: Date, limit: number): Promise<CheckoutWindow[]>;
}
