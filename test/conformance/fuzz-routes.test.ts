// Random bodies, queries and paths thrown at every registered route, with and without a token: the gateway never
// answers 5xx, and every V1 route answers with the V1 envelope whatever it was sent.
import assert from 'node:assert/strict';
import { after, before, it } from 'node:test';
import fc from 'fast-check';
import qs from 'qs';
import type { FastifyInstance } from 'fastify';
import { describeEachStore } from '../helpers/stores.ts';
import { startTestGateway, type TestGateway } from '../helpers/gateway.ts';
import { seedPayments } from '../helpers/seed-payments.ts';

interface Route {
  method: string;
  path: string;
}

/** Every route of the app, read from Fastify's own route tree (HEAD is GET's shadow and left out). */
export function registeredRoutes(app: FastifyInstance): Route[] {
  const routes: Route[] = [];
  const stack: string[] = [];
  for (const line of app.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^((?:[│ ] {3})*)[├└]── (.+?)(?: \(([A-Z, ]+)\))?$/.exec(line);
    if (!match) continue;
    const depth = match[1].length / 4;
    stack.length = depth;
    stack.push(match[2] === '*' ? '/*' : match[2]);
    for (const method of (match[3] ?? '').split(', ').filter((m) => m && m !== 'HEAD')) routes.push({ method, path: stack.join('') });
  }
  return routes;
}

/**
 * Routes that are not part of the V1 API answer in their own formats: pages, assets, operations, and the endpoint
 * the PG (Toss) posts its webhooks to.
 */
const NOT_V1 = /^\/(docs|metrics|healthz|checkout|v1|_dev|console|demo|pg)(\/|$)/;

const SEGMENT_JUNK = ['', '%', '%zz', '%E0%A4%A', '%00', '..', '1e400', '-1', '99999999999999999999999', '0x10', 'null', '[]', '{}', 'all', 'paid', 'imp_000000000000', '%2F', '%25', '__proto__'];
const NAMES = ['imp_uid[]', 'imp_uid', 'merchant_uid[]', 'merchant_uid', 'page', 'limit', 'from', 'to', 'sorting', 'include_sandbox', '_token', 'amount', 'currency', 'customer_uid', 'customer_uid[]', 'a[b][c][d][e][f]', 'extra[requester]', 'schedules[0][merchant_uid]', '__proto__', 'constructor[prototype]', ' imp_secret', 'imp_key'];
const VALUES: fc.Arbitrary<unknown>[] = [
  fc.string(),
  fc.string({ unit: 'grapheme' }),
  fc.integer(),
  fc.double(),
  fc.constantFrom(1e308, -0, 2 ** 63, Number.MAX_SAFE_INTEGER + 2, '1e400', '-1', 'NaN', 'Infinity', '', ' ', '%', 'a\u0000b', 'KRW', 'paid', true, false, null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
];
const value = fc.oneof(...VALUES);
const name = fc.oneof(fc.constantFrom(...NAMES), fc.string({ maxLength: 12 }));

const segment = fc.oneof(
  fc.constantFrom(...SEGMENT_JUNK),
  fc.string({ unit: 'grapheme', maxLength: 20 }).map(encodeURIComponent),
  fc.string({ maxLength: 60 }).map((s) => encodeURIComponent(s).replace(/%25/g, '%')),
);

const query = fc.oneof(
  fc.constant(''),
  fc.array(fc.tuple(name, fc.oneof(fc.string({ unit: 'grapheme', maxLength: 20 }), fc.constantFrom(...SEGMENT_JUNK))), { maxLength: 6 }).map(
    (pairs) => pairs.map(([k, v], i) => (i % 3 === 2 ? `${k}=${v}` : `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)).join('&').replace(/[^\x21-\x7e]/gu, encodeURIComponent),
  ),
);

type Body = { payload?: string; contentType?: string };
const body: fc.Arbitrary<Body> = fc.oneof(
  fc.constant({}),
  fc.jsonValue().map((v) => ({ payload: JSON.stringify(v), contentType: 'application/json' })),
  fc.dictionary(name, value, { maxKeys: 8 }).map((v) => ({ payload: JSON.stringify(v), contentType: 'application/json' })),
  fc.dictionary(name, value, { maxKeys: 8 }).map((v) => ({ payload: qs.stringify(v), contentType: 'application/x-www-form-urlencoded' })),
  fc.tuple(fc.string({ maxLength: 80 }), fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded')).map(([payload, contentType]) => ({ payload, contentType })),
  fc.constantFrom('{', '{"amount": 1e400}', '[1,2', '{"a":{"b":{"c":{"d":{"e":{"f":1}}}}}}', '\u0000', 'a[]=1&a[0]=2&a[x]=3', '%', '=&=&', 'imp_uid[]=%ZZ').map((s) => ({ payload: s, contentType: 'application/json' })),
);

describeEachStore('every route under random input', (kind) => {
  let gw: TestGateway;
  let routes: Route[];
  let token: string;

  before(async () => {
    gw = await startTestGateway(kind);
    await seedPayments(gw.ctx.db, gw.merchant.id, gw.clock.now(), 'fuzz');
    token = await gw.token();
    routes = registeredRoutes(gw.app);
  });
  after(async () => gw.close());

  it('finds the V1 routes in the route tree', () => {
    const listed = new Set(routes.map((r) => `${r.method} ${r.path}`));
    for (const route of ['POST /users/getToken', 'GET /payments', 'GET /payments/:imp_uid', 'GET /payments/find/:merchant_uid/:payment_status', 'GET /payments/status/:payment_status', 'PUT /payments/prepare', 'GET /cards/:card_standard_code']) {
      assert.ok(listed.has(route), route);
    }
  });

  it('never answers 5xx, and V1 routes always answer with the envelope', async () => {
    const route = fc.constantFrom(...routes);
    await fc.assert(
      fc.asyncProperty(route, fc.array(segment, { minLength: 2, maxLength: 2 }), query, body, fc.boolean(), async (r, segments, q, b, withToken) => {
        let i = 0;
        const path = r.path.replace(/:[A-Za-z_]+|\*/g, () => segments[i++ % segments.length] || 'x');
        const url = q ? `${path}?${q}` : path;
        const headers: Record<string, string> = {};
        if (withToken) headers.authorization = token;
        if (b.contentType) headers['content-type'] = b.contentType;
        const res = await gw.app.inject({ method: r.method as 'GET', url, headers, payload: r.method === 'GET' ? undefined : b.payload });
        assert.ok(res.statusCode < 500, `${r.method} ${url} → ${res.statusCode} ${res.body.slice(0, 300)}`);
        if (NOT_V1.test(r.path)) return;
        const envelope = res.json();
        assert.equal(typeof envelope.code, 'number', `${r.method} ${url}: ${res.body.slice(0, 200)}`);
        assert.ok(envelope.message === null || typeof envelope.message === 'string');
        assert.ok('response' in envelope);
        if (res.statusCode >= 400) {
          assert.notEqual(envelope.code, 0);
          assert.equal(envelope.response, null);
          assert.doesNotMatch(envelope.message, /at .*\.ts:\d+|Error:|TypeError|undefined/, 'no internals leak into messages');
        }
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 300), interruptAfterTimeLimit: Number(process.env.FUZZ_MS ?? 20_000) },
    );
  });
});
