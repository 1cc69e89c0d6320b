// Webhooks: the merchant's settings (default URL, body format, signing secret) and its deliveries with every
// attempt; resend one, or every failed one.
import type { FastifyInstance } from 'fastify';
import { html } from '../../lib/html.ts';
import type { Console } from '../index.ts';
import { formatTime, merchantPath } from '../layout.ts';
import { formToken } from '../session.ts';
import { recordWebhookEvent } from '../../store/repositories/webhook-events.ts';

/** What a test event names: no payment has this imp_uid, so a merchant's handler finds nothing to change. */
export const TEST_EVENT = { impUid: 'imp_000000000000', merchantUid: 'tollgate-webhook-test' };

const PAGE_SIZE = 50;

export async function webhookRoutes(app: FastifyInstance, con: Console): Promise<void> {
  app.get('/merchants/:userCode/webhooks', async (request, reply) => {
    const { t, lang } = request.console;
    const m = con.merchant(request);
    const query = request.query as Record<string, unknown>;
    const onlyFailed = query.state === 'failed';
    const before = Number(query.before);
    const [settings, secret, deliveries] = await Promise.all([
      con.ctx.webhooks.settings(m.id),
      con.ctx.webhooks.signingSecret(m.id),
      con.queries.deliveries(m.id, { states: onlyFailed ? ['failed', 'dead'] : undefined, before: Number.isSafeInteger(before) && before > 0 ? before : undefined, limit: PAGE_SIZE }),
    ]);
    const base = merchantPath(m, '/webhooks');
    const last = deliveries[deliveries.length - 1];
    const content = html`
<section><h2>${t.webhookSettings}</h2>
<form method="post" action="${base}/settings" class="grid">${formToken(request)}
<div><label for="default_url">${t.defaultUrl}</label><input id="default_url" name="default_url" type="url" value="${settings.defaultUrl ?? ''}"></div>
<div><label for="content_type">${t.contentType}</label><select id="content_type" name="content_type">
<option value="json" ${settings.contentType === 'json' ? 'selected' : ''}>application/json</option>
<option value="form" ${settings.contentType === 'form' ? 'selected' : ''}>application/x-www-form-urlencoded</option></select></div>
<div><label><input type="checkbox" name="signing_enabled" value="1" ${settings.signingEnabled ? 'checked' : ''}> ${t.signing}</label></div>
<div><button type="submit" data-testid="save-webhooks">${t.save}</button></div>
</form>
${secret ? html`<p>${t.signingSecret}: <span class="secret" data-testid="signing-secret">${secret}</span></p>` : ''}
<div class="row">
<form method="post" action="${base}/rotate-secret" data-confirm="${t.rotateSecret}?">${formToken(request)}<button type="submit" class="secondary">${t.rotateSecret}</button></form>
<form method="post" action="${base}/test">${formToken(request)}<button type="submit" class="secondary" data-testid="send-test">${t.sendTest}</button></form>
</div>
</section>
<section><h2>${t.deliveries}</h2>
<div class="row">
<a href="${base}" ${onlyFailed ? '' : html`aria-current="page"`}>${t.any}</a> · <a href="${base}?state=failed" ${onlyFailed ? html`aria-current="page"` : ''}>failed</a>
<form method="post" action="${base}/resend-failed">${formToken(request)}<button type="submit" class="secondary" data-testid="resend-failed">${t.resendFailed}</button></form>
</div>
${deliveries.length === 0 ? html`<p>${t.noDeliveries}</p>` : html`<div class="table-wrap"><table data-testid="deliveries">
<thead><tr><th>#</th><th>imp_uid / status</th><th>${t.url}</th><th>${t.status}</th><th>${t.attempts}</th><th></th></tr></thead>
<tbody>${deliveries.map((d) => html`<tr data-delivery="${d.id}">
<td>${d.id}<br><small>${formatTime(d.created_at, lang)}</small></td>
<td><a href="${merchantPath(m, `/payments/${d.imp_uid}`)}"><code>${d.imp_uid}</code></a><br>${d.event_status}</td>
<td><code>${d.url}</code></td>
<td><span class="badge ${d.state}">${d.state}</span>${d.last_status ? html`<br>HTTP ${d.last_status}` : ''}${d.last_error ? html`<br><small>${d.last_error}</small>` : ''}</td>
<td><details><summary>${d.attempts.length}</summary><ul>${d.attempts.map((a) => html`<li>${formatTime(a.attempted_at, lang)} · ${a.http_status ?? '—'} · ${a.duration_ms}ms${a.error ? html` · ${a.error}` : ''}${a.response_excerpt ? html`<br><code>${a.response_excerpt.slice(0, 200)}</code>` : ''}</li>`)}</ul></details></td>
<td><form method="post" action="${base}/${d.id}/resend">${formToken(request)}<button type="submit" class="secondary">${t.resend}</button></form></td>
</tr>`)}</tbody></table></div>
${deliveries.length === PAGE_SIZE && last ? html`<p><a class="button secondary" href="${base}?${new URLSearchParams({ ...(onlyFailed ? { state: 'failed' } : {}), before: String(last.id) })}">${t.next}</a></p>` : ''}`}
</section>`;
    return con.render(request, reply, t.webhooks, content, { tab: 'webhooks' });
  });

  app.post('/merchants/:userCode/webhooks/settings', async (request, reply) => {
    const m = con.merchant(request);
    const body = (request.body ?? {}) as Record<string, unknown>;
    await con.ctx.webhooks.updateSettings(m.id, {
      defaultUrl: typeof body.default_url === 'string' && body.default_url.trim() ? body.default_url.trim() : null,
      contentType: body.content_type === 'form' ? 'form' : 'json',
      signingEnabled: body.signing_enabled === '1',
    });
    return con.done(request, reply, merchantPath(m, '/webhooks'), { kind: 'ok', text: request.console.t.settingsSaved });
  });

  app.post('/merchants/:userCode/webhooks/rotate-secret', async (request, reply) => {
    const m = con.merchant(request);
    await con.ctx.webhooks.rotateSigningSecret(m.id);
    return con.done(request, reply, merchantPath(m, '/webhooks'), { kind: 'ok', text: request.console.t.settingsSaved });
  });

  app.post('/merchants/:userCode/webhooks/test', async (request, reply) => {
    const m = con.merchant(request);
    const t = request.console.t;
    const event = await recordWebhookEvent(con.ctx.db, {
      merchantId: m.id, impUid: TEST_EVENT.impUid, merchantUid: TEST_EVENT.merchantUid, status: 'paid', noticeUrls: [], at: con.ctx.clock.now(),
    });
    const notice = event ? { kind: 'ok' as const, text: `${t.testSent}: ${event.targets.join(', ')}` } : { kind: 'error' as const, text: t.noDefaultUrl };
    return con.done(request, reply, merchantPath(m, '/webhooks'), notice);
  });

  app.post('/merchants/:userCode/webhooks/:deliveryId/resend', async (request, reply) => {
    const m = con.merchant(request);
    const id = Number((request.params as Record<string, string>).deliveryId);
    if (!Number.isSafeInteger(id) || id <= 0) return con.done(request, reply, merchantPath(m, '/webhooks'), null);
    await con.ctx.webhooks.resend(m.id, id);
    return con.done(request, reply, merchantPath(m, '/webhooks'), { kind: 'ok', text: `${request.console.t.resent} (#${id})` });
  });

  app.post('/merchants/:userCode/webhooks/resend-failed', async (request, reply) => {
    const m = con.merchant(request);
    const ids = await con.queries.failedDeliveryIds(m.id);
    for (const id of ids) await con.ctx.webhooks.resend(m.id, id);
    return con.done(request, reply, merchantPath(m, '/webhooks'), { kind: 'ok', text: `${request.console.t.resent} (${ids.length})` });
  });
}
