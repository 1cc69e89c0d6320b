// `npm run bench:schedules`: scheduled payments executed per second on PostgreSQL with the Toss emulator (its own
// process): N schedules fall due at the same moment and one gateway node's schedule worker charges them all. Reports
// schedules/s and the CPU seconds each process spent per schedule (steadier than throughput on a shared machine).
// Env: BENCH_DATABASE_URL (default TEST_DATABASE_URL or the local `test` database), BENCH_SCHEDULES (2000),
// BENCH_BATCH (schedules claimed and charged concurrently, 50).
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createGatewayContext } from '../src/context.ts';
import { AdjustableClock, unixSeconds } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { openStore } from '../src/store/database.ts';
import { checkMasterKey, migrateGateway } from '../src/store/open-gateway.ts';
import { createEmulatorMerchant } from '../src/emulator/index.ts';
import { startScheduleWorkers } from '../src/jobs/schedule-executor.ts';
import { adminQuery, BENCH_SERVER_URL, cpuSeconds } from './lib/bench-server.ts';

const SCHEDULES = Number(process.env.BENCH_SCHEDULES || 2000);
const BATCH = Number(process.env.BENCH_BATCH || 50);
const log = (line: string) => process.stdout.write(line + '\n');

async function main() {
  const dbName = `tollgate_bench_schedules_${Date.now()}`;
  await adminQuery(`create database ${dbName}`);
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${dbName}`;
  const emulator = spawn(process.execPath, ['--import', 'tsx', path.resolve('bench/emulator-server.ts')], {
    env: { ...process.env, BENCH_EMULATOR_DB: url.toString() },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const port = await new Promise<number>((resolve, reject) => {
    emulator.once('message', (m: { port: number }) => resolve(m.port));
    emulator.once('exit', (code) => reject(new Error(`emulator exited with ${code}`)));
  });
  const emulatorUrl = `http://127.0.0.1:${port}`;
  const store = await openStore({ databaseUrl: url.toString(), dataDir: null, poolSize: 20 });
  try {
    await migrateGateway(store.db);
    const clock = new AdjustableClock();
    const config = loadConfig({ NODE_ENV: 'test', DATABASE_URL: url.toString() });
    const secrets = new SecretBox(crypto.randomBytes(32));
    const ctx = createGatewayContext({ config, store, clock, logger: createLogger('warn'), secrets });
    await checkMasterKey(ctx.db, secrets);
    const toss = await createEmulatorMerchant(store.db, {});
    const merchant = await ctx.merchants.create({ name: 'Bench shop' });
    await ctx.merchants.addTossChannel(merchant.id, {
      type: 'api_payment', mid: toss.mid, clientKey: toss.clientKey, secretKey: toss.secretKey,
      apiBaseUrl: emulatorUrl, scriptUrl: `${emulatorUrl}/v1/payment`, sandbox: true,
    });
    await ctx.payments.billingKeys.register(merchant.id, 'cu_bench', {
      card_number: '9410-0012-3456-7890', expiry: '2030-12', birth: '900101', pwd_2digit: '12',
    });
    const dueAt = unixSeconds(clock.now()) + 60;
    for (let start = 0; start < SCHEDULES; start += 1000) {
      await ctx.schedules.schedule(merchant.id, {
        customer_uid: 'cu_bench',
        schedules: Array.from({ length: Math.min(1000, SCHEDULES - start) }, (_, i) => ({
          merchant_uid: `bench-${start + i}`, schedule_at: dueAt, amount: 1000, name: '정기결제',
        })),
      });
    }
    const pgVersion = (await adminQuery('show server_version')).rows[0].server_version as string;
    log(`# ${new Date().toISOString()} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}) · node ${process.version} · ` +
      `PostgreSQL ${pgVersion} · load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} · one node, batch ${BATCH}`);

    const cpuBefore = { gateway: cpuSeconds(process.pid), emulator: cpuSeconds(emulator.pid!) };
    clock.advance(61_000);
    const started = performance.now();
    const worker = startScheduleWorkers(ctx, { pollIntervalMs: 50, batchSize: BATCH });
    const executed = async () =>
      Number((await ctx.db.selectFrom('payment_schedules').select((eb) => eb.fn.countAll<string>().as('n')).where('state', '=', 'executed').executeTakeFirstOrThrow()).n);
    while ((await executed()) < SCHEDULES) await new Promise((r) => setTimeout(r, 100));
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    const paid = Number((await ctx.db.selectFrom('payments').select((eb) => eb.fn.countAll<string>().as('n')).where('state', '=', 'paid').executeTakeFirstOrThrow()).n);
    const gatewayCpu = cpuSeconds(process.pid) - cpuBefore.gateway;
    const emulatorCpu = cpuSeconds(emulator.pid!) - cpuBefore.emulator;
    log(`| ${SCHEDULES} schedules due at once | ${(SCHEDULES / seconds).toFixed(0)} schedules/s | ${seconds.toFixed(2)} s | ` +
      `paid ${paid} | CPU per schedule: gateway ${((gatewayCpu / SCHEDULES) * 1000).toFixed(2)} ms, emulator ${((emulatorCpu / SCHEDULES) * 1000).toFixed(2)} ms |`);
  } finally {
    await store.close();
    emulator.disconnect();
    await new Promise((r) => setTimeout(r, 500));
    await adminQuery(`drop database if exists ${dbName} with (force)`);
  }
}

await main();
