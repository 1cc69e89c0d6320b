// Three gateway processes over one PostgreSQL database, 1,000 schedules falling due at the same moment: each is charged
// exactly once at the Toss emulator, and killing one process with SIGKILL in the middle changes nothing of that.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import crypto from 'node:crypto';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { createTestDatabase } from '../helpers/stores.ts';
import { CARDS } from '../helpers/toss.ts';
import { loadConfig } from '../../src/config.ts';
import { createGatewayContext, type GatewayContext } from '../../src/context.ts';
import { AdjustableClock, unixSeconds } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { SecretBox } from '../../src/lib/secrets.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { checkMasterKey, migrateGateway } from '../../src/store/open-gateway.ts';
import { advanceGatewayClock } from '../../src/jobs/gateway-clock.ts';
import { buildEmulatorApp, createEmulatorMerchant, emulatorMigrationSet } from '../../src/emulator/index.ts';

const SCHEDULES = 1000;
const NODE_SCRIPT = path.resolve('test/schedules/fixtures/gateway-node.ts');

interface Node {
  child: ChildProcess;
  exited: Promise<unknown>;
  output: () => string;
}

function startNode(env: NodeJS.ProcessEnv): Promise<Node> {
  const child = spawn(process.execPath, ['--import', 'tsx', NODE_SCRIPT], { env: { ...process.env, ...env } });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', resolve));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`node did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      if (output.includes('ready')) {
        clearTimeout(timer);
        resolve({ child, exited, output: () => output });
      }
    });
    child.once('exit', () => reject(new Error(`node exited early:\n${output}`)));
  });
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('three nodes charge 1,000 simultaneous schedules exactly once, one of them killed midway', { timeout: 240_000 }, async () => {
  const database = await createTestDatabase();
  const masterKey = crypto.randomBytes(32);
  const logger = createLogger('silent');
  const store: Store<any> = await openStore({ databaseUrl: database.url, dataDir: null });
  let emulator: FastifyInstance | null = null;
  const nodes: Node[] = [];
  try {
    await migrateGateway(store.db);
    await migrate(store.db, emulatorMigrationSet);
    const secrets = new SecretBox(masterKey);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: database.url });
    const ctx: GatewayContext = createGatewayContext({ config, store, clock: new AdjustableClock(), logger, secrets });
    await checkMasterKey(ctx.db, secrets);

    emulator = await buildEmulatorApp({ db: store.db, clock: new AdjustableClock(), logger, publicUrl: 'http://127.0.0.1' });
    await emulator.listen({ port: 0, host: '127.0.0.1' });
    const address = emulator.server.address();
    const emulatorUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
    const toss = await createEmulatorMerchant(store.db, {});
    const merchant = await ctx.merchants.create({ name: 'Subscription shop' });
    await ctx.merchants.addTossChannel(merchant.id, {
      type: 'api_payment', mid: toss.mid, clientKey: toss.clientKey, secretKey: toss.secretKey,
      apiBaseUrl: emulatorUrl, scriptUrl: `${emulatorUrl}/v1/payment`, sandbox: true,
    });
    await ctx.payments.billingKeys.register(merchant.id, 'cu_nodes', { ...CARDS.good });
    const dueAt = unixSeconds(ctx.clock.now()) + 600;
    for (let start = 0; start < SCHEDULES; start += 250) {
      await ctx.schedules.schedule(merchant.id, {
        customer_uid: 'cu_nodes',
        schedules: Array.from({ length: 250 }, (_, i) => ({
          merchant_uid: `nodes-${start + i}`, schedule_at: dueAt, amount: 1000 + start + i, name: '정기결제',
        })),
      });
    }

    const env = { NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: database.url, TOLLGATE_MASTER_KEY: masterKey.toString('hex'), TOSS_EMULATOR: 'off' };
    nodes.push(...(await Promise.all([startNode(env), startNode(env), startNode(env)])));

    const paidCount = async () =>
      Number((await ctx.db.selectFrom('payments').select((eb) => eb.fn.countAll<string>().as('n')).where('state', '=', 'paid').executeTakeFirstOrThrow()).n);
    // Every schedule falls due at once, on every node.
    await advanceGatewayClock(ctx, 601_000);
    await until('the first charges', async () => (await paidCount()) >= SCHEDULES / 5, 60_000);
    nodes[0]!.child.kill('SIGKILL');
    await nodes[0]!.exited;
    // What the killed node held is taken over once its claims lapse; moving time gets there without waiting.
    await new Promise((r) => setTimeout(r, 1000));
    await advanceGatewayClock(ctx, 300_000);
    const executed = async () =>
      Number((await ctx.db.selectFrom('payment_schedules').select((eb) => eb.fn.countAll<string>().as('n')).where('state', '=', 'executed').executeTakeFirstOrThrow()).n);
    await until('every schedule to be executed', async () => (await executed()) === SCHEDULES, 120_000);

    const schedules = await ctx.db.selectFrom('payment_schedules').select(['merchant_uid', 'imp_uid', 'payment_status']).execute();
    assert.equal(schedules.filter((s) => s.payment_status === 'paid').length, SCHEDULES);
    const attempts = await ctx.db.selectFrom('payments').select(['merchant_uid', 'imp_uid', 'state', 'amount']).execute();
    const paid = attempts.filter((a) => a.state === 'paid');
    assert.equal(paid.length, SCHEDULES);
    assert.equal(new Set(paid.map((a) => a.merchant_uid)).size, SCHEDULES, 'one paid payment per schedule');
    const atToss = await store.db
      .withSchema(emulatorMigrationSet.schema)
      .selectFrom('payments')
      .select(['order_id', 'status', 'total_amount'])
      .where('mid', '=', toss.mid)
      .execute();
    const charged = atToss.filter((p) => p.status === 'DONE');
    assert.equal(charged.length, SCHEDULES, `charges at the PG: ${charged.length}`);
    assert.equal(new Set(charged.map((p) => p.order_id)).size, SCHEDULES);
    const byImpUid = new Map(schedules.map((s) => [s.imp_uid, s.merchant_uid]));
    for (const p of charged) assert.ok(byImpUid.has(p.order_id), `charge ${p.order_id} belongs to a schedule`);
    const amounts = new Map(paid.map((a) => [a.merchant_uid, a.amount]));
    for (let i = 0; i < SCHEDULES; i++) assert.equal(amounts.get(`nodes-${i}`), 1000 + i);
  } finally {
    for (const node of nodes) if (node.child.exitCode === null) node.child.kill('SIGTERM');
    await Promise.all(nodes.map((n) => n.exited));
    await emulator?.close();
    await store.close();
    await database.drop();
  }
});
