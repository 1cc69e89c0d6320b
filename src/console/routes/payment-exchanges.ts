// The payment timeline's entries for its recorded exchanges: each PG call (method, path, HTTP status, duration and the
// masked bodies, collapsed) and the confirm_url answer (URL, status or why there was none, duration, the merchant's
// reason). Everything shown was masked before it was stored; here it is only escaped.
import type { Selectable } from 'kysely';
import type { PaymentExchangesTable } from '../../store/schema.ts';
import { html, type Html } from '../../lib/html.ts';
import type { Catalogue } from '../i18n/index.ts';

type ExchangeRow = Selectable<PaymentExchangesTable>;

/** JSON bodies indented for reading; a body cut at the size limit is no longer JSON and is shown as it is. */
function readable(body: string): string {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
}

function collapsed(label: string, body: string | null): Html | '' {
  return body === null ? '' : html`<details class="exchange"><summary>${label}</summary><pre>${readable(body)}</pre></details>`;
}

function answer(row: ExchangeRow, t: Catalogue): Html {
  if (row.http_status === null) return html`<span class="badge failed">${t.noAnswer}</span>`;
  const ok = row.http_status >= 200 && row.http_status < 300;
  return html`<span class="badge ${ok ? 'ok' : 'failed'}">HTTP ${row.http_status}</span>`;
}

export function exchangeEntries(rows: ExchangeRow[], t: Catalogue): { at: Date; label: string; body: Html }[] {
  return rows.map((row) => {
    const error = row.error ? html` · <code>${row.error}</code>` : '';
    if (row.kind === 'confirm_url') {
      return {
        at: row.started_at,
        label: t.confirmUrlAnswer,
        body: html`<div data-testid="exchange-confirm-url"><code>${row.method} ${row.target}</code> ${answer(row, t)} · ${row.duration_ms}ms${error}
${row.response_body ? html`<br>${t.merchantReason}: <q>${row.response_body}</q>` : ''}${collapsed(t.requestBody, row.request_body)}</div>`,
      };
    }
    return {
      at: row.started_at,
      label: t.pgExchange,
      body: html`<div data-testid="exchange-pg"><code>${row.method} ${row.target}</code> ${answer(row, t)} · ${row.duration_ms}ms${error}
${collapsed(t.requestBody, row.request_body)}${collapsed(t.responseBody, row.response_body)}</div>`,
    };
  });
}
