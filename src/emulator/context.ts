// What every emulator service needs: the emulator's schema, the clock it may move, a logger, and its own public URL
// (for receipt and checkout links).
import type { Kysely } from 'kysely';
import type { AdjustableClock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { EMULATOR_SCHEMA } from './store/migrations.ts';

export interface EmulatorContext {
  /** Kysely scoped to the emulator's schema. */
  db: Kysely<any>;
  clock: AdjustableClock;
  logger: Logger;
  publicUrl: string;
}

export function scoped(root: Kysely<any>): Kysely<any> {
  return root.withSchema(EMULATOR_SCHEMA);
}
