// The statements every payment runs find their row by primary key even on a table PostgreSQL has not analyzed yet
// (a new installation): the merchant is checked, not searched. Planned both ways the server may choose — a custom
// plan (the first executions of a prepared statement) and the generic plan it keeps afterwards.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import { CompiledQuery, type Kysely } from 'kysely';
import pg from 'pg';
import { paymentRepository } from '../../src/store/repositories/payments.ts';
import { paymentQueries } from '../../src/store/repositories/payments-read.ts';
import { migrateGateway } from '../../src/store/open-gateway.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { createTestDatabase } from '../helpers/stores.ts';

let database: Awaited<ReturnType<typeof createTestDatabase>>;
let store: Store<any>;
before(async () => {
  database = await createTestDatabase();
  store = await openStore({ databaseUrl: database.url, dataDir: null, poolSize: 1 });
  await migrateGateway(store.db);
});
after(async () => {
  await store?.close();
  await database?.drop();
});

/** The statements a repository sends, caught before they reach the server (which is not asked to run them). */
function capturing(db: Kysely<any>) {
  const sent: CompiledQuery[] = [];
  const spy = new Proxy(db, {
    get(target, property) {
      if (property === 'executeQuery') {
        return async (query: CompiledQuery) => {
          sent.push(query);
          return { rows: [] };
        };
      }
      const value = Reflect.get(target, property, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  return { spy, sent };
}

const literal = (value: unknown) =>
  value === null || value === undefined ? 'null'
  : typeof value === 'number' ? String(value)
  : pg.Client.prototype.escapeLiteral(value instanceof Date ? value.toISOString() : String(value));

/** Index scans on tollgate.payments in the statement's plan, with plan_cache_mode set to `mode`. */
async function paymentIndexes(query: CompiledQuery, mode: 'force_custom_plan' | 'force_generic_plan'): Promise<string[]> {
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`set plan_cache_mode = ${mode}`);
    await client.query('set search_path = tollgate');
    await client.query(`prepare probe as ${query.sql}`);
    const { rows } = await client.query(`explain (format json) execute probe(${query.parameters.map(literal).join(', ')})`);
    const found: string[] = [];
    const walk = (node: any) => {
      if (node['Relation Name'] === 'payments' && node['Node Type'] !== 'ModifyTable') found.push(node['Index Name'] ?? node['Node Type']);
      for (const child of node.Plans ?? []) walk(child);
    };
    walk(rows[0]['QUERY PLAN'][0].Plan);
    return found;
  } finally {
    await client.end();
  }
}

it('a payment\'s change (the outcome, its exchanges and webhook) updates its row through the primary key', async () => {
  const { spy, sent } = capturing(store.db);
  const now = new Date();
  await paymentRepository(spy).transitionToView(
    7, 'imp_123456789012', ['approving', 'unknown'], { state: 'paid', paid_at: now, updated_at: now }, 'paid',
    { merchantId: 7, impUid: 'imp_123456789012', exchanges: [{
      kind: 'pg', method: 'POST', target: '/v1/billing/…', status: 200, durationMs: 3,
      requestBody: '{}', responseBody: '{}', error: null, startedAt: now,
    }] },
  );
  const change = sent.find((q) => q.sql.includes('with changed as (update'));
  assert.ok(change, 'the change statement was sent');
  for (const mode of ['force_custom_plan', 'force_generic_plan'] as const) {
    assert.deepEqual(await paymentIndexes(change, mode), ['payments_pkey'], mode);
  }
});

it('the look-up by imp_uid reads its row through the primary key', async () => {
  const { spy, sent } = capturing(store.db);
  await paymentQueries(spy).byImpUid(7, 'imp_123456789012');
  assert.equal(sent.length, 1);
  for (const mode of ['force_custom_plan', 'force_generic_plan'] as const) {
    assert.deepEqual(await paymentIndexes(sent[0], mode), ['payments_pkey'], mode);
  }
});
