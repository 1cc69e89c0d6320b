// The OpenAPI 3 description of the endpoints Tollgate implements, generated from the routes' own schemas: JSON at
// /docs/json and a readable page at /docs whose assets are served from the package, not a CDN. Registered before the
// routes so that it sees each one as it is added.
import { createRequire } from 'node:module';
import type { FastifyPluginAsync, RouteOptions } from 'fastify';
import fp from 'fastify-plugin';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { TOKEN_REQUIRED } from '../auth.ts';

const { version } = createRequire(import.meta.url)('../../../package.json') as { version: string };

export const DOCS_PREFIX = '/docs';

const BODY_TYPES = ['application/json', 'application/x-www-form-urlencoded'];

const TAGS = [
  { name: 'auth', description: 'Access tokens (POST /users/getToken) and how to present them' },
  { name: 'account', description: 'The merchant behind the token' },
  { name: 'payments', description: 'Payments and their look-ups' },
  { name: 'subscribe', description: 'Billing keys (customer_uid), payments without buyer authentication, schedules' },
  { name: 'vbanks', description: 'Virtual accounts' },
  { name: 'codes', description: 'Bank and card company codes' },
  { name: 'pg', description: 'Notifications from the PG (Toss Payments) to Tollgate; not called by merchants' },
  { name: 'operations', description: 'Health and metrics for operators; not part of the PortOne V1 API' },
  { name: 'development', description: 'Development aids, absent in production; not part of the PortOne V1 API' },
];

function demandsToken(route: RouteOptions): boolean {
  const handlers = [route.preHandler, route.onRequest, route.preValidation].flat();
  return handlers.some((h) => typeof h === 'function' && (h as unknown as Record<symbol, unknown>)[TOKEN_REQUIRED] === true);
}

const plugin: FastifyPluginAsync = async (app) => {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'Tollgate',
        version,
        description:
          'The PortOne V1 (iamport) REST API as Tollgate implements it. Every answer is the V1 envelope ' +
          '`{code, message, response}`; send the token from POST /users/getToken as `Authorization` (raw or ' +
          '`Bearer`), `X-ImpTokenHeader` or `?_token=`.',
      },
      tags: TAGS,
      components: {
        securitySchemes: {
          accessToken: { type: 'apiKey', in: 'header', name: 'Authorization', description: 'The 40-character token, raw or as `Bearer <token>`' },
          impTokenHeader: { type: 'apiKey', in: 'header', name: 'X-ImpTokenHeader' },
          queryToken: { type: 'apiKey', in: 'query', name: '_token' },
        },
      },
    },
    // The API is what has a tag; checkout pages, scripts and the emulator hand-off are not part of it.
    hideUntagged: true,
    transform: ({ schema, url, route }) => {
      const described = { ...schema };
      // Every body is read as JSON or as a form, whatever the route (see wire.ts).
      if (described.body && !described.consumes) described.consumes = BODY_TYPES;
      if (demandsToken(route)) described.security = [{ accessToken: [] }, { impTokenHeader: [] }, { queryToken: [] }];
      // OpenAPI has no optional path segments: `/payments/find/:merchant_uid/:payment_status?` is described with the
      // segment, as PortOne's own description does, and the route answers without it too.
      return { schema: described, url: url.replace(/(:[A-Za-z_]\w*)\?/g, '$1') };
    },
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    uiConfig: { docExpansion: 'list', deepLinking: true },
    staticCSP: true,
  });
};

/** Sees the routes of every sibling plugin, so it is registered without encapsulation. */
export const apiDocs = fp(plugin, { name: 'tollgate-api-docs' });
