// POST /payments/cancel: full or partial cancellation by imp_uid or merchant_uid.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import { sendSuccess } from '../envelope.ts';
import { requireToken } from '../auth.ts';
import { serializePaymentView } from '../serializers/payment.ts';

export const cancelRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  app.post('/payments/cancel', {
    preHandler: requireToken(ctx.tokens),
    schema: { tags: ['payments'], summary: 'Cancel a payment fully or partly (checksum guards the balance)' },
  }, async (request, reply) => {
    const view = await ctx.payments.cancellations.cancel(request.caller.merchantId, (request.body ?? {}) as Record<string, unknown>);
    return sendSuccess(reply, serializePaymentView(view));
  });
};
