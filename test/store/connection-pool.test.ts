// The PostgreSQL pool keeps its connections through a quiet spell: with pg's default idle timeout (10 s) the first
// payments after a pause waited for new server processes to start and prepare their statements.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CompiledQuery } from 'kysely';
import type { Store } from '../../src/store/database.ts';
import { openTestStore } from '../helpers/stores.ts';

let store: Store<any>;
before(async () => {
  store = await openTestStore('postgres', 1);
});
after(async () => store?.close());

const backendPid = async () =>
  (await store.db.executeQuery<{ pid: number }>(CompiledQuery.raw('select pg_backend_pid() as pid'))).rows[0].pid;

it('serves the query after 11 s of quiet on the connection it already had', async () => {
  const first = await backendPid();
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  assert.equal(await backendPid(), first);
});
