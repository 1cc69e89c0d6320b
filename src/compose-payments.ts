// The money-moving parts wired together: billing keys, payments without buyer authentication, cancellations and the
// reconciler's rules, over the store's repositories and the Toss connector.
import type { Config } from './config.ts';
import type { Clock } from './lib/clock.ts';
import type { Logger } from './lib/logger.ts';
import type { SecretBox } from './lib/secrets.ts';
import type { GatewayDb } from './store/schema.ts';
import type { ChannelSource } from './core/payments/channels.ts';
import type { PaymentConnector } from './core/pg/connector.ts';
import { BillingKeys } from './core/billing/billing-keys.ts';
import { NonAuthPayments } from './core/payments/non-auth-payments.ts';
import { Cancellations } from './core/payments/cancellations.ts';
import { Reconciler } from './core/payments/reconciler.ts';
import { VirtualAccounts } from './core/payments/virtual-accounts.ts';
import { PgNotifications } from './core/payments/pg-notifications.ts';
import { cachedChannels } from './core/payments/channel-cache.ts';
import { DEFAULT_TIMING, type ReconcileTiming } from './core/payments/outcomes.ts';
import { customerRepository } from './store/repositories/customers.ts';
import { paymentRepository } from './store/repositories/payments.ts';
import { tossConnector } from './pg/toss/connector.ts';
import type { PaymentRepository } from './core/payments/repository.ts';

export interface PaymentOptions {
  /** Replaces the Toss connector (its timeouts, or a different PG). */
  connector?: PaymentConnector;
  timing?: Partial<ReconcileTiming>;
}

export interface PaymentServices {
  connector: PaymentConnector;
  repository: PaymentRepository;
  billingKeys: BillingKeys;
  nonAuth: NonAuthPayments;
  cancellations: Cancellations;
  reconciler: Reconciler;
  virtualAccounts: VirtualAccounts;
  notifications: PgNotifications;
  timing: ReconcileTiming;
}

export function composePayments(deps: {
  config: Config;
  db: GatewayDb;
  channels: ChannelSource;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  options?: PaymentOptions;
}): PaymentServices {
  const pg = deps.config.pg;
  const connector =
    deps.options?.connector ?? tossConnector({ connectTimeoutMs: pg.connectTimeoutMs, readTimeoutMs: pg.readTimeoutMs });
  const timing: ReconcileTiming = {
    ...DEFAULT_TIMING,
    staleAfterMs: pg.staleAfterMs,
    absentAfterMs: pg.absentAfterMs,
    maxCheckDelayMs: pg.maxCheckDelayMs,
    ...deps.options?.timing,
  };
  const repository = paymentRepository(deps.db);
  const channels = cachedChannels(deps.channels);
  const billingKeys = new BillingKeys(customerRepository(deps.db), channels, connector, deps.secrets, deps.clock);
  return {
    connector,
    repository,
    billingKeys,
    timing,
    nonAuth: new NonAuthPayments(repository, billingKeys, channels, connector, deps.secrets, deps.clock, timing, deps.logger),
    cancellations: new Cancellations(repository, channels, connector, deps.secrets, deps.clock, timing),
    virtualAccounts: new VirtualAccounts(repository, channels, connector, deps.secrets, deps.clock, timing),
    notifications: new PgNotifications(repository, channels, connector, deps.secrets, deps.clock, timing, deps.logger),
    reconciler: new Reconciler(repository, billingKeys, channels, connector, deps.secrets, deps.clock, timing, deps.logger),
  };
}
