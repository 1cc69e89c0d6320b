// Row types of the gateway's tables (schema `tollgate`), as Kysely sees them. Money columns are minor units.
import type { ColumnType, Generated, Kysely, Selectable } from 'kysely';

export const GATEWAY_SCHEMA = 'tollgate';

type Timestamp = ColumnType<Date, Date, Date>;
type Json<T> = ColumnType<T, string, string>;

export interface SettingsTable {
  name: string;
  value: string;
}

export interface MerchantsTable {
  id: Generated<number>;
  user_code: string;
  name: string;
  created_at: Timestamp;
}

export interface ApiKeysTable {
  id: Generated<number>;
  merchant_id: number;
  imp_key: string;
  imp_secret_hash: string;
  created_at: Timestamp;
  revoked_at: Timestamp | null;
}

export interface ChannelsTable {
  id: Generated<number>;
  merchant_id: number;
  channel_key: string;
  name: string;
  pg_provider: string;
  pg_id: string;
  type: 'payment' | 'api_payment';
  client_key: string;
  secret_key_sealed: string;
  api_version: string;
  api_base_url: string;
  script_url: string;
  sandbox: boolean;
  enabled: Generated<boolean>;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface AccessTokensTable {
  token: string;
  merchant_id: number;
  api_key_id: number;
  issued_at: Timestamp;
  expires_at: Timestamp;
}

export type PaymentState = 'ready' | 'approving' | 'unknown' | 'paid' | 'failed' | 'cancelled';
export type PaymentStatus = 'ready' | 'paid' | 'failed' | 'cancelled';

export interface VbankDeposit {
  pg_tid: string;
  amount: number;
  depositor_name: string | null;
  deposited_at: number;
}

export interface PaymentsTable {
  imp_uid: string;
  merchant_id: number;
  channel_id: number | null;
  merchant_uid: string;
  state: PaymentState;
  status: ColumnType<PaymentStatus, never, never>;
  pay_method: string;
  channel: string;
  pg_provider: string;
  emb_pg_provider: string | null;
  pg_tid: string | null;
  pg_id: string | null;
  sandbox: Generated<boolean>;
  escrow: Generated<boolean>;
  apply_num: string | null;
  bank_code: string | null;
  bank_name: string | null;
  card_code: string | null;
  card_name: string | null;
  card_issuer_code: string | null;
  card_issuer_name: string | null;
  card_publisher_code: string | null;
  card_publisher_name: string | null;
  card_quota: Generated<number>;
  card_number: string | null;
  card_type: number | null;
  vbank_code: string | null;
  vbank_name: string | null;
  vbank_num: string | null;
  vbank_holder: string | null;
  vbank_date: Timestamp | null;
  vbank_issued_at: Timestamp | null;
  name: string | null;
  currency: string;
  amount: number;
  cancel_amount: Generated<number>;
  tax_free: Generated<number>;
  vat_amount: number | null;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  user_agent: string | null;
  notice_urls: Json<string[]>;
  confirm_url: string | null;
  started_at: Timestamp;
  paid_at: Timestamp | null;
  failed_at: Timestamp | null;
  cancelled_at: Timestamp | null;
  fail_reason: string | null;
  cancel_reason: string | null;
  receipt_url: string | null;
  cash_receipt_issued: Generated<boolean>;
  customer_uid: string | null;
  customer_uid_usage: string | null;
  promotion: Json<{ id: string; discount: number } | null> | null;
  deposit_history: Json<VbankDeposit[]>;
  pg_order_id: string | null;
  pg_idempotency_key: string | null;
  pg_secret_sealed: string | null;
  updated_at: Timestamp;
  status_at: ColumnType<Date, never, never>;
  pg_call: PgCall | null;
  customer_ref: number | null;
  pg_next_check_at: Timestamp | null;
  pg_check_count: Generated<number>;
  pg_last_error: string | null;
}

/** The money-moving PG call a payment attempt made. */
/** `confirm`: the approval of a payment the buyer authenticated in the PG's window. */
export type PgCall = 'key_in' | 'billing' | 'virtual_account' | 'confirm';

export interface CustomersTable {
  id: Generated<number>;
  merchant_id: number;
  customer_uid: string;
  channel_id: number;
  customer_id: string;
  pg_provider: string;
  pg_id: string;
  sandbox: boolean;
  card_number: string | null;
  card_code: string | null;
  card_name: string | null;
  card_issuer_code: string | null;
  card_issuer_name: string | null;
  card_publisher_code: string | null;
  card_publisher_name: string | null;
  card_type: number | null;
  billing_key_sealed: string;
  pg_customer_key: string;
  customer_name: string | null;
  customer_tel: string | null;
  customer_email: string | null;
  customer_addr: string | null;
  customer_postcode: string | null;
  inserted_at: Timestamp;
  updated_at: Timestamp;
  deleted_at: Timestamp | null;
}

export type CancellationState = 'requested' | 'done' | 'failed' | 'unknown';

export interface CancellationsTable {
  cancellation_id: string;
  imp_uid: string;
  merchant_id: number;
  state: CancellationState;
  pg_tid: string | null;
  amount: number;
  tax_free: Generated<number>;
  vat_amount: number | null;
  reason: string | null;
  receipt_url: string | null;
  pg_idempotency_key: string;
  requested_at: Timestamp;
  cancelled_at: Timestamp | null;
  pg_next_check_at: Timestamp | null;
  pg_check_count: Generated<number>;
  pg_last_error: string | null;
}

export interface PreparesTable {
  merchant_id: number;
  merchant_uid: string;
  amount: number;
  currency: string | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export type WebhookStatus = 'paid' | 'ready' | 'failed' | 'cancelled';
export type WebhookContentType = 'json' | 'form';
export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed' | 'dead';

/** The V1 webhook body, as sent to the merchant. */
export interface WebhookBody {
  imp_uid: string;
  merchant_uid: string;
  status: WebhookStatus;
  cancellation_id?: string;
}

export interface MerchantWebhookSettingsTable {
  merchant_id: number;
  default_url: string | null;
  content_type: ColumnType<WebhookContentType, WebhookContentType | undefined, WebhookContentType>;
  signing_enabled: Generated<boolean>;
  signing_secret_sealed: string | null;
  /** Seconds before each attempt; the first is counted from the event. */
  retry_schedule: ColumnType<number[], string | undefined, string>;
  connect_timeout_ms: Generated<number>;
  read_timeout_ms: Generated<number>;
  updated_at: Timestamp;
}

export interface WebhookEventsTable {
  id: Generated<number>;
  merchant_id: number;
  imp_uid: string;
  merchant_uid: string;
  status: WebhookStatus;
  cancellation_id: string | null;
  targets: Json<string[]>;
  body: Json<WebhookBody>;
  created_at: Timestamp;
}

export interface WebhookDeliveriesTable {
  id: Generated<number>;
  event_id: number;
  merchant_id: number;
  url: string;
  state: WebhookDeliveryState;
  attempt_count: Generated<number>;
  next_attempt_at: Timestamp | null;
  last_attempt_at: Timestamp | null;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface WebhookAttemptsTable {
  id: Generated<number>;
  delivery_id: number;
  attempted_at: Timestamp;
  http_status: number | null;
  duration_ms: number;
  response_excerpt: string | null;
  error: string | null;
}

export interface PaymentExchangesTable {
  id: Generated<number>;
  merchant_id: number;
  imp_uid: string;
  kind: 'pg' | 'confirm_url';
  method: string;
  target: string;
  http_status: number | null;
  duration_ms: number;
  request_body: string | null;
  response_body: string | null;
  error: string | null;
  started_at: Timestamp;
}

export type CheckoutWindowKind = 'payment' | 'billing';
export type CheckoutWindowMode = 'iframe' | 'redirect';

export interface CheckoutWindowsTable {
  token: string;
  merchant_id: number;
  channel_id: number;
  kind: CheckoutWindowKind;
  imp_uid: string | null;
  merchant_uid: string;
  mode: CheckoutWindowMode;
  parent_origin: string | null;
  redirect_url: string | null;
  request: Json<unknown>;
  pg_customer_key: string | null;
  state: 'open' | 'finished';
  result: Json<unknown> | null;
  created_at: Timestamp;
  finished_at: Timestamp | null;
}

export type ScheduleState = 'scheduled' | 'executing' | 'executed' | 'revoked';

export interface PaymentSchedulesTable {
  id: Generated<number>;
  merchant_id: number;
  customer_uid: string;
  merchant_uid: string;
  schedule_at: Timestamp;
  currency: string;
  amount: number;
  tax_free: Generated<number>;
  vat_amount: number | null;
  card_quota: Generated<number>;
  name: string | null;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  notice_urls: Json<string[]>;
  channel_key: string | null;
  state: ScheduleState;
  claimed_until: Timestamp | null;
  imp_uid: string | null;
  run: Generated<number>;
  payment_status: 'paid' | 'failed' | 'cancelled' | null;
  fail_reason: string | null;
  pg_provider: string | null;
  pg_id: string | null;
  customer_id: string | null;
  executed_at: Timestamp | null;
  revoked_at: Timestamp | null;
  created_at: Timestamp;
  updated_at: Timestamp;
}

export interface GatewayTables {
  settings: SettingsTable;
  merchants: MerchantsTable;
  api_keys: ApiKeysTable;
  channels: ChannelsTable;
  access_tokens: AccessTokensTable;
  payments: PaymentsTable;
  cancellations: CancellationsTable;
  prepares: PreparesTable;
  customers: CustomersTable;
  merchant_webhook_settings: MerchantWebhookSettingsTable;
  webhook_events: WebhookEventsTable;
  webhook_deliveries: WebhookDeliveriesTable;
  webhook_attempts: WebhookAttemptsTable;
  payment_schedules: PaymentSchedulesTable;
  checkout_windows: CheckoutWindowsTable;
  payment_exchanges: PaymentExchangesTable;
}

/** The gateway's view of the database: every table name resolves inside the `tollgate` schema. */
export type GatewayDb = Kysely<GatewayTables>;

export type PaymentRow = Selectable<PaymentsTable>;
export type CancellationRow = Selectable<CancellationsTable>;
export type ChannelRow = Selectable<ChannelsTable>;
export type MerchantRow = Selectable<MerchantsTable>;
export type CustomerRow = Selectable<CustomersTable>;
