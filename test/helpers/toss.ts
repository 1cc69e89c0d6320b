// A gateway and the Toss emulator over the same store, each on its own loopback port, talking only over HTTP: an
// emulator merchant whose webhooks go to the gateway, and the test merchant's `api_payment` and `payment` Toss
// channels pointing at the emulator. Fault tests shorten the connector's read timeout so they run quickly.
import type { FastifyInstance } from 'fastify';
import { AdjustableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import type { StoreKind } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { buildEmulatorApp, createEmulatorMerchant, emulatorMigrationSet } from '../../src/emulator/index.ts';
import { tossConnector } from '../../src/pg/toss/connector.ts';
import type { ReconcileTiming } from '../../src/core/payments/outcomes.ts';
import type { CreatedMerchant } from '../../src/core/merchants/merchants.ts';
import { startTestGateway, type TestGateway } from './gateway.ts';

import { TOSS_WEBHOOK_PATH } from '../../src/api/routes/pg-webhooks.ts';

/** Cards the emulator approves and declines (its DECLINE_CARDS table). */
export const CARDS = {
  good: { card_number: '9410-0012-3456-7890', expiry: '2030-12', birth: '900101', pwd_2digit: '12' },
  rejected: { card_number: '4000-0000-0000-0002', expiry: '2030-12', birth: '900101', pwd_2digit: '12' },
};

export interface TossTestbed extends TestGateway {
  emulator: FastifyInstance;
  emulatorUrl: string;
  emulatorClock: AdjustableClock;
  toss: { mid: string; clientKey: string; secretKey: string };
  /** POST with the merchant's token; JSON in, JSON out. */
  call(method: string, path: string, body?: unknown, merchant?: CreatedMerchant): Promise<{ status: number; body: any }>;
  control(method: string, path: string, body?: unknown): Promise<any>;
  /** Sets an emulator fault (see src/emulator/http/faults.ts). */
  fault(spec: Record<string, unknown>): Promise<void>;
  clearFaults(): Promise<void>;
  /** Every payment the emulator holds for the merchant's MID. */
  emulatorPayments(): Promise<{ orderId: string; status: string; totalAmount: number; balanceAmount: number; paymentKey: string }[]>;
  /** Adds Toss channels to another gateway merchant. */
  addChannels(merchant: CreatedMerchant): Promise<void>;
}

export async function startTossTestbed(
  kind: StoreKind,
  opts: { readTimeoutMs?: number; timing?: Partial<ReconcileTiming> } = {},
): Promise<TossTestbed> {
  // Generous by default so a loaded machine does not turn answers into unknowns; fault tests pass a short one.
  const readTimeoutMs = opts.readTimeoutMs ?? 10_000;
  const connector = tossConnector({ connectTimeoutMs: 2_000, readTimeoutMs });
  const gw = await startTestGateway(kind, {
    payments: {
      connector,
      timing: { staleAfterMs: readTimeoutMs + 10_000, firstCheckMs: 200, maxCheckDelayMs: 2_000, absentAfterMs: 1_000, maxChecks: 8, ...opts.timing },
    },
  });
  await migrate(gw.ctx.rootDb, emulatorMigrationSet);
  const emulatorClock = new AdjustableClock();
  const emulator = await buildEmulatorApp({
    db: gw.ctx.rootDb,
    clock: emulatorClock,
    logger: createLogger(process.env.LOG_LEVEL ?? 'silent'),
    publicUrl: 'http://127.0.0.1',
  });
  await emulator.listen({ port: 0, host: '127.0.0.1' });
  const address = emulator.server.address();
  const emulatorUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const toss = await createEmulatorMerchant(gw.ctx.rootDb, { webhookUrl: gw.url + TOSS_WEBHOOK_PATH });

  async function addChannels(merchant: CreatedMerchant) {
    for (const type of ['api_payment', 'payment'] as const) {
      await gw.ctx.merchants.addTossChannel(merchant.id, {
        type,
        mid: toss.mid,
        clientKey: toss.clientKey,
        secretKey: toss.secretKey,
        apiBaseUrl: emulatorUrl,
        scriptUrl: `${emulatorUrl}/v1/payment`,
        sandbox: true,
      });
    }
  }
  await addChannels(gw.merchant);

  const tokens = new Map<number, string>();
  async function call(method: string, path: string, body?: unknown, merchant = gw.merchant) {
    let token = tokens.get(merchant.id);
    if (!token) tokens.set(merchant.id, (token = await gw.token(merchant)));
    const res = await fetch(gw.url + path, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json() };
  }
  async function control(method: string, path: string, body?: unknown) {
    const res = await fetch(emulatorUrl + path, {
      method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status >= 400) throw new Error(`emulator ${method} ${path}: ${res.status} ${text}`);
    return text ? JSON.parse(text) : null;
  }

  return {
    ...gw,
    emulator,
    emulatorUrl,
    emulatorClock,
    toss,
    call,
    control,
    async fault(spec) {
      await control('PUT', '/_emulator/faults', spec);
    },
    async clearFaults() {
      await control('DELETE', '/_emulator/faults');
    },
    async emulatorPayments() {
      return gw.ctx.rootDb
        .withSchema(emulatorMigrationSet.schema)
        .selectFrom('payments')
        .select(['order_id as orderId', 'status', 'total_amount as totalAmount', 'balance_amount as balanceAmount', 'payment_key as paymentKey'])
        .where('mid', '=', toss.mid)
        .execute() as any;
    },
    addChannels,
    async close() {
      await emulator.close();
      await gw.close();
      await connector.close?.();
    },
  };
}
