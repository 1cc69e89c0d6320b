// Toss Payments channels: list, add, edit (the secret key is write-only), disable and enable, and a connection test
// that asks Toss about an order that cannot exist with the channel's keys.
import crypto from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { pgAccount } from '../../core/payments/channels.ts';
import { TOSS_API_VERSION, type TossChannelInput } from '../../core/merchants/merchants.ts';
import type { ChannelRecord } from '../../core/merchants/repository.ts';
import { DomainError } from '../../core/errors.ts';
import { html, type Html } from '../../lib/html.ts';
import type { Console } from '../index.ts';
import { merchantPath, type Notice } from '../layout.ts';
import { formToken } from '../session.ts';

const TOSS_URLS = { api: 'https://api.tosspayments.com', script: 'https://js.tosspayments.com/v1/payment' };

type Body = Record<string, unknown>;
const text = (body: Body, name: string, max = 500) => (typeof body[name] === 'string' ? (body[name] as string).trim().slice(0, max) : '');

function channelInput(body: Body): TossChannelInput {
  return {
    name: text(body, 'name', 100) || undefined,
    type: body.type === 'api_payment' ? 'api_payment' : 'payment',
    mid: text(body, 'mid', 100),
    clientKey: text(body, 'client_key', 200),
    secretKey: text(body, 'secret_key', 200),
    apiVersion: text(body, 'api_version', 40),
    apiBaseUrl: text(body, 'api_base_url'),
    scriptUrl: text(body, 'script_url'),
    sandbox: body.environment !== 'live',
  };
}

