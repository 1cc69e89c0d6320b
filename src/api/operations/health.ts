// GET /healthz: answers 200 while the database answers, 503 otherwise, for load balancers and process supervisors.
import type { FastifyPluginAsync } from 'fastify';
import { sql } from 'kysely';
import type { GatewayContext } from '../../context.ts';

/** A database that takes longer than this is as good as unreachable to a load balancer. */
const PROBE_TIMEOUT_MS = 2_000;

export const healthRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  const store = ctx.store.kind;
  app.get('/healthz', {
    schema: {
      tags: ['operations'],
      summary: 'Liveness and database reachability (no token needed)',
      response: {
        200: { type: 'object', properties: { status: { type: 'string', enum: ['ok'] }, store: { type: 'string' } } },
        503: { type: 'object', properties: { status: { type: 'string', enum: ['unavailable'] }, store: { type: 'string' } } },
      },
    },
  }, async (request, reply) => {
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        sql`select 1`.execute(ctx.db),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${PROBE_TIMEOUT_MS} ms`)), PROBE_TIMEOUT_MS);
        }),
      ]);
      return reply.code(200).send({ status: 'ok', store });
    } catch (error) {
      request.log.warn({ err: error, store: ctx.store.describe }, 'health check: database unreachable');
      return reply.code(503).send({ status: 'unavailable', store });
    } finally {
      clearTimeout(timer);
    }
  });
};
