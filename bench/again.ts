// `npx tsx bench/again.ts`: POST /subscribe/payments/again end to end (gateway → Toss emulator → PostgreSQL, each
// server its own process) at a constant arrival rate, and the emulator's billing charge called directly in the same
// run, so the gateway's own overhead is the difference between the two at each percentile.
//
// Env: BENCH_DATABASE_URL (a server where a scratch database may be created; default TEST_DATABASE_URL or the local
// `test` database), BENCH_OVERHEAD_RATE (200), BENCH_FINAL_MS (15000), BENCH_STEP_MS (6000),
// BENCH_RATES (capacity steps, default 300,400,500,600,700,800), BENCH_MAX_P99_MS (50), BENCH_WARMUP_MS (5000),
// BENCH_RUN_WARMUP_MS (3000: the unrecorded start of every run).
import crypto from 'node:crypto';
import os from 'node:os';
import { loadConfig } from '../src/config.ts';
import { createGatewayContext } from '../src/context.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { openStore } from '../src/store/database.ts';
import { migrate } from '../src/store/migrate.ts';
import { checkMasterKey, migrateGateway } from '../src/store/open-gateway.ts';
import { createEmulatorMerchant, emulatorMigrationSet } from '../src/emulator/index.ts';
import { describeResult, sustained, type Measurement } from './lib/capacity.ts';
import { measure, startServer, type ServerProcess } from './lib/processes.ts';
import { quantile, type BenchRequest, type OpenModelOptions } from './lib/open-model.ts';
import { adminQuery, BENCH_SERVER_URL, withClient } from './lib/bench-server.ts';

const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const OVERHEAD_RATE = num('BENCH_OVERHEAD_RATE', 200);
const FINAL_MS = num('BENCH_FINAL_MS', 15_000);
const STEP_MS = num('BENCH_STEP_MS', 6_000);
const MAX_P99_MS = num('BENCH_MAX_P99_MS', 50);
const WARMUP_MS = num('BENCH_WARMUP_MS', 5_000);
const RUN_WARMUP_MS = num('BENCH_RUN_WARMUP_MS', 3_000);
const RATES = (process.env.BENCH_RATES || '300,400,500,600,700,800').split(',').map(Number);
const CARD = { card_number: '9410-0012-3456-7890', expiry: '2030-12', birth: '900101', pwd_2digit: '12' };
const log = (line: string) => process.stdout.write(line + '\n');
/** The merchant_uid of the end-to-end request whose `{seq}` is `seq`: how each answer is matched to its payment. */
const merchantUid = (seq: string) => `bench-${seq}`;
/** The result, then when it ran and its slowest 100 ms windows, so a stall can be told from steady queueing. */
const describe = (m: Measurement) => {
  const windows = m.worstWindows.map((w) => `+${w.atMs} ms: ${w.maxMs} ms`).join(', ');
  return `${describeResult(m)}\n    from ${m.startedAt}; slowest windows ${windows}`;
};

async function timed(
  server: ServerProcess, request: BenchRequest, rate: number, durationMs: number, extra: Partial<OpenModelOptions> = {},
): Promise<Measurement> {
  const before = await server.cpuMicros();
  const result = await measure({
    origin: server.origin, request, rate, durationMs, warmupMs: RUN_WARMUP_MS, timeoutMs: 10_000, connections: 128,
    ...extra,
  });
  const served = result.completed + (rate * RUN_WARMUP_MS) / 1000;
  return { ...result, serverCpuUsPerRequest: ((await server.cpuMicros()) - before) / served };
}

/**
 * Each payment's own overhead: its end-to-end latency minus the Toss call the gateway made for it, as the gateway
 * timed that call (recorded with the payment in whole milliseconds). No second run to compare with, so no drift
 * between runs; it counts the gateway's wait for a CPU while calling Toss as Toss's time, so it can only err low by
 * what that wait is, and the rounding (±0.5 ms).
 */
