import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase } from '../helpers/stores.ts';
import { freePort, runTollgate, startTollgate } from '../helpers/processes.ts';

async function token(port: number, key: string, secret: string): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/users/getToken`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ imp_key: key, imp_secret: secret }),
  });
  const body = (await res.json()) as any;
  assert.equal(body.code, 0, JSON.stringify(body));
  return body.response.access_token;
}

describe('tollgate command with the embedded store', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-cli-'));
    port = await freePort();
    env = { TOLLGATE_DATA_DIR: dataDir, PORT: String(port), TOSS_EMULATOR_PORT: String(await freePort()), LOG_LEVEL: 'warn', DATABASE_URL: '' };
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates a merchant with given credentials and lists it', async () => {
    const created = await runTollgate(
      ['merchant', 'create', '--user-code', 'imp12345678', '--imp-key', 'key-0000000001', '--imp-secret', 'secret-0000000000000001', '--json'],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    const merchant = JSON.parse(created.stdout);
    assert.deepEqual(
      { user_code: merchant.user_code, imp_key: merchant.imp_key, imp_secret: merchant.imp_secret },
      { user_code: 'imp12345678', imp_key: 'key-0000000001', imp_secret: 'secret-0000000000000001' },
    );
    const listed = await runTollgate(['merchant', 'list', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
    assert.deepEqual(JSON.parse(listed.stdout).map((m: any) => m.user_code), ['imp12345678']);
    const dup = await runTollgate(['merchant', 'create', '--user-code', 'imp12345678'], env);
    assert.equal(dup.code, 2);
    assert.match(dup.stderr, /already in use/);
    const bad = await runTollgate(['merchant', 'create', '--user-code', 'shop1'], env);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /imp/);
  });

  it('keeps master.key private and refuses other commands while the server owns the data directory', async () => {
    const server = await startTollgate(env, port);
    try {
      const mode = fs.statSync(path.join(dataDir, 'master.key')).mode & 0o777;
      assert.equal(mode, 0o600);
      // The database already had a merchant, so no demo merchant was created.
      assert.equal(fs.existsSync(path.join(dataDir, 'demo-merchant.json')), false);
      const refused = await runTollgate(['merchant', 'list'], env);
      assert.equal(refused.code, 2);
      assert.match(refused.stderr, /in use by "tollgate start" \(pid \d+/);
      await token(port, 'key-0000000001', 'secret-0000000000000001');
      // Moving the clock goes through the running server, which owns the data directory.
      const moved = await runTollgate(['clock', 'advance', '2h'], env);
      assert.equal(moved.code, 0, moved.stderr);
      const clock = (await (await fetch(`http://127.0.0.1:${port}/_dev/clock`)).json()) as any;
      assert.ok(clock.response.offset_ms >= 2 * 3_600_000 - 5_000, JSON.stringify(clock));
      assert.match(moved.stdout, new RegExp(`gateway clock is now ${new Date(clock.response.now * 1000).toISOString().slice(0, 13)}`));
    } finally {
      assert.equal(await server.stop(), 0);
    }
    const listed = await runTollgate(['merchant', 'list', '--json'], env);
    assert.equal(listed.code, 0, listed.stderr);
  });
});

describe('tollgate start on an empty database', () => {
  let dataDir: string;
  let database: { url: string; drop: () => Promise<void> };

  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-demo-'));
    database = await createTestDatabase();
  });
  after(async () => {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await database.drop();
  });

  for (const store of ['pglite', 'postgres'] as const) {
    it(`creates and prints a demo merchant whose channels use the emulator [${store}]`, async () => {
      const dir = path.join(dataDir, store);
      const port = await freePort();
      const emulatorPort = await freePort();
      const env = {
        TOLLGATE_DATA_DIR: dir,
        PORT: String(port),
        TOSS_EMULATOR_PORT: String(emulatorPort),
        LOG_LEVEL: 'warn',
        DATABASE_URL: store === 'postgres' ? database.url : '',
      };
      const server = await startTollgate(env, port);
      try {
        const demo = JSON.parse(fs.readFileSync(path.join(dir, 'demo-merchant.json'), 'utf8'));
        assert.match(demo.user_code, /^imp\d{8}$/);
        assert.match(server.output(), new RegExp(demo.imp_key));
        assert.match(demo.emulator.client_key, /^test_ck_/);
        assert.match(demo.emulator.secret_key, /^test_sk_/);
        const t = await token(port, demo.imp_key, demo.imp_secret);
        const res = await fetch(`http://127.0.0.1:${port}/users/pg`, { headers: { authorization: t } });
        const channels = ((await res.json()) as any).response;
        assert.deepEqual(channels.map((c: any) => [c.pg_provider, c.pg_id, c.type]).sort(), [
          ['tosspayments', demo.emulator.mid, 'api_payment'],
          ['tosspayments', demo.emulator.mid, 'payment'],
        ]);
        // The emulator answers with Toss's own error for a request without credentials.
        const emu = await fetch(`http://127.0.0.1:${emulatorPort}/v1/payments/nothing`);
        assert.equal(typeof ((await emu.json()) as any).code, 'string');
      } finally {
        await server.stop();
      }
      // A second start finds merchants and creates no second demo merchant.
      const again = await startTollgate(env, port);
      try {
        assert.doesNotMatch(again.output(), /Created a demo merchant/);
      } finally {
        await again.stop();
      }
    });
  }
});
