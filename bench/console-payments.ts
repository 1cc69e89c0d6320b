// The console's payment list at a million payments: seeds one merchant with 1,000,000 payments on a scratch
// PostgreSQL database (a year of history, five methods, four statuses, 20,000 buyers), signs an operator in and
// times the list page over HTTP, as an operator's browser asks for it, for each filter and for a page deep in the
// history. Sequential requests; p50/p95/max per case. `node --import tsx bench/console-payments.ts`
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../src/config.ts';
import { createGatewayContext } from '../src/context.ts';
import { buildGatewayApp } from '../src/app.ts';
import { systemClock } from '../src/lib/clock.ts';
import { createLogger } from '../src/lib/logger.ts';
import { SecretBox } from '../src/lib/secrets.ts';
import { checkMasterKey, migrateGateway } from '../src/store/open-gateway.ts';
import { openStore } from '../src/store/database.ts';
import { consoleServices } from '../src/console/services.ts';
import { createTestDatabase } from '../test/helpers/stores.ts';
import { ConsoleClient } from '../test/console/harness.ts';

const COUNT = Number(process.env.BENCH_PAYMENTS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);

const database = await createTestDatabase();
const store = await openStore({ databaseUrl: database.url, dataDir: null });
try {
  await migrateGateway(store.db);
  const secrets = new SecretBox(crypto.randomBytes(32));
  const config = loadConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent', DATABASE_URL: database.url, TOLLGATE_MASTER_KEY: crypto.randomBytes(32).toString('hex') });
  const ctx = createGatewayContext({ config, store, clock: systemClock, logger: createLogger('silent'), secrets });
  await checkMasterKey(ctx.db, secrets);
  const merchant = await ctx.merchants.create({ name: 'Bench shop' });

  const seeded = Date.now();
  await sql`
    insert into tollgate.payments (imp_uid, merchant_id, merchant_uid, state, pay_method, channel, pg_provider, currency,
      amount, name, buyer_name, buyer_email, buyer_tel, started_at, paid_at, failed_at, cancelled_at, cancel_amount,
      updated_at, notice_urls, deposit_history)
    select 'imp_' || lpad(i::text, 12, '0'), ${merchant.id}, 'order-' || i,
      (array['paid','paid','paid','failed','ready','cancelled'])[1 + i % 6],
      (array['card','card','trans','vbank','phone'])[1 + i % 5], 'pc', 'tosspayments', 'KRW',
      1000 + (i % 97) * 100, '주문 ' || i, '구매자' || (i % 20000), 'buyer' || (i % 20000) || '@example.com',
      '010-' || lpad((i % 20000)::text, 8, '0'),
      ts, case when i % 6 in (0,1,2,5) then ts end, case when i % 6 = 3 then ts end, case when i % 6 = 5 then ts end,
      case when i % 6 = 5 then 1000 else 0 end, ts, '[]', '[]'
    from (select i, now() - (i * (365.0 * 86400 / ${COUNT})) * interval '1 second' as ts
          from generate_series(1, ${COUNT}) as i) s`.execute(store.db);
  await sql`analyze tollgate.payments`.execute(store.db);
  console.log(`seeded ${COUNT} payments in ${((Date.now() - seeded) / 1000).toFixed(1)} s`);

  const app = await buildGatewayApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  await consoleServices(ctx).operators.create({ email: 'bench@example.com', password: 'bench password', owner: true });
  const c = new ConsoleClient(url);
  await c.loginOk('bench@example.com', 'bench password');

  const base = `/console/merchants/${merchant.userCode}/payments`;
  const day = (daysAgo: number) => new Date(Date.now() - daysAgo * 86_400_000 + 9 * 3_600_000).toISOString().slice(0, 10);
  // A cursor half a year back, as the "next" link of a page that deep would carry.
  const deep = Buffer.from(`${new Date(Date.now() - 182 * 86_400_000).toISOString()}|imp_999999999999`).toString('base64url');
  const cases: [string, string][] = [
    ['no filter, first page', ''],
    ['no filter, half a year deep', `after=${deep}`],
    ['status=failed', 'status=failed'],
    ['method=vbank', 'method=vbank'],
    ['status=cancelled & method=phone', 'status=cancelled&method=phone'],
    ['one day, 200 days ago', `from=${day(200)}&to=${day(200)}`],
    ['merchant_uid', 'merchant_uid=order-123456'],
    ['imp_uid', 'imp_uid=imp_000000654321'],
    ['buyer email', 'buyer=buyer777%40example.com'],
    ['buyer name + status=paid', `buyer=${encodeURIComponent('구매자4242')}&status=paid`],
  ];
  console.log(`${'case'.padEnd(36)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  for (const [name, query] of cases) {
    const times: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const started = performance.now();
      const res = await c.get(`${base}${query ? `?${query}` : ''}`);
      times.push(performance.now() - started);
      if (res.status !== 200) throw new Error(`${name}: HTTP ${res.status}`);
    }
    times.sort((a, b) => a - b);
    const at = (q: number) => times[Math.min(times.length - 1, Math.floor(times.length * q))]!.toFixed(1);
    console.log(`${name.padEnd(36)} ${at(0.5).padStart(8)} ${at(0.95).padStart(8)} ${times.at(-1)!.toFixed(1).padStart(8)}`);
  }
  await app.close();
} finally {
  await store.close();
  await database.drop();
}