function perPaymentOverhead(dbUrl: string, samples: { seq: string; latencyMs: number }[]) {
  return withClient(dbUrl, async (client) => {
    const { rows } = await client.query<{ merchant_uid: string; toss_ms: number }>(
      `select p.merchant_uid, sum(e.duration_ms)::int as toss_ms
         from tollgate.payments p join tollgate.payment_exchanges e on e.imp_uid = p.imp_uid and e.kind = 'pg'
        where p.merchant_uid = any($1) group by p.merchant_uid`,
      [samples.map((s) => merchantUid(s.seq))],
    );
    const tossMs = new Map(rows.map((r) => [r.merchant_uid, r.toss_ms]));
    const overheads = Float64Array.from(
      samples.filter((s) => tossMs.has(merchantUid(s.seq))).map((s) => s.latencyMs - tossMs.get(merchantUid(s.seq))!),
    ).sort();
    return {
      matched: overheads.length, of: samples.length,
      p50: quantile(overheads, 0.5), p95: quantile(overheads, 0.95), p99: quantile(overheads, 0.99),
    };
  });
}

/**
 * The floor under the gateway's overhead on this machine: one durable commit (a one-row insert, its own
 * transaction), `count` of them one after another with `gapMs` between, as the gateway's two commits a payment meet
 * them when the machine is otherwise quiet. On a virtual disk every commit's WAL flush is a round trip to the host.
 */
function commitLatency(dbUrl: string, count: number, gapMs: number) {
  return withClient(dbUrl, async (client) => {
    await client.query('create table bench_commit_probe (id bigserial primary key, at timestamptz not null default now())');
    const took = new Float64Array(count);
    for (let i = 0; i < count; i++) {
      const t0 = performance.now();
      await client.query('insert into bench_commit_probe default values');
      took[i] = performance.now() - t0;
      await new Promise((resolve) => setTimeout(resolve, gapMs));
    }
    took.sort();
    await client.query('drop table bench_commit_probe');
    return { p50: quantile(took, 0.5), p99: quantile(took, 0.99) };
  });
}

