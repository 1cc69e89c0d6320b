// Everything the emulator knows survives closing the app and the store and opening them again on the same data.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { it } from 'node:test';
import { AdjustableClock } from '../../src/lib/clock.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { createEmulatorMerchant } from '../../src/emulator/index.ts';
import { createTestDatabase, describeEachStore } from '../helpers/stores.ts';
import { call, control, keyIn, orderId, startApp } from './harness.ts';

describeEachStore('emulator restart', (kind) => {
  it('keeps merchants, payments, idempotency records, faults and the moved clock', async () => {
    let open: () => Promise<Store<any>>;
    let cleanup: () => Promise<void>;
    if (kind === 'pglite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'toss-emulator-'));
      open = () => openStore({ databaseUrl: null, dataDir: dir });
      cleanup = async () => fs.rmSync(dir, { recursive: true, force: true });
    } else {
      const database = await createTestDatabase();
      open = () => openStore({ databaseUrl: database.url, dataDir: null });
      cleanup = database.drop;
    }
    try {
      let store = await open();
      let started = await startApp(store, new AdjustableClock());
      const merchant = await createEmulatorMerchant(store.db, {});
      let emu = { url: started.url, merchant };
      const headers = { 'Idempotency-Key': `restart-${orderId()}` };
      const paid = await keyIn(emu as any, {}, headers);
      const va = await call(emu, 'POST', '/v1/virtual-accounts', { amount: 5000, orderId: orderId('rva'), orderName: 'x', customerName: '김', bank: '88' });
      await control(emu, 'PUT', '/faults', { endpoint: 'GET /v1/transactions', errorRate: 1, errorCode: 'FORBIDDEN_CONSECUTIVE_REQUEST' });
      await control(emu, 'POST', '/clock/advance', { ms: 3600_000 });
      const movedTo = new Date((await control(emu, 'GET', '/clock')).body.iso).getTime();
      await started.app.close();
      await store.close();

      store = await open();
      const clock = new AdjustableClock();
      started = await startApp(store, clock);
      emu = { url: started.url, merchant };
      try {
        assert.ok(clock.now().getTime() >= movedTo, 'the clock offset is restored');
        const again = await call(emu, 'GET', `/v1/payments/${paid.body.paymentKey}`);
        assert.equal(again.status, 200);
        assert.deepEqual(again.body, paid.body);
        const replay = await keyIn(emu as any, {}, headers);
        assert.deepEqual(replay.body, paid.body);
        const deposited = await control(emu, 'POST', `/virtual-accounts/${va.body.paymentKey}/deposit`, {});
        assert.equal(deposited.body.status, 'DONE');
        const faulty = await call(emu, 'GET', '/v1/transactions?startDate=2020-01-01&endDate=2030-01-01');
        assert.equal(faulty.body.code, 'FORBIDDEN_CONSECUTIVE_REQUEST');
        const merchants = await control(emu, 'GET', '/merchants');
        assert.ok(merchants.body.some((m: any) => m.mid === merchant.mid && m.secretKey === merchant.secretKey));
      } finally {
        await started.app.close();
        await store.close();
      }
    } finally {
      await cleanup();
    }
  });
});
