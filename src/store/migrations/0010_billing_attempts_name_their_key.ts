// A billing charge's attempt always names the stored key it charges. Besides keeping the data honest, this lets the
// attempt of `again` read its key in its own insert statement: when the customer_uid has no key, the insert breaks
// this rule and nothing is written. NOT VALID: enforced for new rows, without rescanning existing ones.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    alter table payments add constraint payments_billing_names_its_key
      check (pg_call is distinct from 'billing' or customer_ref is not null) not valid;
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `alter table payments drop constraint payments_billing_names_its_key;`);
}
