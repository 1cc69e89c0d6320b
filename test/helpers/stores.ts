// Every store-touching test runs on both stores: PGlite in memory and a fresh database on a PostgreSQL server.
// TEST_DATABASE_URL names the server (default: the local trust-auth server's `test` database); a test database is
// created per store and dropped when it closes.
import crypto from 'node:crypto';
import { describe } from 'node:test';
import pg from 'pg';
import { openStore, type Store, type StoreKind } from '../../src/store/database.ts';

export const STORE_KINDS: StoreKind[] = ['pglite', 'postgres'];

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';

/** Creates an empty PostgreSQL database and returns its URL and a function dropping it. */
export async function createTestDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `tollgate_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}

export async function openTestStore<DB = any>(kind: StoreKind, poolSize?: number): Promise<Store<DB>> {
  if (kind === 'pglite') return openStore<DB>({ databaseUrl: null, dataDir: null });
  const database = await createTestDatabase();
  const store = await openStore<DB>({ databaseUrl: database.url, dataDir: null, poolSize });
  return {
    ...store,
    async close() {
      await store.close();
      await database.drop();
    },
  };
}

/** Declares the same suite once per store kind. */
export function describeEachStore(name: string, suite: (kind: StoreKind) => void): void {
  for (const kind of STORE_KINDS) describe(`${name} [${kind}]`, () => suite(kind));
}
