// The gateway's HTTP app: the V1 wire conventions, then each part's routes as an encapsulated plugin.
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type {} from '@fastify/swagger';
import type { GatewayContext } from './context.ts';
import { applyWireConventions, frameworkErrors } from './api/wire.ts';
import { parseParams } from './api/params.ts';
import { usersRoutes } from './api/routes/users.ts';
import { devClockRoutes } from './api/routes/dev-clock.ts';
import { subscribeScheduleRoutes } from './api/routes/subscribe-schedules.ts';
import { paymentLookupRoutes } from './api/routes/payments-lookup.ts';
import { prepareRoutes } from './api/routes/prepare.ts';
import { codeRoutes } from './api/routes/codes.ts';
import { checkoutPart } from './checkout/index.ts';
import { consolePart } from './console/index.ts';
import { subscribeCustomerRoutes } from './api/routes/subscribe-customers.ts';
import { subscribePaymentRoutes } from './api/routes/subscribe-payments.ts';
import { cancelRoutes } from './api/routes/cancel.ts';
import { vbankRoutes } from './api/routes/vbanks.ts';
import { pgWebhookRoutes } from './api/routes/pg-webhooks.ts';
import { apiDocs } from './api/operations/docs.ts';
import { requestMetrics } from './api/operations/metrics.ts';
import { accessLog } from './api/operations/access-log.ts';
import { healthRoutes } from './api/operations/health.ts';

export async function buildGatewayApp(ctx: GatewayContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    // The access log (api/operations/access-log.ts) writes one line per request instead of Fastify's two.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: {
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      querystringParser: parseParams,
    },
    bodyLimit: 1024 * 1024,
    // Off unless configured: request.ip (the console's sign-in throttle) then trusts X-Forwarded-For from these proxies.
    // `true` trusts one hop — the address the proxy in front appended — never the entries a client sent before it.
    trustProxy: ctx.config.trustProxy === true ? (_address: string, hop: number) => hop < 1 : ctx.config.trustProxy,
    frameworkErrors,
  });
  applyWireConventions(app);
  // Before any route: the API description collects routes as they are added, and the hooks must cover them all.
  await app.register(apiDocs);
  await app.register(requestMetrics);
  await app.register(accessLog);
  await app.register(healthRoutes, { ctx });
  await app.register(usersRoutes, { ctx });
  await app.register(devClockRoutes, { ctx });
  await app.register(subscribeScheduleRoutes, { ctx });
  await app.register(paymentLookupRoutes, { ctx });
  await app.register(prepareRoutes, { ctx });
  await app.register(codeRoutes, { ctx });
  await app.register(checkoutPart, { ctx });
  await app.register(subscribeCustomerRoutes, { ctx });
  await app.register(subscribePaymentRoutes, { ctx });
  await app.register(cancelRoutes, { ctx });
  await app.register(vbankRoutes, { ctx });
  await app.register(pgWebhookRoutes, { ctx });
  await app.register(consolePart, { ctx, prefix: '/console' });
  return app;
}
