// The gateway's parts, wired once per process: the store's repositories under core's rules.
import type { Kysely } from 'kysely';
import type { Config } from './config.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { SecretBox } from './lib/secrets.ts';
import type { Store } from './store/database.ts';
import { GATEWAY_SCHEMA, type GatewayDb } from './store/schema.ts';
import { Merchants } from './core/merchants/merchants.ts';
import { Tokens } from './core/auth/tokens.ts';
import { merchantRepository } from './store/repositories/merchants.ts';
import { tokenRepository } from './store/repositories/tokens.ts';
import { composePayments, type PaymentOptions, type PaymentServices } from './compose-payments.ts';
import { Webhooks } from './core/webhooks/webhooks.ts';
import { webhookRepository } from './store/repositories/webhook-deliveries.ts';
import { Schedules } from './core/schedules/schedules.ts';
import { scheduleRepository } from './store/repositories/schedules.ts';
import { PaymentLookups } from './core/payments/lookups.ts';
import { paymentQueries } from './store/repositories/payments-read.ts';
import { Prepares } from './core/prepare/prepares.ts';
import { prepareRepository } from './store/repositories/prepares.ts';

export interface GatewayContext {
  config: Config;
  store: Store<any>;
  /** The gateway's tables (schema `tollgate`). */
  db: GatewayDb;
  /** The whole database, for parts with schemas of their own. */
  rootDb: Kysely<any>;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  merchants: Merchants;
  tokens: Tokens;
  /** Billing keys, payments without buyer authentication, cancellations, reconciliation. */
  payments: PaymentServices;
  webhooks: Webhooks;
  /** Scheduled billing-key payments. */
  schedules: Schedules;
  paymentLookups: PaymentLookups;
  prepares: Prepares;
}

export function createGatewayContext(deps: {
  config: Config;
  store: Store<any>;
  clock: Clock;
  logger: Logger;
  secrets: SecretBox;
  payments?: PaymentOptions;
}): GatewayContext {
  const db = deps.store.db.withSchema(GATEWAY_SCHEMA) as GatewayDb;
  const merchants = new Merchants(merchantRepository(db), deps.secrets, deps.clock);
  const payments = composePayments({ config: deps.config, db, channels: merchants, secrets: deps.secrets, clock: deps.clock, logger: deps.logger, options: deps.payments });
  return {
    ...deps,
    db,
    rootDb: deps.store.db,
    merchants,
    tokens: new Tokens(tokenRepository(db), deps.secrets, deps.clock),
    payments,
    webhooks: new Webhooks(webhookRepository(db), deps.secrets, deps.clock),
    schedules: new Schedules(
      scheduleRepository(db), payments.repository, payments.billingKeys, merchants, payments.connector, deps.secrets,
      deps.clock, payments.timing, deps.logger,
    ),
    paymentLookups: new PaymentLookups(paymentQueries(db), deps.clock),
    prepares: new Prepares(prepareRepository(db), deps.clock),
  };
}
