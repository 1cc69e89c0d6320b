// A gateway on a fresh store, listening on a random loopback port, with a merchant and its REST keys.
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../../src/config.ts';
import { createGatewayContext, type GatewayContext } from '../../src/context.ts';
import { buildGatewayApp } from '../../src/app.ts';
import { AdjustableClock } from '../../src/lib/clock.ts';
import { createLogger, type Logger } from '../../src/lib/logger.ts';
import { SecretBox } from '../../src/lib/secrets.ts';
import type { StoreKind } from '../../src/store/database.ts';
import { checkMasterKey, migrateGateway } from '../../src/store/open-gateway.ts';
import type { CreatedMerchant } from '../../src/core/merchants/merchants.ts';
import type { PaymentOptions } from '../../src/compose-payments.ts';
import { openTestStore } from './stores.ts';

export interface TestGateway {
  ctx: GatewayContext;
  app: FastifyInstance;
  clock: AdjustableClock;
  url: string;
  merchant: CreatedMerchant;
  /** A live token of `merchant`. */
  token(merchant?: CreatedMerchant): Promise<string>;
  close(): Promise<void>;
}

export interface TestGatewayOptions {
  /** Replaces the silent logger, e.g. with one writing to a stream the test reads. */
  logger?: Logger;
  /** The PG connector and reconciliation timing (e.g. short timeouts for fault tests). */
  payments?: PaymentOptions;
}

export async function startTestGateway(kind: StoreKind, options: TestGatewayOptions = {}): Promise<TestGateway> {
  const store = await openTestStore(kind);
  await migrateGateway(store.db);
  const clock = new AdjustableClock();
  const secrets = new SecretBox(crypto.randomBytes(32));
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.LOG_LEVEL ?? 'silent' });
  const ctx = createGatewayContext({ config, store, clock, logger: options.logger ?? createLogger(config.logLevel), secrets, payments: options.payments });
  await checkMasterKey(ctx.db, secrets);
  const app = await buildGatewayApp(ctx);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const merchant = await ctx.merchants.create({ name: 'Test shop' });
  const url = `http://127.0.0.1:${port}`;
  return {
    ctx,
    app,
    clock,
    url,
    merchant,
    async token(m = merchant) {
      const res = await fetch(`${url}/users/getToken`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ imp_key: m.impKey, imp_secret: m.impSecret }),
      });
      const body = (await res.json()) as { response: { access_token: string } };
      return body.response.access_token;
    },
    async close() {
      await app.close();
      await store.close();
    },
  };
}
