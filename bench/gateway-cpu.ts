// `npm run bench:cpu`: CPU time per payment look-up, gateway against the bare Fastify + `pg` handler, both in this
// process and called through Fastify's inject (no sockets). Latency under load depends on everything else the machine
// runs; CPU per request barely does, and its ratio bounds the ratio of the two servers' capacities when their core is
// the limit. The gateway runs as `tollgate start` builds it, logging at info to /dev/null.
//
// Env: BENCH_DATABASE_URL (as bench:lookup), BENCH_CPU_REQUESTS (5000 per round), BENCH_CPU_ROUNDS (5; the first is
// warm-up and not counted).
import os from 'node:os';
import pg from 'pg';
import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { buildGatewayApp } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { createGatewayContext } from '../src/context.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { openStore } from '../src/store/database.ts';
import { buildBareApp } from './lib/bare-app.ts';
import { BENCH_IMP_UID, createScratchDatabase } from './lib/scratch-database.ts';

const REQUESTS = Number(process.env.BENCH_CPU_REQUESTS || 5000);
const ROUNDS = Number(process.env.BENCH_CPU_ROUNDS || 5);
const CONCURRENCY = 16;

interface Case {
  name: string;
  app: FastifyInstance;
  url: string;
  headers?: Record<string, string>;
}

/** CPU µs per request over one round of REQUESTS requests, CONCURRENCY at a time. */
async function round(c: Case): Promise<number> {
  let next = 0;
  const start = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < REQUESTS) {
        const res = await c.app.inject({ method: 'GET', url: c.url, headers: c.headers });
        if (res.statusCode !== 200) throw new Error(`${c.name}: HTTP ${res.statusCode} ${res.body}`);
      }
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / REQUESTS;
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const database = await createScratchDatabase();
const store = await openStore({ databaseUrl: database.url, dataDir: null });
const pool = new pg.Pool({ connectionString: database.url, max: 10 });
try {
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: database.url, LOG_LEVEL: 'info' });
  const logger = createLogger('info', 'tollgate', pino.destination({ dest: '/dev/null', sync: false }));
  const ctx = createGatewayContext({ config, store, clock: systemClock, logger, secrets: new SecretBox(database.masterKey) });
  const gateway = await buildGatewayApp(ctx);
  const bare = buildBareApp(pool);
  await Promise.all([gateway.ready(), bare.ready()]);
  const { merchant } = database;
  const issued = await gateway.inject({ method: 'POST', url: '/users/getToken', payload: { imp_key: merchant.impKey, imp_secret: merchant.impSecret } });
  const token = `Bearer ${issued.json().response.access_token}`;
  const cases: Case[] = [
    { name: 'bare Fastify + pg: GET /payments/{imp_uid}', app: bare, url: `/payments/${BENCH_IMP_UID}` },
    { name: 'gateway: GET /payments/{imp_uid}', app: gateway, url: `/payments/${BENCH_IMP_UID}`, headers: { authorization: token } },
    { name: 'gateway: GET /users/pg', app: gateway, url: '/users/pg', headers: { authorization: token } },
  ];
  const samples = new Map<string, number[]>(cases.map((c) => [c.name, []]));
  // Rounds alternate between the cases so that background work on the machine falls on all of them alike.
  for (let r = 0; r < ROUNDS; r++) {
    for (const c of cases) {
      const perRequest = await round(c);
      if (r > 0) samples.get(c.name)!.push(perRequest);
    }
  }
  process.stdout.write(
    `# ${new Date().toISOString()} · ${os.cpus().length} CPUs · node ${process.version} · PostgreSQL ${database.serverVersion} · ` +
      `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} · ${ROUNDS - 1} × ${REQUESTS} requests each\n\n` +
      '| target | CPU µs per request (median of rounds) | vs bare |\n|---|---:|---:|\n',
  );
  const bareCost = median(samples.get(cases[0].name)!);
  for (const c of cases) {
    const cost = median(samples.get(c.name)!);
    process.stdout.write(`| ${c.name} | ${cost.toFixed(0)} | ${c === cases[0] ? '' : `${((cost / bareCost) * 100).toFixed(0)} %`} |\n`);
  }
  await gateway.close();
  await bare.close();
} finally {
  await pool.end();
  await store.close();
  await database.drop();
}
