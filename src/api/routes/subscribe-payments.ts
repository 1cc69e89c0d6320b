// Payments without buyer authentication: POST /subscribe/payments/onetime (key-in, optionally storing a billing key),
// /subscribe/payments/again (charge a stored key) and the legacy /subscribe/payments/foreign (key-in).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import type { CallerInfo } from '../../core/payments/non-auth-payments.ts';
import { sendSuccess } from '../envelope.ts';
import { requireToken } from '../auth.ts';
import { serializePaymentView } from '../serializers/payment.ts';

function callerOf(request: FastifyRequest): CallerInfo {
  const body = (request.body ?? {}) as Record<string, unknown>;
  const browserIp = typeof body.browser_ip === 'string' && body.browser_ip ? body.browser_ip : null;
  const agent = request.headers['user-agent'];
  return { ip: browserIp ?? request.ip ?? null, userAgent: typeof agent === 'string' ? agent : null };
}

export const subscribePaymentRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  const preHandler = requireToken(ctx.tokens);
  const payments = ctx.payments.nonAuth;
  const tags = ['subscribe'];
  const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;

  for (const path of ['/subscribe/payments/onetime', '/subscribe/payments/foreign']) {
    app.post(path, {
      preHandler,
      schema: { tags, summary: 'Key-in card payment without buyer authentication (with customer_uid also stores the key)' },
    }, async (request, reply) => {
      const view = await payments.onetime(request.caller.merchantId, bodyOf(request), callerOf(request));
      return sendSuccess(reply, serializePaymentView(view));
    });
  }

  app.post('/subscribe/payments/again', {
    preHandler,
    schema: { tags, summary: 'Charge the billing key stored under customer_uid' },
  }, async (request, reply) => {
    const view = await payments.again(request.caller.merchantId, bodyOf(request), callerOf(request));
    return sendSuccess(reply, serializePaymentView(view));
  });
};
