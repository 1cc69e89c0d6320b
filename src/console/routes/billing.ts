// Billing keys (list, delete at the PG) and scheduled payments (by date and state, revoke).
import type { FastifyInstance } from 'fastify';
import { fromMinorUnits } from '../../lib/money.ts';
import { html } from '../html.ts';
import type { Console } from '../index.ts';
import { formatAmount, formatTime, merchantPath } from '../layout.ts';
import { formToken } from '../session.ts';

const SCHEDULE_STATES = ['scheduled', 'executing', 'executed', 'revoked'];

export async function billingRoutes(app: FastifyInstance, con: Console): Promise<void> {
  app.get('/merchants/:userCode/billing-keys', async (request, reply) => {
    const { t, lang } = request.console;
    const m = con.merchant(request);
    const keys = await con.queries.billingKeys(m.id, 200);
    const content = html`<section>${keys.length === 0 ? html`<p>${t.noBillingKeys}</p>` : html`<div class="table-wrap"><table data-testid="billing-keys">
<thead><tr><th>${t.customerUid}</th><th>${t.card}</th><th class="hide-narrow">${t.buyer}</th><th class="hide-narrow">${t.createdAt}</th><th></th></tr></thead>
<tbody>${keys.map((k) => html`<tr><td><code>${k.customer_uid}</code></td><td>${k.card_name} <code>${k.card_number}</code></td>
<td class="hide-narrow">${k.customer_name} ${k.customer_email}</td><td class="hide-narrow">${formatTime(k.inserted_at, lang)}</td>
<td><form method="post" action="${merchantPath(m, `/billing-keys/${encodeURIComponent(k.customer_uid)}/delete`)}" data-confirm="${t.deleteKey}?">${formToken(request)}<button class="danger" type="submit">${t.deleteKey}</button></form></td></tr>`)}</tbody></table></div>`}</section>`;
    return con.render(request, reply, t.billingKeys, content, { tab: 'billing' });
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
