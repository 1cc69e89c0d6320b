// POST /users/getToken and GET /users/pg.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import { sendSuccess } from '../envelope.ts';
import { requireToken } from '../auth.ts';

export const usersRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  app.post('/users/getToken', {
    schema: {
      tags: ['auth'],
      summary: 'Issue an access token (the same one until it expires)',
      body: {
        type: 'object',
        properties: { imp_key: { type: 'string' }, imp_secret: { type: 'string' } },
      },
    },
  }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    return sendSuccess(reply, await ctx.tokens.issue(body.imp_key, body.imp_secret));
  });

  app.get('/users/pg', {
    schema: { tags: ['account'], summary: 'PG channels configured for the merchant' },
    preHandler: requireToken(ctx.tokens),
  }, async (request, reply) => {
    const channels = await ctx.merchants.channels(request.caller.merchantId);
    return sendSuccess(
      reply,
      channels
        .filter((c) => c.enabled)
        .map((c) => ({
          channel_key: c.channelKey,
          channel_name: c.name,
          pg_id: c.pgId,
          pg_provider: c.pgProvider,
          sandbox: c.sandbox,
          type: c.type,
        })),
    );
  });
};
