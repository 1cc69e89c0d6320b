// The emulator's clock offset is stored, so moving time survives a restart and every process over the store agrees.
import type { Kysely } from 'kysely';
import type { AdjustableClock } from '../lib/clock.ts';

const NAME = 'clock_offset_ms';

export async function loadClockOffset(db: Kysely<any>, clock: AdjustableClock): Promise<void> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', NAME).executeTakeFirst();
  const offset = row ? Number(row.value) : 0;
  if (Number.isFinite(offset) && offset > clock.offset) clock.setOffset(offset);
}

export async function advanceClock(db: Kysely<any>, clock: AdjustableClock, ms: number): Promise<void> {
  await loadClockOffset(db, clock);
  clock.advance(ms);
  await db
    .insertInto('settings')
    .values({ name: NAME, value: String(clock.offset) })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: String(clock.offset) }))
    .execute();
}
