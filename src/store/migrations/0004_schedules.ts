// Scheduled (예약) billing-key payments. A due schedule is claimed by one worker, names the payment attempt it will
// make (imp_uid) before the PG is called, and is settled from that attempt's outcome, so a crash anywhere between claim
// and outcome can neither lose the charge nor make a second one.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    create table payment_schedules (
      id bigserial primary key,
      merchant_id bigint not null references merchants(id),
      customer_uid text not null,
      merchant_uid text not null,
      schedule_at timestamptz not null,
      currency text not null,
      -- money in the currency's minor unit
      amount bigint not null check (amount > 0),
      tax_free bigint not null default 0 check (tax_free >= 0),
      vat_amount bigint,
      card_quota integer not null default 0,
      name text,
      buyer_name text,
      buyer_email text,
      buyer_tel text,
      buyer_addr text,
      buyer_postcode text,
      custom_data text,
      notice_urls jsonb not null default '[]',
      channel_key text,
      -- scheduled: waiting for schedule_at, executing: held by a worker until claimed_until, executed: attempted
      -- (payment_status says how), revoked: withdrawn by the merchant
      state text not null check (state in ('scheduled', 'executing', 'executed', 'revoked')),
      claimed_until timestamptz,
      -- the payment attempt of the current run, written before the PG call
      imp_uid text,
      -- bumped by every retry and reschedule: the PG Idempotency-Key of a run is derived from it
      run integer not null default 0,
      payment_status text check (payment_status in ('paid', 'failed', 'cancelled')),
      fail_reason text,
      pg_provider text,
      pg_id text,
      customer_id text,
      executed_at timestamptz,
      revoked_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (merchant_id, merchant_uid)
    );
    create index payment_schedules_due on payment_schedules (schedule_at) where state = 'scheduled';
    create index payment_schedules_held on payment_schedules (claimed_until) where state = 'executing';
    create index payment_schedules_range on payment_schedules (merchant_id, schedule_at);
    create index payment_schedules_customer on payment_schedules (merchant_id, customer_uid, schedule_at);
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, 'drop table payment_schedules');
}
