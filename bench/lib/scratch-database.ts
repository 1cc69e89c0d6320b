// A scratch PostgreSQL database for one benchmark run: the gateway's schema, a merchant, and one paid card payment.
import crypto from 'node:crypto';
import { sql } from 'kysely';
import { loadConfig } from '../../src/config.ts';
import { createGatewayContext } from '../../src/context.ts';
import type { CreatedMerchant } from '../../src/core/merchants/merchants.ts';
import { systemClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { SecretBox } from '../../src/lib/secrets.ts';
import { openStore } from '../../src/store/database.ts';
import { checkMasterKey, migrateGateway } from '../../src/store/open-gateway.ts';
import { GATEWAY_SCHEMA } from '../../src/store/schema.ts';
import { adminQuery, BENCH_SERVER_URL } from './bench-server.ts';

export { BENCH_SERVER_URL };

export const BENCH_IMP_UID = 'imp_100000000001';

export interface ScratchDatabase {
  url: string;
  masterKey: Buffer;
  merchant: CreatedMerchant;
  serverVersion: string;
  drop(): Promise<void>;
}

export async function createScratchDatabase(): Promise<ScratchDatabase> {
  const name = `tollgate_bench_${Date.now()}_${crypto.randomBytes(3).toString('hex')}`;
  await adminQuery(`create database ${name}`);
  const serverVersion = (await adminQuery('show server_version')).rows[0].server_version as string;
  const url = new URL(BENCH_SERVER_URL);
  url.pathname = `/${name}`;
  const drop = () => adminQuery(`drop database if exists ${name} with (force)`).then(() => undefined);
  const masterKey = crypto.randomBytes(32);
  const store = await openStore({ databaseUrl: url.toString(), dataDir: null });
  try {
    await migrateGateway(store.db);
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url.toString() });
    const secrets = new SecretBox(masterKey);
    const ctx = createGatewayContext({ config, store, clock: systemClock, logger: createLogger('warn'), secrets });
    await checkMasterKey(ctx.db, secrets);
    const merchant = await ctx.merchants.create({ name: 'Bench shop' });
    const now = new Date();
    await sql`
      insert into ${sql.id(GATEWAY_SCHEMA, 'payments')} (imp_uid, merchant_id, merchant_uid, state, pay_method, channel,
        pg_provider, pg_tid, name, currency, amount, buyer_name, buyer_email, card_code, card_name, card_number,
        card_quota, apply_num, custom_data, started_at, paid_at, updated_at, pg_order_id)
      values (${BENCH_IMP_UID}, ${merchant.id}, 'order_bench_1', 'paid', 'card', 'pc', 'tosspayments',
        'tviva20261128000000', '벤치마크 상품', 'KRW', 15000, '홍길동', 'buyer@example.com', '361', 'BC카드',
        '433012******1234', 0, '30012345', '{"cart":[1,2,3]}', ${now}, ${now}, ${now}, ${BENCH_IMP_UID})
    `.execute(ctx.db);
    return { url: url.toString(), masterKey, merchant, serverVersion, drop };
  } catch (error) {
    await drop();
    throw error;
  } finally {
    await store.close();
  }
}
