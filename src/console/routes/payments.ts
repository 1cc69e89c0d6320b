// Payments: a filtered list paged by keyset (fast at any depth), its CSV export, a payment's detail with the
// timeline, cancellations and receipts, and full or partial cancel through the payments core.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { fromMinorUnits } from '../../lib/money.ts';
import { DomainError } from '../../core/errors.ts';
import type { PaymentCursor, PaymentFilters, PaymentListRow } from '../../store/repositories/operators-views.ts';
import { exchangesOfPayment } from '../../store/repositories/payment-exchanges.ts';
import { html } from '../../lib/html.ts';
import type { Console } from '../index.ts';
import { formatAmount, formatTime, merchantPath } from '../layout.ts';
import { formToken } from '../session.ts';
import { exchangeEntries } from './payment-exchanges.ts';

const PAGE_SIZE = 50;
const CSV_LIMIT = 100_000;
const STATUSES = ['ready', 'paid', 'failed', 'cancelled'] as const;
const METHODS = ['card', 'trans', 'vbank', 'phone', 'samsung', 'kakaopay', 'naverpay', 'tosspay', 'payco', 'point', 'cultureland', 'smartculture', 'booknlife'];

type Query = Record<string, unknown>;
const str = (q: Query, name: string, max = 100) => (typeof q[name] === 'string' ? (q[name] as string).trim().slice(0, max) : '');

/** A date (YYYY-MM-DD) as the start of that day in Korea, where the merchants are. */
function kstDay(value: string, plusDays = 0): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return undefined;
  const date = new Date(`${value}T00:00:00+09:00`);
  if (Number.isNaN(date.getTime())) return undefined;
  return new Date(date.getTime() + plusDays * 86_400_000);
}

export function readFilters(q: Query): { filters: PaymentFilters; raw: Record<string, string> } {
  const raw = {
    status: str(q, 'status'), method: str(q, 'method'), from: str(q, 'from'), to: str(q, 'to'),
    merchant_uid: str(q, 'merchant_uid', 80), imp_uid: str(q, 'imp_uid', 64), buyer: str(q, 'buyer'),
  };
  const filters: PaymentFilters = {
    status: (STATUSES as readonly string[]).includes(raw.status) ? (raw.status as PaymentFilters['status']) : undefined,
    payMethod: raw.method || undefined,
    from: kstDay(raw.from),
    to: kstDay(raw.to, 1),
    merchantUid: raw.merchant_uid || undefined,
    impUid: raw.imp_uid || undefined,
    buyer: raw.buyer || undefined,
  };
  return { filters, raw };
}

function encodeCursor(c: PaymentCursor): string {
  return Buffer.from(`${c.startedAt.toISOString()}|${c.impUid}`).toString('base64url');
}

function decodeCursor(value: unknown): PaymentCursor | null {
  if (typeof value !== 'string' || value.length > 200) return null;
  const [at, impUid] = Buffer.from(value, 'base64url').toString('utf8').split('|');
  const startedAt = new Date(at ?? '');
  return impUid && !Number.isNaN(startedAt.getTime()) ? { startedAt, impUid } : null;
}

const money = (minor: number, currency: string) => fromMinorUnits(minor, currency);

/** A CSV cell; a leading =, +, - or @ is neutralised so spreadsheets do not run it as a formula. */
function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

const CSV_COLUMNS: [string, (p: PaymentListRow) => unknown][] = [
  ['imp_uid', (p) => p.imp_uid], ['merchant_uid', (p) => p.merchant_uid], ['status', (p) => p.status],
  ['pay_method', (p) => p.pay_method], ['name', (p) => p.name], ['currency', (p) => p.currency],
  ['amount', (p) => money(p.amount, p.currency)], ['cancel_amount', (p) => money(p.cancel_amount, p.currency)],
  ['buyer_name', (p) => p.buyer_name], ['buyer_email', (p) => p.buyer_email], ['buyer_tel', (p) => p.buyer_tel],
  ['card_name', (p) => p.card_name], ['card_number', (p) => p.card_number], ['started_at', (p) => p.started_at],
  ['paid_at', (p) => p.paid_at], ['failed_at', (p) => p.failed_at], ['cancelled_at', (p) => p.cancelled_at],
  ['fail_reason', (p) => p.fail_reason], ['receipt_url', (p) => p.receipt_url],
];

