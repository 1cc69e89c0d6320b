// Behind https (TOLLGATE_PUBLIC_URL), the console's cookies are Secure; the sign-in form's token and the session too.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import { after, before, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { describeEachStore, openTestStore } from '../helpers/stores.ts';
import { loadConfig } from '../../src/config.ts';
import { createGatewayContext } from '../../src/context.ts';
import { buildGatewayApp } from '../../src/app.ts';
import { AdjustableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { SecretBox } from '../../src/lib/secrets.ts';
import { migrateGateway } from '../../src/store/open-gateway.ts';
import type { Store } from '../../src/store/database.ts';
import { createOperator } from './harness.ts';

describeEachStore('console cookies behind https', (kind) => {
  let store: Store<any>;
  let app: FastifyInstance;
  before(async () => {
    store = await openTestStore(kind);
    await migrateGateway(store.db);
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', TOLLGATE_PUBLIC_URL: 'https://pay.example.com' });
    const ctx = createGatewayContext({ config, store, clock: new AdjustableClock(), logger: createLogger('silent'), secrets: new SecretBox(crypto.randomBytes(32)) });
    await createOperator(ctx, 'secure@example.com', { owner: true });
    app = await buildGatewayApp(ctx);
  });
  after(async () => {
    await app?.close();
    await store?.close();
  });

  it('marks the sign-in token and the session cookie Secure', async () => {
    const form = await app.inject({ method: 'GET', url: '/console/login' });
    const loginCookie = [form.headers['set-cookie']].flat().find((c) => String(c).startsWith('tg_login_csrf='))!;
    assert.match(String(loginCookie), /; Secure/);
    const token = /name="_csrf" value="([^"]+)"/.exec(form.body)![1]!;
    const res = await app.inject({
      method: 'POST',
      url: '/console/login',
      headers: { cookie: `tg_login_csrf=${token}`, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ _csrf: token, email: 'secure@example.com', password: 'correct horse battery' }).toString(),
    });
    assert.equal(res.statusCode, 303);
    const session = [res.headers['set-cookie']].flat().find((c) => String(c).startsWith('tg_console='))!;
    assert.match(String(session), /; HttpOnly/);
    assert.match(String(session), /; Secure/);
    assert.match(String(session), /SameSite=Lax/);
  });
});
