// Issued virtual accounts are looked up at Toss once their due date has passed, in case the webhook that would have
// reported a deposit or the expiry never arrived: an index over the ones due for that check.
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    create index payments_vbank_check on payments (pg_next_check_at) where state = 'ready' and pay_method = 'vbank';
  `);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop index payments_vbank_check;`);
}