export async function paymentRoutes(app: FastifyInstance, con: Console): Promise<void> {
  app.get('/merchants/:userCode/payments', async (request, reply) => {
    const { t, lang } = request.console;
    const m = con.merchant(request);
    const query = request.query as Query;
    const { filters, raw } = readFilters(query);
    const cursor = decodeCursor(query.after);
    const { rows, next } = await con.queries.payments(m.id, filters, cursor, PAGE_SIZE);
    const params = new URLSearchParams(Object.entries(raw).filter(([, v]) => v !== ''));
    const base = merchantPath(m, '/payments');
    const option = (value: string, label: string, current: string) => html`<option value="${value}" ${value === current ? 'selected' : ''}>${label}</option>`;
    const content = html`
<section>
<form method="get" action="${base}" class="grid" role="search">
<div><label for="f-status">${t.status}</label><select id="f-status" name="status">${option('', t.any, raw.status)}${STATUSES.map((s) => option(s, s, raw.status))}</select></div>
<div><label for="f-method">${t.method}</label><select id="f-method" name="method">${option('', t.any, raw.method)}${METHODS.map((s) => option(s, s, raw.method))}</select></div>
<div><label for="f-from">${t.from}</label><input id="f-from" name="from" type="date" value="${raw.from}"></div>
<div><label for="f-to">${t.to}</label><input id="f-to" name="to" type="date" value="${raw.to}"></div>
<div><label for="f-merchant-uid">merchant_uid</label><input id="f-merchant-uid" name="merchant_uid" value="${raw.merchant_uid}"></div>
<div><label for="f-imp-uid">imp_uid</label><input id="f-imp-uid" name="imp_uid" value="${raw.imp_uid}"></div>
<div><label for="f-buyer">${t.buyer}</label><input id="f-buyer" name="buyer" value="${raw.buyer}"></div>
<div class="row"><button type="submit" data-testid="search">${t.search}</button><a class="button secondary" href="${base}">${t.reset}</a></div>
</form>
</section>
<section>
<p class="row"><a class="button secondary" href="${base}.csv${params.size ? `?${params}` : ''}" data-testid="csv">${t.exportCsv}</a></p>
${rows.length === 0 ? html`<p data-testid="no-payments">${t.noPayments}</p>` : html`<div class="table-wrap"><table data-testid="payments">
<thead><tr><th>imp_uid / merchant_uid</th><th>${t.status}</th><th>${t.method}</th><th class="num">${t.amount}</th><th class="hide-narrow">${t.buyer}</th><th class="hide-narrow">${t.startedAt}</th></tr></thead>
<tbody>${rows.map((p) => html`<tr data-imp-uid="${p.imp_uid}">
<td><a href="${merchantPath(m, `/payments/${p.imp_uid}`)}"><code>${p.imp_uid}</code></a><br><code>${p.merchant_uid}</code></td>
<td><span class="badge ${p.status}">${p.status}</span></td><td>${p.pay_method}</td>
<td class="num">${formatAmount(money(p.amount, p.currency), p.currency, lang)}${p.cancel_amount > 0 ? html`<br><small>−${formatAmount(money(p.cancel_amount, p.currency), p.currency, lang)}</small>` : ''}</td>
<td class="hide-narrow">${p.buyer_name}<br><small>${p.buyer_email}</small></td>
<td class="hide-narrow">${formatTime(p.started_at, lang)}</td></tr>`)}</tbody></table></div>`}
<p class="row">${cursor ? html`<a class="button secondary" href="${base}${params.size ? `?${params}` : ''}">${t.first}</a>` : ''}
${next ? html`<a class="button secondary" rel="next" data-testid="next-page" href="${base}?${new URLSearchParams([...params, ['after', encodeCursor(next)]])}">${t.next}</a>` : ''}</p>
</section>`;
    return con.render(request, reply, t.payments, content, { tab: 'payments' });
  });

  app.get('/merchants/:userCode/payments.csv', async (request, reply) => {
    const m = con.merchant(request);
    const { filters } = readFilters(request.query as Query);
    const lines = [CSV_COLUMNS.map(([name]) => name).join(',')];
    let cursor: PaymentCursor | null = null;
    let count = 0;
    do {
      const page: { rows: PaymentListRow[]; next: PaymentCursor | null } = await con.queries.payments(m.id, filters, cursor, 1000);
      for (const p of page.rows) lines.push(CSV_COLUMNS.map(([, get]) => csvCell(get(p))).join(','));
      count += page.rows.length;
      cursor = page.next;
    } while (cursor && count < CSV_LIMIT);
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="payments-${m.userCode}.csv"`)
      .send('\ufeff' + lines.join('\r\n') + '\r\n');
  });

  async function detail(request: FastifyRequest, reply: FastifyReply, notice?: { kind: 'ok' | 'error'; text: string }) {
    const { t, lang } = request.console;
    const m = con.merchant(request);
    const impUid = (request.params as Record<string, string>).impUid;
    // Both reads are scoped to the merchant the operator was allowed into (con.merchant checks that).
    const [found, exchanges] = impUid ? await Promise.all([con.queries.payment(m.id, impUid), exchangesOfPayment(con.ctx.db, m.id, impUid)]) : [null, []];
    if (!found) throw new DomainError('not_found', t.notFound);
    const { payment: p, cancellations, events } = found;
    const fmt = (minor: number) => formatAmount(money(minor, p.currency), p.currency, lang);
    const balance = p.amount - p.cancel_amount;
    type Entry = { at: Date; label: string; body: unknown };
    const timeline: Entry[] = [{ at: p.started_at, label: t.requested, body: html`${p.pay_method} · ${fmt(p.amount)} · ${p.pg_provider}${p.pg_id ? html` (<code>${p.pg_id}</code>)` : ''}` }];
    if (p.pg_call) {
      timeline.push({
        at: p.started_at,
        label: t.pgCall,
        body: html`<code>${p.pg_call}</code>${p.pg_idempotency_key ? html` · Idempotency-Key <code>${p.pg_idempotency_key.slice(0, 8)}…</code>` : ''}${p.pg_check_count > 0 ? html` · checks ${p.pg_check_count}` : ''}${p.pg_last_error ? html`<br><code>${p.pg_last_error}</code>` : ''}`,
      });
    }
    if (p.paid_at) timeline.push({ at: p.paid_at, label: t.paid, body: html`${p.pg_tid ? html`pg_tid <code>${p.pg_tid}</code>` : ''} ${p.apply_num ? html`· apply_num ${p.apply_num}` : ''}` });
    if (p.failed_at) timeline.push({ at: p.failed_at, label: t.failed, body: p.fail_reason });
    for (const c of cancellations) {
      timeline.push({ at: c.requested_at, label: `${t.cancelPayment} (${c.state})`, body: html`${fmt(c.amount)} · ${c.reason}${c.pg_last_error ? html`<br><code>${c.pg_last_error}</code>` : ''}` });
    }
    for (const e of events) {
      timeline.push({
        at: e.created_at,
        label: `${t.webhooks}: ${e.status}`,
        body: e.deliveries.map((d) => html`<div><code>${d.url}</code> <span class="badge ${d.state}">${d.state}</span>
<ul>${d.attempts.map((a) => html`<li>${formatTime(a.attempted_at, lang)} · ${a.http_status ?? '—'} · ${a.duration_ms}ms ${a.error ? html`· <code>${a.error}</code>` : ''}</li>`)}</ul></div>`),
      });
    }
    timeline.push(...exchangeEntries(exchanges, t));
    timeline.sort((a, b) => a.at.getTime() - b.at.getTime());
    const cancellable = (p.status === 'paid' || p.status === 'cancelled') && balance > 0;
    const content = html`
<section><dl class="props">
<dt>imp_uid</dt><dd><code data-testid="imp-uid">${p.imp_uid}</code></dd>
<dt>merchant_uid</dt><dd><code>${p.merchant_uid}</code></dd>
<dt>${t.status}</dt><dd><span class="badge ${p.status}" data-testid="status">${p.status}</span></dd>
<dt>${t.orderName}</dt><dd>${p.name}</dd>
<dt>${t.amount}</dt><dd>${fmt(p.amount)}</dd>
<dt>${t.cancelAmount}</dt><dd data-testid="cancel-amount">${fmt(p.cancel_amount)}</dd>
<dt>${t.balance}</dt><dd>${fmt(balance)}</dd>
<dt>${t.method}</dt><dd>${p.pay_method}${p.card_name ? ` · ${p.card_name}` : ''}${p.card_number ? html` <code>${p.card_number}</code>` : ''}${p.vbank_num ? html` · ${p.vbank_name} <code>${p.vbank_num}</code>` : ''}</dd>
<dt>${t.buyer}</dt><dd>${[p.buyer_name, p.buyer_email, p.buyer_tel].filter(Boolean).join(' · ')}</dd>
</dl></section>
<section><h2>${t.timeline}</h2><ol class="timeline" data-testid="timeline">${timeline.map((e) => html`<li><time datetime="${e.at.toISOString()}">${formatTime(e.at, lang)}</time><strong>${e.label}</strong><div>${e.body}</div></li>`)}</ol></section>
<section><h2>${t.cancellations}</h2>
${cancellations.length === 0 ? html`<p>${t.none}</p>` : html`<div class="table-wrap"><table data-testid="cancellations"><thead><tr><th>cancellation_id</th><th class="num">${t.amount}</th><th>${t.reason}</th><th>${t.status}</th><th>${t.receipt}</th></tr></thead>
<tbody>${cancellations.map((c) => html`<tr><td><code>${c.cancellation_id}</code></td><td class="num">${fmt(c.amount)}</td><td>${c.reason}</td><td><span class="badge ${c.state}">${c.state}</span></td><td>${c.receipt_url ? html`<a href="${c.receipt_url}" rel="noopener noreferrer" target="_blank">${t.receipt}</a>` : ''}</td></tr>`)}</tbody></table></div>`}
</section>
<section><h2>${t.receipts}</h2>${p.receipt_url ? html`<a href="${p.receipt_url}" rel="noopener noreferrer" target="_blank">${t.receipt}</a>` : html`<p>${t.none}</p>`}</section>
${cancellable ? html`<section><h2>${t.cancelPayment}</h2>
<form method="post" action="${merchantPath(m, `/payments/${p.imp_uid}/cancel`)}" class="grid" data-confirm="${t.confirmCancel}">${formToken(request)}
<input type="hidden" name="checksum" value="${money(balance, p.currency)}">
<div><label for="c-amount">${t.cancelPartial}</label><input id="c-amount" name="amount" inputmode="decimal" pattern="[0-9]+(\\.[0-9]+)?"></div>
<div><label for="c-reason">${t.reason}</label><input id="c-reason" name="reason" maxlength="200"></div>
${p.pay_method === 'vbank' ? html`<div><label for="c-holder">${t.refundHolder}</label><input id="c-holder" name="refund_holder"></div>
<div><label for="c-bank">${t.refundBank}</label><input id="c-bank" name="refund_bank"></div>
<div><label for="c-account">${t.refundAccountNumber}</label><input id="c-account" name="refund_account"></div>` : ''}
<div><button class="danger" type="submit" data-testid="cancel-submit">${t.cancelPayment}</button></div>
</form></section>` : ''}
<p><a href="${merchantPath(m, '/payments')}">${t.back}</a></p>`;
    return con.render(request, reply, `${t.payment} ${p.imp_uid}`, content, { tab: 'payments', notice, status: notice?.kind === 'error' ? 400 : 200 });
  }

  app.get('/merchants/:userCode/payments/:impUid', (request, reply) => detail(request, reply));

  app.post('/merchants/:userCode/payments/:impUid/cancel', async (request, reply) => {
    const m = con.merchant(request);
    const impUid = (request.params as Record<string, string>).impUid!;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const params: Record<string, unknown> = { imp_uid: impUid, enable_webhook: true };
    for (const name of ['amount', 'reason', 'checksum', 'refund_holder', 'refund_bank', 'refund_account']) {
      if (typeof body[name] === 'string' && (body[name] as string).trim() !== '') params[name] = (body[name] as string).trim();
    }
    try {
      // The console's cancel announces itself to the merchant like an API cancel with enable_webhook.
      await con.ctx.payments.cancellations.cancel(m.id, params);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return detail(request, reply, { kind: 'error', text: error.message });
    }
    return con.done(request, reply, merchantPath(m, `/payments/${encodeURIComponent(impUid)}`), { kind: 'ok', text: request.console.t.cancelDone });
  });
}
