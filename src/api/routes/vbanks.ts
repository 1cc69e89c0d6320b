// Virtual accounts through the API: POST /vbanks, PUT and DELETE /vbanks/{imp_uid}, GET /vbanks/holder.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import { sendSuccess } from '../envelope.ts';
import { requireToken } from '../auth.ts';
import { serializePaymentView } from '../serializers/payment.ts';

type ImpUidParams = { Params: { imp_uid: string } };

export const vbankRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  const preHandler = requireToken(ctx.tokens);
  const accounts = ctx.payments.virtualAccounts;
  const tags = ['vbanks'];

  app.post('/vbanks', { preHandler, schema: { tags, summary: 'Issue a virtual account (fixed accounts with vbank_key)' } }, async (request, reply) => {
    const view = await accounts.issue(request.caller.merchantId, (request.body ?? {}) as Record<string, unknown>);
    return sendSuccess(reply, serializePaymentView(view));
  });

  // Registered before /vbanks/:imp_uid so `holder` is never read as an imp_uid.
  app.get<{ Querystring: Record<string, unknown> }>('/vbanks/holder', {
    preHandler,
    schema: { tags, summary: 'Account holder look-up (not offered by Toss)' },
  }, async (request) => accounts.holder(request.query));

  app.put<ImpUidParams>('/vbanks/:imp_uid', { preHandler, schema: { tags, summary: 'Change an issued account (not offered by Toss)' } }, async (request) =>
    accounts.update(request.caller.merchantId, request.params.imp_uid),
  );

  app.delete<ImpUidParams>('/vbanks/:imp_uid', { preHandler, schema: { tags, summary: 'Revoke an unpaid virtual account (shows failed)' } }, async (request, reply) => {
    const view = await accounts.revoke(request.caller.merchantId, request.params.imp_uid);
    return sendSuccess(reply, serializePaymentView(view));
  });
};
