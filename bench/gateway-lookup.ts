// `npm run bench:lookup`: the gateway's payment look-up and token issue on PostgreSQL, against a bare Fastify + `pg`
// handler doing the same look-up, in one run. Each server and each load generator is its own process.
//
// Env: BENCH_DATABASE_URL (a server where a scratch database may be created; default TEST_DATABASE_URL or the local
// `test` database), BENCH_STEP_MS (5000), BENCH_FINAL_MS (15000), BENCH_START_RATE (250), BENCH_MAX_P99_MS (20),
// BENCH_ONLY (a part of the target names to measure), BENCH_CPU_PROF (a directory for the servers' CPU profiles).
import crypto from 'node:crypto';
import os from 'node:os';
import { sql } from 'kysely';
import pg from 'pg';
import { loadConfig } from '../src/config.ts';
import { createGatewayContext } from '../src/context.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { openStore } from '../src/store/database.ts';
import { checkMasterKey, migrateGateway } from '../src/store/open-gateway.ts';
import { GATEWAY_SCHEMA } from '../src/store/schema.ts';
import { findCapacities, type Capacity, type Target } from './lib/capacity.ts';
import { startServer, type ServerProcess } from './lib/processes.ts';

const SERVER_URL = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const STEP_MS = num('BENCH_STEP_MS', 5000);
const FINAL_MS = num('BENCH_FINAL_MS', 15000);
const START_RATE = num('BENCH_START_RATE', 250);
const MAX_P99_MS = num('BENCH_MAX_P99_MS', 20);
const IMP_UID = 'imp_100000000001';
const log = (line: string) => process.stdout.write(line + '\n');

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: SERVER_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** A fresh database with the gateway's schema, a merchant, and one paid card payment of that merchant. */
async function prepareDatabase(url: string, masterKey: Buffer) {
  const store = await openStore({ databaseUrl: url, dataDir: null });
  try {
    await migrateGateway(store.db);
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url });
    const secrets = new SecretBox(masterKey);
    const ctx = createGatewayContext({ config, store, clock: systemClock, logger: createLogger('warn'), secrets });
    await checkMasterKey(ctx.db, secrets);
    const merchant = await ctx.merchants.create({ name: 'Bench shop' });
    const now = new Date();
    await sql`
      insert into ${sql.id(GATEWAY_SCHEMA, 'payments')} (imp_uid, merchant_id, merchant_uid, state, pay_method, channel, pg_provider, pg_tid, name,
        currency, amount, buyer_name, buyer_email, card_code, card_name, card_number, card_quota, apply_num,
        custom_data, started_at, paid_at, updated_at, pg_order_id)
      values (${IMP_UID}, ${merchant.id}, 'order_bench_1', 'paid', 'card', 'pc', 'tosspayments',
        'tviva20261128000000', '벤치마크 상품', 'KRW', 15000, '홍길동', 'buyer@example.com', '361', 'BC카드',
        '433012******1234', 0, '30012345', '{"cart":[1,2,3]}', ${now}, ${now}, ${now}, ${IMP_UID})
    `.execute(ctx.db);
    return merchant;
  } finally {
    await store.close();
  }
}

function row(name: string, c: Capacity | undefined, bare: Capacity | undefined, note = ''): string {
  if (!c) return `| ${name} | — | — | — | — | — | — | — | — | ${note} |`;
  const h = c.atHalf;
  const ratio = bare && bare !== c && bare.maxRate > 0 ? `${((c.maxRate / bare.maxRate) * 100).toFixed(0)} %` : '';
  return `| ${name} | ${c.maxRate} | ${ratio} | ${h.targetRate} | ${h.achievedRate.toFixed(0)} | ${h.p50.toFixed(2)} | ` +
    `${h.p95.toFixed(2)} | ${h.p99.toFixed(2)} | ${h.errors} | ${h.serverCpuUsPerRequest.toFixed(0)}${note ? ` ${note}` : ''} |`;
}

async function main() {
  const dbName = `tollgate_bench_${Date.now()}`;
  await admin((c) => c.query(`create database ${dbName}`));
  const dbUrl = new URL(SERVER_URL);
  dbUrl.pathname = `/${dbName}`;
  const masterKey = crypto.randomBytes(32);
  const servers: ServerProcess[] = [];
  try {
    const merchant = await prepareDatabase(dbUrl.toString(), masterKey);
    const env = { DATABASE_URL: dbUrl.toString(), TOLLGATE_MASTER_KEY: masterKey.toString('hex'), LOG_LEVEL: 'info' };
    const gateway = await startServer('gateway', env);
    const bare = await startServer('bare', env);
    servers.push(gateway, bare);

    const credentials = JSON.stringify({ imp_key: merchant.impKey, imp_secret: merchant.impSecret });
    const tokenRes = await fetch(`${gateway.origin}/users/getToken`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: credentials,
    });
    const accessToken = ((await tokenRes.json()) as { response: { access_token: string } }).response.access_token;
    const lookupProbe = await fetch(`${gateway.origin}/payments/${IMP_UID}`, { headers: { authorization: accessToken } });
    const lookupReady = lookupProbe.status === 200;

    const token = `Bearer ${accessToken}`;
    const targets: Target[] = [
      { name: 'bare Fastify + pg: GET /payments/{imp_uid}', server: bare, request: { method: 'GET', path: `/payments/${IMP_UID}` } },
      ...(lookupReady
        ? [{ name: 'gateway: GET /payments/{imp_uid}', server: gateway,
            request: { method: 'GET', path: `/payments/${IMP_UID}`, headers: { authorization: token } } } satisfies Target]
        : []),
      { name: 'gateway: GET /users/pg', server: gateway,
        request: { method: 'GET', path: '/users/pg', headers: { authorization: token } } },
      { name: 'gateway: POST /users/getToken', server: gateway,
        request: { method: 'POST', path: '/users/getToken', headers: { 'content-type': 'application/json' }, body: credentials } },
    ];
    if (!lookupReady) log(`GET /payments/{imp_uid} answered ${lookupProbe.status}: the look-up route is not there yet, skipped`);
    // BENCH_ONLY=<text> measures only the targets whose name contains it (the bare reference always runs first).
    const only = process.env.BENCH_ONLY;
    if (only) targets.splice(1, targets.length, ...targets.slice(1).filter((t) => t.name.includes(only)));

    const pgVersion = await admin(async (c) => (await c.query('show server_version')).rows[0].server_version as string);
    log(`# ${new Date().toISOString()} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}) · node ${process.version} · ` +
      `PostgreSQL ${pgVersion} · load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    log(`# steps of ${STEP_MS} ms from ${START_RATE} req/s ×1.25; sustained = no errors, ≥95 % of the rate, p99 ≤ ${MAX_P99_MS} ms; ` +
      `final run ${FINAL_MS} ms at half the highest sustained rate`);
    const results = await findCapacities(targets, {
      startRate: START_RATE, growth: 1.25, stepMs: STEP_MS, finalMs: FINAL_MS, maxP99Ms: MAX_P99_MS, log,
    });
    log(`# finished ${new Date().toISOString()} · load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    log('\n| target | max sustained req/s | of bare | half rate req/s | achieved req/s | p50 ms | p95 ms | p99 ms | errors | server CPU µs/req |');
    log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const reference = results.get(targets[0].name);
    for (const { name } of targets) log(row(name, results.get(name), reference));
    if (!lookupReady) log(row('gateway: GET /payments/{imp_uid}', undefined, undefined, 'route not implemented yet'));
  } finally {
    for (const server of servers) await server.stop();
    await admin((c) => c.query(`drop database if exists ${dbName} with (force)`));
  }
}

await main();
