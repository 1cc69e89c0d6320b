// Opens the store: a PostgreSQL server through `pg` when a URL is given, otherwise PGlite (PostgreSQL compiled to
// WebAssembly) with its files under the data directory. Both speak the same SQL, so one set of migrations serves both.
import fs from 'node:fs';
import path from 'node:path';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import { Kysely, PostgresDialect, type Dialect } from 'kysely';
import pg from 'pg';
import { PGliteDialect } from './pglite-dialect.ts';
import { PreparingClient } from './prepared-statements.ts';

export type StoreKind = 'postgres' | 'pglite';

export interface Store<DB> {
  db: Kysely<DB>;
  kind: StoreKind;
  /** A short description for logs, never containing a password. */
  describe: string;
  close(): Promise<void>;
}

/** Money and counters are `bigint` columns; JavaScript numbers hold every amount we accept exactly (< 2^53). */
function parseInt8(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`bigint value ${value} exceeds the safe integer range`);
  return n;
}

pg.types.setTypeParser(pg.types.builtins.INT8, parseInt8);

/**
 * How long an unused connection stays open. pg's default, 10 s, closed the pool after any quiet spell, and the next
 * burst of payments then waited for up to ten new server processes to start and prepare their statements — on two
 * cores a 0.6 s stall at the start of each burst in the payment benchmark. Ten minutes covers the gaps a shop sees
 * between bursts; TCP keep-alive lets a connection a firewall dropped meanwhile fail fast instead of hanging.
 */
export const IDLE_CONNECTION_MS = 10 * 60_000;

export interface OpenStoreOptions {
  databaseUrl: string | null;
  /** Directory for PGlite's files; `null` keeps the embedded database in memory (tests). */
  dataDir: string | null;
  poolSize?: number;
  /**
   * For an in-memory PGlite: the files of an empty cluster (`PGlite.dumpDataDir()`) to start from instead of running
   * initdb, which in WebAssembly takes seconds. Tests open hundreds of stores; the server opens one.
   */
  pgliteFiles?: Blob;
}

export async function openStore<DB>(options: OpenStoreOptions): Promise<Store<DB>> {
  let dialect: Dialect;
  let kind: StoreKind;
  let describe: string;
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.poolSize ?? 10,
      Client: PreparingClient,
      idleTimeoutMillis: IDLE_CONNECTION_MS,
      keepAlive: true,
    });
    // An idle client's error (server restart) must not crash the process; the next query reconnects.
    pool.on('error', () => {});
    dialect = new PostgresDialect({ pool });
    kind = 'postgres';
    const url = new URL(options.databaseUrl);
    describe = `postgres://${url.host}${url.pathname}`;
  } else {
    const dir = options.dataDir ? path.join(options.dataDir, 'pglite') : undefined;
    if (dir) fs.mkdirSync(dir, { recursive: true });
    const pglite = new PGlite({
      dataDir: dir,
      loadDataDir: dir ? undefined : options.pgliteFiles,
      parsers: { [pgliteTypes.INT8]: parseInt8 },
    });
    await pglite.waitReady;
    dialect = new PGliteDialect(pglite);
    kind = 'pglite';
    describe = dir ? `pglite:${dir}` : 'pglite:memory';
  }
  const db = new Kysely<DB>({ dialect });
  return {
    db,
    kind,
    describe,
    async close() {
      await db.destroy();
    },
  };
}
