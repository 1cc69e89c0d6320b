// payments_started (merchant_id, started_at desc) is a prefix of payments_console_started (merchant_id, started_at
// desc, imp_uid desc), which serves every query the shorter one did. Each payment wrote both twice: in its attempt's
// insert and again in its outcome's update (which changes indexed columns, so it cannot be a heap-only update).
import type { Kysely } from 'kysely';
import { runScript } from '../script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `drop index if exists payments_started;`);
}

export async function down(db: Kysely<any>): Promise<void> {
  await runScript(db, `create index if not exists payments_started on payments (merchant_id, started_at desc);`);
}
