// The payment window's HTTP side: the SDK posts the merchant's request here, the buyer completes the pages, and the
// result goes back to the merchant page (successUrl / failUrl, or the SDK's promise).
import fs from 'node:fs';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Clock } from '../../lib/clock.ts';
import type { BuyerAuthentication, WindowBackend, WindowFailure, WindowMerchant } from './backend.ts';
import { t } from './i18n.ts';
import {
  billingPage,
  DECLINE_OUTCOMES,
  errorPage,
  expiredPage,
  paymentPage,
  resultPage,
  UNSELECTED_CHOICES,
  WINDOW_EASY_PAYS,
  type WindowResult,
} from './pages.ts';
import {
  installmentChoices,
  PAYMENT_METHOD_NAME,
  readBillingRequest,
  readPaymentRequest,
  WindowRequestError,
  type MethodCode,
  type PaymentWindowRequest,
  type WindowEnvelope,
} from './request.ts';
import { WindowSessions, type BillingSession } from './sessions.ts';

export interface PaymentWindowOptions {
  backend: WindowBackend;
  clock: Clock;
}

const ASSETS = {
  'window.js': { file: new URL('./assets/window.js', import.meta.url), type: 'text/javascript; charset=utf-8' },
  'window.css': { file: new URL('./assets/window.css', import.meta.url), type: 'text/css; charset=utf-8' },
} as const;

const CANCELED: Record<'ko' | 'en', WindowFailure> = {
  ko: { code: 'PAY_PROCESS_CANCELED', message: '사용자에 의해 결제가 취소되었습니다.' },
  en: { code: 'PAY_PROCESS_CANCELED', message: 'Payment has been canceled by the customer.' },
};
/** Promise mode answers a closed window as the hosted SDK does: a rejection with USER_CANCEL. */
const USER_CANCEL: Record<'ko' | 'en', WindowFailure> = {
  ko: { code: 'USER_CANCEL', message: '사용자가 결제를 취소하였습니다.' },
  en: { code: 'USER_CANCEL', message: 'The customer canceled the payment.' },
};
const EXPIRED: WindowFailure = {
  code: 'NOT_FOUND_PAYMENT_SESSION',
  message: '결제 시간이 만료되어 결제 진행 데이터가 존재하지 않습니다.',
};
/** Card number used when the buyer leaves the field empty. */
const DEFAULT_TEST_CARD = '4330123412341234';

type Form = Record<string, unknown>;

/** Stored with the payment's parameters: how the window was opened. */
const ENVELOPE_KEY = 'emulatorWindow';
interface StoredEnvelope {
  mode: 'redirect' | 'promise';
  target: 'iframe' | 'self';
  origin: string | null;
  /** Origins embedding the opener (space-separated), allowed to frame the window too. */
  ancestors?: string;
}

interface PaymentSession {
  kind: 'payment';
  id: string;
  req: PaymentWindowRequest;
  merchant: WindowMerchant;
  paymentKey: string;
  /** The buyer's 30 minutes ran out. */
  expired: boolean;
  /** READY and in time: the buyer can still complete it. */
  open: boolean;
  /** The method was left open (미선택) and the buyer picked `req.method` in the window. */
  chosenInWindow: boolean;
}

function field(form: Form, name: string): string {
  const v = form[name];
  if (Array.isArray(v)) return typeof v[0] === 'string' ? v[0] : '';
  return typeof v === 'string' ? v : '';
}

/** Appends parameters to a URL, keeping its existing query string and fragment as the merchant wrote them. */
export function appendQuery(base: string, params: Record<string, string>): string {
  const hash = base.indexOf('#');
  const head = hash >= 0 ? base.slice(0, hash) : base;
  const fragment = hash >= 0 ? base.slice(hash) : '';
  const query = new URLSearchParams(params).toString();
  const sep = head.includes('?') ? (head.endsWith('?') || head.endsWith('&') ? '' : '&') : '?';
  return `${head}${sep}${query}${fragment}`;
}

function securityHeaders(reply: FastifyReply, env: Pick<WindowEnvelope, 'target' | 'parentOrigin' | 'ancestorOrigins'> | null): void {
  // The window may be framed by the page that opened it (iframe mode) and by whatever frames that page: in self mode
  // the window takes the opener's place, which may itself be a frame (a PG aggregator's checkout on a merchant page).
  const framers = env?.target === 'self' ? env.ancestorOrigins ?? [] : env?.parentOrigin ? [env.parentOrigin, ...(env.ancestorOrigins ?? [])] : null;
  const ancestors = framers === null ? '*' : framers.length ? framers.join(' ') : "'none'";
  reply
    .header(
      'content-security-policy',
      `default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; ` +
        `base-uri 'none'; frame-ancestors ${ancestors}`,
    )
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'no-referrer')
    .header('cache-control', 'no-store');
}

