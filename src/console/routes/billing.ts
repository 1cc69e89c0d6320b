// Billing keys (list, one key's customer, card, payments and schedules, delete at the PG) and scheduled payments (by
// date and state, revoke).
import type { FastifyInstance } from 'fastify';
import { fromMinorUnits } from '../../lib/money.ts';
import { html } from '../../lib/html.ts';
import { ConsoleNotFound, type Console } from '../index.ts';
import { formatAmount, formatTime, merchantPath } from '../layout.ts';
import { formToken } from '../session.ts';

const SCHEDULE_STATES = ['scheduled', 'executing', 'executed', 'revoked'];
const DETAIL_ROWS = 100;

/**
 * The card number as stored is already masked by the PG; should an unmasked one ever arrive, only its first six and
 * last four digits are shown, as on a receipt.
 */
export function maskedCard(number: string | null): string {
  if (!number) return '';
  const digits = number.replace(/\D/g, '');
  if (/[*xX●•]/.test(number) || digits.length < 12) return number;
  return `${digits.slice(0, 6)}${'*'.repeat(digits.length - 10)}${digits.slice(-4)}`;
}

export async function billingRoutes(app: FastifyInstance, con: Console): Promise<void> {
  app.get('/merchants/:userCode/billing-keys', async (request, reply) => {
    const { t, lang } = request.console;
    const m = con.merchant(request);
    const keys = await con.queries.billingKeys(m.id, 200);
    const content = html`<section>${keys.length === 0 ? html`<p>${t.noBillingKeys}</p>` : html`<div class="table-wrap"><table data-testid="billing-keys">
<thead><tr><th>${t.customerUid}</th><th>${t.card}</th><th class="hide-narrow">${t.buyer}</th><th class="hide-narrow">${t.createdAt}</th><th></th></tr></thead>
<tbody>${keys.map((k) => html`<tr data-customer-uid="${k.customer_uid}"><td><a href="${merchantPath(m, `/billing-keys/${encodeURIComponent(k.customer_uid)}`)}"><code>${k.customer_uid}</code></a></td><td>${k.card_name} <code>${maskedCard(k.card_number)}</code></td>
<td class="hide-narrow">${k.customer_name} ${k.customer_email}</td><td class="hide-narrow">${formatTime(k.inserted_at, lang)}</td>
<td><form method="post" action="${merchantPath(m, `/billing-keys/${encodeURIComponent(k.customer_uid)}/delete`)}" data-confirm="${t.deleteKey}?">${formToken(request)}<button class="danger" type="submit">${t.deleteKey}</button></form></td></tr>`)}</tbody></table></div>`}</section>`;
    return con.render(request, reply, t.billingKeys, content, { tab: 'billing' });
  });

  app.get('/merchants/:userCode/billing-keys/:customerUid', async (request, reply) => {
    const { t, lang } = request.console;
    const m = con.merchant(request);
    const customerUid = (request.params as Record<string, string>).customerUid ?? '';
    const found = customerUid.length <= 80 ? await con.queries.billingKey(m.id, customerUid, DETAIL_ROWS) : null;
    if (!found) throw new ConsoleNotFound();
    const { key: k, payments, schedules } = found;
    const fmt = (minor: number, currency: string) => formatAmount(fromMinorUnits(minor, currency), currency, lang);
    const content = html`<section><dl class="props" data-testid="billing-key">
<dt>${t.customerUid}</dt><dd><code>${k.customer_uid}</code></dd>
<dt>customer_id</dt><dd><code>${k.customer_id}</code></dd>
<dt>${t.customerName}</dt><dd>${k.customer_name ?? ''}</dd>
<dt>${t.email}</dt><dd>${k.customer_email ?? ''}</dd>
<dt>${t.phone}</dt><dd>${k.customer_tel ?? ''}</dd>
<dt>${t.address}</dt><dd>${[k.customer_postcode, k.customer_addr].filter(Boolean).join(' ')}</dd>
<dt>${t.card}</dt><dd data-testid="card">${[k.card_name, k.card_issuer_name && k.card_issuer_name !== k.card_name ? `(${k.card_issuer_name})` : null].filter(Boolean).join(' ')} <code>${maskedCard(k.card_number)}</code></dd>
<dt>PG</dt><dd>${k.pg_provider} <code>${k.pg_id}</code>${k.sandbox ? ` · ${t.sandbox}` : ''}</dd>
<dt>${t.issuedAt}</dt><dd><time datetime="${k.inserted_at.toISOString()}">${formatTime(k.inserted_at, lang)}</time></dd>
</dl></section>
<section><h2>${t.payments}</h2>${payments.length === 0 ? html`<p>${t.noPayments}</p>` : html`<div class="table-wrap"><table data-testid="key-payments">
<thead><tr><th>imp_uid</th><th class="hide-narrow">merchant_uid</th><th>${t.status}</th><th class="num">${t.amount}</th><th class="hide-narrow">${t.startedAt}</th></tr></thead>
<tbody>${payments.map((p) => html`<tr data-imp-uid="${p.imp_uid}"><td><a href="${merchantPath(m, `/payments/${encodeURIComponent(p.imp_uid)}`)}"><code>${p.imp_uid}</code></a></td>
<td class="hide-narrow"><code>${p.merchant_uid}</code></td><td><span class="badge ${p.status}">${p.status}</span></td>
<td class="num">${fmt(p.amount, p.currency)}</td><td class="hide-narrow">${formatTime(p.started_at, lang)}</td></tr>`)}</tbody></table></div>`}</section>
<section><h2>${t.schedules}</h2>${schedules.length === 0 ? html`<p>${t.noSchedules}</p>` : html`<div class="table-wrap"><table data-testid="key-schedules">
<thead><tr><th>merchant_uid</th><th>${t.scheduleAt}</th><th class="num">${t.amount}</th><th>${t.status}</th></tr></thead>
<tbody>${schedules.map((s) => html`<tr data-merchant-uid="${s.merchant_uid}"><td><code>${s.merchant_uid}</code></td><td>${formatTime(s.schedule_at, lang)}</td>
<td class="num">${fmt(s.amount, s.currency)}</td>
<td><span class="badge ${s.state}">${s.state}</span>${s.payment_status ? html` → ${s.imp_uid ? html`<a href="${merchantPath(m, `/payments/${encodeURIComponent(s.imp_uid)}`)}">${s.payment_status}</a>` : s.payment_status}` : ''}</td></tr>`)}</tbody></table></div>`}</section>
<section><h2>${t.deleteKey}</h2><p>${t.deleteKeyHelp}</p>
<form method="post" action="${merchantPath(m, `/billing-keys/${encodeURIComponent(k.customer_uid)}/delete`)}" data-confirm="${t.confirmDeleteKey}">${formToken(request)}
<button class="danger" type="submit" data-testid="delete-key">${t.deleteKey}</button></form></section>
<p><a href="${merchantPath(m, '/billing-keys')}">${t.back}</a></p>`;
    return con.render(request, reply, `${t.billingKey} ${k.customer_uid}`, content, { tab: 'billing' });
  });

  app.post('/merchants/:userCode/billing-keys/:customerUid/delete', async (request, reply) => {
    const m = con.merchant(request);
    await con.ctx.payments.billingKeys.remove(m.id, (request.params as Record<string, string>).customerUid!);
    return con.done(request, reply, merchantPath(m, '/billing-keys'), { kind: 'ok', text: request.console.t.keyDeleted });
  });

  app.get('/merchants/:userCode/schedules', async (request, reply) => {
    const { t, lang } = request.console;
    const m = con.merchant(request);
    const q = request.query as Record<string, unknown>;
    const state = typeof q.state === 'string' && SCHEDULE_STATES.includes(q.state) ? q.state : '';
    const day = (v: unknown, plus = 0) => (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) ? new Date(new Date(`${v}T00:00:00+09:00`).getTime() + plus * 86_400_000) : undefined);
    const from = typeof q.from === 'string' ? q.from.slice(0, 10) : '';
    const to = typeof q.to === 'string' ? q.to.slice(0, 10) : '';
    const rows = await con.queries.schedules(m.id, { state: state || undefined, from: day(from), to: day(to, 1) }, 200);
    const content = html`<section><form method="get" class="grid" role="search">
<div><label for="s-state">${t.status}</label><select id="s-state" name="state"><option value="">${t.any}</option>${SCHEDULE_STATES.map((s) => html`<option ${s === state ? 'selected' : ''}>${s}</option>`)}</select></div>
<div><label for="s-from">${t.from}</label><input id="s-from" type="date" name="from" value="${from}"></div>
<div><label for="s-to">${t.to}</label><input id="s-to" type="date" name="to" value="${to}"></div>
<div><button type="submit">${t.search}</button></div></form></section>
<section>${rows.length === 0 ? html`<p>${t.noSchedules}</p>` : html`<div class="table-wrap"><table data-testid="schedules">
<thead><tr><th>merchant_uid</th><th>${t.customerUid}</th><th>${t.scheduleAt}</th><th class="num">${t.amount}</th><th>${t.status}</th><th></th></tr></thead>
<tbody>${rows.map((s) => html`<tr data-merchant-uid="${s.merchant_uid}"><td><code>${s.merchant_uid}</code></td><td><code>${s.customer_uid}</code></td>
<td>${formatTime(s.schedule_at, lang)}</td><td class="num">${formatAmount(fromMinorUnits(s.amount, s.currency), s.currency, lang)}</td>
<td><span class="badge ${s.state}">${s.state}</span>${s.payment_status ? html` → ${s.imp_uid ? html`<a href="${merchantPath(m, `/payments/${s.imp_uid}`)}">${s.payment_status}</a>` : s.payment_status}` : ''}</td>
<td>${s.state === 'scheduled' ? html`<form method="post" action="${merchantPath(m, '/schedules/revoke')}" data-confirm="${t.revokeSchedule}?">${formToken(request)}
<input type="hidden" name="customer_uid" value="${s.customer_uid}"><input type="hidden" name="merchant_uid" value="${s.merchant_uid}">
<button class="danger" type="submit">${t.revokeSchedule}</button></form>` : ''}</td></tr>`)}</tbody></table></div>`}</section>`;
    return con.render(request, reply, t.schedules, content, { tab: 'schedules' });
  });

  app.post('/merchants/:userCode/schedules/revoke', async (request, reply) => {
    const m = con.merchant(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    await con.ctx.schedules.unschedule(m.id, { customer_uid: body.customer_uid, merchant_uid: [body.merchant_uid] });
    return con.done(request, reply, merchantPath(m, '/schedules'), { kind: 'ok', text: request.console.t.scheduleRevoked });
  });
}
