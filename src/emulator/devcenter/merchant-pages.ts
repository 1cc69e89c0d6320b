// The merchants list (with the form that creates one) and a merchant's own page: keys, API version, webhook URL and
// its delivery log, virtual accounts waiting for a deposit, and its recent payments.
import { CONTROL_PREFIX } from '../control/routes.ts';
import { API_VERSIONS } from '../merchants/api-versions.ts';
import { DEFAULT_API_VERSION, type Merchant } from '../merchants/merchants.ts';
import type { WebhookDeliveryView } from '../webhooks/log.ts';
import { html, type Html } from '../../lib/html.ts';
import { badge, DEVCENTER_PATH, layout, merchantPath, money, time, type View } from './layout.ts';
import { paymentsTable } from './payments-table.ts';
import type { PaymentLine, WaitingAccount } from './queries.ts';

export function merchantsPage(view: View, merchants: Merchant[]): string {
  const { t } = view;
  const list = merchants.length
    ? html`<div class="table-wrap"><table data-testid="merchants">
<thead><tr><th scope="col">${t.mid}</th><th scope="col">${t.name}</th><th scope="col">${t.apiVersion}</th><th scope="col" class="hide-narrow">${t.webhookUrl}</th></tr></thead>
<tbody>${merchants.map((m) => html`<tr data-testid="merchant-row" data-mid="${m.mid}">
<td><a href="${merchantPath(m.mid)}"><code>${m.mid}</code></a></td><td>${m.name}</td><td><code>${m.apiVersion}</code></td>
<td class="hide-narrow"><code>${m.webhookUrl ?? t.never}</code></td></tr>`)}</tbody></table></div>`
    : html`<p>${t.noMerchants}</p>`;
  const content = html`<section aria-labelledby="new-merchant"><h2 id="new-merchant">${t.newMerchant}</h2>
<form class="grid" data-api="POST ${CONTROL_PREFIX}/merchants" data-then="${DEVCENTER_PATH}/merchants/{mid}" data-testid="create-merchant">
<div><label for="mid">${t.mid}</label><input id="mid" name="mid" maxlength="14" pattern="[A-Za-z0-9_\\-]{1,14}" autocomplete="off" aria-describedby="mid-help"></div>
<div><label for="name">${t.name}</label><input id="name" name="name" maxlength="100" autocomplete="off"></div>
<div><button type="submit">${t.create}</button></div></form>
<p class="help" id="mid-help">${t.midHint}</p></section>
<section aria-labelledby="merchant-list"><h2 id="merchant-list">${t.merchants}</h2>${list}</section>`;
  return layout(view, t.merchants, content);
}

export interface MerchantPageData {
  merchant: Merchant;
  deliveries: WebhookDeliveryView[];
  accounts: WaitingAccount[];
  payments: PaymentLine[];
}

function keys(view: View, m: Merchant): Html {
  const { t } = view;
  const row = (id: string, label: string, value: string) => html`<dt>${label}</dt>
<dd><code id="${id}" data-testid="${id}">${value}</code></dd>
<dd><button type="button" class="secondary" data-copy="${value}" data-copy-target="${id}" aria-label="${label} ${t.copy}">${t.copy}</button></dd>`;
  return html`<section aria-labelledby="keys"><h2 id="keys">${t.apiKeys}</h2><dl class="keys">
${row('mid-value', t.mid, m.mid)}${row('client-key', t.clientKey, m.clientKey)}${row('secret-key', t.secretKey, m.secretKey)}</dl></section>`;
}

function apiVersion(view: View, m: Merchant): Html {
  const { t, lang } = view;
  const known = API_VERSIONS.some((v) => v.version === m.apiVersion);
  return html`<section aria-labelledby="api-version-title"><h2 id="api-version-title">${t.apiVersion}</h2>
<p class="help" id="api-version-help">${t.apiVersionHelp}</p>
<form class="grid" data-api="PATCH ${CONTROL_PREFIX}/merchants/${encodeURIComponent(m.mid)}" data-done="${t.saved}" data-testid="api-version-form">
<div class="wide"><label for="apiVersion">${t.apiVersion}</label><select id="apiVersion" name="apiVersion" aria-describedby="api-version-help">
${known ? '' : html`<option value="${m.apiVersion}" selected>${m.apiVersion} — ${t.unknownVersion}</option>`}
${API_VERSIONS.map((v) => html`<option value="${v.version}"${v.version === m.apiVersion ? html` selected` : ''}>${v.version}${v.version === DEFAULT_API_VERSION ? html` (${t.gatewayVersion})` : ''} — ${v.note[lang]}</option>`)}
</select></div><div><button type="submit">${t.save}</button></div></form></section>`;
}

function attemptLine(a: WebhookDeliveryView['log'][number], view: View): Html {
  return html`<tr><td class="num">${a.attempt}</td><td>${time(new Date(a.at))}</td>
<td>${a.httpStatus ?? ''}${a.error ? html` <span class="mono">${a.error}</span>` : ''}</td><td class="num">${a.durationMs} ms</td>
<td>${a.response ? html`<pre data-testid="attempt-response">${a.response}</pre>` : view.t.never}</td></tr>`;
}