async function main() {
  const dbName = `tollgate_bench_again_${Date.now()}`;
  await adminQuery(`create database ${dbName}`);
  const dbUrl = new URL(BENCH_SERVER_URL);
  dbUrl.pathname = `/${dbName}`;
  const masterKey = crypto.randomBytes(32);
  const servers: ServerProcess[] = [];
  try {
    const store = await openStore({ databaseUrl: dbUrl.toString(), dataDir: null });
    await migrateGateway(store.db);
    await migrate(store.db, emulatorMigrationSet);
    const emulator = await startServer('emulator', { DATABASE_URL: dbUrl.toString() });
    servers.push(emulator);
    const toss = await createEmulatorMerchant(store.db, {});
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: dbUrl.toString() });
    const secrets = new SecretBox(masterKey);
    const ctx = createGatewayContext({ config, store, clock: systemClock, logger: createLogger('warn'), secrets });
    await checkMasterKey(ctx.db, secrets);
    const merchant = await ctx.merchants.create({ name: 'Bench shop' });
    await ctx.merchants.addTossChannel(merchant.id, {
      type: 'api_payment', mid: toss.mid, clientKey: toss.clientKey, secretKey: toss.secretKey,
      apiBaseUrl: emulator.origin, scriptUrl: `${emulator.origin}/v1/payment`, sandbox: true,
    });
    await store.close();

    const gateway = await startServer('gateway', { DATABASE_URL: dbUrl.toString(), TOLLGATE_MASTER_KEY: masterKey.toString('hex'), LOG_LEVEL: 'info' });
    servers.push(gateway);
    const tokenRes = await fetch(`${gateway.origin}/users/getToken`, {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ imp_key: merchant.impKey, imp_secret: merchant.impSecret }),
    });
    const token = `Bearer ${((await tokenRes.json()) as any).response.access_token}`;
    const registered = await fetch(`${gateway.origin}/subscribe/customers/bench-customer`, {
      method: 'POST', headers: { authorization: token, 'content-type': 'application/json' }, body: JSON.stringify(CARD),
    });
    if (((await registered.json()) as any).code !== 0) throw new Error('registering the bench customer failed');

    // The direct call: the same billing charge the gateway makes, on a key registered straight at the emulator.
    const basic = `Basic ${Buffer.from(`${toss.secretKey}:`).toString('base64')}`;
    const direct = await fetch(`${emulator.origin}/v1/billing/authorizations/card`, {
      method: 'POST', headers: { authorization: basic, 'content-type': 'application/json' },
      body: JSON.stringify({ customerKey: 'bench-direct', cardNumber: '9410001234567890', cardExpirationYear: '30', cardExpirationMonth: '12', customerIdentityNumber: '900101' }),
    });
    const billingKey = ((await direct.json()) as { billingKey: string }).billingKey;

    const againRequest: BenchRequest = {
      method: 'POST', path: '/subscribe/payments/again',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify({ customer_uid: 'bench-customer', merchant_uid: merchantUid('{seq}'), amount: 9900, name: '정기결제' }),
    };
    const directRequest: BenchRequest = {
      method: 'POST', path: `/v1/billing/${encodeURIComponent(billingKey)}`,
      headers: { authorization: basic, 'content-type': 'application/json', 'tosspayments-api-version': '2022-07-27', 'idempotency-key': 'direct-{seq}' },
      body: JSON.stringify({ customerKey: 'bench-direct', amount: 9900, orderId: 'direct-{seq}', orderName: '정기결제', cardInstallmentPlan: 0, taxFreeAmount: 0 }),
    };

    const pgVersion = (await adminQuery('show server_version')).rows[0].server_version as string;
    log(`# ${new Date().toISOString()} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}) · node ${process.version} · ` +
      `PostgreSQL ${pgVersion} · load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    const commit = await commitLatency(dbUrl.toString(), 300, 20);
    log(`one durable commit, one at a time every 20 ms: p50 ${commit.p50.toFixed(2)} ms, p99 ${commit.p99.toFixed(2)} ms ` +
      '(a payment makes two in the gateway and one in the emulator)');

    // Both servers start cold: before anything is measured, end-to-end payments at the comparison's rate let the JIT
    // compile the gateway's and the emulator's paths, and fill PostgreSQL's caches, so neither side is timed cold.
    const warm = await timed(gateway, againRequest, OVERHEAD_RATE, WARMUP_MS);
    log(`warm-up (not compared), again end to end: ${describe(warm)}`);

    log(`## overhead at ${OVERHEAD_RATE}/s for ${FINAL_MS} ms each (direct, again, direct again to check drift)`);
    const direct1 = await timed(emulator, directRequest, OVERHEAD_RATE, FINAL_MS);
    log(`emulator billing charge direct: ${describe(direct1)}`);
    const e2e = await timed(gateway, againRequest, OVERHEAD_RATE, FINAL_MS, { keepSamples: true });
    log(`gateway again end to end:      ${describe(e2e)}`);
    const own = await perPaymentOverhead(dbUrl.toString(), e2e.samples ?? []);
    log(`    each payment minus its own Toss call (${own.matched} of ${own.of} matched): p50 ${own.p50.toFixed(2)} ms, ` +
      `p95 ${own.p95.toFixed(2)} ms, p99 ${own.p99.toFixed(2)} ms`);
    const direct2 = await timed(emulator, directRequest, OVERHEAD_RATE, FINAL_MS);
    log(`emulator billing charge direct: ${describe(direct2)}`);
    const base = { p50: Math.min(direct1.p50, direct2.p50), p95: Math.min(direct1.p95, direct2.p95), p99: Math.min(direct1.p99, direct2.p99) };
    log(`gateway overhead at ${OVERHEAD_RATE}/s: p50 ${(e2e.p50 - base.p50).toFixed(2)} ms, p95 ${(e2e.p95 - base.p95).toFixed(2)} ms, ` +
      `p99 ${(e2e.p99 - base.p99).toFixed(2)} ms; gateway CPU ${e2e.serverCpuUsPerRequest.toFixed(0)} µs/payment`);

    log(`## capacity: again at ${RATES.join(', ')} /s for ${STEP_MS} ms each (sustained: no errors, ≥95 % achieved, p99 ≤ ${MAX_P99_MS} ms)`);
    let best = 0;
    for (const rate of RATES) {
      const step = await timed(gateway, againRequest, rate, STEP_MS);
      const ok = sustained(step, MAX_P99_MS);
      log(`again ${ok ? 'sustained' : 'NOT sustained'}: ${describe(step)}`);
      if (!ok) break;
      best = rate;
    }
    log(`highest sustained again rate: ${best}/s`);
  } finally {
    for (const s of servers.reverse()) await s.stop().catch(() => {});
    await adminQuery(`drop database if exists ${dbName} with (force)`).catch(() => {});
  }
}

await main();
