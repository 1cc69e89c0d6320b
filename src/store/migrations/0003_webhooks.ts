// Merchant webhooks (V1 notice_url): each merchant's delivery settings, the events written in the same transaction as
// the payment change that caused them, one delivery per event and target URL, and every attempt made.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    create table merchant_webhook_settings (
      merchant_id bigint primary key references merchants(id),
      -- the console URL, used when a payment names no notice_url of its own
      default_url text,
      content_type text not null default 'json' check (content_type in ('json', 'form')),
      signing_enabled boolean not null default false,
      -- Standard Webhooks secret (whsec_...), sealed with the master key
      signing_secret_sealed text,
      -- seconds to wait before each attempt (the first counted from the event), as many entries as attempts
      retry_schedule jsonb not null default '[0, 5, 300, 1800, 7200, 18000, 36000, 36000]',
      connect_timeout_ms integer not null default 10000 check (connect_timeout_ms > 0),
      read_timeout_ms integer not null default 30000 check (read_timeout_ms > 0),
      updated_at timestamptz not null
    );

    create table webhook_events (
      id bigserial primary key,
      merchant_id bigint not null references merchants(id),
      imp_uid text not null,
      merchant_uid text not null,
      status text not null check (status in ('paid', 'ready', 'failed', 'cancelled')),
      cancellation_id text,
      -- the URLs resolved when the event happened: later changes of the console URL do not retarget it
      targets jsonb not null,
      -- the V1 body exactly as sent: imp_uid, merchant_uid, status (+ cancellation_id)
      body jsonb not null,
      created_at timestamptz not null
    );
    create index webhook_events_payment on webhook_events (merchant_id, imp_uid, created_at);
    create index webhook_events_merchant on webhook_events (merchant_id, created_at desc);

    create table webhook_deliveries (
      id bigserial primary key,
      event_id bigint not null references webhook_events(id),
      merchant_id bigint not null references merchants(id),
      url text not null,
      -- pending: not tried yet, failed: the last attempt failed and another is scheduled, delivered: answered 2xx,
      -- dead: every attempt of the schedule failed (a resend re-arms it)
      state text not null check (state in ('pending', 'delivered', 'failed', 'dead')),
      attempt_count integer not null default 0,
      -- when the next attempt is due (while an attempt is in flight: when its claim lapses)
      next_attempt_at timestamptz,
      last_attempt_at timestamptz,
      last_status integer,
      last_error text,
      delivered_at timestamptz,
      created_at timestamptz not null,
      updated_at timestamptz not null,
      unique (event_id, url)
    );
    create index webhook_deliveries_due on webhook_deliveries (next_attempt_at) where state in ('pending', 'failed');
    create index webhook_deliveries_merchant on webhook_deliveries (merchant_id, created_at desc);

    create table webhook_attempts (
      id bigserial primary key,
      delivery_id bigint not null references webhook_deliveries(id),
      attempted_at timestamptz not null,
      -- null when no HTTP answer came (refused, timed out, blocked)
      http_status integer,
      duration_ms integer not null,
      -- the first kilobyte of the answer, for the console's log
      response_excerpt text,
      error text
    );
    create index webhook_attempts_delivery on webhook_attempts (delivery_id, attempted_at);
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    drop table webhook_attempts; drop table webhook_deliveries; drop table webhook_events;
    drop table merchant_webhook_settings;
  `);
}
