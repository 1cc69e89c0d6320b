// The checkout's HTTP side on the gateway: the browser SDK (`/v1/iamport.js`), the start of a payment
// (`POST /checkout/payments`, called by the SDK from the merchant's page), the hosted window, and the return URLs the
// Toss SDK sends the buyer back to.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Checkout, FinishedWindow } from '../core/checkout/checkout.ts';
import type { CheckoutWindow } from '../core/checkout/repository.ts';
import { DomainError } from '../core/errors.ts';
import { fromMinorUnits } from '../lib/money.ts';
import type { ChannelRecord } from '../core/merchants/repository.ts';
import { browserBundle, type BundleName } from './bundle.ts';
import { accountBody, CHECKOUT_CSS, choicesBody, errorBody, openingBody, page } from './pages.ts';
import { tossWindowCall, type WindowChoice } from './toss-window.ts';

export interface CheckoutRoutesOptions {
  checkout: Checkout;
}

type Query = Record<string, string | undefined>;

const ORIGIN = /^https?:\/\/[^/\s]+$/i;

function originOf(url: string): string {
  return new URL(url).origin;
}

function windowCsp(scriptOrigin: string | null, frameAncestors: string): string {
  const pg = scriptOrigin ? ` ${scriptOrigin}` : '';
  return [
    "default-src 'none'",
    `script-src 'self'${pg}`,
    `style-src 'self'${pg}`,
    `img-src 'self' data:${pg}`,
    `connect-src 'self'${pg}`,
    `frame-src${pg || " 'none'"}`,
    `form-action 'self'${pg}`,
    "base-uri 'none'",
    `frame-ancestors ${frameAncestors}`,
  ].join('; ');
}

function htmlReply(reply: FastifyReply, csp: string, html: string, status = 200) {
  return reply
    .code(status)
    .header('content-security-policy', csp)
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store')
    .type('text/html; charset=utf-8')
    .send(html);
}

function ancestors(window: CheckoutWindow): string {
  if (window.mode === 'redirect') return "'none'";
  return window.parentOrigin ?? "'none'";
}

/** The m_redirect_url with PortOne's query: imp_uid, merchant_uid, imp_success, and on failure error_code, error_msg. */
export function redirectTarget(base: string, result: FinishedWindow['result']): string {
  const url = new URL(base);
  url.searchParams.set('imp_uid', result.imp_uid ?? '');
  url.searchParams.set('merchant_uid', result.merchant_uid);
  if (result.customer_uid) url.searchParams.set('customer_uid', result.customer_uid);
  url.searchParams.set('imp_success', String(!result.error_code));
  if (result.error_code) url.searchParams.set('error_code', result.error_code);
  if (result.error_msg) url.searchParams.set('error_msg', result.error_msg);
  return url.href;
}

