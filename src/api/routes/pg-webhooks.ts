// POST /pg/tosspayments/webhook: where Toss (or the emulator) sends DEPOSIT_CALLBACK and PAYMENT_STATUS_CHANGED.
// Register this URL as the webhook URL of the Toss MID. Toss resends until it gets a 200, so a look-up that fails
// answers 500 and the notification comes again; a wrong deposit secret answers 403.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import { parseTossWebhook } from '../../pg/toss/webhooks.ts';

export const TOSS_WEBHOOK_PATH = '/pg/tosspayments/webhook';

const STATUS = { applied: 200, ignored: 200, refused: 403, retry: 500 } as const;

export const pgWebhookRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  app.post(TOSS_WEBHOOK_PATH, {
    schema: { tags: ['pg'], summary: 'Toss Payments webhooks (virtual-account deposits, status changes)' },
  }, async (request, reply) => {
    const result = await ctx.payments.notifications.handle(parseTossWebhook(request.body));
    return reply.code(STATUS[result]).send({ result });
  });
};
