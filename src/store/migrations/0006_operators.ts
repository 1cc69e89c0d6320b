// Console operators: accounts, which merchants each may see, database sessions (so every node honours them) and the
// login attempts that throttle password guessing across nodes. Plus the indexes the console's payment list pages on.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    create table operators (
      id bigserial primary key,
      email text not null unique,
      -- scrypt$<log2 N>$<r>$<p>$<salt>$<hash>
      password_hash text not null,
      -- an owner sees every merchant; others only those granted in operator_merchants
      owner boolean not null default false,
      created_at timestamptz not null,
      disabled_at timestamptz
    );

    create table operator_merchants (
      operator_id bigint not null references operators(id),
      merchant_id bigint not null references merchants(id),
      primary key (operator_id, merchant_id)
    );

    create table operator_sessions (
      -- sha-256 of the cookie's value: a leaked table does not yield live sessions
      token_hash text primary key,
      operator_id bigint not null references operators(id),
      -- sent back in every state-changing form and compared server-side
      csrf_token text not null,
      -- a one-shot notice shown on the next page (after a redirect)
      flash text,
      created_at timestamptz not null,
      expires_at timestamptz not null
    );
    create index operator_sessions_operator on operator_sessions (operator_id);
    create index operator_sessions_expiry on operator_sessions (expires_at);

    create table operator_login_failures (
      id bigserial primary key,
      email text not null,
      ip text not null,
      failed_at timestamptz not null
    );
    create index operator_login_failures_email on operator_login_failures (email, failed_at desc);
    create index operator_login_failures_ip on operator_login_failures (ip, failed_at desc);

    -- the console pages payments newest first by (started_at, imp_uid), with or without a status or buyer filter
    create index payments_console_started on payments (merchant_id, started_at desc, imp_uid desc);
    create index payments_console_status on payments (merchant_id, status, started_at desc, imp_uid desc);
    create index payments_console_buyer_name on payments (merchant_id, buyer_name) where buyer_name is not null;
    create index payments_console_buyer_email on payments (merchant_id, buyer_email) where buyer_email is not null;
    create index payments_console_buyer_tel on payments (merchant_id, buyer_tel) where buyer_tel is not null;
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    drop index payments_console_buyer_tel; drop index payments_console_buyer_email; drop index payments_console_buyer_name;
    drop index payments_console_status; drop index payments_console_started;
    drop table operator_login_failures; drop table operator_sessions; drop table operator_merchants; drop table operators;
  `);
}
