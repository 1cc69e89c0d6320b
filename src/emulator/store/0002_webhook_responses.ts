// What the merchant's endpoint answered to each webhook attempt (the start of its body), so the developer center can
// show why a delivery keeps failing without a look at the receiver's logs.
import type { Kysely } from 'kysely';
import { runScript } from '../../store/script.ts';

export async function up(db: Kysely<any>): Promise<void> {
  await runScript(db, `
    alter table webhook_attempts add column response_body text;
  `);
}