function sendPage(
  reply: FastifyReply,
  body: string,
  env: Pick<WindowEnvelope, 'target' | 'parentOrigin' | 'ancestorOrigins'> | null,
  status = 200,
) {
  securityHeaders(reply, env);
  return reply.code(status).type('text/html; charset=utf-8').send(body);
}

function closed(req: WindowEnvelope): WindowFailure {
  return (req.mode === 'promise' ? USER_CANCEL : CANCELED)[req.language];
}

function failure(session: PaymentSession | BillingSession, f: WindowFailure): WindowResult {
  const result: Record<string, unknown> = { code: f.code, message: f.message };
  const params: Record<string, string> = { code: f.code, message: f.message };
  if (session.kind === 'payment') {
    result.orderId = session.req.orderId;
    params.orderId = session.req.orderId;
  }
  return { outcome: 'fail', url: session.req.failUrl ? appendQuery(session.req.failUrl, params) : null, result };
}

function finish(reply: FastifyReply, session: PaymentSession | BillingSession, result: WindowResult) {
  if (session.kind === 'billing') session.finished = true;
  const { req } = session;
  return sendPage(reply, resultPage({ lang: req.language, target: req.target, parentOrigin: req.parentOrigin, result }), req);
}

/** An error before a window exists: the SDK's promise rejects with it (no redirect, as the hosted SDK does). */
function requestError(reply: FastifyReply, form: Form, error: WindowRequestError | { code: string; message: string }) {
  const target = field(form, 'target') === 'self' ? 'self' : 'iframe';
  let parentOrigin: string | null = null;
  try {
    const o = new URL(field(form, 'origin')).origin;
    if (o === field(form, 'origin')) parentOrigin = o;
  } catch {
    parentOrigin = null;
  }
  const ancestorOrigins = field(form, 'ancestors').split(' ').filter((o) => {
    try {
      return new URL(o).origin === o;
    } catch {
      return false;
    }
  }).slice(0, 8);
  const env = { target, parentOrigin, ancestorOrigins } as const;
  const data = { kind: 'result', target, parentOrigin, outcome: 'fail', url: null, result: { code: error.code, message: error.message } };
  return sendPage(reply, errorPage({ lang: 'ko', code: error.code, message: error.message, data, depth: 'entry' }), env, 400);
}

function isTossError(e: unknown): e is { code: string; message: string } {
  return typeof e === 'object' && e !== null && typeof (e as { code?: unknown }).code === 'string' && e instanceof Error;
}

const FIXED_ACCOUNT_KEY = /^[A-Za-z0-9_=.@-]{1,300}$/;

function digits(text: string): string {
  return text.replace(/[^0-9]/g, '');
}

