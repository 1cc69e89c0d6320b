// Applies migrations with Kysely's migrator. Each part that owns tables (the gateway, the emulator) has its own
// schema and its own migration history, so they evolve independently over one database.
import { Migrator, sql, type Kysely, type Migration } from 'kysely';

export interface MigrationSet {
  /** PostgreSQL schema holding the part's tables and its migration history. */
  schema: string;
  migrations: Record<string, Migration>;
}

export async function migrate(db: Kysely<any>, set: MigrationSet): Promise<string[]> {
  await sql`create schema if not exists ${sql.id(set.schema)}`.execute(db);
  const scoped = db.withSchema(set.schema);
  const migrator = new Migrator({
    db: scoped,
    provider: { getMigrations: async () => inSchema(set) },
    migrationTableSchema: set.schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/**
 * Runs every migration with the part's schema as the search path, so migration scripts name tables plainly. The
 * migrator wraps each migration in a transaction, which keeps `set local` to that migration.
 */
function inSchema(set: MigrationSet): Record<string, Migration> {
  const wrapped: Record<string, Migration> = {};
  for (const [name, migration] of Object.entries(set.migrations)) {
    wrapped[name] = {
      async up(db) {
        await sql`set local search_path to ${sql.id(set.schema)}`.execute(db);
        await migration.up(db);
      },
    };
  }
  return wrapped;
}
