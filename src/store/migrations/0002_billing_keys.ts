// Billing keys (`customer_uid`) and the bookkeeping of money-moving PG calls: which call a payment attempt made (so the
// reconciler can ask about it and, for a stored key, repeat it with the same Idempotency-Key), and when to ask next.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    create table customers (
      id bigserial primary key,
      merchant_id bigint not null references merchants(id),
      customer_uid text not null,
      channel_id bigint not null references channels(id),
      -- the merchant's member id; generated as customer-id-<uuid> when the merchant sends none
      customer_id text not null,
      pg_provider text not null,
      pg_id text not null,
      sandbox boolean not null,
      -- masked as the PG returned it; the full number is never stored
      card_number text,
      card_code text,
      card_name text,
      card_issuer_code text,
      card_issuer_name text,
      card_publisher_code text,
      card_publisher_name text,
      card_type integer,
      -- the PG's billing key, sealed with the master key, and the customerKey it is bound to
      billing_key_sealed text not null,
      pg_customer_key text not null,
      customer_name text,
      customer_tel text,
      customer_email text,
      customer_addr text,
      customer_postcode text,
      inserted_at timestamptz not null,
      updated_at timestamptz not null,
      -- re-registering a customer_uid retires the old row (payments keep pointing at the key they used)
      deleted_at timestamptz
    );
    create unique index customers_live_uid on customers (merchant_id, customer_uid) where deleted_at is null;

    -- key_in | billing | virtual_account: the PG call the attempt made with pg_idempotency_key
    alter table payments add column pg_call text;
    -- the billing key row a billing charge used, so a repeat goes to the very same key
    alter table payments add column customer_ref bigint references customers(id);
    -- when the reconciler should next ask the PG about an approving/unknown attempt, how often it asked, what it heard
    alter table payments add column pg_next_check_at timestamptz;
    alter table payments add column pg_check_count integer not null default 0;
    alter table payments add column pg_last_error text;
    create index payments_pg_check on payments (pg_next_check_at) where state in ('approving', 'unknown');
    create index payments_customer on payments (merchant_id, customer_uid, started_at desc) where customer_uid is not null;

    alter table cancellations add column pg_next_check_at timestamptz;
    alter table cancellations add column pg_check_count integer not null default 0;
    alter table cancellations add column pg_last_error text;
    create index cancellations_pg_check on cancellations (pg_next_check_at) where state in ('requested', 'unknown');
    -- one cancellation in flight per payment at a time: the balance it was computed from must not move under it
    create unique index cancellations_one_in_flight on cancellations (imp_uid) where state in ('requested', 'unknown');
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    drop index cancellations_one_in_flight; drop index cancellations_pg_check;
    alter table cancellations drop column pg_last_error; alter table cancellations drop column pg_check_count;
    alter table cancellations drop column pg_next_check_at;
    drop index payments_customer; drop index payments_pg_check;
    alter table payments drop column pg_last_error; alter table payments drop column pg_check_count;
    alter table payments drop column pg_next_check_at; alter table payments drop column customer_ref;
    alter table payments drop column pg_call;
    drop table customers;
  `);
}
