// Prometheus metrics at GET /metrics: request counts and latency per route pattern, method and status, plus Node's
// process metrics. Labels use the route pattern (`/payments/:imp_uid`), never the raw URL, so ids and query strings
// cannot multiply the series.
import type { FastifyPluginAsync } from 'fastify';
import fp from 'fastify-plugin';
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Requests no route matched share one label value. */
export const UNMATCHED_ROUTE = '(unmatched)';

const LATENCY_BUCKETS_S = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// Process metrics describe the process, not an app: collected once, whatever the number of apps in it (tests open
// many), and served alongside each app's own request metrics.
let processRegistry: Registry | undefined;
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

const plugin: FastifyPluginAsync = async (app) => {
  const registry = new Registry();
  const labelNames = ['method', 'route', 'status'] as const;
  const requests = new Counter({
    name: 'tollgate_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'tollgate_http_request_duration_seconds',
    help: 'Time from receiving a request to finishing its response, by method, route pattern and status',
    labelNames,
    buckets: LATENCY_BUCKETS_S,
    registers: [registry],
  });
  const perProcess = processMetrics();

  app.addHook('onResponse', async (request, reply) => {
    const labels = {
      method: request.method,
      route: request.routeOptions.url ?? UNMATCHED_ROUTE,
      status: String(reply.statusCode),
    };
    requests.inc(labels);
    latency.observe(labels, reply.elapsedTime / 1000);
  });

  app.get('/metrics', {
    schema: { tags: ['operations'], summary: 'Prometheus metrics (text exposition format)' },
  }, async (_request, reply) => {
    const text = (await registry.metrics()) + '\n' + (await perProcess.metrics());
    return reply.type(registry.contentType).send(text);
  });
};

/** Hooks into every route of the app, so it is registered without encapsulation. */
export const requestMetrics = fp(plugin, { name: 'tollgate-metrics' });
