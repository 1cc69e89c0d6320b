// The outbound HTTP exchanges of a payment (PG calls, the merchant's confirm_url), masked, for the console's timeline.
// No foreign keys: a row is written only in the transaction (or statement) of its payment's outcome, and the
// hot payment paths should not pay for a key check on every insert.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    create table payment_exchanges (
      id bigserial primary key,
      merchant_id bigint not null,
      imp_uid text not null,
      kind text not null check (kind in ('pg', 'confirm_url')),
      method text not null,
      -- a PG path with secrets masked, or the merchant's confirm_url
      target text not null,
      -- null when nothing came back (timeout, dropped connection, refused target)
      http_status integer,
      duration_ms integer not null,
      -- masked and cut to 8 KB by whoever made the call; never an Authorization header
      request_body text,
      response_body text,
      error text,
      started_at timestamptz not null
    );
    create index payment_exchanges_timeline on payment_exchanges (merchant_id, imp_uid, started_at, id);
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop table payment_exchanges;`);
}
