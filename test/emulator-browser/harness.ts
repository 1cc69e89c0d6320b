// Shared set-up of the emulator browser tests: the emulator on PGlite in memory, listening on a real port; an
// emulated merchant; and a tiny merchant site on another port (so the window is a cross-origin iframe, as in real
// use) with a blank checkout page, success/fail landing pages and the official SDK loader's ESM file.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Frame, FrameLocator, Page } from 'playwright-core';
import { AdjustableClock } from '../../src/lib/clock.ts';
import { createLogger } from '../../src/lib/logger.ts';
import { openStore, type Store } from '../../src/store/database.ts';
import { migrate } from '../../src/store/migrate.ts';
import { buildEmulatorApp, createEmulatorMerchant, emulatorMigrationSet } from '../../src/emulator/index.ts';

export interface Merchant {
  mid: string;
  clientKey: string;
  secretKey: string;
}

export interface Harness {
  store: Store<any>;
  clock: AdjustableClock;
  app: FastifyInstance;
  /** The emulator's base URL, e.g. http://127.0.0.1:40123 */
  emulatorUrl: string;
  /** The merchant site's base URL (another origin). */
  shopUrl: string;
  merchant: Merchant;
  close(): Promise<void>;
}

const require = createRequire(import.meta.url);
const LOADER_ESM = require.resolve('@tosspayments/payment-sdk').replace(/tosspayments\.cjs\.js$/, 'tosspayments.esm.js');

function shopPage(title: string, body = ''): string {
  return `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
}

function startShop(): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    if (url.pathname === '/sdk/loader.esm.js') {
      res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
      res.end(fs.readFileSync(LOADER_ESM));
      return;
    }
    const titles: Record<string, string> = { '/checkout': 'checkout', '/success': 'success', '/fail': 'fail' };
    const title = titles[url.pathname];
    res.writeHead(title ? 200 : 404, { 'content-type': 'text/html; charset=utf-8' });
    res.end(shopPage(title ?? 'not found'));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export async function startHarness(): Promise<Harness> {
  const store = await openStore<any>({ databaseUrl: null, dataDir: null });
  await migrate(store.db, emulatorMigrationSet);
  const clock = new AdjustableClock();
  const logger = createLogger('silent', 'toss-emulator');
  // The public URL is only a fallback for the script; the browser derives the emulator's origin from the script.
  const app = await buildEmulatorApp({ db: store.db, clock, logger, publicUrl: 'http://127.0.0.1' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const emulatorUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const shop = await startShop();
  // `localhost` rather than 127.0.0.1: a different site as well as a different port.
  const shopUrl = `http://localhost:${(shop.address() as AddressInfo).port}`;
  const merchant = await createEmulatorMerchant(store.db, { name: '테스트 상점' });
  return {
    store,
    clock,
    app,
    emulatorUrl,
    shopUrl,
    merchant,
    async close() {
      await new Promise<void>((resolve) => shop.close(() => resolve()));
      await app.close();
      await store.close();
    },
  };
}

/** Opens the merchant's checkout page with the emulator's SDK script loaded the documented way. */
export async function openCheckout(page: Page, h: Harness): Promise<void> {
  await page.goto(`${h.shopUrl}/checkout`);
  await page.addScriptTag({ url: `${h.emulatorUrl}/v1/payment` });
}

/**
 * Calls requestPayment in redirect mode without waiting: the page will navigate. A synchronous rejection is kept
 * on `window.__tossError` for tests that expect one.
 */
export async function requestPayment(page: Page, clientKey: string, method: string | null, params: Record<string, unknown>): Promise<void> {
  await page.evaluate(
    ([clientKey, method, params]) => {
      const w = window as any;
      const tp = w.TossPayments(clientKey);
      const p = method === null ? tp.requestPayment(params) : tp.requestPayment(method, params);
      p.catch((e: any) => {
        w.__tossError = { code: e.code, message: e.message };
      });
    },
    [clientKey, method, params] as const,
  );
}

/** requestPayment as a promise the test can await; rejection becomes `{error: {code, message}}`. */
export function requestPaymentPromise(page: Page, clientKey: string, method: string, params: Record<string, unknown>) {
  return page.evaluate(
    async ([clientKey, method, params]) => {
      try {
        return { result: await (window as any).TossPayments(clientKey).requestPayment(method, params) };
      } catch (e: any) {
        return { error: { code: e.code, message: e.message } };
      }
    },
    [clientKey, method, params] as const,
  );
}

/** The overlay iframe holding the payment window. */
export function paymentWindow(page: Page): FrameLocator {
  return page.frameLocator('iframe[data-toss-emulator-frame]');
}

export async function windowFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-toss-emulator-frame]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no window frame');
  await frame.waitForSelector('[data-testid=payment-window]');
  return frame;
}

export function orderId(prefix = 'order'): string {
  return `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}

export function basicAuth(secretKey: string): string {
  return `Basic ${Buffer.from(`${secretKey}:`).toString('base64')}`;
}

export async function tossPost(h: Harness, path: string, body: unknown): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.emulatorUrl}${path}`, {
    method: 'POST',
    headers: { authorization: basicAuth(h.merchant.secretKey), 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: await res.json() };
}

export async function tossGet(h: Harness, path: string): Promise<{ status: number; body: any }> {
  const res = await fetch(`${h.emulatorUrl}${path}`, { headers: { authorization: basicAuth(h.merchant.secretKey) } });
  return { status: res.status, body: await res.json() };
}

/** Waits for the browser to land on the shop's success page and returns its query parameters. */
export async function landedOn(page: Page, h: Harness, which: 'success' | 'fail'): Promise<URLSearchParams> {
  await page.waitForURL((u) => u.origin === h.shopUrl && u.pathname === `/${which}`);
  return new URL(page.url()).searchParams;
}

/** Confirms what the success redirect carried, over HTTP with the secret key, as a merchant server would. */
export async function confirm(h: Harness, q: URLSearchParams): Promise<{ status: number; body: any }> {
  return tossPost(h, '/v1/payments/confirm', {
    paymentKey: q.get('paymentKey'),
    orderId: q.get('orderId'),
    amount: Number(q.get('amount')),
  });
}