/** Reads the buyer's answers for the payment's method; a tampered form is a window error. */
function authentication(req: PaymentWindowRequest, method: MethodCode, form: Form): BuyerAuthentication {
  const none = {
    card: null, easyPay: null, transfer: null, virtualAccount: null, mobilePhone: null, giftCertificate: null,
    cashReceipt: null, useEscrow: false,
  };
  const cashReceipt = (): BuyerAuthentication['cashReceipt'] => {
    const type = field(form, 'cashReceiptType');
    if (type !== '소득공제' && type !== '지출증빙') return null;
    return { type, registrationNumber: digits(field(form, 'cashReceiptNumber')) || null };
  };
  const escrow = () => (req.useEscrow !== null ? req.useEscrow : field(form, 'useEscrow') === 'true');
  const bank = () => {
    const code = field(form, 'bank');
    if (!code) throw new WindowRequestError('INVALID_BANK', '은행을 선택해주세요.');
    return code;
  };
  switch (method) {
    case 'CARD': {
      const [kind, value] = field(form, 'choice').split(':');
      if (kind === 'easypay') {
        const provider = WINDOW_EASY_PAYS.find((p) => p.en === value);
        if (!provider) throw new WindowRequestError('INVALID_PARAMETER', '간편결제를 선택해주세요.');
        return { ...none, method: '간편결제', easyPay: { provider: provider.ko } };
      }
      if (kind !== 'card' || !value) throw new WindowRequestError('INVALID_CARD_COMPANY', '카드사를 선택해주세요.');
      // The merchant's cardCompany is the only company the window offered.
      if (req.card.cardCompany && req.card.cardCompany.code !== value) {
        throw new WindowRequestError('INVALID_CARD_COMPANY', '결제할 수 없는 카드사입니다.');
      }
      const months = Number(field(form, 'installment') || '0');
      if (!installmentChoices(req).includes(months)) {
        throw new WindowRequestError('INVALID_CARD_INSTALLMENT_PLAN', '할부 개월 수가 올바르지 않습니다.');
      }
      return {
        ...none,
        method: '카드',
        card: {
          issuerCode: value,
          number: digits(field(form, 'cardNumber')) || DEFAULT_TEST_CARD,
          installmentPlanMonths: months,
          useCardPoint: field(form, 'useCardPoint') === 'true',
          isAppCard: req.card.appCardOnly,
        },
      };
    }
    case 'TOSSPAY':
      return { ...none, method: '간편결제', easyPay: { provider: '토스페이' } };
    case 'TRANSFER':
      return { ...none, method: '계좌이체', transfer: { bankCode: bank() }, cashReceipt: cashReceipt(), useEscrow: escrow() };
    case 'VIRTUAL_ACCOUNT': {
      const accountKey = field(form, 'accountKey').trim();
      if (accountKey && !FIXED_ACCOUNT_KEY.test(accountKey)) {
        throw new WindowRequestError('INVALID_PARAMETER', '고유식별번호는 영문, 숫자, 특수문자(_ = . @ -)로 300자 이하여야 합니다.');
      }
      return {
        ...none,
        method: '가상계좌',
        virtualAccount: { bankCode: bank(), accountKey: accountKey || null },
        cashReceipt: cashReceipt(),
        useEscrow: escrow(),
      };
    }
    case 'MOBILE_PHONE': {
      const carrier = field(form, 'carrier');
      const phone = digits(field(form, 'phone'));
      if (!carrier || phone.length < 10) throw new WindowRequestError('INVALID_PARAMETER', '통신사와 휴대폰 번호를 입력해주세요.');
      return { ...none, method: '휴대폰', mobilePhone: { carrier, customerMobilePhone: phone } };
    }
    default:
      return { ...none, method: PAYMENT_METHOD_NAME[method], giftCertificate: { kind: method } };
  }
}

function declineFromOutcome(form: Form, lang: 'ko' | 'en'): WindowFailure | null {
  const outcome = field(form, 'outcome');
  if (!outcome || outcome === 'approve') return null;
  const known = DECLINE_OUTCOMES.find((o) => o.code === outcome);
  return known ? { code: known.code, message: lang === 'en' ? known.en : known.ko } : null;
}

