// Fault switches: every Toss endpoint the emulator serves, whether a fault is on for it (and which), a button to
// switch it off, and one form that switches a fault on (the registry in http/faults.ts keeps one per endpoint).
import { CONTROL_PREFIX } from '../control/routes.ts';
import { ERROR_CODES } from '../http/error-codes.ts';
import type { FaultSpec } from '../http/faults.ts';
import { html, type Html } from '../../lib/html.ts';
import { DEVCENTER_PATH, layout, type View } from './layout.ts';

/** In the order of the form; the store gives the fields back in its own order. */
const FIELDS: (keyof FaultSpec)[] = ['latencyMs', 'jitterMs', 'errorRate', 'errorStatus', 'errorCode', 'errorMessage', 'hangSeconds', 'dropRate', 'remaining'];

function summary(spec: FaultSpec): string {
  return FIELDS.filter((k) => k in spec)
    .map((k) => `${k}=${spec[k] === null ? 'null' : spec[k]}`)
    .join(' · ');
}

function clearForm(view: View, endpoint: string): Html {
  return html`<form class="inline" data-api="DELETE ${CONTROL_PREFIX}/faults?endpoint=${encodeURIComponent(endpoint)}" data-done="${view.t.faultCleared}">
<button type="submit" class="danger" data-testid="clear-fault" aria-label="${endpoint} ${view.t.clearFault}">${view.t.clearFault}</button></form>`;
}

function numberField(id: keyof FaultSpec, label: string, attrs: { max?: number; step?: string }): Html {
  return html`<div><label for="${id}">${label}</label><input id="${id}" name="${id}" type="number" min="0" inputmode="decimal"
${attrs.max !== undefined ? html` max="${attrs.max}"` : ''} step="${attrs.step ?? '1'}"></div>`;
}

export function faultPage(view: View, endpoints: string[], faults: FaultSpec[], selected: string | null): string {
  const { t } = view;
  const byEndpoint = new Map(faults.map((f) => [f.endpoint, f]));
  const all = ['*', ...endpoints];
  const rows = all.map((endpoint) => {
    const fault = byEndpoint.get(endpoint);
    return html`<tr data-testid="fault-row" data-endpoint="${endpoint}" data-state="${fault ? 'on' : 'off'}">
<td><code>${endpoint === '*' ? t.allEndpoints : endpoint}</code></td>
<td>${fault ? html`<span class="badge fault-on">${t.faultOn}</span> <span class="mono">${summary(fault)}</span>` : html`<span class="badge">${t.faultOff}</span>`}</td>
<td><div class="row"><a href="${DEVCENTER_PATH}/faults?endpoint=${encodeURIComponent(endpoint)}#fault-form">${t.edit}</a>${fault ? clearForm(view, endpoint) : ''}</div></td></tr>`;
  });
  const content = html`<p class="help">${t.faultsHelp}</p>
<section aria-labelledby="fault-list"><h2 id="fault-list" class="visually-hidden">${t.faults}</h2>
<div class="table-wrap"><table data-testid="faults"><thead><tr><th scope="col">${t.endpoint}</th><th scope="col">${t.status}</th><th scope="col"><span class="visually-hidden">${t.edit}</span></th></tr></thead>
<tbody>${rows}</tbody></table></div>
${faults.length ? html`<form data-api="DELETE ${CONTROL_PREFIX}/faults" data-done="${t.faultCleared}"><button type="submit" class="danger" data-testid="clear-all-faults">${t.clearAll}</button></form>` : ''}</section>
<section aria-labelledby="fault-form-title" id="fault-form" tabindex="-1"><h2 id="fault-form-title">${t.setFault}</h2>
<form class="grid" data-api="PUT ${CONTROL_PREFIX}/faults" data-done="${t.faultSet}" data-testid="fault-form">
<div class="wide"><label for="endpoint">${t.endpoint}</label><select id="endpoint" name="endpoint">
${all.map((e) => html`<option value="${e}"${e === selected ? html` selected` : ''}>${e === '*' ? t.allEndpoints : e}</option>`)}</select></div>
${numberField('latencyMs', t.latencyMs, {})}${numberField('jitterMs', t.jitterMs, {})}
${numberField('errorRate', t.errorRate, { max: 1, step: '0.01' })}${numberField('errorStatus', t.errorStatus, { max: 599 })}
<div><label for="errorCode">${t.errorCode}</label><input id="errorCode" name="errorCode" list="error-codes" autocomplete="off" spellcheck="false"></div>
<div><label for="errorMessage">${t.errorMessage}</label><input id="errorMessage" name="errorMessage" autocomplete="off"></div>
${numberField('hangSeconds', t.hangSeconds, { step: '0.1' })}${numberField('dropRate', t.dropRate, { max: 1, step: '0.01' })}
${numberField('remaining', t.remaining, {})}
<div><button type="submit">${t.setFault}</button></div></form>
<datalist id="error-codes">${Object.keys(ERROR_CODES).map((code) => html`<option value="${code}">`)}</datalist></section>`;
  return layout(view, t.faults, content);
}
