// The sign-in throttle behind a reverse proxy: with TOLLGATE_TRUST_PROXY on it counts failures per client address from
// X-Forwarded-For; off (the default) it ignores the header, which any client could otherwise forge.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachStore, openTestStore } from '../helpers/stores.ts';
import { loadConfig } from '../../src/config.ts';
import { createGatewayContext, type GatewayContext } from '../../src/context.ts';
import { buildGatewayApp } from '../../src/app.ts';
import { AdjustableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { SecretBox } from '../../src/lib/secrets.ts';
import { migrateGateway } from '../../src/store/open-gateway.ts';
import type { Store } from '../../src/store/database.ts';
import { THROTTLE } from '../../src/core/operators/operators.ts';
import { operatorRepository } from '../../src/store/repositories/operators.ts';
import { createOperator } from './harness.ts';

const BUSY = '203.0.113.7';
const CALM = '198.51.100.9';

it('reads TOLLGATE_TRUST_PROXY: off by default, on, or a list of proxies', () => {
  assert.equal(loadConfig({ NODE_ENV: 'test' }).trustProxy, false);
  assert.equal(loadConfig({ NODE_ENV: 'test', TOLLGATE_TRUST_PROXY: 'true' }).trustProxy, true);
  assert.equal(loadConfig({ NODE_ENV: 'test', TOLLGATE_TRUST_PROXY: 'false' }).trustProxy, false);
  assert.deepEqual(loadConfig({ NODE_ENV: 'test', TOLLGATE_TRUST_PROXY: '10.0.0.1, 192.168.0.0/16,loopback' }).trustProxy, ['10.0.0.1', '192.168.0.0/16', 'loopback']);
  assert.throws(() => loadConfig({ NODE_ENV: 'test', TOLLGATE_TRUST_PROXY: 'yes please' }), /TOLLGATE_TRUST_PROXY/);
});

describeEachStore('console sign-in throttle behind a proxy', (kind) => {
  let store: Store<any>;
  let ctx: GatewayContext;
  const apps: FastifyInstance[] = [];

  before(async () => {
    store = await openTestStore(kind);
    await migrateGateway(store.db);
    ctx = createGatewayContext({ config: loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), store, clock: new AdjustableClock(), logger: createLogger('silent'), secrets: new SecretBox(crypto.randomBytes(32)) });
    await createOperator(ctx, 'proxied@example.com', { owner: true });
    // BUSY has failed as often as one address may; each test's own email keeps the per-email count out of the way.
    const repo = operatorRepository(ctx.db);
    for (let i = 0; i < THROTTLE.perIp; i++) await repo.recordLoginFailure(`guess${i}@example.com`, BUSY, ctx.clock.now());
  });
  after(async () => {
    for (const app of apps) await app.close();
    await store?.close();
  });

  async function gateway(trustProxy: string): Promise<FastifyInstance> {
    const config = { ...ctx.config, trustProxy: loadConfig({ NODE_ENV: 'test', TOLLGATE_TRUST_PROXY: trustProxy }).trustProxy };
    const app = await buildGatewayApp({ ...ctx, config });
    apps.push(app);
    return app;
  }

  /** Signs in with the right password from the proxy's loopback address, the client named by X-Forwarded-For. */
  async function signIn(app: FastifyInstance, forwardedFor: string): Promise<number> {
    const form = await app.inject({ method: 'GET', url: '/console/login', remoteAddress: '127.0.0.1' });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: '/console/login',
      remoteAddress: '127.0.0.1',
      headers: { cookie: `tg_login_csrf=${token}`, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
      payload: new URLSearchParams({ _csrf: token, email: 'proxied@example.com', password: 'correct horse battery' }).toString(),
    });
    return res.statusCode;
  }

  it('with the proxy trusted, throttles the forwarded client address and only that one', async () => {
    const app = await gateway('true');
    assert.equal(await signIn(app, BUSY), 429);
    assert.equal(await signIn(app, CALM), 303);
  });

  it('with the proxy trusted, a client cannot escape by sending its own X-Forwarded-For through the proxy', async () => {
    // The proxy appends the address it saw (BUSY) to whatever the client sent; only that last entry is the proxy's word.
    for (const trustProxy of ['true', 'loopback']) {
      const app = await gateway(trustProxy);
      assert.equal(await signIn(app, `${CALM}, ${BUSY}`), 429, trustProxy);
    }
  });

  it('with the proxy trusted, records failures under the forwarded address', async () => {
    const app = await gateway('loopback');
    const form = await app.inject({ method: 'GET', url: '/console/login', remoteAddress: '127.0.0.1' });
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    await app.inject({
      method: 'POST', url: '/console/login', remoteAddress: '127.0.0.1',
      headers: { cookie: `tg_login_csrf=${token}`, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': CALM },
      payload: new URLSearchParams({ _csrf: token, email: 'nobody@example.com', password: 'wrong password' }).toString(),
    });
    const row = await (ctx.db as any).selectFrom('operator_login_failures').select('ip').where('email', '=', 'nobody@example.com').executeTakeFirstOrThrow();
    assert.equal(row.ip, CALM);
  });

  it('without trust (the default), ignores X-Forwarded-For: a forged header neither throttles nor escapes', async () => {
    const app = await gateway('');
    assert.equal(await signIn(app, BUSY), 303, 'the socket address 127.0.0.1 has no failures');
    const repo = operatorRepository(ctx.db);
    for (let i = 0; i < THROTTLE.perIp; i++) await repo.recordLoginFailure(`local${i}@example.com`, '127.0.0.1', ctx.clock.now());
    assert.equal(await signIn(app, CALM), 429, 'claiming another address does not escape the throttle');
  });
});