function deliveries(view: View, m: Merchant, list: WebhookDeliveryView[]): Html {
  const { t } = view;
  const rows = list.map((d) => html`<li data-testid="webhook-delivery" data-status="${d.status}" data-event="${d.eventType}">
<details><summary>${badge(d.status)} <strong>${d.eventType}</strong> · ${time(new Date(d.createdAt))} · ${t.attempts} ${d.attempts}
${d.paymentKey ? html` · <code>${d.paymentKey}</code>` : ''}</summary>
<p class="help"><code>${d.url}</code>${d.nextAttemptAt ? html` · ${t.nextAttempt} ${time(new Date(d.nextAttemptAt))}` : ''}</p>
${d.log.length ? html`<div class="table-wrap"><table><thead><tr><th scope="col">${t.attempt}</th><th scope="col">${t.requestedAt}</th><th scope="col">HTTP</th><th scope="col">ms</th><th scope="col">${t.response}</th></tr></thead>
<tbody>${d.log.map((a) => attemptLine(a, view))}</tbody></table></div>` : ''}
<p>${t.body}</p><pre>${JSON.stringify(d.body, null, 2)}</pre></details></li>`);
  return html`<section aria-labelledby="webhooks-title"><h2 id="webhooks-title">${t.webhook}</h2>
<form class="grid" data-api="PATCH ${CONTROL_PREFIX}/merchants/${encodeURIComponent(m.mid)}" data-done="${t.saved}" data-testid="webhook-form">
<div class="wide"><label for="webhookUrl">${t.webhookUrl}</label>
<input id="webhookUrl" name="webhookUrl" type="url" data-empty="null" value="${m.webhookUrl ?? ''}" placeholder="https://example.com/toss/webhook" aria-describedby="webhook-help" autocomplete="off"></div>
<div><button type="submit">${t.save}</button></div></form>
<p class="help" id="webhook-help">${t.webhookUrlHelp}</p>
<div class="row"><h3>${t.deliveries}</h3>
<form class="inline" data-api="POST ${CONTROL_PREFIX}/work" data-done="${t.sentDue}" data-testid="send-due-webhooks"><button type="submit" class="secondary">${t.sendDueNow}</button></form></div>
${list.length ? html`<ul class="deliveries" data-testid="webhook-deliveries">${rows}</ul>` : html`<p data-testid="no-deliveries">${t.noDeliveries}</p>`}</section>`;
}

function accounts(view: View, list: WaitingAccount[]): Html {
  const { t, lang } = view;
  const rows = list.map((a) => html`<tr data-testid="waiting-account" data-payment-key="${a.paymentKey}">
<td data-label="${t.orderId}"><code>${a.orderId}</code><br>${a.orderName}</td>
<td data-label="${t.bank} / ${t.accountNumber}">${a.bank[lang]}<br><code>${a.accountNumber}</code></td><td data-label="${t.customerName}">${a.customerName}</td>
<td class="num" data-label="${t.amount}">${money(a.amount, 'KRW', lang)}</td><td data-label="${t.dueDate}">${time(a.dueAt)}</td>
<td><div class="row">
<form class="inline" data-api="POST ${CONTROL_PREFIX}/virtual-accounts/${encodeURIComponent(a.paymentKey)}/deposit" data-done="${t.deposited}"><button type="submit" data-testid="deposit">${t.deposit}</button></form>
<form class="inline" data-api="POST ${CONTROL_PREFIX}/virtual-accounts/${encodeURIComponent(a.paymentKey)}/expire" data-done="${t.expired}"><button type="submit" class="danger" data-testid="expire">${t.expire}</button></form>
</div></td></tr>`);
  return html`<section aria-labelledby="accounts-title"><h2 id="accounts-title">${t.virtualAccounts}</h2>
${list.length ? html`<div class="table-wrap"><table class="stack"><thead><tr><th scope="col">${t.orderId}</th><th scope="col">${t.bank} / ${t.accountNumber}</th><th scope="col">${t.customerName}</th><th scope="col" class="num">${t.amount}</th><th scope="col">${t.dueDate}</th><th scope="col"><span class="visually-hidden">${t.deposit}</span></th></tr></thead>
<tbody>${rows}</tbody></table></div>` : html`<p data-testid="no-waiting-accounts">${t.noVirtualAccounts}</p>`}</section>`;
}

export function merchantPage(view: View, data: MerchantPageData): string {
  const { t } = view;
  const m = data.merchant;
  const content = html`<p><a href="${DEVCENTER_PATH}">← ${t.back}</a> · <span data-testid="merchant-name">${m.name}</span></p>
${keys(view, m)}${apiVersion(view, m)}${deliveries(view, m, data.deliveries)}${accounts(view, data.accounts)}
<section aria-labelledby="payments-title"><h2 id="payments-title">${t.payments}</h2>${paymentsTable(view, data.payments, false)}</section>`;
  return layout(view, m.mid, content);
}
