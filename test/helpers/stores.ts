// Every store-touching test runs on both stores: PGlite in memory and a fresh database on a PostgreSQL server.
// TEST_DATABASE_URL names the server (default: the local trust-auth server's `test` database); a test database is
// created per store and dropped when it closes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
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

/**
 * The files of an empty PGlite cluster, made once per machine and PGlite version under the temporary directory: a
 * store started from them skips initdb (seconds in WebAssembly, for each of the suite's many stores). Written to a
 * private name and renamed, so concurrent test processes never read half a file.
 */
let emptyCluster: Promise<Blob> | undefined;
export function emptyPgliteCluster(): Promise<Blob> {
  emptyCluster ??= (async () => {
    const { version } = JSON.parse(fs.readFileSync(new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url), 'utf8'));
    const file = path.join(os.tmpdir(), `tollgate-test-pglite-${version}-empty.tar`);
    if (!fs.existsSync(file)) {
      const fresh = await PGlite.create();
      const files = await fresh.dumpDataDir('none');
      await fresh.close();
      const partial = `${file}.${process.pid}.partial`;
      fs.writeFileSync(partial, Buffer.from(await files.arrayBuffer()));
      fs.renameSync(partial, file);
    }
    return new Blob([fs.readFileSync(file)]);
  })();
  return emptyCluster;
}

export async function openTestStore<DB = any>(kind: StoreKind, poolSize?: number): Promise<Store<DB>> {
  if (kind === 'pglite') return openStore<DB>({ databaseUrl: null, dataDir: null, pgliteFiles: await emptyPgliteCluster() });
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
