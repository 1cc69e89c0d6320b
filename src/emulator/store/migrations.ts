import type { MigrationSet } from '../../store/migrate.ts';
import * as emulator from './0001_emulator.ts';
import * as webhookResponses from './0002_webhook_responses.ts';

export const EMULATOR_SCHEMA = 'toss_emulator';

export const emulatorMigrationSet: MigrationSet = {
  schema: EMULATOR_SCHEMA,
  migrations: { '0001_emulator': emulator, '0002_webhook_responses': webhookResponses },
};