export async function paymentWindowRoutes(app: FastifyInstance, opts: PaymentWindowOptions): Promise<void> {
  const { backend } = opts;
  // Ending a payment that already ended (its session ran out, or a second close) changes nothing.
  const abort = async (session: PaymentSession, f: WindowFailure) => {
    try {
      await backend.abort(session.merchant, session.paymentKey, f);
    } catch (e) {
      if (!isTossError(e)) throw e;
    }
  };
  const sessions = new WindowSessions(opts.clock);
  const assets = new Map(
    Object.entries(ASSETS).map(([name, a]) => [name, { body: fs.readFileSync(a.file, 'utf8'), type: a.type }]),
  );

  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 256 * 1024 }, (_req, body, done) => {
      const out: Record<string, string> = {};
      for (const [k, v] of new URLSearchParams(body as string)) if (!(k in out)) out[k] = v;
      done(null, out);
    });
  }

  app.get<{ Params: { name: string } }>('/window/assets/:name', async (request, reply) => {
    const asset = assets.get(request.params.name);
    if (!asset) return reply.code(404).type('text/plain').send('not found');
    return reply
      .header('cache-control', 'no-cache')
      .header('x-content-type-options', 'nosniff')
      .type(asset.type)
      .send(asset.body);
  });

  // ---- payments ----------------------------------------------------------------------------------------------------
  // A payment window's id is its paymentKey and its state is the payment's row: the envelope (response mode,
  // target, opener's origin) is stored with the parameters, so an open window survives an emulator restart.

  app.post('/window/payments', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    let req: PaymentWindowRequest;
    try {
      req = readPaymentRequest(form);
    } catch (e) {
      if (e instanceof WindowRequestError) return requestError(reply, form, e);
      throw e;
    }
    const merchant = await backend.merchantByClientKey(req.clientKey);
    if (!merchant) return requestError(reply, form, { code: 'INVALID_CLIENT_KEY', message: '잘못된 클라이언트 연동 정보 입니다.' });
    let paymentKey: string;
    try {
      const envelope: StoredEnvelope = {
        mode: req.mode,
        target: req.target,
        origin: req.parentOrigin,
        ancestors: (req.ancestorOrigins ?? []).join(' '),
      };
      ({ paymentKey } = await backend.openPayment(merchant, { method: req.method ?? '', params: { ...req.params, [ENVELOPE_KEY]: envelope } }));
    } catch (e) {
      if (isTossError(e)) return requestError(reply, form, e);
      throw e;
    }
    return reply.code(303).header('location', `payments/${encodeURIComponent(paymentKey)}`).send();
  });

  /** The window of a payment; `chosen` is the method picked on the 미선택 page (carried in the page's URL). */
  const loadPayment = async (paymentKey: string, chosen: unknown): Promise<PaymentSession | null> => {
    const found = await backend.findPayment(paymentKey);
    if (!found) return null;
    const { [ENVELOPE_KEY]: envelope, method, ...params } = found.params as Record<string, unknown> & { [ENVELOPE_KEY]?: StoredEnvelope };
    if (!envelope) return null;
    let req: PaymentWindowRequest;
    try {
      req = readPaymentRequest({
        clientKey: found.merchant.clientKey,
        method: typeof method === 'string' ? method : '',
        params: JSON.stringify(params),
        mode: envelope.mode,
        target: envelope.target,
        origin: envelope.origin,
        ancestors: envelope.ancestors,
      });
    } catch {
      return null;
    }
    let chosenInWindow = false;
    if (req.method === null && typeof chosen === 'string' && (UNSELECTED_CHOICES as readonly string[]).includes(chosen)) {
      req.method = chosen as MethodCode;
      chosenInWindow = true;
    }
    const now = opts.clock.now().getTime();
    const expired = found.status === 'EXPIRED' || (found.status === 'READY' && found.expiresAt !== null && found.expiresAt.getTime() <= now);
    return { kind: 'payment', id: paymentKey, req, merchant: found.merchant, paymentKey, expired, open: found.status === 'READY' && !expired, chosenInWindow };
  };

  /** The page's own URL, relative to itself: the window id plus the chosen method, if any. */
  const selfUrl = (session: PaymentSession) =>
    encodeURIComponent(session.id) + (session.chosenInWindow ? `?method=${session.req.method}` : '');

  const missing = (reply: FastifyReply) =>
    sendPage(reply, errorPage({ lang: 'ko', code: EXPIRED.code, message: EXPIRED.message }), null, 404);

  const expiredWindow = (reply: FastifyReply, session: PaymentSession) => {
    const { req } = session;
    return sendPage(reply, expiredPage({ lang: req.language, action: selfUrl(session), parentOrigin: req.parentOrigin, target: req.target, windowId: session.id }), req);
  };

  app.get<{ Params: { id: string }; Querystring: { method?: string } }>('/window/payments/:id', async (request, reply) => {
    const session = await loadPayment(request.params.id, request.query.method);
    if (!session) return missing(reply);
    if (session.expired) return expiredWindow(reply, session);
    if (!session.open) return missing(reply);
    const { req } = session;
    return sendPage(
      reply,
      paymentPage({ req, windowId: session.id, action: selfUrl(session), merchantName: session.merchant.name, declineCards: backend.declineCards() }),
      req,
    );
  });

  app.post<{ Params: { id: string }; Querystring: { method?: string } }>('/window/payments/:id', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    const session = await loadPayment(request.params.id, field(form, 'method') || request.query.method);
    if (!session) return missing(reply);
    const { req } = session;
    const action = field(form, 'action');
    if (session.expired) {
      if (action === 'expired' || action === 'close') return finish(reply, session, failure(session, EXPIRED));
      return expiredWindow(reply, session);
    }
    if (!session.open) return missing(reply);
    if (action === 'close') {
      await abort(session, CANCELED.ko);
      return finish(reply, session, failure(session, closed(req)));
    }
    if (action !== 'pay' || req.method === null) return reply.code(303).header('location', selfUrl(session)).send();

    let auth: BuyerAuthentication;
    try {
      auth = authentication(req, req.method, form);
    } catch (e) {
      if (e instanceof WindowRequestError) {
        return sendPage(reply, errorPage({ lang: req.language, code: e.code, message: e.message }), req, 400);
      }
      throw e;
    }
    const decline = declineFromOutcome(form, req.language) ?? (auth.card ? backend.declineForCard(auth.card.number) : null);
    if (decline) {
      await abort(session, decline);
      return finish(reply, session, failure(session, decline));
    }
    try {
      await backend.authenticate(session.merchant, session.paymentKey, auth);
    } catch (e) {
      if (isTossError(e)) return finish(reply, session, failure(session, e));
      throw e;
    }
    const amount = String(req.amount);
    const result = { paymentKey: session.paymentKey, orderId: req.orderId, amount: req.amount };
    const url = req.successUrl
      ? appendQuery(req.successUrl, { paymentKey: session.paymentKey, orderId: req.orderId, amount, paymentType: 'NORMAL' })
      : null;
    return finish(reply, session, { outcome: 'success', url, result });
  });

  // The SDK's cancelPayment() closes an iframe window without a page of its own: a beacon tells the emulator.
  app.post<{ Params: { id: string } }>('/window/payments/:id/close', async (request, reply) => {
    const session = await loadPayment(request.params.id, null);
    if (session?.open) await abort(session, CANCELED.ko);
    return reply.code(204).header('access-control-allow-origin', '*').send();
  });

  // ---- billing authorisation ---------------------------------------------------------------------------------------

  app.post('/window/billing', async (request, reply) => {
    const form = (request.body ?? {}) as Form;
    let req;
    try {
      req = readBillingRequest(form);
    } catch (e) {
      if (e instanceof WindowRequestError) return requestError(reply, form, e);
      throw e;
    }
    const merchant = await backend.merchantByClientKey(req.clientKey);
    if (!merchant) return requestError(reply, form, { code: 'INVALID_CLIENT_KEY', message: '잘못된 클라이언트 연동 정보 입니다.' });
    const session = sessions.openBilling(merchant, req);
    return reply.code(303).header('location', `billing/${session.id}`).send();
  });

  const billingSession = (id: string): BillingSession | null => {
    const s = sessions.get(id);
    return s && s.kind === 'billing' ? s : null;
  };

  app.get<{ Params: { id: string } }>('/window/billing/:id', async (request, reply) => {
    const session = billingSession(request.params.id);
    if (!session || session.finished) return missing(reply);
    const { req } = session;
    if (sessions.isExpired(session)) {
      return sendPage(reply, expiredPage({ lang: req.language, action: session.id, parentOrigin: req.parentOrigin, target: req.target, windowId: session.id }), req);
    }
    return sendPage(
      reply,
      billingPage({ req, windowId: session.id, action: session.id, merchantName: session.merchant.name, declineCards: backend.declineCards() }),
      req,
    );
  });

  app.post<{ Params: { id: string } }>('/window/billing/:id', async (request, reply) => {
    const session = billingSession(request.params.id);
    if (!session || session.finished) return missing(reply);
    const form = (request.body ?? {}) as Form;
    const { req } = session;
    const action = field(form, 'action');
    if (sessions.isExpired(session)) return finish(reply, session, failure(session, EXPIRED));
    if (action === 'close') return finish(reply, session, failure(session, closed(req)));
    if (action !== 'pay') return reply.code(303).header('location', encodeURIComponent(session.id)).send();
    const card = {
      number: digits(field(form, 'cardNumber')),
      expiryMonth: field(form, 'expiryMonth'),
      expiryYear: field(form, 'expiryYear'),
      identityNumber: digits(field(form, 'identityNumber')),
    };
    if (card.number.length < 12 || !/^(0[1-9]|1[0-2])$/.test(card.expiryMonth) || !/^[0-9]{2}$/.test(card.expiryYear) || !/^([0-9]{6}|[0-9]{10})$/.test(card.identityNumber)) {
      return sendPage(reply, errorPage({ lang: req.language, code: 'INVALID_CARD_NUMBER', message: t(req.language, 'cardNumberRequired') }), req, 400);
    }
    const decline = declineFromOutcome(form, req.language) ?? backend.declineForCard(card.number);
    if (decline) return finish(reply, session, failure(session, decline));
    let authKey: string;
    try {
      authKey = await backend.issueBillingAuthKey(session.merchant, req.customerKey, card);
    } catch (e) {
      if (isTossError(e)) return finish(reply, session, failure(session, e));
      throw e;
    }
    const result = { customerKey: req.customerKey, authKey };
    const url = req.successUrl ? appendQuery(req.successUrl, { customerKey: req.customerKey, authKey }) : null;
    return finish(reply, session, { outcome: 'success', url, result });
  });

  app.post<{ Params: { id: string } }>('/window/billing/:id/close', async (request, reply) => {
    const session = billingSession(request.params.id);
    if (session) session.finished = true;
    return reply.code(204).header('access-control-allow-origin', '*').send();
  });
}
