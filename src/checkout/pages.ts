// The hosted window's server-rendered pages. Everything the merchant or the buyer supplied goes through `text()` (HTML)
// or `jsonForScript()` (data read by the window's script); no inline script or style, so the Content-Security-Policy
// can forbid both.

import type { WindowChoice } from './toss-window.ts';

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function text(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}

/** JSON safe inside `<script type="application/json">`: nothing in it can close the element or open a comment. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

export interface PageOptions {
  lang: 'ko' | 'en';
  title: string;
  body: string;
  data?: unknown;
  /** External scripts, in order (the PG's SDK, then the window's own). */
  scripts?: string[];
}

export function page(opts: PageOptions): string {
  const data = opts.data === undefined ? '' : `<script type="application/json" id="checkout-data">${jsonForScript(opts.data)}</script>`;
  const scripts = (opts.scripts ?? []).map((src) => `<script src="${text(src)}"></script>`).join('');
  return `<!doctype html><html lang="${opts.lang}"><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width,initial-scale=1"><meta name="referrer" content="no-referrer">` +
    `<title>${text(opts.title)}</title><link rel="stylesheet" href="/checkout/assets/checkout.css"></head>` +
    `<body><main class="card" data-testid="checkout-window">${opts.body}</main>${data}${scripts}</body></html>`;
}

const WORDS = {
  ko: {
    opening: '결제창을 여는 중입니다…',
    billing: '카드 등록창을 여는 중입니다…',
    order: '주문명',
    amount: '결제 금액',
    account: '가상계좌가 발급되었습니다',
    bank: '은행',
    number: '계좌번호',
    holder: '예금주',
    due: '입금 기한',
    done: '확인',
    error: '결제를 진행할 수 없습니다',
    cardCompany: '카드사 선택',
    cardInstallmentPlan: '할부 개월 선택',
    next: '다음',
    cancel: '결제 취소',
  },
  en: {
    opening: 'Opening the payment window…',
    billing: 'Opening the card registration window…',
    order: 'Order',
    amount: 'Amount',
    account: 'Your virtual account is ready',
    bank: 'Bank',
    number: 'Account number',
    holder: 'Holder',
    due: 'Pay by',
    done: 'Done',
    error: 'The payment cannot continue',
    cardCompany: 'Choose your card company',
    cardInstallmentPlan: 'Choose your installment plan',
    next: 'Next',
    cancel: 'Cancel',
  },
};

/** `waiting`: the PG's window opens right away (no pick asked of the buyer first). */
export function openingBody(lang: 'ko' | 'en', kind: 'payment' | 'billing', orderName: string | null, amount: string, waiting = true): string {
  const w = WORDS[lang];
  return (waiting ? `<p class="status" data-testid="checkout-opening">${kind === 'billing' ? w.billing : w.opening}</p>` : '') +
    (kind === 'payment'
      ? `<dl><dt>${w.order}</dt><dd data-testid="checkout-order-name">${text(orderName ?? '')}</dd>` +
        `<dt>${w.amount}</dt><dd data-testid="checkout-amount">${text(amount)}</dd></dl>`
      : '');
}

/**
 * What the merchant restricted and Toss's window cannot list: the buyer picks here, window.js hands the pick to Toss.
 * A radio's value is the option's index, so only what the gateway offered can reach the SDK.
 */
export function choicesBody(lang: 'ko' | 'en', choices: WindowChoice[]): string {
  const w = WORDS[lang];
  const groups = choices.map((choice) =>
    `<fieldset data-testid="choice-${choice.param}"><legend>${w[choice.param]}</legend>` +
    choice.options.map((o, i) =>
      `<label class="choice"><input type="radio" name="${choice.param}" value="${i}" required${choice.options.length === 1 ? ' checked' : ''} ` +
      `data-testid="choice-${choice.param}-${text(o.code)}"><span>${text(o.label[lang])}</span></label>`,
    ).join('') +
    `</fieldset>`,
  );
  return `<form data-testid="checkout-choices">${groups.join('')}` +
    `<button type="submit" class="primary" data-testid="checkout-continue">${w.next}</button>` +
    `<button type="button" class="secondary" data-testid="checkout-cancel">${w.cancel}</button></form>`;
}

export function accountBody(
  lang: 'ko' | 'en',
  account: { bank: string | null; number: string; holder: string | null; due: Date | null },
): string {
  const w = WORDS[lang];
  const due = account.due ? new Date(account.due.getTime() + 9 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '';
  return `<h1 data-testid="checkout-account">${w.account}</h1><dl>` +
    `<dt>${w.bank}</dt><dd data-testid="vbank-name">${text(account.bank)}</dd>` +
    `<dt>${w.number}</dt><dd data-testid="vbank-num">${text(account.number)}</dd>` +
    `<dt>${w.holder}</dt><dd data-testid="vbank-holder">${text(account.holder)}</dd>` +
    `<dt>${w.due}</dt><dd data-testid="vbank-due">${text(due)}</dd></dl>` +
    `<button type="button" class="primary" data-testid="checkout-done">${w.done}</button>`;
}

export function errorBody(lang: 'ko' | 'en', message: string): string {
  return `<h1>${WORDS[lang].error}</h1><p data-testid="checkout-error">${text(message)}</p>`;
}

export const CHECKOUT_CSS = `*{box-sizing:border-box}html,body{margin:0;height:100%;background:transparent;
font-family:system-ui,-apple-system,"Apple SD Gothic Neo","Malgun Gothic",sans-serif;color:#191f28}
body{display:flex;align-items:center;justify-content:center}
.card{background:#fff;border-radius:12px;padding:24px 28px;min-width:280px;max-width:420px;box-shadow:0 8px 40px rgba(0,0,0,.25)}
.status{margin:0 0 12px;font-weight:600}dl{display:grid;grid-template-columns:auto 1fr;gap:6px 16px;margin:12px 0}
dt{color:#6b7684}dd{margin:0;font-weight:600;word-break:break-all}h1{font-size:18px;margin:0 0 12px}
button.primary{width:100%;padding:12px;border:0;border-radius:8px;background:#3182f6;color:#fff;font-size:16px;cursor:pointer}
button.secondary{width:100%;margin-top:8px;padding:10px;border:0;border-radius:8px;background:#f2f4f6;color:#191f28;cursor:pointer}
fieldset{border:0;padding:0;margin:0 0 12px}legend{font-weight:600;margin-bottom:6px}
label.choice{display:flex;gap:8px;align-items:center;padding:6px 0;cursor:pointer}`;
