// The development clock's offset, shared by every node through the settings table: moving time on one node moves it
// on all of them (each picks it up within a second).
import { sql } from 'kysely';
import type { GatewayDb } from '../schema.ts';

const SETTING = 'clock_offset_ms';

export async function readClockOffset(db: GatewayDb): Promise<number> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', SETTING).executeTakeFirst();
  return row ? Number(row.value) : 0;
}

/** Adds to the shared offset in one statement, so two operators advancing at once both count. */
export async function addClockOffset(db: GatewayDb, ms: number): Promise<number> {
  const row = await db
    .insertInto('settings')
    .values({ name: SETTING, value: String(ms) })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ value: sql<string>`(settings.value::bigint + ${ms}::bigint)::text` }),
    )
    .returning('value')
    .executeTakeFirstOrThrow();
  return Number(row.value);
}
