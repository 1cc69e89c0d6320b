// Merchants, their REST keys and PG channels, access tokens, payments with their cancellations, and prepared amounts.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    create table settings (
      name text primary key,
      value text not null
    );

    create table merchants (
      id bigserial primary key,
      user_code text not null unique,
      name text not null,
      created_at timestamptz not null
    );

    create table api_keys (
      id bigserial primary key,
      merchant_id bigint not null references merchants(id),
      imp_key text not null unique,
      imp_secret_hash text not null,
      created_at timestamptz not null,
      revoked_at timestamptz
    );
    create index api_keys_merchant on api_keys (merchant_id);

    create table channels (
      id bigserial primary key,
      merchant_id bigint not null references merchants(id),
      channel_key text not null unique,
      name text not null,
      pg_provider text not null,
      pg_id text not null,
      -- payment: the buyer-facing window; api_payment: payments without buyer authentication (billing, key-in)
      type text not null check (type in ('payment', 'api_payment')),
      client_key text not null,
      secret_key_sealed text not null,
      api_version text not null,
      api_base_url text not null,
      script_url text not null,
      sandbox boolean not null,
      enabled boolean not null default true,
      created_at timestamptz not null,
      updated_at timestamptz not null
    );
    create index channels_merchant on channels (merchant_id);

    create table access_tokens (
      token text primary key,
      merchant_id bigint not null references merchants(id),
      api_key_id bigint not null references api_keys(id),
      issued_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index access_tokens_key on access_tokens (api_key_id, expires_at desc);

    create table payments (
      imp_uid text primary key,
      merchant_id bigint not null references merchants(id),
      channel_id bigint references channels(id),
      merchant_uid text not null,
      -- ready | approving | unknown | paid | failed | cancelled; approving and unknown show as ready on the wire
      state text not null check (state in ('ready', 'approving', 'unknown', 'paid', 'failed', 'cancelled')),
      status text generated always as (
        case when state in ('approving', 'unknown') then 'ready' else state end
      ) stored,
      pay_method text not null,
      channel text not null,
      pg_provider text not null,
      emb_pg_provider text,
      pg_tid text,
      pg_id text,
      sandbox boolean not null default false,
      escrow boolean not null default false,
      apply_num text,
      bank_code text,
      bank_name text,
      card_code text,
      card_name text,
      card_issuer_code text,
      card_issuer_name text,
      card_publisher_code text,
      card_publisher_name text,
      card_quota integer not null default 0,
      card_number text,
      card_type integer,
      vbank_code text,
      vbank_name text,
      vbank_num text,
      vbank_holder text,
      vbank_date timestamptz,
      vbank_issued_at timestamptz,
      name text,
      currency text not null,
      -- money in the currency's minor unit
      amount bigint not null check (amount >= 0),
      cancel_amount bigint not null default 0 check (cancel_amount >= 0 and cancel_amount <= amount),
      tax_free bigint not null default 0 check (tax_free >= 0),
      vat_amount bigint,
      buyer_name text,
      buyer_email text,
      buyer_tel text,
      buyer_addr text,
      buyer_postcode text,
      custom_data text,
      user_agent text,
      notice_urls jsonb not null default '[]',
      confirm_url text,
      started_at timestamptz not null,
      paid_at timestamptz,
      failed_at timestamptz,
      cancelled_at timestamptz,
      fail_reason text,
      cancel_reason text,
      receipt_url text,
      cash_receipt_issued boolean not null default false,
      customer_uid text,
      customer_uid_usage text,
      promotion jsonb,
      deposit_history jsonb not null default '[]',
      -- the PG side: Toss orderId derived from imp_uid, the Idempotency-Key of the money-moving call, VA secret
      pg_order_id text,
      pg_idempotency_key text,
      pg_secret_sealed text,
      updated_at timestamptz not null,
      -- the time the wire's status filters on: when the payment entered its current status
      status_at timestamptz generated always as (
        case state
          when 'paid' then paid_at
          when 'failed' then failed_at
          when 'cancelled' then cancelled_at
          else started_at
        end
      ) stored
    );
    -- At most one attempt per merchant_uid may be in flight or have been paid: enforced here, not only in code.
    create unique index payments_one_paid_per_merchant_uid on payments (merchant_id, merchant_uid)
      where state in ('approving', 'unknown', 'paid', 'cancelled');
    create index payments_merchant_uid on payments (merchant_id, merchant_uid, started_at desc);
    create index payments_status on payments (merchant_id, status, status_at desc);
    create index payments_started on payments (merchant_id, started_at desc);
    create index payments_pg_order on payments (pg_order_id);

    create table cancellations (
      cancellation_id text primary key,
      imp_uid text not null references payments(imp_uid),
      merchant_id bigint not null references merchants(id),
      -- requested: written before the PG call; done: the PG confirmed; failed: the PG refused
      state text not null check (state in ('requested', 'done', 'failed', 'unknown')),
      pg_tid text,
      amount bigint not null check (amount > 0),
      tax_free bigint not null default 0,
      vat_amount bigint,
      reason text,
      receipt_url text,
      pg_idempotency_key text not null,
      requested_at timestamptz not null,
      cancelled_at timestamptz
    );
    create index cancellations_payment on cancellations (imp_uid, requested_at);

    create table prepares (
      merchant_id bigint not null references merchants(id),
      merchant_uid text not null,
      amount bigint not null,
      currency text,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      primary key (merchant_id, merchant_uid)
    );
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    drop table prepares; drop table cancellations; drop table payments; drop table access_tokens;
    drop table channels; drop table api_keys; drop table merchants; drop table settings;
  `);
}
