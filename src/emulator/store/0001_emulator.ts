// The emulator's tables. Amounts are bigint; method details that Toss itself nests (card, easyPay, virtualAccount…)
// live in `details` because their shape follows the wire and nothing queries inside them.
import type { Kysely } from 'kysely';
import { runScript } from '../../store/script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    create table settings (
      name text primary key,
      value text not null
    );

    create table merchants (
      mid text primary key,
      name text not null,
      client_key text not null unique,
      secret_key text not null unique,
      api_version text not null,
      webhook_url text,
      created_at timestamptz not null
    );

    create table payments (
      payment_key text primary key,
      mid text not null references merchants(mid),
      order_id text not null,
      order_name text not null,
      type text not null,
      method text,
      status text not null,
      currency text not null default 'KRW',
      total_amount bigint not null,
      balance_amount bigint not null,
      tax_free_amount bigint not null default 0,
      tax_exemption_amount bigint not null default 0,
      use_escrow boolean not null default false,
      culture_expense boolean not null default false,
      customer_key text,
      secret text,
      approve_transaction_key text,
      last_transaction_key text,
      requested_at timestamptz not null,
      approved_at timestamptz,
      -- READY: the buyer must authenticate before this; IN_PROGRESS: the merchant must confirm before this
      session_expires_at timestamptz,
      due_at timestamptz,
      account_number text,
      failure_code text,
      failure_message text,
      details jsonb not null default '{}'::jsonb,
      updated_at timestamptz not null
    );
    -- An order id can be tried many times, but approved (or issued) only once per merchant.
    create unique index payments_settled_order on payments (mid, order_id)
      where status not in ('READY', 'IN_PROGRESS', 'ABORTED', 'EXPIRED');
    create index payments_order on payments (mid, order_id, requested_at desc);
    create index payments_session_expiry on payments (session_expires_at) where status in ('READY', 'IN_PROGRESS');
    create index payments_deposit_due on payments (due_at) where status = 'WAITING_FOR_DEPOSIT';
    create index payments_account_number on payments (account_number) where account_number is not null;

    -- The cancel history of each payment. Approvals are read from payments itself, so a charge is one insert.
    create table cancels (
      seq bigserial primary key,
      transaction_key text not null unique,
      mid text not null,
      payment_key text not null references payments(payment_key),
      cancel_amount bigint not null,
      tax_free_amount bigint not null default 0,
      tax_exemption_amount bigint not null default 0,
      refundable_amount bigint not null,
      cancel_reason text not null,
      status_after text not null,
      receipt_key text,
      canceled_at timestamptz not null
    );
    create index cancels_payment on cancels (payment_key, seq);
    create index cancels_merchant_time on cancels (mid, canceled_at);
    create index payments_merchant_approved on payments (mid, approved_at) where approve_transaction_key is not null;

    create table fixed_accounts (
      mid text not null,
      account_key text not null,
      bank text not null,
      account_number text not null unique,
      primary key (mid, account_key)
    );

    create table billing_auths (
      auth_key text primary key,
      mid text not null references merchants(mid),
      customer_key text not null,
      card jsonb not null,
      created_at timestamptz not null,
      expires_at timestamptz not null,
      used_at timestamptz
    );

    create table billing_keys (
      billing_key text primary key,
      mid text not null references merchants(mid),
      customer_key text not null,
      card jsonb not null,
      authenticated_at timestamptz not null,
      deleted_at timestamptz
    );

    create table cash_receipts (
      seq bigserial primary key,
      receipt_key text not null unique,
      mid text not null,
      payment_key text,
      order_id text not null,
      order_name text not null,
      type text not null,
      transaction_type text not null,
      amount bigint not null,
      tax_free_amount bigint not null default 0,
      issue_number text not null,
      issue_status text not null,
      customer_identity_number text not null,
      business_number text not null,
      original_receipt_key text,
      requested_at timestamptz not null
    );
    create unique index cash_receipts_issued_order on cash_receipts (mid, order_id) where transaction_type = 'CONFIRM';
    create index cash_receipts_merchant_time on cash_receipts (mid, requested_at, seq);

    create table idempotent_requests (
      secret_key text not null,
      idempotency_key text not null,
      method text not null,
      path text not null,
      status_code integer,
      body text,
      started_at timestamptz not null,
      expires_at timestamptz not null,
      primary key (secret_key, idempotency_key, method, path)
    );

    create table webhook_deliveries (
      id bigserial primary key,
      mid text not null,
      url text not null,
      event_type text not null,
      payment_key text,
      body text not null,
      transmission_id text not null unique,
      status text not null check (status in ('PENDING', 'DELIVERED', 'FAILED')),
      attempts integer not null default 0,
      next_attempt_at timestamptz not null,
      created_at timestamptz not null,
      delivered_at timestamptz
    );
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where status = 'PENDING';

    create table webhook_attempts (
      id bigserial primary key,
      delivery_id bigint not null references webhook_deliveries(id),
      attempt integer not null,
      attempted_at timestamptz not null,
      http_status integer,
      error text,
      duration_ms integer not null
    );
    create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempt);

    create table faults (
      endpoint text primary key,
      spec jsonb not null,
      updated_at timestamptz not null
    );
  `);
}
