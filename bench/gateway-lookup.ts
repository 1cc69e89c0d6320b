// `npm run bench:lookup`: the gateway's payment look-up and token issue on PostgreSQL, against a bare Fastify + `pg`
// handler doing the same look-up, in one run. Each server and each load generator is its own process.
//
// Env: BENCH_DATABASE_URL (a server where a scratch database may be created; default TEST_DATABASE_URL or the local
// `test` database), BENCH_STEP_MS (5000), BENCH_FINAL_MS (15000), BENCH_START_RATE (250), BENCH_MAX_P99_MS (20),
// BENCH_WARMUP_MS (5000), BENCH_ONLY (a part of the target names to measure), BENCH_CPU_PROF (a directory for the servers' CPU profiles).
import os from 'node:os';
import { findCapacities, type Capacity, type Target } from './lib/capacity.ts';
import { startServer, type ServerProcess } from './lib/processes.ts';
import { BENCH_IMP_UID as IMP_UID, createScratchDatabase } from './lib/scratch-database.ts';

const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const STEP_MS = num('BENCH_STEP_MS', 5000);
const FINAL_MS = num('BENCH_FINAL_MS', 15000);
const START_RATE = num('BENCH_START_RATE', 250);
const MAX_P99_MS = num('BENCH_MAX_P99_MS', 20);
const WARMUP_MS = num('BENCH_WARMUP_MS', 5000);
const log = (line: string) => process.stdout.write(line + '\n');

function row(name: string, c: Capacity | undefined, bare: Capacity | undefined, note = ''): string {
  if (!c) return `| ${name} | — | — | — | — | — | — | — | — | ${note} |`;
  const h = c.atHalf;
  const ratio = bare && bare !== c && bare.maxRate > 0 ? `${((c.maxRate / bare.maxRate) * 100).toFixed(0)} %` : '';
  return `| ${name} | ${c.maxRate} | ${ratio} | ${h.targetRate} | ${h.achievedRate.toFixed(0)} | ${h.p50.toFixed(2)} | ` +
    `${h.p95.toFixed(2)} | ${h.p99.toFixed(2)} | ${h.errors} | ${h.serverCpuUsPerRequest.toFixed(0)}${note ? ` ${note}` : ''} |`;
}

async function main() {
  const database = await createScratchDatabase();
  const { merchant } = database;
  const servers: ServerProcess[] = [];
  try {
    const env = { DATABASE_URL: database.url, TOLLGATE_MASTER_KEY: database.masterKey.toString('hex'), LOG_LEVEL: 'info' };
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

    log(`# ${new Date().toISOString()} · ${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}) · node ${process.version} · ` +
      `PostgreSQL ${database.serverVersion} · load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
    log(`# steps of ${STEP_MS} ms from ${START_RATE} req/s ×1.25; sustained = no errors, ≥95 % of the rate, p99 ≤ ${MAX_P99_MS} ms; ` +
      `final run ${FINAL_MS} ms at half the highest sustained rate`);
    const results = await findCapacities(targets, {
      startRate: START_RATE, growth: 1.25, stepMs: STEP_MS, finalMs: FINAL_MS, maxP99Ms: MAX_P99_MS, warmupMs: WARMUP_MS, log,
    });
    log(`# finished ${new Date().toISOString()} · load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

    log('\n| target | max sustained req/s | of bare | half rate req/s | achieved req/s | p50 ms | p95 ms | p99 ms | errors | server CPU µs/req |');
    log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const reference = results.get(targets[0].name);
    for (const { name } of targets) log(row(name, results.get(name), reference));
    if (!lookupReady) log(row('gateway: GET /payments/{imp_uid}', undefined, undefined, 'route not implemented yet'));
  } finally {
    for (const server of servers) await server.stop();
    await database.drop();
  }
}

await main();
