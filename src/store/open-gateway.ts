// Brings the gateway's tables to the current schema and checks that the master key is the one the store was written
// with (a different key would make every sealed secret unreadable).
import type { Kysely } from 'kysely';
import type { SecretBox } from '../lib/secrets.ts';
import { migrate } from './migrate.ts';
import { gatewayMigrations } from './migrations/index.ts';
import { GATEWAY_SCHEMA, type GatewayDb } from './schema.ts';

export const gatewayMigrationSet = { schema: GATEWAY_SCHEMA, migrations: gatewayMigrations };

export async function migrateGateway(rootDb: Kysely<any>): Promise<string[]> {
  return migrate(rootDb, gatewayMigrationSet);
}

export async function checkMasterKey(db: GatewayDb, secrets: SecretBox): Promise<void> {
  const fingerprint = secrets.fingerprint();
  await db
    .insertInto('settings')
    .values({ name: 'master_key_fingerprint', value: fingerprint })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const stored = await db
    .selectFrom('settings')
    .select('value')
    .where('name', '=', 'master_key_fingerprint')
    .executeTakeFirstOrThrow();
  if (stored.value !== fingerprint) {
    throw new Error(
      'TOLLGATE_MASTER_KEY is not the key this database was written with; sealed secrets (Toss secret keys, billing ' +
        'keys) could not be read. Start with the original key.',
    );
  }
}
