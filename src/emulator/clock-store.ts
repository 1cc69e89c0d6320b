// Settings every emulator process over the store shares: the clock offset (so moving time survives a restart and
// every process agrees) and the app's public URL.
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

const PUBLIC_URL = 'public_url';

/** The app records the URL it is reached at, so workers in any process write the same links into webhook payloads. */
export async function savePublicUrl(db: Kysely<any>, url: string): Promise<void> {
  await db
    .insertInto('settings')
    .values({ name: PUBLIC_URL, value: url })
    .onConflict((oc) => oc.column('name').doUpdateSet({ value: url }))
    .execute();
}

export async function loadPublicUrl(db: Kysely<any>): Promise<string | null> {
  const row = await db.selectFrom('settings').select('value').where('name', '=', PUBLIC_URL).executeTakeFirst();
  return row?.value ?? null;
}
