// The developer center: pages a developer opens at the emulator's own address (`/` leads there) to see and change
// what the control API controls. Pages only read; their forms send the control API's own requests (see
// control/same-origin.ts for why another site cannot send them).
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { EmulatorContext } from '../context.ts';
import type { FaultRegistry } from '../http/faults.ts';
import { findMerchant, listMerchants } from '../merchants/merchants.ts';
import { listWebhookDeliveries } from '../webhooks/log.ts';
import { html } from '../../lib/html.ts';
import { devCenterAsset } from './assets.ts';
import { faultPage } from './fault-page.ts';
import { LANGUAGE_COOKIE, pickLanguage, texts } from './i18n.ts';
import { DEVCENTER_PATH, layout, type Section, type View } from './layout.ts';
import { merchantPage, merchantsPage } from './merchant-pages.ts';
import { paymentsTable } from './payments-table.ts';
import { recentPayments, waitingVirtualAccounts } from './queries.ts';

export interface DevCenterOptions {
  ctx: EmulatorContext;
  faults: FaultRegistry;
  /** The Toss endpoints as faults name them. */
  endpoints: string[];
}

const CSP = [
  "default-src 'none'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:", "connect-src 'self'",
  "form-action 'self'", "base-uri 'none'", "frame-ancestors 'none'",
].join('; ');

function cookie(request: FastifyRequest, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function view(request: FastifyRequest, reply: FastifyReply, section: Section): View {
  const asked = (request.query as Record<string, unknown>).lang;
  const lang = pickLanguage(asked, cookie(request, LANGUAGE_COOKIE), request.headers['accept-language']);
  if (asked === lang) reply.header('set-cookie', `${LANGUAGE_COOKIE}=${lang}; Path=${DEVCENTER_PATH}; Max-Age=31536000; SameSite=Lax`);
  return { lang, t: texts(lang), path: request.url.split('?')[0]!, section };
}

function send(reply: FastifyReply, body: string, status = 200): FastifyReply {
  return reply
    .code(status)
    .header('content-security-policy', CSP)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(body);
}

export async function devCenterRoutes(app: FastifyInstance, opts: DevCenterOptions): Promise<void> {
  const { ctx, faults } = opts;

  app.get('/', async (_request, reply) => reply.redirect(DEVCENTER_PATH));

  app.get<{ Params: { name: string } }>(`${DEVCENTER_PATH}/assets/:name`, async (request, reply) => {
    const asset = await devCenterAsset(request.params.name);
    if (!asset) return reply.code(404).type('text/plain').send('not found');
    reply.header('etag', asset.etag).header('cache-control', 'no-cache').header('x-content-type-options', 'nosniff');
    if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send();
    return reply.type(asset.type).send(asset.body);
  });

  app.get(DEVCENTER_PATH, async (request, reply) => {
    const v = view(request, reply, 'merchants');
    return send(reply, merchantsPage(v, await listMerchants(ctx.db)));
  });

  app.get<{ Params: { mid: string } }>(`${DEVCENTER_PATH}/merchants/:mid`, async (request, reply) => {
    const v = view(request, reply, 'merchants');
    const merchant = await findMerchant(ctx.db, request.params.mid);
    if (!merchant) return send(reply, layout(v, v.t.notFound, html`<p><a href="${DEVCENTER_PATH}">${v.t.back}</a></p>`), 404);
    const [deliveries, accounts, payments] = await Promise.all([
      listWebhookDeliveries(ctx.db, { mid: merchant.mid, limit: 30 }),
      waitingVirtualAccounts(ctx.db, merchant.mid),
      recentPayments(ctx.db, merchant.mid),
    ]);
    return send(reply, merchantPage(v, { merchant, deliveries, accounts, payments }));
  });

  app.get(`${DEVCENTER_PATH}/payments`, async (request, reply) => {
    const v = view(request, reply, 'payments');
    const content = html`<section>${paymentsTable(v, await recentPayments(ctx.db, null, 50), true)}</section>`;
    return send(reply, layout(v, v.t.payments, content));
  });

  app.get(`${DEVCENTER_PATH}/faults`, async (request, reply) => {
    const v = view(request, reply, 'faults');
    await faults.load();
    const endpoint = (request.query as Record<string, unknown>).endpoint;
    return send(reply, faultPage(v, opts.endpoints, faults.list(), typeof endpoint === 'string' ? endpoint : null));
  });
}
