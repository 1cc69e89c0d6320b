// 금융결제원 bank and card company codes.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import { BANKS, CARDS, bankByCode, cardByCode } from '../../core/codes/standard-codes.ts';
import { sendSuccess } from '../envelope.ts';
import { requireToken } from '../auth.ts';

export const codeRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  const preHandler = requireToken(ctx.tokens);
  const codeParam = (name: string) => ({ type: 'object', properties: { [name]: { type: 'string' } }, required: [name] });

  app.get('/banks', { preHandler, schema: { tags: ['codes'], summary: 'Every bank code' } }, async (_request, reply) =>
    sendSuccess(reply, BANKS));

  app.get<{ Params: { bank_standard_code: string } }>('/banks/:bank_standard_code', {
    preHandler,
    schema: { tags: ['codes'], summary: 'The bank of a code', params: codeParam('bank_standard_code') },
  }, async (request, reply) => sendSuccess(reply, bankByCode(request.params.bank_standard_code)));

  app.get('/cards', { preHandler, schema: { tags: ['codes'], summary: 'Every card company code' } }, async (_request, reply) =>
    sendSuccess(reply, CARDS));

  app.get<{ Params: { card_standard_code: string } }>('/cards/:card_standard_code', {
    preHandler,
    schema: { tags: ['codes'], summary: 'The card company of a code', params: codeParam('card_standard_code') },
  }, async (request, reply) => sendSuccess(reply, cardByCode(request.params.card_standard_code)));
};
