// The gateway's HTTP app: the V1 wire conventions, then each part's routes as an encapsulated plugin.
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type {} from '@fastify/swagger';
import type { GatewayContext } from './context.ts';
import { applyWireConventions } from './api/wire.ts';
import { parseParams } from './api/params.ts';
import { usersRoutes } from './api/routes/users.ts';

export async function buildGatewayApp(ctx: GatewayContext): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: ctx.logger as FastifyBaseLogger,
    disableRequestLogging: true,
    routerOptions: {
      ignoreTrailingSlash: true,
      ignoreDuplicateSlashes: true,
      querystringParser: parseParams,
    },
    bodyLimit: 1024 * 1024,
  });
  applyWireConventions(app);
  await app.register(usersRoutes, { ctx });
  return app;
}
