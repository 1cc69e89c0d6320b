// The hosted window's server-rendered pages. Everything the merchant or the buyer supplied goes through `text()` (HTML)
// or `jsonForScript()` (data read by the window's script); no inline script or style, so the Content-Security-Policy
// can forbid both.

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
  },
};

export function openingBody(lang: 'ko' | 'en', kind: 'payment' | 'billing', orderName: string | null, amount: string): string {
  const w = WORDS[lang];
  return `<p class="status" data-testid="checkout-opening">${kind === 'billing' ? w.billing : w.opening}</p>` +
    (kind === 'payment'
      ? `<dl><dt>${w.order}</dt><dd data-testid="checkout-order-name">${text(orderName ?? '')}</dd>` +
        `<dt>${w.amount}</dt><dd data-testid="checkout-amount">${text(amount)}</dd></dl>`
      : '');
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
button.primary{width:100%;padding:12px;border:0;border-radius:8px;background:#3182f6;color:#fff;font-size:16px;cursor:pointer}`;
