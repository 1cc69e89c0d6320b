// Shared set-up of the checkout browser tests: the gateway and the Toss emulator (startTossTestbed), and a small
// merchant site on another origin (`localhost` vs the gateway's 127.0.0.1) whose pages load the gateway's iamport.js,
// with an m_redirect_url landing page and a confirm_url endpoint whose answer the test decides.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Frame, FrameLocator, Page } from 'playwright-core';
import type { StoreKind } from '../../src/store/database.ts';
import { startTossTestbed, type TossTestbed } from '../helpers/toss.ts';

export interface ConfirmCall {
  body: { imp_uid: string; merchant_uid: string; amount: number };
}

export interface Shop {
  url: string;
  confirmUrl: string;
  confirmCalls: ConfirmCall[];
  /** What the confirm_url endpoint answers: status and optional JSON body. */
  confirmAnswer: { status: number; body?: unknown };
  close(): Promise<void>;
}

export interface CheckoutBed extends TossTestbed {
  shop: Shop;
}

function startShop(gatewayUrl: string): Promise<Shop> {
  const shop: Shop = {
    url: '',
    confirmUrl: '',
    confirmCalls: [],
    confirmAnswer: { status: 200 },
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://shop');
    if (url.pathname === '/confirm' && req.method === 'POST') {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        shop.confirmCalls.push({ body: JSON.parse(Buffer.concat(chunks).toString('utf8')) });
        const { status, body } = shop.confirmAnswer;
        res.writeHead(status, { 'content-type': 'application/json' }).end(body === undefined ? '' : JSON.stringify(body));
      });
      return;
    }
    const title = url.pathname === '/complete' ? 'complete' : 'checkout';
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end(
      `<!doctype html><html lang="ko"><head><meta charset="utf-8"><title>${title}</title>` +
        `<script src="${gatewayUrl}/v1/iamport.js"></script></head><body><h1>${title}</h1></body></html>`,
    );
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      shop.url = `http://localhost:${port}`;
      shop.confirmUrl = `http://127.0.0.1:${port}/confirm`;
      shop.close = () => new Promise<void>((done) => server.close(() => done()));
      resolve(shop);
    }),
  );
}

export async function startCheckoutBed(kind: StoreKind = 'pglite'): Promise<CheckoutBed> {
  const bed = await startTossTestbed(kind);
  const shop = await startShop(bed.url);
  return {
    ...bed,
    shop,
    async close() {
      await shop.close();
      await bed.close();
    },
  };
}

let counter = 0;
export function merchantUid(prefix = 'order'): string {
  counter += 1;
  return `${prefix}-${Date.now().toString(36)}-${counter}`;
}

/** The guide's example order, as PortOne's Toss Payments guide writes it. */
export function guideOrder(over: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    pg: 'tosspayments',
    pay_method: 'card',
    merchant_uid: merchantUid(),
    name: '나이키 와플 트레이너 2 SD',
    amount: 109000,
    buyer_email: 'gildong@gmail.com',
    buyer_name: '홍길동',
    buyer_tel: '010-4242-4242',
    buyer_addr: '서울특별시 강남구 신사동',
    buyer_postcode: '01181',
    ...over,
  };
}

/**
 * A page in a context of its own, closed when `use` ends: tests running side by side in one browser must not close
 * each other's pages (the shared launcher closes every page of the file after each test).
 */
export async function withPage<T>(browser: Browser, use: (page: Page) => Promise<T>, options: { userAgent?: string } = {}): Promise<T> {
  const context = await browser.newContext({ locale: 'ko-KR', viewport: { width: 1024, height: 800 }, ...options });
  try {
    return await use(await context.newPage());
  } finally {
    await context.close();
  }
}

export async function openShop(page: Page, bed: CheckoutBed): Promise<void> {
  await page.goto(`${bed.shop.url}/checkout`);
  await page.evaluate((code) => (window as any).IMP.init(code), bed.merchant.userCode);
}

/**
 * Calls IMP.request_pay with a callback; the returned promise settles with what the callback received (and checks
 * the promise agrees with it).
 */
export function requestPay(page: Page, params: Record<string, unknown>): Promise<any> {
  return page.evaluate(
    (params) =>
      new Promise((resolve, reject) => {
        let fromCallback: unknown;
        (window as any).IMP.request_pay(params, (rsp: unknown) => {
          fromCallback = rsp;
        }).then((rsp: unknown) => {
          if (rsp !== fromCallback) reject(new Error('the promise and the callback disagree'));
          else resolve(rsp);
        });
      }),
    params,
  );
}

/** The PG's window inside the gateway's overlay. */
export function tossWindow(page: Page): FrameLocator {
  return page.frameLocator('iframe[data-imp-frame]').frameLocator('iframe[data-toss-emulator-frame]');
}

/** The gateway's own window frame (the overlay iframe over the merchant page). */
export async function gatewayFrame(page: Page): Promise<Frame> {
  const handle = await page.waitForSelector('iframe[data-imp-frame]');
  const frame = await handle.contentFrame();
  if (!frame) throw new Error('no gateway frame');
  return frame;
}

export async function paymentOf(bed: CheckoutBed, impUid: string): Promise<any> {
  const res = await bed.call('GET', `/payments/${impUid}`);
  if (res.body.code !== 0) throw new Error(`GET /payments/${impUid}: ${JSON.stringify(res.body)}`);
  return res.body.response;
}
