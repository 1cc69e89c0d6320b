// The checkout part of the gateway, registered by the app as one plugin: core's Checkout over the store, the payment
// services and the confirm_url caller, its routes, and the sweep that fails windows the buyer abandoned.
import type { FastifyInstance } from 'fastify';
import type { GatewayContext } from '../context.ts';
import { Checkout } from '../core/checkout/checkout.ts';
import { checkoutWindowRepository } from '../store/repositories/checkout-windows.ts';
import { httpConfirmation } from './confirm-url.ts';
import { checkoutRoutes } from './routes.ts';
import { demoShop } from './demo.ts';

/** How often a node looks for abandoned windows; any node may, the update only takes windows still open. */
const SWEEP_INTERVAL_MS = 60_000;

export function composeCheckout(ctx: GatewayContext, confirmation = httpConfirmation(ctx.config.webhooks.allowPrivate, ctx.logger)) {
  const { payments } = ctx;
  return new Checkout({
    windows: checkoutWindowRepository(ctx.db),
    payments: payments.repository,
    prepares: ctx.prepares,
    billing: payments.billingKeys,
    connector: payments.connector,
    confirmation,
    secrets: ctx.secrets,
    clock: ctx.clock,
    logger: ctx.logger,
    timing: payments.timing,
  });
}

export async function checkoutPart(app: FastifyInstance, opts: { ctx: GatewayContext }): Promise<void> {
  const confirmation = httpConfirmation(opts.ctx.config.webhooks.allowPrivate, opts.ctx.logger);
  const checkout = composeCheckout(opts.ctx, confirmation);
  await checkoutRoutes(app, { checkout });
  if (opts.ctx.config.env === 'development') await demoShop(app, { ctx: opts.ctx });
  let timer: NodeJS.Timeout | null = null;
  app.addHook('onReady', async () => {
    timer = setInterval(() => {
      checkout.expireAbandoned().catch((error) => opts.ctx.logger.error({ err: error }, 'abandoned checkout sweep failed'));
    }, SWEEP_INTERVAL_MS);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await confirmation.close();
  });
}