export async function checkoutRoutes(app: FastifyInstance, opts: CheckoutRoutesOptions): Promise<void> {
  const { checkout } = opts;

  const serveBundle = (name: BundleName, cacheControl: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    const bundle = await browserBundle(name);
    reply
      .header('etag', bundle.etag)
      .header('cache-control', cacheControl)
      .header('access-control-allow-origin', '*')
      .header('x-content-type-options', 'nosniff')
      .type('text/javascript; charset=utf-8');
    if (request.headers['if-none-match'] === bundle.etag) return reply.code(304).send();
    return reply.send(bundle.code);
  };
  // Merchants load iamport.js from a fixed URL, so it is cached for a day and revalidated with the ETag after.
  app.get('/v1/iamport.js', serveBundle('iamport', 'public, max-age=86400, stale-while-revalidate=604800'));
  app.get('/checkout/assets/window.js', serveBundle('window', 'public, max-age=3600'));
  app.get('/checkout/assets/checkout.css', async (_request, reply) =>
    reply.header('cache-control', 'public, max-age=3600').type('text/css; charset=utf-8').send(CHECKOUT_CSS),
  );

  app.post('/checkout/payments', async (request, reply) => {
    const origin = request.headers.origin;
    reply.header('access-control-allow-origin', origin && ORIGIN.test(origin) ? origin : '*').header('vary', 'Origin');
    const body = (request.body ?? {}) as { user_code?: unknown; mode?: unknown; params?: unknown };
    const params = body.params && typeof body.params === 'object' ? (body.params as Record<string, unknown>) : {};
    const outcome = await checkout.start({
      userCode: body.user_code,
      mode: body.mode === 'redirect' ? 'redirect' : 'iframe',
      // Only what the buyer's browser reported may receive the result; a page without an origin gets none by message.
      parentOrigin: origin && ORIGIN.test(origin) ? origin : null,
      userAgent: request.headers['user-agent'] ?? null,
      params,
    });
    if (outcome.kind === 'refused') return reply.send({ result: outcome.result });
    // A path, like every URL of the gateway the browser follows: resolved against the origin the browser reached the
    // gateway at, which stays right behind any proxy or host name.
    return reply.send({ window_url: `/checkout/windows/${outcome.token}` });
  });

  const renderError = (reply: FastifyReply, message: string) =>
    htmlReply(reply, windowCsp(null, "'none'"), page({ lang: 'ko', title: '결제 오류', body: errorBody('ko', message) }), 400);

  const openingPage = (reply: FastifyReply, window: CheckoutWindow, channel: ChannelRecord) => {
    const req = window.request;
    const windowBase = `/checkout/windows/${window.token}`;
    const target = window.mode === 'redirect' ? 'self' : 'iframe';
    let data: Record<string, unknown>;
    let choices: WindowChoice[] = [];
    if (window.kind === 'billing') {
      const params: Record<string, unknown> = {
        customerKey: window.pgCustomerKey,
        successUrl: `${windowBase}/billing-success`,
        failUrl: `${windowBase}/fail`,
        windowTarget: target,
      };
      if (req.buyer.buyer_name) params.customerName = req.buyer.buyer_name.slice(0, 100);
      if (req.buyer.buyer_email) params.customerEmail = req.buyer.buyer_email.slice(0, 100);
      if (req.language === 'en') params.language = 'EN';
      data = { page: 'billing', clientKey: channel.clientKey, method: '카드', params, failUrl: params.failUrl };
    } else {
      const call = tossWindowCall(req, window.impUid!, { successUrl: `${windowBase}/success`, failUrl: `${windowBase}/fail` }, target);
      choices = call.choices;
      data = { page: 'payment', clientKey: channel.clientKey, method: call.method, params: call.params, failUrl: `${windowBase}/fail`, choices };
    }
    const amount = `${fromMinorUnits(req.amount, req.currency).toLocaleString('ko-KR')} ${req.currency === 'KRW' ? '원' : req.currency}`;
    const html = page({
      lang: req.language,
      title: req.language === 'en' ? 'Payment' : '결제',
      body: openingBody(req.language, window.kind, req.name, amount, choices.length === 0) + (choices.length > 0 ? choicesBody(req.language, choices) : ''),
      data,
      scripts: [channel.scriptUrl, '/checkout/assets/window.js'],
    });
    return htmlReply(reply, windowCsp(originOf(channel.scriptUrl), ancestors(window)), html);
  };

  const resultPage = (reply: FastifyReply, finished: FinishedWindow, scriptOrigin: string | null) => {
    const { window, result, account } = finished;
    const redirectUrl = window.mode === 'redirect' && window.redirectUrl ? redirectTarget(window.redirectUrl, result) : null;
    // Without an account to show, a redirect needs no page at all.
    if (redirectUrl && !account) return reply.redirect(redirectUrl, 302);
    const lang = window.request.language;
    const html = page({
      lang,
      title: lang === 'en' ? 'Payment' : '결제',
      body: account ? accountBody(lang, account) : '',
      data: { page: 'result', result, parentOrigin: window.parentOrigin, redirectUrl, hold: account !== null },
      scripts: ['/checkout/assets/window.js'],
    });
    return htmlReply(reply, windowCsp(scriptOrigin, ancestors(window)), html);
  };

  const guarded = (handler: (request: FastifyRequest<{ Params: { token: string }; Querystring: Query }>, reply: FastifyReply) => Promise<unknown>) =>
    async (request: FastifyRequest<{ Params: { token: string }; Querystring: Query }>, reply: FastifyReply) => {
      try {
        return await handler(request, reply);
      } catch (error) {
        if (error instanceof DomainError) return renderError(reply, error.message);
        throw error;
      }
    };

  app.get<{ Params: { token: string }; Querystring: Query }>('/checkout/windows/:token', guarded(async (request, reply) => {
    const { window, channel } = await checkout.window(request.params.token);
    if (window.state === 'finished') return resultPage(reply, { window, result: window.result!, account: null }, null);
    return openingPage(reply, window, channel);
  }));

  app.get<{ Params: { token: string }; Querystring: Query }>('/checkout/windows/:token/success', guarded(async (request, reply) => {
    const q = request.query;
    const finished = await checkout.approveReturn(request.params.token, {
      paymentKey: q.paymentKey ?? '',
      orderId: q.orderId ?? '',
      amount: q.amount ?? '',
    });
    return resultPage(reply, finished, null);
  }));

  app.get<{ Params: { token: string }; Querystring: Query }>('/checkout/windows/:token/billing-success', guarded(async (request, reply) => {
    const q = request.query;
    const finished = await checkout.billingReturn(request.params.token, { customerKey: q.customerKey ?? '', authKey: q.authKey ?? '' });
    return resultPage(reply, finished, null);
  }));

  app.get<{ Params: { token: string }; Querystring: Query }>('/checkout/windows/:token/fail', guarded(async (request, reply) => {
    const q = request.query;
    const finished = await checkout.failReturn(request.params.token, { code: q.code ?? '', message: q.message ?? '' });
    return resultPage(reply, finished, null);
  }));
}
