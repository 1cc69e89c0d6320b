// Amount pre-registration: POST registers, PUT changes, GET shows.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import type { PrepareInput, PreparedOnWire } from '../../core/prepare/prepares.ts';
import { sendSuccess } from '../envelope.ts';
import { requireToken } from '../auth.ts';

const BODY = {
  type: 'object',
  properties: {
    merchant_uid: { type: 'string', description: 'the order id the amount is registered for (at most 40 characters)' },
    amount: { type: 'number', description: 'the amount the payment must have; an integer for KRW' },
    currency: { type: ['string', 'null'], description: 'checked at payment time when given (KRW, USD, …)' },
  },
  required: ['merchant_uid', 'amount'],
} as const;

const onWire = (prepared: PreparedOnWire) => ({
  amount: prepared.amount,
  currency: prepared.currency,
  merchant_uid: prepared.merchantUid,
});

export const prepareRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  const preHandler = requireToken(ctx.tokens);

  app.post<{ Body: PrepareInput }>('/payments/prepare', {
    preHandler,
    schema: { tags: ['payments'], summary: 'Register the amount a merchant_uid must be paid with', body: BODY },
  }, async (request, reply) => sendSuccess(reply, onWire(await ctx.prepares.register(request.caller.merchantId, request.body))));

  app.put<{ Body: PrepareInput }>('/payments/prepare', {
    preHandler,
    schema: { tags: ['payments'], summary: 'Change a registered amount', body: BODY },
  }, async (request, reply) => sendSuccess(reply, onWire(await ctx.prepares.change(request.caller.merchantId, request.body))));

  app.get<{ Params: { merchant_uid: string } }>('/payments/prepare/:merchant_uid', {
    preHandler,
    schema: {
      tags: ['payments'],
      summary: 'The amount registered for a merchant_uid',
      params: { type: 'object', properties: { merchant_uid: { type: 'string' } }, required: ['merchant_uid'] },
    },
  }, async (request, reply) => sendSuccess(reply, onWire(await ctx.prepares.show(request.caller.merchantId, request.params.merchant_uid))));
};
