// Opens the emulator in-process on a test store and talks to it over real HTTP.
import { request } from 'undici';
import type { FastifyInstance } from 'fastify';
import { AdjustableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { migrate } from '../../src/store/migrate.ts';
import type { Store, StoreKind } from '../../src/store/database.ts';
import { buildEmulatorApp, createEmulatorMerchant, emulatorMigrationSet } from '../../src/emulator/index.ts';
import { openTestStore } from '../helpers/stores.ts';

export interface Emulator {
  store: Store<any>;
  app: FastifyInstance;
  url: string;
  clock: AdjustableClock;
  merchant: { mid: string; clientKey: string; secretKey: string; apiVersion: string; webhookUrl: string | null };
  close(): Promise<void>;
}

export const logger = createLogger(process.env.EMULATOR_TEST_LOG ?? 'silent', 'toss-emulator-test');

export async function startApp(store: Store<any>, clock = new AdjustableClock()): Promise<{ app: FastifyInstance; url: string }> {
  await migrate(store.db, emulatorMigrationSet);
  const app = await buildEmulatorApp({ db: store.db, clock, logger, publicUrl: 'http://emulator.test' });
  const address = await app.listen({ port: 0, host: '127.0.0.1' });
  return { app, url: address };
}

export async function startEmulator(kind: StoreKind, merchant: { webhookUrl?: string | null } = {}): Promise<Emulator> {
  const store = await openTestStore(kind);
  const clock = new AdjustableClock();
  const { app, url } = await startApp(store, clock);
  const m = await createEmulatorMerchant(store.db, { webhookUrl: merchant.webhookUrl ?? null });
  return {
    store, app, url, clock, merchant: m,
    async close() {
      await app.close();
      await store.close();
    },
  };
}

export function basic(secretKey: string): string {
  return `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
}

export interface Answer {
  status: number;
  body: any;
  headers: Record<string, string | string[] | undefined>;
}

export async function call(
  emu: { url: string; merchant: { secretKey: string } },
  method: 'GET' | 'POST' | 'DELETE' | 'PUT' | 'PATCH',
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<Answer> {
  const res = await request(`${emu.url}${path}`, {
    method,
    headers: {
      authorization: basic(emu.merchant.secretKey),
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.body.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // kept as text
  }
  return { status: res.statusCode, body: parsed, headers: res.headers };
}

export async function control(emu: { url: string }, method: 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH', path: string, body?: unknown): Promise<Answer> {
  return call({ url: emu.url, merchant: { secretKey: 'none' } }, method, `/_emulator${path}`, body);
}

let counter = 0;
export function orderId(prefix = 'order'): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export const CARD = {
  cardNumber: '5365101234567890',
  cardExpirationYear: '39',
  cardExpirationMonth: '12',
  customerIdentityNumber: '900101',
};

export async function keyIn(emu: Emulator, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): Promise<Answer> {
  return call(emu, 'POST', '/v1/payments/key-in', { amount: 15000, orderId: orderId(), orderName: '테스트 주문', ...CARD, ...extra }, headers);
}

export const PAYMENT_KEYS = [
  'mId', 'lastTransactionKey', 'paymentKey', 'orderId', 'orderName', 'taxExemptionAmount', 'status', 'requestedAt',
  'approvedAt', 'useEscrow', 'cultureExpense', 'card', 'virtualAccount', 'transfer', 'mobilePhone', 'giftCertificate',
  'cashReceipt', 'cashReceipts', 'discount', 'cancels', 'secret', 'type', 'easyPay', 'country', 'failure',
  'isPartialCancelable', 'receipt', 'checkout', 'transactionKey', 'currency', 'totalAmount', 'balanceAmount',
  'suppliedAmount', 'vat', 'taxFreeAmount', 'method', 'version', 'metadata',
];
