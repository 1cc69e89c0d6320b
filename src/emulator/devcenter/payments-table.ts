// Recent payments as a table, on a merchant's page and (with the MID column) on the page of every merchant's payments.
import { html, type Html } from '../../lib/html.ts';
import { badge, merchantPath, money, time, type View } from './layout.ts';
import type { PaymentLine } from './queries.ts';

export function paymentsTable(view: View, payments: PaymentLine[], withMerchant: boolean): Html {
  const { t, lang } = view;
  if (!payments.length) return html`<p>${t.noPayments}</p>`;
  return html`<div class="table-wrap"><table data-testid="payments"><thead><tr>
${withMerchant ? html`<th scope="col">${t.mid}</th>` : ''}<th scope="col">${t.orderId}</th><th scope="col">${t.status}</th>
<th scope="col" class="hide-narrow">${t.method}</th><th scope="col" class="num">${t.amount}</th><th scope="col" class="num hide-narrow">${t.balance}</th>
<th scope="col" class="hide-narrow">${t.requestedAt}</th></tr></thead>
<tbody>${payments.map((p) => html`<tr data-testid="payment-row" data-payment-key="${p.paymentKey}" data-status="${p.status}">
${withMerchant ? html`<td><a href="${merchantPath(p.mid)}"><code>${p.mid}</code></a></td>` : ''}
<td><code>${p.orderId}</code><br>${p.orderName}<br><code class="help">${p.paymentKey}</code></td><td>${badge(p.status)}</td>
<td class="hide-narrow">${p.method ?? ''}</td><td class="num">${money(p.totalAmount, p.currency, lang)}</td>
<td class="num hide-narrow">${money(p.balanceAmount, p.currency, lang)}</td><td class="hide-narrow">${time(p.requestedAt)}</td></tr>`)}</tbody></table></div>`;
}
