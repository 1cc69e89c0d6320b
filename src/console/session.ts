// Cookies, the signed-in operator and CSRF checks for console requests.
import crypto from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { csrfMatches, type Operators } from '../core/operators/operators.ts';
import type { SessionRecord } from '../core/operators/repository.ts';
import { CATALOGUES, pickLanguage, type Catalogue, type Language } from './i18n/index.ts';
import { html, type Html } from '../lib/html.ts';
import type { Notice, View } from './layout.ts';

export const SESSION_COOKIE = 'tg_console';
export const LANGUAGE_COOKIE = 'tg_lang';
/** Double-submit token of the sign-in form, which has no session yet. */
export const LOGIN_CSRF_COOKIE = 'tg_login_csrf';

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    if (!name || name in out) continue;
    try {
      out[name] = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      // a cookie another application set with bad encoding: ignore it
    }
  }
  return out;
}

export interface CookieOptions {
  secure: boolean;
  maxAgeSeconds?: number;
  httpOnly?: boolean;
}

export function setCookie(reply: FastifyReply, name: string, value: string, opts: CookieOptions): void {
  const parts = [`${name}=${encodeURIComponent(value)}`, 'Path=/console', 'SameSite=Lax'];
  if (opts.httpOnly !== false) parts.push('HttpOnly');
  if (opts.secure) parts.push('Secure');
  if (opts.maxAgeSeconds !== undefined) parts.push(`Max-Age=${opts.maxAgeSeconds}`);
  const existing = reply.getHeader('set-cookie');
  const list = Array.isArray(existing) ? existing : existing ? [String(existing)] : [];
  reply.header('set-cookie', [...list, parts.join('; ')]);
}

export interface ConsoleRequestState {
  lang: Language;
  t: Catalogue;
  sessionToken: string | null;
  session: SessionRecord | null;
}

export async function readState(request: FastifyRequest, operators: Operators): Promise<ConsoleRequestState> {
  const cookies = parseCookies(request.headers.cookie);
  const lang = pickLanguage(cookies[LANGUAGE_COOKIE], request.headers['accept-language']);
  const token = cookies[SESSION_COOKIE] ?? null;
  const session = token && token.length <= 100 ? await operators.session(token) : null;
  return { lang, t: CATALOGUES[lang], sessionToken: session ? token : null, session };
}

export function viewOf(state: ConsoleRequestState, request: FastifyRequest, devTools: boolean, flash: Notice | null = null): View {
  return {
    t: state.t,
    lang: state.lang,
    operator: state.session ? { email: state.session.operator.email, admin: state.session.operator.admin } : undefined,
    csrf: state.session?.csrfToken,
    flash,
    devTools,
    path: request.url.split('?')[0]!,
  };
}

export function formCsrfOk(state: ConsoleRequestState, body: unknown): boolean {
  if (!state.session) return false;
  const presented = body && typeof body === 'object' ? (body as Record<string, unknown>)._csrf : undefined;
  return csrfMatches(state.session, presented);
}

export function loginCsrfOk(request: FastifyRequest, body: Record<string, unknown>): boolean {
  const cookie = parseCookies(request.headers.cookie)[LOGIN_CSRF_COOKIE];
  const presented = body._csrf;
  if (!cookie || typeof presented !== 'string') return false;
  const a = Buffer.from(cookie);
  const b = Buffer.from(presented);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}

/** The hidden CSRF field of a signed-in operator's form. */
export function formToken(request: FastifyRequest): Html {
  return html`<input type="hidden" name="_csrf" value="${request.console.session?.csrfToken ?? ''}">`;
}
