// Statements marked PREPARED are prepared once per connection on a PostgreSQL server; a table changed under them (a
// newer node's migration) must not leave them failing.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CompiledQuery } from 'kysely';
import { PREPARED } from '../../src/store/prepared-statements.ts';
import type { Store } from '../../src/store/database.ts';
import { openTestStore } from '../helpers/stores.ts';

let store: Store<any>;
before(async () => {
  store = await openTestStore('postgres', 1);
  await store.db.executeQuery(CompiledQuery.raw('create table probe (id int primary key, name text)'));
  await store.db.executeQuery(CompiledQuery.raw("insert into probe values (1, 'one'), (2, 'two')"));
});
after(async () => store?.close());

const select = (id: number) => store.db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(`${PREPARED}select * from probe where id = $1`, [id]));

it('runs a marked statement as a named prepared statement on the server', async () => {
  assert.deepEqual((await select(1)).rows, [{ id: 1, name: 'one' }]);
  assert.deepEqual((await select(2)).rows, [{ id: 2, name: 'two' }]);
  const prepared = await store.db.executeQuery<{ name: string; statement: string }>(
    CompiledQuery.raw('select name, statement from pg_prepared_statements'),
  );
  assert.equal(prepared.rows.length, 1);
  assert.match(prepared.rows[0].name, /^tg_[0-9a-f]{20}_\d+$/);
  assert.ok(prepared.rows[0].statement.startsWith(PREPARED));
});

it('prepares again when the table changed under a `select *`', async () => {
  await store.db.executeQuery(CompiledQuery.raw('alter table probe add column note text'));
  assert.deepEqual((await select(1)).rows, [{ id: 1, name: 'one', note: null }]);
  assert.deepEqual((await select(2)).rows, [{ id: 2, name: 'two', note: null }]);
});

it('inside a transaction reports the changed table, not the aborted transaction, and works again after', async () => {
  assert.ok((await select(1)).rows.length);
  await store.db.executeQuery(CompiledQuery.raw('alter table probe add column extra int'));
  await assert.rejects(
    store.db.transaction().execute((tx) => tx.executeQuery(CompiledQuery.raw(`${PREPARED}select * from probe where id = $1`, [1]))),
    (error: any) => error.code === '0A000',
  );
  assert.deepEqual((await select(2)).rows, [{ id: 2, name: 'two', note: null, extra: null }]);
});
