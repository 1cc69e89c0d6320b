// Hosted checkout windows: what the merchant page asked for and how to answer it, kept beside the payment attempt
// (or, for a billing-key window, instead of one) until the buyer comes back from the PG's window.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    create table checkout_windows (
      -- random bearer of one window: knowing an imp_uid is not enough to open or finish it
      token text primary key,
      merchant_id bigint not null references merchants(id),
      channel_id bigint not null references channels(id),
      kind text not null check (kind in ('payment', 'billing')),
      -- null for a billing-key window, which moves no money
      imp_uid text references payments(imp_uid),
      merchant_uid text not null,
      -- iframe: overlay over the merchant page, answered by postMessage to parent_origin; redirect: m_redirect_url
      mode text not null check (mode in ('iframe', 'redirect')),
      parent_origin text,
      redirect_url text,
      -- the request_pay parameters as read by core, for the hand-off to the PG's browser SDK
      request jsonb not null,
      -- billing-key window: the customerKey the PG binds the key to
      pg_customer_key text,
      state text not null check (state in ('open', 'finished')),
      -- the callback's argument once finished, so a reload shows the same answer
      result jsonb,
      created_at timestamptz not null,
      finished_at timestamptz
    );
    create index checkout_windows_payment on checkout_windows (imp_uid);
    create index checkout_windows_open on checkout_windows (created_at) where state = 'open';
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop table checkout_windows;`);
}
