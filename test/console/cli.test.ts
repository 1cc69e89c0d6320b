// The console's operators from the command line: the first start in development prints an owner account and keeps it
// in demo-merchant.json; `tollgate operator create` makes operators confined to the merchants it names, admins with
// --admin.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, runTollgate, startTollgate } from '../helpers/processes.ts';
import { ConsoleClient } from './harness.ts';

describe('console operators from the tollgate command', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let port: number;
  before(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tollgate-console-'));
    port = await freePort();
    env = { NODE_ENV: 'development', TOLLGATE_DATA_DIR: dataDir, PORT: String(port), TOSS_EMULATOR_PORT: String(await freePort()), LOG_LEVEL: 'warn', DATABASE_URL: '' };
  });
  after(() => fs.rmSync(dataDir, { recursive: true, force: true }));

  it('creates the first operator on a development start, once, and operator create adds confined ones', async () => {
    const server = await startTollgate(env, port);
    let demo: any;
    try {
      demo = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-merchant.json'), 'utf8'));
      assert.equal(demo.console.email, 'admin@tollgate.local');
      assert.match(demo.console.password, /^[A-Za-z0-9]{20}$/);
      assert.match(server.output(), new RegExp(`password  ${demo.console.password}`));
      assert.equal(fs.statSync(path.join(dataDir, 'demo-merchant.json')).mode & 0o777, 0o600);
      const c = new ConsoleClient(`http://127.0.0.1:${port}`);
      await c.loginOk(demo.console.email, demo.console.password);
      assert.match((await c.get('/console/merchants')).text, new RegExp(demo.user_code));
      assert.equal((await c.get('/console/operators')).status, 200, 'the first operator is an admin');
    } finally {
      await server.stop();
    }
    const second = await startTollgate(env, port);
    try {
      assert.doesNotMatch(second.output(), /console operator/);
    } finally {
      await second.stop();
    }

    const other = await runTollgate(['merchant', 'create', '--name', 'CLI shop', '--json'], env);
    const otherCode = JSON.parse(other.stdout).user_code;
    const created = await runTollgate(['operator', 'create', '--email', 'Clerk@Example.com', '--merchant', otherCode, '--json'], env);
    assert.equal(created.code, 0, created.stderr);
    const out = JSON.parse(created.stdout);
    assert.equal(out.email, 'clerk@example.com');
    assert.deepEqual(out.merchants, [otherCode]);
    const dup = await runTollgate(['operator', 'create', '--email', 'clerk@example.com', '--password', 'another password'], env);
    assert.equal(dup.code, 2);
    assert.match(dup.stderr, /already exists/);
    assert.equal(out.admin, false);
    const lead = await runTollgate(['operator', 'create', '--email', 'lead@example.com', '--merchant', otherCode, '--admin', '--json'], env);
    assert.equal(lead.code, 0, lead.stderr);
    const leadOut = JSON.parse(lead.stdout);
    assert.equal(leadOut.admin, true);
    const unknown = await runTollgate(['operator', 'create', '--email', 'x@example.com', '--merchant', 'imp00000000'], env);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /no merchant/);

    const again = await startTollgate(env, port);
    try {
      const c = new ConsoleClient(`http://127.0.0.1:${port}`);
      await c.loginOk('clerk@example.com', out.password);
      const list = await c.get('/console/merchants');
      assert.match(list.text, /CLI shop/);
      assert.doesNotMatch(list.text, new RegExp(demo.user_code));
      assert.equal((await c.get(`/console/merchants/${demo.user_code}`)).status, 404);
      assert.equal((await c.get('/console/operators')).status, 404, 'an operator made without --admin manages no one');
      const l = new ConsoleClient(`http://127.0.0.1:${port}`);
      await l.loginOk('lead@example.com', leadOut.password);
      assert.equal((await l.get('/console/operators')).status, 200);
    } finally {
      await again.stop();
    }
  });
});
