// Operators, for admins only: the list, adding one (a generated password is shown once), choosing the merchants it
// may see, disabling and enabling it, resetting its password. The rules live in core/operators/management.ts; this
// file turns forms into calls and refusals into the operator's language.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { asList } from '../../api/params.ts';
import { DomainError } from '../../core/errors.ts';
import { OperatorRuleError, type ManagedOperator, type MerchantChoice } from '../../core/operators/management.ts';
import type { MerchantSummary as Merchant } from '../../core/merchants/repository.ts';
import { html, type Html } from '../../lib/html.ts';
import { ConsoleNotFound, type Console } from '../index.ts';
import { formatTime, type Notice } from '../layout.ts';
import { formToken } from '../session.ts';

type Body = Record<string, unknown>;
const text = (body: Body, name: string, max = 300) => (typeof body[name] === 'string' ? (body[name] as string).trim().slice(0, max) : '');

export async function operatorRoutes(app: FastifyInstance, con: Console): Promise<void> {
  await app.register(async (admin) => {
    // One guard for every page and form below: a non-admin finds nothing here, exactly as at an unknown address.
    admin.addHook('preHandler', async (request) => {
      if (!request.console.session?.operator.admin) throw new ConsoleNotFound();
    });

    const actor = (request: FastifyRequest) => request.console.session!.operator;

    /** The merchants the signed-in admin sees, by id; the checkboxes offer exactly these. */
    async function visibleMerchants(request: FastifyRequest): Promise<Merchant[]> {
      const visible = await con.operators.visibleMerchantIds(actor(request));
      return (await con.ctx.merchants.list()).filter((m) => visible === null || visible.includes(m.id));
    }

    function ruleText(request: FastifyRequest, error: DomainError): string {
      const t = request.console.t;
      if (!(error instanceof OperatorRuleError)) return error.message;
      const byRule = { last_admin: t.ruleLastAdmin, beyond_scope: t.ruleBeyondScope, owner_only: t.ruleOwnerOnly, not_admin: t.notFound, not_found: t.notFound };
      return byRule[error.rule];
    }

    /** The merchants a form chose, by user code. A code the admin cannot see is refused, not dropped silently. */
    async function choiceOf(request: FastifyRequest, body: Body): Promise<MerchantChoice> {
      const all = await con.ctx.merchants.list();
      const merchantIds = asList(body.merchant).slice(0, 10_000).map((code) => {
        const found = all.find((m) => m.userCode === code);
        if (!found) throw new OperatorRuleError('beyond_scope', `no merchant ${code} in sight`);
        return found.id;
      });
      return { owner: body.owner === '1', merchantIds };
    }

    function merchantFields(request: FastifyRequest, merchants: Merchant[], chosen: { owner: boolean; merchantIds: number[] }, idPrefix: string): Html {
      const t = request.console.t;
      return html`<fieldset class="field" data-testid="merchant-choice"><legend>${t.merchantsItSees}</legend>
${actor(request).owner ? html`<label><input type="checkbox" name="owner" value="1" id="${idPrefix}-owner" ${chosen.owner ? 'checked' : ''}> ${t.allMerchants}</label>` : ''}
${merchants.map((m) => html`<label><input type="checkbox" name="merchant" value="${m.userCode}" ${chosen.merchantIds.includes(m.id) ? 'checked' : ''}> ${m.name} <code>${m.userCode}</code></label>`)}
</fieldset>`;
    }

    function roles(request: FastifyRequest, o: ManagedOperator): Html {
      const t = request.console.t;
      return html`${o.admin ? html`<span class="badge">${t.admin}</span> ` : ''}${o.disabled ? html`<span class="badge failed">${t.disabled}</span>` : html`<span class="badge ok">${t.active}</span>`}`;
    }

    function merchantNames(request: FastifyRequest, o: ManagedOperator, merchants: Merchant[]): string {
      if (o.owner) return request.console.t.owner;
      return merchants.filter((m) => o.merchantIds.includes(m.id)).map((m) => m.name).join(', ') || request.console.t.none;
    }

    async function listPage(request: FastifyRequest, reply: FastifyReply, opts: { status?: number; notice?: Notice; email?: string; chosen?: MerchantChoice } = {}) {
      const { t, lang } = request.console;
      const [operators, merchants] = await Promise.all([con.operatorManagement.list(actor(request)), visibleMerchants(request)]);
      const me = actor(request).id;
      const content = html`<section><div class="table-wrap"><table data-testid="operators">
<thead><tr><th>${t.email}</th><th>${t.status}</th><th>${t.merchantsItSees}</th><th class="hide-narrow">${t.createdAt}</th></tr></thead>
<tbody>${operators.map((o) => html`<tr data-operator="${o.email}">
<td><a href="/console/operators/${o.id}">${o.email}</a>${o.id === me ? html` <small>(${t.you})</small>` : ''}</td>
<td>${roles(request, o)}</td><td>${merchantNames(request, o, merchants)}</td><td class="hide-narrow">${formatTime(o.createdAt, lang)}</td></tr>`)}</tbody>
</table></div></section>
<section><h2>${t.newOperator}</h2>
<form method="post" action="/console/operators">${formToken(request)}
<div class="field"><label for="op-email">${t.email}</label><input id="op-email" name="email" type="email" required maxlength="254" autocomplete="off" value="${opts.email ?? ''}"></div>
<div class="field"><label for="op-password">${t.initialPassword}</label><input id="op-password" name="password" type="password" minlength="10" maxlength="256" autocomplete="new-password"></div>
${merchantFields(request, merchants, opts.chosen ?? { owner: false, merchantIds: [] }, 'new')}
<button type="submit" data-testid="create-operator">${t.newOperator}</button>
</form></section>`;
      return con.render(request, reply, t.operators, content, { status: opts.status, notice: opts.notice });
    }

    /** A password shown this once, after creating an operator or resetting one. */
    function passwordPage(request: FastifyRequest, reply: FastifyReply, title: string, email: string, password: string, notice: string) {
      const t = request.console.t;
      const content = html`<section><dl class="props"><dt>${t.email}</dt><dd>${email}</dd>
<dt>${t.password}</dt><dd><span class="secret" data-testid="new-password">${password}</span></dd></dl>
<p>${t.passwordOnce}</p><p><a class="button" href="/console/operators">${t.operators}</a></p></section>`;
      return con.render(request, reply, title, content, { notice: { kind: 'ok', text: notice } });
    }

    admin.get('/operators', (request, reply) => listPage(request, reply));

    admin.post('/operators', async (request, reply) => {
      const t = request.console.t;
      const body = (request.body ?? {}) as Body;
      const email = text(body, 'email', 254);
      let chosen: MerchantChoice = { owner: false, merchantIds: [] };
      try {
        chosen = await choiceOf(request, body);
        const password = typeof body.password === 'string' ? body.password : '';
        const created = await con.operatorManagement.create(actor(request), { email, password: password || undefined, ...chosen });
        if (created.generatedPassword) return passwordPage(request, reply, t.newOperator, created.operator.email, created.generatedPassword, t.operatorCreated);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return listPage(request, reply, { status: 400, notice: { kind: 'error', text: ruleText(request, error) }, email, chosen });
      }
      return con.done(request, reply, '/console/operators', { kind: 'ok', text: t.operatorCreated });
    });

    async function targetOf(request: FastifyRequest): Promise<ManagedOperator> {
      const id = Number((request.params as Record<string, string>).operatorId);
      const target = Number.isSafeInteger(id) ? (await con.operatorManagement.list(actor(request))).find((o) => o.id === id) : undefined;
      if (!target) throw new ConsoleNotFound();
      return target;
    }

    admin.get('/operators/:operatorId', async (request, reply) => {
      const { t, lang } = request.console;
      const [o, merchants] = await Promise.all([targetOf(request), visibleMerchants(request)]);
      const base = `/console/operators/${o.id}`;
      const content = html`<section><dl class="props">
<dt>${t.email}</dt><dd data-testid="operator-email">${o.email}</dd>
<dt>${t.status}</dt><dd>${roles(request, o)}</dd>
<dt>${t.merchantsItSees}</dt><dd>${merchantNames(request, o, merchants)}</dd>
<dt>${t.createdAt}</dt><dd>${formatTime(o.createdAt, lang)}</dd>
</dl></section>
${o.manageable ? html`<section>
<form method="post" action="${base}/merchants">${formToken(request)}
${merchantFields(request, merchants, o, 'edit')}
<button type="submit" data-testid="save-merchants">${t.save}</button></form></section>
<section><h2>${o.disabled ? t.enable : t.disable}</h2>
<form method="post" action="${base}/${o.disabled ? 'enable' : 'disable'}" ${o.disabled ? '' : html`data-confirm="${t.confirmDisableOperator}"`}>${formToken(request)}
<button type="submit" class="${o.disabled ? 'secondary' : 'danger'}" data-testid="toggle-operator">${o.disabled ? t.enable : t.disable}</button></form></section>
<section><h2>${t.resetPassword}</h2>
<form method="post" action="${base}/password" class="grid" data-confirm="${t.confirmResetPassword}">${formToken(request)}
<div><label for="new-password">${t.newPassword}</label><input id="new-password" name="password" type="password" minlength="10" maxlength="256" autocomplete="new-password"></div>
<div><button type="submit" class="secondary" data-testid="reset-password">${t.resetPassword}</button></div></form></section>`
    : html`<p class="notice error" role="note">${t.notManageable}</p>`}
<p><a href="/console/operators">${t.back}</a></p>`;
      return con.render(request, reply, `${t.editOperator}: ${o.email}`, content);
    });

    /** Runs a change; a refusal comes back to the operator's page as a notice. */
    async function change(request: FastifyRequest, reply: FastifyReply, run: (target: ManagedOperator) => Promise<string>) {
      const target = await targetOf(request);
      const back = `/console/operators/${target.id}`;
      try {
        return con.done(request, reply, back, { kind: 'ok', text: await run(target) });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return con.done(request, reply, back, { kind: 'error', text: ruleText(request, error) });
      }
    }

    admin.post('/operators/:operatorId/merchants', (request, reply) =>
      change(request, reply, async (target) => {
        await con.operatorManagement.setMerchants(actor(request), target.id, await choiceOf(request, (request.body ?? {}) as Body));
        return request.console.t.operatorSaved;
      }));

    for (const [action, disabled] of [['disable', true], ['enable', false]] as const) {
      admin.post(`/operators/:operatorId/${action}`, (request, reply) =>
        change(request, reply, async (target) => {
          await con.operatorManagement.setDisabled(actor(request), target.id, disabled);
          return disabled ? request.console.t.operatorDisabled : request.console.t.operatorEnabled;
        }));
    }

    admin.post('/operators/:operatorId/password', async (request, reply) => {
      const t = request.console.t;
      const target = await targetOf(request);
      const body = (request.body ?? {}) as Body;
      const password = typeof body.password === 'string' ? body.password : '';
      let generated: string | null;
      try {
        generated = await con.operatorManagement.resetPassword(actor(request), target.id, password || null, request.console.sessionToken!);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return con.done(request, reply, `/console/operators/${target.id}`, { kind: 'error', text: ruleText(request, error) });
      }
      if (generated) return passwordPage(request, reply, t.resetPassword, target.email, generated, t.passwordReset);
      return con.done(request, reply, `/console/operators/${target.id}`, { kind: 'ok', text: t.passwordReset });
    });
  });
}