export async function channelRoutes(app: FastifyInstance, con: Console): Promise<void> {
  function form(request: FastifyRequest, action: string, values: Partial<ChannelRecord & { apiVersionInput: string }>, editing: boolean): Html {
    const t = request.console.t;
    const emulator = con.ctx.config.emulator.enabled
      ? { api_base_url: con.ctx.config.emulatorPublicUrl, script_url: `${con.ctx.config.emulatorPublicUrl}/v1/payment`, 'env-sandbox': true }
      : null;
    const toss = { api_base_url: TOSS_URLS.api, script_url: TOSS_URLS.script };
    const type = values.type ?? 'payment';
    return html`<form method="post" action="${action}" class="card">${formToken(request)}
<div class="field"><label for="name">${t.channelName}</label><input id="name" name="name" maxlength="100" value="${values.name ?? ''}"></div>
<fieldset class="field"><legend>${t.channelType}</legend>
<label><input type="radio" name="type" value="payment" ${type === 'payment' ? 'checked' : ''}> ${t.typePayment}</label>
<label><input type="radio" name="type" value="api_payment" ${type === 'api_payment' ? 'checked' : ''}> ${t.typeApiPayment}</label>
</fieldset>
<div class="field"><label for="mid">${t.mid}</label><input id="mid" name="mid" required maxlength="100" value="${values.pgId ?? ''}" autocomplete="off"></div>
<div class="field"><label for="client_key">${t.clientKey}</label><input id="client_key" name="client_key" required maxlength="200" value="${values.clientKey ?? ''}" autocomplete="off"></div>
<div class="field"><label for="secret_key">${t.secretKey}</label><input id="secret_key" name="secret_key" type="password" maxlength="200" autocomplete="new-password" ${editing ? '' : 'required'} aria-describedby="secret-help">
${editing ? html`<small id="secret-help">${t.secretKeyKeep}</small>` : ''}</div>
<div class="field"><label for="api_version">${t.apiVersion}</label><input id="api_version" name="api_version" required value="${values.apiVersionInput ?? values.apiVersion ?? TOSS_API_VERSION}"></div>
<div class="field"><label for="api_base_url">${t.apiBaseUrl}</label><input id="api_base_url" name="api_base_url" type="url" required value="${values.apiBaseUrl ?? ''}"></div>
<div class="field"><label for="script_url">${t.scriptUrl}</label><input id="script_url" name="script_url" type="url" required value="${values.scriptUrl ?? ''}"></div>
<div class="row">
${emulator ? html`<button type="button" class="secondary" data-preset="${JSON.stringify(emulator)}">${t.useEmulator}</button>` : ''}
<button type="button" class="secondary" data-preset="${JSON.stringify(toss)}">${t.useToss}</button>
</div>
<fieldset class="field"><legend>${t.environment}</legend>
<label><input type="radio" id="env-sandbox" name="environment" value="sandbox" ${values.sandbox === false ? '' : 'checked'}> ${t.sandbox}</label>
<label><input type="radio" name="environment" value="live" ${values.sandbox === false ? 'checked' : ''}> ${t.live}</label>
</fieldset>
<button type="submit" data-testid="save-channel">${t.save}</button>
</form>`;
  }

  app.get('/merchants/:userCode/channels', async (request, reply) => {
    const t = request.console.t;
    const m = con.merchant(request);
    const channels = await con.ctx.merchants.channels(m.id);
    const content = html`<section><div class="table-wrap"><table>
<thead><tr><th>${t.channelName}</th><th>${t.channelType}</th><th>${t.mid}</th><th>${t.environment}</th><th>${t.status}</th><th></th></tr></thead>
<tbody>${channels.map((c) => html`<tr data-channel="${c.channelKey}">
<td><a href="${merchantPath(m, `/channels/${c.channelKey}`)}">${c.name}</a><br><code class="hide-narrow">${c.channelKey}</code></td>
<td>${c.type === 'payment' ? t.typePayment : t.typeApiPayment}</td><td><code>${c.pgId}</code></td>
<td>${c.sandbox ? t.sandbox : t.live}</td>
<td>${c.enabled ? html`<span class="badge ok">${t.enabled}</span>` : html`<span class="badge">${t.disabled}</span>`}</td>
<td class="row">
<form method="post" action="${merchantPath(m, `/channels/${c.channelKey}/test`)}">${formToken(request)}<button type="submit" class="secondary">${t.testConnection}</button></form>
<form method="post" action="${merchantPath(m, `/channels/${c.channelKey}/${c.enabled ? 'disable' : 'enable'}`)}">${formToken(request)}<button type="submit" class="secondary">${c.enabled ? t.disable : t.enable}</button></form>
</td></tr>`)}</tbody></table></div>
<p><a class="button" href="${merchantPath(m, '/channels/new')}">${t.newChannel}</a></p></section>`;
    return con.render(request, reply, t.channels, content, { tab: 'channels' });
  });

  app.get('/merchants/:userCode/channels/new', async (request, reply) => {
    const m = con.merchant(request);
    return con.render(request, reply, request.console.t.newChannel, form(request, merchantPath(m, '/channels'), {}, false), { tab: 'channels' });
  });

  app.post('/merchants/:userCode/channels', async (request, reply) => {
    const t = request.console.t;
    const m = con.merchant(request);
    const body = (request.body ?? {}) as Body;
    const input = channelInput(body);
    try {
      await con.ctx.merchants.addTossChannel(m.id, input);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const values = { name: input.name, type: input.type, pgId: input.mid, clientKey: input.clientKey, apiVersionInput: input.apiVersion, apiBaseUrl: input.apiBaseUrl, scriptUrl: input.scriptUrl, sandbox: input.sandbox };
      return con.render(request, reply, t.newChannel, form(request, merchantPath(m, '/channels'), values, false), { tab: 'channels', status: 400, notice: { kind: 'error', text: error.message } });
    }
    return con.done(request, reply, merchantPath(m, '/channels'), { kind: 'ok', text: t.channelSaved });
  });

  async function channelOf(request: FastifyRequest, merchantId: number): Promise<ChannelRecord> {
    const key = (request.params as Record<string, string>).channelKey;
    const channel = (await con.ctx.merchants.channels(merchantId)).find((c) => c.channelKey === key);
    if (!channel) throw new DomainError('not_found', request.console.t.notFound);
    return channel;
  }

  app.get('/merchants/:userCode/channels/:channelKey', async (request, reply) => {
    const m = con.merchant(request);
    const channel = await channelOf(request, m.id);
    return con.render(request, reply, request.console.t.editChannel, form(request, merchantPath(m, `/channels/${channel.channelKey}`), channel, true), { tab: 'channels' });
  });

  app.post('/merchants/:userCode/channels/:channelKey', async (request, reply) => {
    const t = request.console.t;
    const m = con.merchant(request);
    const channel = await channelOf(request, m.id);
    const input = channelInput((request.body ?? {}) as Body);
    try {
      await con.ctx.merchants.updateTossChannel(m.id, channel.channelKey, { ...input, secretKey: input.secretKey || undefined });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      const values = { ...channel, name: input.name ?? channel.name, type: input.type, pgId: input.mid, clientKey: input.clientKey, apiVersionInput: input.apiVersion, apiBaseUrl: input.apiBaseUrl, scriptUrl: input.scriptUrl, sandbox: input.sandbox };
      return con.render(request, reply, t.editChannel, form(request, merchantPath(m, `/channels/${channel.channelKey}`), values, true), { tab: 'channels', status: 400, notice: { kind: 'error', text: error.message } });
    }
    return con.done(request, reply, merchantPath(m, '/channels'), { kind: 'ok', text: t.channelSaved });
  });

  for (const [action, enabled] of [['disable', false], ['enable', true]] as const) {
    app.post(`/merchants/:userCode/channels/:channelKey/${action}`, async (request, reply) => {
      const m = con.merchant(request);
      const channel = await channelOf(request, m.id);
      await con.ctx.merchants.setChannelEnabled(m.id, channel.channelKey, enabled);
      return con.done(request, reply, merchantPath(m, '/channels'), { kind: 'ok', text: request.console.t.channelSaved });
    });
  }

  app.post('/merchants/:userCode/channels/:channelKey/test', async (request, reply) => {
    const t = request.console.t;
    const m = con.merchant(request);
    const channel = await channelOf(request, m.id);
    // An order id nobody used: with valid keys Toss answers NOT_FOUND_PAYMENT, with wrong keys UNAUTHORIZED_KEY.
    const orderId = `tollgate-check-${crypto.randomUUID()}`;
    const outcome = await con.ctx.payments.connector.lookupByOrderId(pgAccount(channel, con.ctx.secrets), orderId);
    let notice: Notice;
    if (outcome.kind === 'success') notice = { kind: 'ok', text: `${t.connectionOk} (${outcome.value === null ? 'NOT_FOUND_PAYMENT' : 'OK'}) — ${channel.apiBaseUrl}` };
    else if (outcome.kind === 'declined') notice = { kind: 'error', text: `${t.connectionRefused}: [${outcome.code}] ${outcome.message} — ${channel.apiBaseUrl}` };
    else notice = { kind: 'error', text: `${t.connectionUnknown}: ${outcome.reason}` };
    return con.done(request, reply, merchantPath(m, '/channels'), notice);
  });
}
