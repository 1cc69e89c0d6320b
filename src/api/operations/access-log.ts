// One compact log line per answered request: method, route pattern, status and duration. The route pattern, not the
// URL, is logged, so a `?_token=` or an id in the query never reaches the logs.
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';

const MAX_PATH_LENGTH = 200;
/** 13 or more digits, possibly grouped by dashes or spaces: a card number a client put in a path by mistake. */
const CARD_LIKE = /\d[\d -]{11,}\d/g;

function unmatchedPath(url: string): string {
  return url.split('?', 1)[0].slice(0, MAX_PATH_LENGTH).replace(CARD_LIKE, '[redacted]');
}

const plugin: FastifyPluginAsync = async (app) => {
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url;
    request.log.info(
      {
        method: request.method,
        // Unmatched requests have no pattern; their path (without the query) says what was asked for.
        route: route ?? null,
        path: route ? undefined : unmatchedPath(request.url),
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime * 10) / 10,
      },
      'request',
    );
  });
};

/** Hooks into every route of the app, so it is registered without encapsulation. */
export const accessLog = fp(plugin, { name: 'tollgate-access-log' });
