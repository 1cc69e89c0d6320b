// Sign-in, sign-out and the language switch.
import crypto from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { SESSION_TTL_MS } from '../../core/operators/operators.ts';
import { html } from '../../lib/html.ts';
import type { Console } from '../index.ts';
import { LANGUAGE_COOKIE, LOGIN_CSRF_COOKIE, loginCsrfOk, setCookie, SESSION_COOKIE } from '../session.ts';
import type { Notice } from '../layout.ts';

/** Only console paths may be a `next` or `back` target, so the sign-in form cannot bounce anyone elsewhere. */
export function localConsolePath(value: unknown, fallback = '/console/merchants'): string {
  return typeof value === 'string' && /^\/console(\/|$|\?)/.test(value) && !value.includes('//') && !value.includes('\\') ? value : fallback;
}

export async function authRoutes(app: FastifyInstance, con: Console): Promise<void> {
  async function loginPage(request: any, reply: any, next: string, notice: Notice | null, status = 200, email = '') {
    const t = request.console.t;
    const token = crypto.randomBytes(24).toString('base64url');
    setCookie(reply, LOGIN_CSRF_COOKIE, token, { secure: con.secureCookies, maxAgeSeconds: 3600 });
    const content = html`<section class="login">
<form method="post" action="/console/login">
<input type="hidden" name="_csrf" value="${token}">
<input type="hidden" name="next" value="${next}">
<div class="field"><label for="email">${t.email}</label><input id="email" name="email" type="email" autocomplete="username" required autofocus value="${email}"></div>
<div class="field"><label for="password">${t.password}</label><input id="password" name="password" type="password" autocomplete="current-password" required></div>
<button type="submit">${t.signIn}</button>
</form></section>`;
    return con.render(request, reply, t.signIn, content, { status, notice: notice ?? undefined });
  }

  app.get('/login', { config: { consolePublic: true } }, async (request, reply) => {
    const next = localConsolePath((request.query as Record<string, unknown>).next);
    if (request.console.session) return reply.code(303).header('location', next).send();
    return loginPage(request, reply, next, null);
  });

  app.post('/login', { config: { consolePublic: true } }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const t = request.console.t;
    const next = localConsolePath(body.next);
    const email = typeof body.email === 'string' ? body.email : '';
    if (!loginCsrfOk(request, body)) return loginPage(request, reply, next, { kind: 'error', text: t.csrfRefused }, 403, email);
    const password = typeof body.password === 'string' ? body.password : '';
    const result = await con.operators.login(email, password, request.ip);
    if (result.kind === 'throttled') return loginPage(request, reply, next, { kind: 'error', text: t.throttled }, 429, email);
    if (result.kind === 'wrong') return loginPage(request, reply, next, { kind: 'error', text: t.wrongPassword }, 401, email);
    setCookie(reply, SESSION_COOKIE, result.sessionToken, { secure: con.secureCookies, maxAgeSeconds: SESSION_TTL_MS / 1000 });
    setCookie(reply, LOGIN_CSRF_COOKIE, '', { secure: con.secureCookies, maxAgeSeconds: 0 });
    return reply.code(303).header('location', next).send();
  });

  app.post('/logout', async (request, reply) => {
    if (request.console.sessionToken) await con.operators.logout(request.console.sessionToken);
    setCookie(reply, SESSION_COOKIE, '', { secure: con.secureCookies, maxAgeSeconds: 0 });
    return reply.code(303).header('location', '/console/login').send();
  });

  app.get('/language', { config: { consolePublic: true } }, async (request, reply) => {
    const query = request.query as Record<string, unknown>;
    const to = query.to === 'en' ? 'en' : 'ko';
    setCookie(reply, LANGUAGE_COOKIE, to, { secure: con.secureCookies, maxAgeSeconds: 365 * 24 * 3600, httpOnly: false });
    return reply.code(303).header('location', localConsolePath(query.back)).send();
  });
}
