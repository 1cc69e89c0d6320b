// `npm run bench:webhooks`: merchant webhook delivery on PostgreSQL to a local receiver (its own process).
//  1. throughput: a backlog of events recorded at once, delivered by one node's worker — webhooks per second;
//  2. delay: events recorded one per transaction at a constant rate while the worker runs (as payments record them)
//     — the time from commit to the receiver's arrival, p50/p95/p99.
// Env: BENCH_DATABASE_URL (default TEST_DATABASE_URL or the local `test` database), BENCH_BACKLOG (20000),
// BENCH_RATES (comma-separated events/s, default 200,1000), BENCH_RATE_MS (10000).
import { fork } from 'node:child_process';
import crypto from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.ts';
import { createGatewayContext } from '../src/context.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { openStore } from '../src/store/database.ts';
import { checkMasterKey, migrateGateway } from '../src/store/open-gateway.ts';
import { recordWebhookEvent } from '../src/store/repositories/webhook-events.ts';
import { startWebhookWorkers } from '../src/jobs/webhook-delivery.ts';
import { adminQuery, BENCH_SERVER_URL, cpuSeconds } from './lib/bench-server.ts';

const BACKLOG = Number(process.env.BENCH_BACKLOG || 20_000);
const RATES = (process.env.BENCH_RATES || '200,1000').split(',').map(Number);
const RATE_MS = Number(process.env.BENCH_RATE_MS || 10_000);
const log = (line: string) => process.stdout.write(line + '\n');

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;

async function main() {
  const dbName = `tollgate_bench_webhooks_${Date.now()}`;
  await adminQuery(`create database ${dbName}`);
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${dbName}`;
  const receiver = fork(path.resolve('bench/webhook-receiver.ts'), [], { execArgv: ['--import', 'tsx'] });
  const arrivals = new Map<string, number>();
  const port = await new Promise<number>((resolve) =>
    receiver.on('message', (m: { port?: number; arrivals?: [string, number][] }) => {
      if (m.port) resolve(m.port);
      for (const [impUid, at] of m.arrivals ?? []) if (!arrivals.has(impUid)) arrivals.set(impUid, at);
    }),
  );
  const store = await openStore({ databaseUrl: url.toString(), dataDir: null, poolSize: 20 });
  try {
    await migrateGateway(store.db);
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url.toString(), TOLLGATE_WEBHOOK_ALLOW_PRIVATE: 'loopback' });
    const secrets = new SecretBox(crypto.randomBytes(32));
    const ctx = createGatewayContext({ config, store, clock: systemClock, logger: createLogger('warn'), secrets });
    await checkMasterKey(ctx.db, secrets);
    const merchant = await ctx.merchants.create({ name: 'Bench shop' });
    await ctx.webhooks.updateSettings(merchant.id, { defaultUrl: `http://127.0.0.1:${port}/webhook` });
    let sequence = 0;
    const nextImpUid = () => `imp_${String(++sequence).padStart(12, '0')}`;
    const event = (impUid: string) => ({ merchantId: merchant.id, impUid, merchantUid: `order_${impUid}`, status: 'paid' as const, noticeUrls: [] });

    const pgVersion = (await adminQuery('show server_version')).rows[0].server_version as string;
    log(`# ${new Date().toISOString()} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}) · node ${process.version} · ` +
      `PostgreSQL ${pgVersion} · load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} · one node, batch ${config.webhooks.batchSize}, poll ${config.webhooks.pollIntervalMs} ms`);

    // 1. A backlog delivered as fast as one node can.
    for (let i = 0; i < BACKLOG; i += 500) {
      await ctx.db.transaction().execute(async (tx) => {
        for (let j = i; j < Math.min(BACKLOG, i + 500); j++) await recordWebhookEvent(tx, event(nextImpUid()));
      });
    }
    const started = performance.now();
    const cpuBefore = { gateway: cpuSeconds(process.pid), receiver: cpuSeconds(receiver.pid!) };
    let worker = startWebhookWorkers(ctx);
    while (arrivals.size < BACKLOG) await new Promise((r) => setTimeout(r, 20));
    const seconds = (performance.now() - started) / 1000;
    await worker.stop();
    const gatewayMs = ((cpuSeconds(process.pid) - cpuBefore.gateway) / BACKLOG) * 1000;
    const receiverMs = ((cpuSeconds(receiver.pid!) - cpuBefore.receiver) / BACKLOG) * 1000;
    log(`| backlog of ${BACKLOG} events | ${(BACKLOG / seconds).toFixed(0)} webhooks/s | ${seconds.toFixed(2)} s | ` +
      `CPU per webhook: gateway ${gatewayMs.toFixed(2)} ms, receiver ${receiverMs.toFixed(2)} ms |`);

    // 2. Commit-to-arrival delay at constant rates, each event in its own transaction.
    worker = startWebhookWorkers(ctx);
    for (const rate of RATES) {
      const committed = new Map<string, number>();
      const count = Math.round((rate * RATE_MS) / 1000);
      const begin = performance.now();
      const pending: Promise<void>[] = [];
      for (let i = 0; i < count; i++) {
        const due = begin + (i * 1000) / rate;
        const wait = due - performance.now();
        if (wait > 1) await new Promise((r) => setTimeout(r, wait));
        const impUid = nextImpUid();
        pending.push(
          ctx.db.transaction().execute((tx) => recordWebhookEvent(tx, event(impUid))).then(() => {
            committed.set(impUid, Date.now());
          }),
        );
      }
      await Promise.all(pending);
      const achieved = count / ((performance.now() - begin) / 1000);
      const deadline = Date.now() + 30_000;
      while ([...committed.keys()].some((k) => !arrivals.has(k)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const delays = [...committed].map(([k, at]) => (arrivals.get(k) ?? Infinity) - at).sort((a, b) => a - b);
      const lost = delays.filter((d) => d === Infinity).length;
      log(`| ${rate} events/s for ${RATE_MS / 1000} s (recorded at ${achieved.toFixed(0)}/s) | delay p50 ${percentile(delays, 0.5)} ms | p95 ${percentile(delays, 0.95)} ms | ` +
        `p99 ${percentile(delays, 0.99)} ms | max ${delays[delays.length - 1]} ms | undelivered ${lost} |`);
    }
    await worker.stop();
  } finally {
    await store.close();
    receiver.disconnect();
    await adminQuery(`drop database if exists ${dbName} with (force)`);
  }
}

await main();
