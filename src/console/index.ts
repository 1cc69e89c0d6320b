// The operators' web console at /console: server-rendered pages, plain HTML forms with a CSRF token, a session cookie
// backed by the database, and every merchant page scoped by the operator's grants.
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../context.ts';
import { DomainError } from '../core/errors.ts';
import { ASSET_VERSION, CONSOLE_CSS, CONSOLE_JS } from './assets.ts';
import { html, type Html } from '../lib/html.ts';
import { page, type Notice, type PageMerchant, type Tab } from './layout.ts';
import { consoleServices, type ConsoleServices } from './services.ts';
import { formCsrfOk, readState, setCookie, viewOf, SESSION_COOKIE, type ConsoleRequestState } from './session.ts';
import { authRoutes } from './routes/auth.ts';
import { merchantRoutes } from './routes/merchants.ts';
import { channelRoutes } from './routes/channels.ts';
import { paymentRoutes } from './routes/payments.ts';
import { webhookRoutes } from './routes/webhooks.ts';
import { billingRoutes } from './routes/billing.ts';
import { devRoutes } from './routes/dev.ts';
import { operatorRoutes } from './routes/operators.ts';

declare module 'fastify' {
  interface FastifyRequest {
    console: ConsoleRequestState;
    consoleMerchant: PageMerchant | null;
  }
  interface FastifyContextConfig {
    /** Reachable without a session (sign-in page, assets, language switch). */
    consolePublic?: boolean;
  }
}

/** A merchant the operator may not see answers exactly like one that does not exist. */
export class ConsoleNotFound extends Error {}

export interface Console extends ConsoleServices {
  ctx: GatewayContext;
  secureCookies: boolean;
  devTools: boolean;
  render(request: FastifyRequest, reply: FastifyReply, title: string, content: Html, opts?: { tab?: Tab; status?: number; notice?: Notice }): Promise<FastifyReply>;
  /** Redirects after a form (303), with a notice for the next page. */
  done(request: FastifyRequest, reply: FastifyReply, to: string, notice: Notice | null): Promise<FastifyReply>;
  merchant(request: FastifyRequest): PageMerchant;
}

export const consolePart: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  const services = consoleServices(ctx);
  const con: Console = {
    ...services,
    ctx,
    secureCookies: ctx.config.publicUrl.startsWith('https:'),
    devTools: ctx.config.clockAdjustable,
    async render(request, reply, title, content, opts = {}) {
      const state = request.console;
      let notice = opts.notice ?? null;
      if (!notice && state.session?.flash && state.sessionToken) {
        notice = JSON.parse(state.session.flash) as Notice;
        await services.operators.setFlash(state.sessionToken, null);
      }
      const view = { ...viewOf(state, request, this.devTools, notice), merchant: request.consoleMerchant ?? undefined };
      return reply.code(opts.status ?? 200).type('text/html; charset=utf-8').send(page(view, title, content, opts.tab ?? null));
    },
    async done(request, reply, to, notice) {
      const token = request.console.sessionToken;
      if (notice && token) await services.operators.setFlash(token, JSON.stringify(notice));
      return reply.code(303).header('location', to).send();
    },
    merchant(request) {
      if (!request.consoleMerchant) throw new ConsoleNotFound();
      return request.consoleMerchant;
    },
  };

  app.decorateRequest('console', null as unknown as ConsoleRequestState);
  app.decorateRequest('consoleMerchant', null);

  app.addHook('onRequest', async (_request, reply) => {
    reply.header('content-security-policy', "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
    reply.header('x-frame-options', 'DENY');
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'same-origin');
    reply.header('cache-control', 'no-store');
  });

  app.addHook('preHandler', async (request, reply) => {
    request.console = await readState(request, services.operators);
    if (request.routeOptions.config.consolePublic) return;
    const { session } = request.console;
    if (!session) {
      const next = request.method === 'GET' ? `?next=${encodeURIComponent(request.url)}` : '';
      return reply.code(303).header('location', `/console/login${next}`).send();
    }
    if (request.method !== 'GET' && request.method !== 'HEAD' && !formCsrfOk(request.console, request.body)) {
      return con.render(request, reply, request.console.t.error, html`<p>${request.console.t.csrfRefused}</p>`, { status: 403 });
    }
    const userCode = (request.params as Record<string, string> | undefined)?.userCode;
    if (userCode !== undefined) {
      const merchant = await ctx.merchants.find({ userCode });
      if (!merchant || !(await services.operators.maySee(session.operator, merchant.id))) throw new ConsoleNotFound();
      request.consoleMerchant = { id: merchant.id, userCode: merchant.userCode, name: merchant.name };
    }
  });

  app.setErrorHandler(async (error, request, reply) => {
    request.console ??= await readState(request, services.operators).catch(() => null as unknown as ConsoleRequestState);
    if (!request.console) return reply.code(500).type('text/plain').send('error');
    const t = request.console.t;
    if (error instanceof ConsoleNotFound) {
      request.consoleMerchant = null;
      return con.render(request, reply, t.notFound, html`<p><a href="/console/merchants">${t.back}</a></p>`, { status: 404 });
    }
    if (error instanceof DomainError) {
      return con.render(request, reply, t.error, html`<p data-testid="error-message">${error.message}</p><p><a href="${request.url}">${t.back}</a></p>`, { status: 400 });
    }
    const status = (error as { statusCode?: number }).statusCode;
    if (status && status >= 400 && status < 500) {
      // A body the parser refused, too large a request: the sender's fault, answered as a page.
      return con.render(request, reply, t.error, html`<p><a href="/console/merchants">${t.back}</a></p>`, { status });
    }
    request.log.error({ err: error }, 'console error');
    return con.render(request, reply, t.error, html`<p>${t.serverError}</p>`, { status: 500 });
  });

  app.setNotFoundHandler(async (request, reply) => {
    request.console = await readState(request, services.operators);
    return con.render(request, reply, request.console.t.notFound, html`<p><a href="/console/merchants">${request.console.t.back}</a></p>`, { status: 404 });
  });

  const immutable = 'public, max-age=31536000, immutable';
  app.get(`/assets/console.${ASSET_VERSION.css}.css`, { config: { consolePublic: true } }, async (_request, reply) =>
    reply.header('cache-control', immutable).type('text/css; charset=utf-8').send(CONSOLE_CSS));
  app.get(`/assets/console.${ASSET_VERSION.js}.js`, { config: { consolePublic: true } }, async (_request, reply) =>
    reply.header('cache-control', immutable).type('text/javascript; charset=utf-8').send(CONSOLE_JS));

  app.get('/', async (_request, reply) => reply.code(303).header('location', '/console/merchants').send());

  await authRoutes(app, con);
  await merchantRoutes(app, con);
  await channelRoutes(app, con);
  await paymentRoutes(app, con);
  await webhookRoutes(app, con);
  await billingRoutes(app, con);
  await devRoutes(app, con);
  await operatorRoutes(app, con);
};

export { SESSION_COOKIE, setCookie };
