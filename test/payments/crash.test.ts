// A gateway process killed with SIGKILL in the middle of a burst of payments (the real `tollgate start` over
// PostgreSQL, with its built-in emulator answering slowly) converges after a restart: every attempt ends paid or
// failed in agreement with Toss, no merchant_uid is charged twice, and the sums agree.
import assert from 'node:assert/strict';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { createTestDatabase } from '../helpers/stores.ts';
import { freePort, startTollgate, type RunningTollgate } from '../helpers/processes.ts';
import { CARDS } from '../helpers/toss.ts';

describe('a gateway killed during a burst of payments [postgres]', () => {
  let database: { url: string; drop: () => Promise<void> };
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  let emulatorPort: number;
  let server: RunningTollgate | null = null;
  let client: pg.Client;

  before(async () => {
    database = await createTestDatabase();
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-crash-'));
    port = await freePort();
    emulatorPort = await freePort();
    env = {
      DATABASE_URL: database.url,
      TOLLGATE_DATA_DIR: dataDir,
      TOLLGATE_MASTER_KEY: crypto.randomBytes(32).toString('hex'),
      PORT: String(port),
      TOSS_EMULATOR_PORT: String(emulatorPort),
      LOG_LEVEL: 'warn',
      NODE_ENV: 'test',
      TOSS_CONNECT_TIMEOUT_MS: '1000',
      TOSS_READ_TIMEOUT_MS: '2000',
      TOLLGATE_PG_STALE_AFTER_MS: '4000',
      TOLLGATE_PG_ABSENT_AFTER_MS: '2000',
      TOLLGATE_PG_MAX_CHECK_DELAY_MS: '1000',
    };
    client = new pg.Client({ connectionString: database.url });
    await client.connect();
  });

  after(async () => {
    await server?.stop('SIGKILL');
    await client?.end();
    await database?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  async function call(token: string, pathname: string, body: unknown) {
    const res = await fetch(`http://127.0.0.1:${port}${pathname}`, {
      method: 'POST',
      headers: { authorization: token, 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return (await res.json()) as any;
  }

  async function emulatorControl(method: string, pathname: string, body?: unknown) {
    const res = await fetch(`http://127.0.0.1:${emulatorPort}${pathname}`, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    assert.ok(res.status < 400, `${method} ${pathname}: ${res.status} ${await res.text()}`);
  }

  it('converges after restart with no double charge', async () => {
    server = await startTollgate(env, port);
    const demo = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-merchant.json'), 'utf8'));
    const tokenBody = await call('', '/users/getToken', { imp_key: demo.imp_key, imp_secret: demo.imp_secret });
    const token = tokenBody.response.access_token as string;
    assert.equal((await call(token, '/subscribe/customers/cu_crash', CARDS.good)).code, 0);

    // Slow answers keep calls in flight at every stage when the process dies.
    await emulatorControl('PUT', '/_emulator/faults', { endpoint: 'POST /v1/billing/:billingKey', latencyMs: 50, jitterMs: 900 });
    const burst = Array.from({ length: 80 }, (_, i) =>
      call(token, '/subscribe/payments/again', { customer_uid: 'cu_crash', merchant_uid: `crash-${i % 40}`, amount: 1_000 + i }).catch(() => null),
    );
    await sleep(700);
    await server.stop('SIGKILL');
    const answered = (await Promise.all(burst)).filter(Boolean);
    assert.ok(answered.length < 80, 'the kill interrupted the burst');

    const inFlight = await client.query(`select count(*)::int as n from tollgate.payments where state in ('approving', 'unknown')`);
    assert.ok(inFlight.rows[0].n > 0, 'some attempts were left in flight by the kill');

    server = await startTollgate(env, port);
    await emulatorControl('DELETE', '/_emulator/faults');
    const deadline = Date.now() + 45_000;
    for (;;) {
      const open = await client.query(`select count(*)::int as n from tollgate.payments where state in ('approving', 'unknown')`);
      if (open.rows[0].n === 0) break;
      assert.ok(Date.now() < deadline, `${open.rows[0].n} attempts still unsettled`);
      await sleep(250);
    }

    const ours = (await client.query(`select imp_uid, merchant_uid, state, amount::int as amount, pg_order_id from tollgate.payments`)).rows;
    const theirs = new Map(
      (await client.query(`select order_id, status, total_amount::int as amount from toss_emulator.payments`)).rows.map((r) => [r.order_id, r]),
    );
    let paidHere = 0;
    const paidPerMerchantUid = new Map<string, number>();
    for (const p of ours) {
      assert.ok(['paid', 'failed'].includes(p.state), `${p.imp_uid} ${p.state}`);
      assert.equal(p.state === 'paid', theirs.get(p.pg_order_id)?.status === 'DONE', `${p.imp_uid}: ours ${p.state}, Toss ${theirs.get(p.pg_order_id)?.status}`);
      if (p.state === 'paid') {
        paidHere += p.amount;
        paidPerMerchantUid.set(p.merchant_uid, (paidPerMerchantUid.get(p.merchant_uid) ?? 0) + 1);
      }
    }
    assert.ok([...paidPerMerchantUid.values()].every((n) => n === 1), 'one paid attempt per merchant_uid');
    const doneThere = [...theirs.values()].filter((r) => r.status === 'DONE');
    assert.equal(paidHere, doneThere.reduce((s, r) => s + r.amount, 0));
    assert.ok(doneThere.length > 0);
  });
});
