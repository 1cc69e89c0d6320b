// Merchants: the list the operator may see, creating one, its overview with the user code and REST API key pairs.
import type { FastifyInstance } from 'fastify';
import { html } from '../../lib/html.ts';
import type { Console } from '../index.ts';
import { formatTime, merchantPath } from '../layout.ts';
import { formToken } from '../session.ts';

export async function merchantRoutes(app: FastifyInstance, con: Console): Promise<void> {
  app.get('/merchants', async (request, reply) => {
    const { t, lang, session } = request.console;
    const visible = await con.operators.visibleMerchantIds(session!.operator);
    const merchants = (await con.ctx.merchants.list()).filter((m) => visible === null || visible.includes(m.id));
    const content = html`
<section>
<div class="table-wrap"><table>
<thead><tr><th>${t.merchantName}</th><th>${t.userCode}</th><th class="hide-narrow">${t.createdAt}</th></tr></thead>
<tbody>${merchants.map((m) => html`<tr><td><a href="${merchantPath(m)}">${m.name}</a></td><td><code>${m.userCode}</code></td><td class="hide-narrow">${formatTime(m.createdAt, lang)}</td></tr>`)}</tbody>
</table></div>
</section>
<section>
<h2>${t.newMerchant}</h2>
<form method="post" action="/console/merchants" class="grid">${formToken(request)}
<div><label for="name">${t.merchantName}</label><input id="name" name="name" required maxlength="100"></div>
<div><button type="submit">${t.newMerchant}</button></div>
</form>
</section>`;
    return con.render(request, reply, t.merchants, content);
  });

  app.post('/merchants', async (request, reply) => {
    const { t, session } = request.console;
    const body = (request.body ?? {}) as Record<string, unknown>;
    const name = typeof body.name === 'string' ? body.name.trim().slice(0, 100) : '';
    const created = await con.ctx.merchants.create({ name: name || undefined });
    if (!session!.operator.owner) await con.operators.grant(session!.operator.id, created.id);
    request.consoleMerchant = { id: created.id, userCode: created.userCode, name: created.name };
    const content = html`<section>
<dl class="props">
<dt>${t.userCode}</dt><dd><code data-testid="user-code">${created.userCode}</code></dd>
<dt>imp_key</dt><dd><code data-testid="imp-key">${created.impKey}</code></dd>
<dt>imp_secret</dt><dd><span class="secret" data-testid="imp-secret">${created.impSecret}</span></dd>
</dl>
<p>${t.secretOnce}</p>
<p><a class="button" href="${merchantPath(created)}">${t.overview}</a></p>
</section>`;
    return con.render(request, reply, created.name, content, { notice: { kind: 'ok', text: t.merchantCreated } });
  });

  app.get('/merchants/:userCode', async (request, reply) => {
    const { t, lang } = request.console;
    const m = con.merchant(request);
    const [keys, channels] = await Promise.all([con.ctx.merchants.apiKeys(m.id), con.ctx.merchants.channels(m.id)]);
    const content = html`
<section>
<dl class="props">
<dt>${t.merchantName}</dt><dd>${m.name}</dd>
<dt>${t.userCode}</dt><dd><code data-testid="user-code">${m.userCode}</code> <button type="button" class="secondary" data-copy="${m.userCode}">⧉</button></dd>
<dt>${t.channels}</dt><dd><a href="${merchantPath(m, '/channels')}">${channels.filter((c) => c.enabled).length} / ${channels.length}</a></dd>
</dl>
</section>
<section>
<h2>${t.apiKeys}</h2>
<div class="table-wrap"><table>
<thead><tr><th>imp_key</th><th>${t.createdAt}</th><th>${t.status}</th><th></th></tr></thead>
<tbody>${keys.map((k) => html`<tr>
<td><code>${k.impKey}</code></td><td>${formatTime(k.createdAt, lang)}</td>
<td>${k.revokedAt ? html`<span class="badge revoked">${t.revoked}</span>` : html`<span class="badge ok">${t.active}</span>`}</td>
<td>${k.revokedAt ? '' : html`<form method="post" action="${merchantPath(m, `/keys/${k.id}/revoke`)}" data-confirm="${t.revoke}?">${formToken(request)}<button class="danger" type="submit">${t.revoke}</button></form>`}</td>
</tr>`)}</tbody>
</table></div>
<form method="post" action="${merchantPath(m, '/keys')}">${formToken(request)}<button type="submit" data-testid="new-key">${t.newApiKey}</button></form>
</section>`;
    return con.render(request, reply, m.name, content, { tab: 'overview' });
  });

  app.post('/merchants/:userCode/keys', async (request, reply) => {
    const { t } = request.console;
    const m = con.merchant(request);
    const key = await con.ctx.merchants.addApiKey(m.id);
    const content = html`<section>
<dl class="props"><dt>imp_key</dt><dd><code data-testid="imp-key">${key.impKey}</code></dd>
<dt>imp_secret</dt><dd><span class="secret" data-testid="imp-secret">${key.impSecret}</span></dd></dl>
<p>${t.secretOnce}</p><p><a href="${merchantPath(m)}">${t.back}</a></p></section>`;
    return con.render(request, reply, t.newApiKey, content, { tab: 'overview' });
  });

  app.post('/merchants/:userCode/keys/:keyId/revoke', async (request, reply) => {
    const m = con.merchant(request);
    const keyId = Number((request.params as Record<string, string>).keyId);
    if (!Number.isSafeInteger(keyId)) return con.done(request, reply, merchantPath(m), null);
    await con.ctx.merchants.revokeApiKey(m.id, keyId);
    return con.done(request, reply, merchantPath(m), { kind: 'ok', text: request.console.t.keyRevoked });
  });
}
