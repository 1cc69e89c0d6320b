// Migration 0009 on an installation that already has operators: the admin it makes is one who may already see every
// merchant and can still sign in — never a disabled account, nor one confined to some merchants while an owner exists.
import assert from 'node:assert/strict';
import { after, it } from 'node:test';
import { sql } from 'kysely';
import { describeEachStore, openTestStore } from '../helpers/stores.ts';
import { migrateGateway } from '../../src/store/open-gateway.ts';
import { GATEWAY_SCHEMA } from '../../src/store/schema.ts';
import * as operatorAdmins from '../../src/store/migrations/0009_operator_admins.ts';
import type { Store } from '../../src/store/database.ts';

describeEachStore('migration 0009: the first admin', (kind) => {
  const stores: Store<any>[] = [];
  after(async () => {
    for (const store of stores) await store.close();
  });

  /** The admins migration 0009 makes of these operators, created in this order before it ran. */
  async function adminsAfterUpgrade(operators: { email: string; owner: boolean; disabled: boolean }[]): Promise<string[]> {
    const store = await openTestStore(kind);
    stores.push(store);
    await migrateGateway(store.db);
    return store.db.transaction().execute(async (tx) => {
      // As the migrator runs it: the gateway's schema first on the search path.
      await sql`set local search_path to ${sql.id(GATEWAY_SCHEMA)}`.execute(tx);
      await operatorAdmins.down(tx);
      for (const o of operators) {
        await sql`insert into operators (email, password_hash, owner, created_at, disabled_at)
          values (${o.email}, 'x', ${o.owner}, now(), ${o.disabled ? sql`now()` : null})`.execute(tx);
      }
      await operatorAdmins.up(tx);
      const { rows } = await sql<{ email: string }>`select email from operators where admin order by email`.execute(tx);
      return rows.map((r) => r.email);
    });
  }

  it('makes the first enabled owner the admin, not an earlier disabled or confined operator', async () => {
    assert.deepEqual(await adminsAfterUpgrade([
      { email: 'gone@example.com', owner: true, disabled: true },
      { email: 'clerk@example.com', owner: false, disabled: false },
      { email: 'boss@example.com', owner: true, disabled: false },
      { email: 'later-boss@example.com', owner: true, disabled: false },
    ]), ['boss@example.com']);
  });

  it('without an enabled owner, makes the first enabled operator the admin', async () => {
    assert.deepEqual(await adminsAfterUpgrade([
      { email: 'gone@example.com', owner: true, disabled: true },
      { email: 'clerk@example.com', owner: false, disabled: false },
      { email: 'other-clerk@example.com', owner: false, disabled: false },
    ]), ['clerk@example.com']);
  });

  it('with a single operator, makes it the admin', async () => {
    assert.deepEqual(await adminsAfterUpgrade([{ email: 'only@example.com', owner: false, disabled: false }]), ['only@example.com']);
  });
});
