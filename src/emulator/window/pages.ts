// The window's pages, rendered on the server. Every control a test (or the gateway's checkout tests) drives has a
// stable `data-testid`, listed in README.md beside this file.
import { BANKS, CARD_COMPANIES, EASY_PAY_PROVIDERS, MOBILE_CARRIERS, type Institution } from '../payments/codes.ts';
import { html, jsonForHtml, type Html } from '../../lib/html.ts';
import { formatAmount, METHOD_NAMES, t, type Language } from './i18n.ts';
import { installmentChoices, METHOD_CODES, type MethodCode, type BillingWindowRequest, type PaymentWindowRequest } from './request.ts';

/**
 * Window pages link their assets and forms relatively, so the emulator works behind a path prefix: session pages
 * live at /window/{payments|billing}/{id}, the answer to the SDK's first post at /window/{payments|billing}.
 */
export type PageDepth = 'session' | 'entry';
const ASSETS: Record<PageDepth, string> = { session: '../assets', entry: 'assets' };

/** Domestic card companies offered in the card window (one entry per brand). */
const DOMESTIC_CARDS = ['41', '61', '51', '11', '71', '91', '21', '31', '33', '24', '15', '3A', '3K', '38', '62', '37', '35', '42', '46', '34', '30', '36', '39']
  .map((code) => CARD_COMPANIES.find((c) => c.code === code)!)
  .filter(Boolean);
const FOREIGN_CARDS = ['4V', '4M', '4J', '7A', '3C', '6D'].map((code) => CARD_COMPANIES.find((c) => c.code === code)!);
/** The easy pays of the v1 window (PINPAY, KBPAY and PAYPAL belong to other products). */
export const WINDOW_EASY_PAYS = EASY_PAY_PROVIDERS.filter((p) =>
  ['TOSSPAY', 'KAKAOPAY', 'NAVERPAY', 'SAMSUNGPAY', 'LPAY', 'APPLEPAY', 'PAYCO', 'SSG'].includes(p.en),
);
/** Banks offered for transfers and virtual accounts. */
const WINDOW_BANKS = BANKS.filter((b) => ['06', '88', '20', '81', '11', '03', '90', '92', '89', '71', '23', '31', '32', '39', '34', '45', '07', '02'].includes(b.code));

/** What the buyer may pick when the merchant left the method open (미선택). */
export const UNSELECTED_CHOICES: readonly MethodCode[] = METHOD_CODES;

export const DECLINE_OUTCOMES: readonly { code: string; ko: string; en: string }[] = [
  { code: 'REJECT_CARD_COMPANY', ko: '결제 승인이 거절되었습니다.', en: 'Payment confirm is rejected' },
  { code: 'PAY_PROCESS_ABORTED', ko: '결제 진행 중 승인에 실패하여 결제가 중단되었습니다.', en: 'Payment has been canceled or has not been processed.' },
  { code: 'INVALID_CARD_EXPIRATION', ko: '카드 정보를 다시 확인해주세요. (유효기간)', en: 'Please check the card expiration date information again.' },
  { code: 'INVALID_STOPPED_CARD', ko: '정지된 카드 입니다.', en: 'This is a suspended card.' },
  { code: 'EXCEED_MAX_DAILY_PAYMENT_COUNT', ko: '하루 결제 가능 횟수를 초과했습니다.', en: 'You have exceeded the number of payments per day.' },
  { code: 'REJECT_CARD_PAYMENT', ko: '한도초과 혹은 잔액부족으로 결제에 실패했습니다.', en: 'Payment failed due to exceeding the limit or insufficient balance.' },
];

export interface PageOptions {
  lang: Language;
  depth?: PageDepth;
  title: string;
  /** JSON handed to window.js (never executed). */
  data?: unknown;
  body: Html;
}

export function layout(opts: PageOptions): string {
  return html`<!doctype html>
<html lang="${opts.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${opts.title}</title>
<link rel="stylesheet" href="${ASSETS[opts.depth ?? 'session']}/window.css">
<script src="${ASSETS[opts.depth ?? 'session']}/window.js" defer></script>
</head>
<body>
${opts.data === undefined ? '' : html`<script type="application/json" id="window-data">${jsonForHtml(opts.data)}</script>`}
<main class="window" data-testid="payment-window">
<p class="notice" role="note">${t(opts.lang, 'emulatorNotice')}</p>
${opts.body}
</main>
</body>
</html>`.text;
}

function summary(lang: Language, req: PaymentWindowRequest, merchantName: string): Html {
  return html`<section class="summary" aria-label="${t(lang, 'orderName')}">
<dl>
<dt>${t(lang, 'merchant')}</dt><dd data-testid="merchant-name">${merchantName}</dd>
<dt>${t(lang, 'orderName')}</dt><dd data-testid="order-name">${req.orderName}</dd>
<dt>${t(lang, 'amount')}</dt><dd data-testid="order-amount">${formatAmount(lang, req.amount, req.currency)}</dd>
${req.customerName ? html`<dt>${t(lang, 'customer')}</dt><dd data-testid="customer-name">${req.customerName}</dd>` : ''}
</dl>
</section>`;
}

function institutionName(lang: Language, i: Institution): string {
  return lang === 'en' ? i.en : i.ko;
}

function easyPayName(lang: Language, p: { ko: string; en: string }): string {
  return lang === 'en' ? p.en : p.ko;
}

/** The pay button comes first: it is the form's default button, so Enter in any field pays rather than closes. */
function buttons(lang: Language, payLabel: string): Html {
  return html`<div class="actions">
<button type="submit" name="action" value="pay" class="primary" data-testid="pay-button">${payLabel}</button>
<button type="submit" name="action" value="close" formnovalidate class="secondary" data-testid="close-button">${t(lang, 'close')}</button>
</div>`;
}

function outcomeSelect(lang: Language): Html {
  return html`<div class="field">
<label for="test-outcome">${t(lang, 'testOutcome')}</label>
<select id="test-outcome" name="outcome" data-testid="test-outcome">
<option value="approve" selected>${t(lang, 'approve')}</option>
${DECLINE_OUTCOMES.map((o) => html`<option value="${o.code}">${o.code} — ${lang === 'en' ? o.en : o.ko}</option>`)}
</select>
</div>`;
}

function declineCardList(lang: Language, cards: readonly { number: string; code: string }[]): Html {
  if (cards.length === 0) return html``;
  return html`<details class="help"><summary>${t(lang, 'declineCards')}</summary><ul data-testid="decline-cards">
${cards.map((c) => html`<li><code>${c.number}</code> → ${c.code}</li>`)}
</ul></details>`;
}

function bankSelect(lang: Language, selected: Institution | null, name = 'bank'): Html {
  return html`<div class="field">
<label for="bank-select">${t(lang, 'bank')}</label>
<select id="bank-select" name="${name}" required data-testid="bank-select">
<option value="">—</option>
${WINDOW_BANKS.map((b) => html`<option value="${b.code}" ${selected?.code === b.code ? html`selected` : ''}>${institutionName(lang, b)}</option>`)}
</select>
</div>`;
}

function cashReceiptFields(lang: Language, req: PaymentWindowRequest): Html {
  const chosen = req.cashReceiptType ?? '미발행';
  const types: [string, string][] = [['소득공제', t(lang, 'incomeDeduction')], ['지출증빙', t(lang, 'expenseProof')], ['미발행', t(lang, 'noReceipt')]];
  return html`<fieldset class="field">
<legend>${t(lang, 'cashReceipt')}</legend>
<label for="cash-receipt-type" class="sr-only">${t(lang, 'cashReceipt')}</label>
<select id="cash-receipt-type" name="cashReceiptType" data-testid="cash-receipt-type">
${types.map(([value, label]) => html`<option value="${value}" ${value === chosen ? html`selected` : ''}>${label}</option>`)}
</select>
<label for="cash-receipt-number">${t(lang, 'cashReceiptNumber')}</label>
<input id="cash-receipt-number" name="cashReceiptNumber" inputmode="numeric" autocomplete="off" pattern="[0-9]{8,18}" value="${req.customerMobilePhone ?? ''}" data-testid="cash-receipt-number">
</fieldset>`;
}

function escrowField(lang: Language, req: PaymentWindowRequest): Html {
  if (req.useEscrow !== null) return html`<input type="hidden" name="useEscrow" value="${req.useEscrow ? 'true' : 'false'}">`;
  return html`<div class="field checkbox"><input type="checkbox" id="use-escrow" name="useEscrow" value="true" data-testid="use-escrow"><label for="use-escrow">${t(lang, 'escrow')}</label></div>`;
}

/**
 * 고유식별번호: the number the merchant gave the buyer for a fixed account (고정식 가상계좌). Filled in, the account is
 * issued as 고정 under that key and keeps its number for every order with the same key; empty, an ordinary one.
 */
function fixedAccountField(lang: Language): Html {
  return html`<div class="field">
<label for="fixed-account-key">${t(lang, 'fixedAccountKey')}</label>
<input id="fixed-account-key" name="accountKey" autocomplete="off" maxlength="300" pattern="[A-Za-z0-9_=.@-]{1,300}" aria-describedby="fixed-account-key-hint" data-testid="fixed-account-key">
<p class="hint" id="fixed-account-key-hint">${t(lang, 'fixedAccountKeyHint')}</p>
</div>`;
}

function cardFields(lang: Language, req: PaymentWindowRequest, declineCards: readonly { number: string; code: string }[]): Html {
  const opts = req.card;
  const choices = installmentChoices(req);
  const installment =
    choices.length > 1 || choices[0] !== 0
      ? html`<div class="field">
<label for="installment-select">${t(lang, 'installment')}</label>
<select id="installment-select" name="installment" data-testid="installment-select">
${choices.map((m) => html`<option value="${m}">${m === 0 ? t(lang, 'lumpSum') : `${m}${t(lang, 'months')}`}</option>`)}
</select>
</div>`
      : html`<p class="hint" data-testid="installment-unavailable">${t(lang, 'installmentUnavailable')}</p><input type="hidden" name="installment" value="0">`;

  let chooser: Html;
  if (opts.direct && opts.cardCompany) {
    chooser = html`<p class="chosen" data-testid="direct-card-company">${t(lang, 'cardCompany')}: <strong>${institutionName(lang, opts.cardCompany)}</strong></p>
<input type="hidden" name="choice" value="card:${opts.cardCompany.code}">`;
  } else {
    // A cardCompany in the DEFAULT flow leaves that company alone in the list, chosen already (Toss: "통합결제창에
    // 입력한 코드의 카드사만 보여요").
    const cards = opts.cardCompany ? [opts.cardCompany] : opts.internationalOnly ? FOREIGN_CARDS : DOMESTIC_CARDS;
    const preset = opts.cardCompany?.code ?? null;
    chooser = html`<fieldset class="choices" data-testid="card-company-list">
<legend>${t(lang, 'cardCompany')}</legend>
${cards.map(
  (c) => html`<label class="choice"><input type="radio" name="choice" value="card:${c.code}" required ${preset === c.code ? html`checked` : ''} data-testid="card-company-${c.en}"><span>${institutionName(lang, c)}</span></label>`,
)}
</fieldset>
${opts.internationalOnly || opts.cardCompany ? '' : html`<fieldset class="choices" data-testid="easypay-list">
<legend>${t(lang, 'easyPay')}</legend>
${WINDOW_EASY_PAYS.map(
  (p) => html`<label class="choice"><input type="radio" name="choice" value="easypay:${p.en}" required data-testid="easypay-${p.en}"><span>${easyPayName(lang, p)}</span></label>`,
)}
</fieldset>`}`;
  }
  return html`${chooser}
${opts.appCardOnly ? html`<p class="hint" data-testid="app-card-only-notice">${t(lang, 'appCardOnly')}</p>` : ''}
<div class="field">
<label for="card-number">${t(lang, 'cardNumber')}</label>
<input id="card-number" name="cardNumber" inputmode="numeric" autocomplete="off" pattern="[0-9 -]{12,23}" aria-describedby="card-number-hint" data-testid="card-number">
<p class="hint" id="card-number-hint">${t(lang, 'cardNumberHint')}</p>
</div>
${installment}
<div class="field checkbox"><input type="checkbox" id="use-card-point" name="useCardPoint" value="true" ${opts.useCardPoint ? html`checked` : ''} data-testid="use-card-point"><label for="use-card-point">${t(lang, 'useCardPoint')}</label></div>
${declineCardList(lang, declineCards)}`;
}

function easyPayFields(lang: Language, provider: { ko: string; en: string }): Html {
  return html`<p class="chosen" data-testid="direct-easypay">${t(lang, 'easyPay')}: <strong>${easyPayName(lang, provider)}</strong> ${t(lang, 'easyPayWith')}</p>
<input type="hidden" name="choice" value="easypay:${provider.en}">`;
}

function methodFields(lang: Language, req: PaymentWindowRequest, declineCards: readonly { number: string; code: string }[]): Html {
  switch (req.method) {
    case 'CARD':
      if (req.card.direct && req.card.easyPay) return easyPayFields(lang, req.card.easyPay);
      return cardFields(lang, req, declineCards);
    case 'TOSSPAY':
      return easyPayFields(lang, WINDOW_EASY_PAYS.find((p) => p.en === 'TOSSPAY')!);
    case 'TRANSFER':
      return html`${bankSelect(lang, req.bank)}${cashReceiptFields(lang, req)}${escrowField(lang, req)}`;
    case 'VIRTUAL_ACCOUNT':
      return html`${bankSelect(lang, req.bank)}<p class="hint" data-testid="virtual-account-note">${t(lang, 'virtualAccountNote')}</p>${fixedAccountField(lang)}${cashReceiptFields(lang, req)}${escrowField(lang, req)}`;
    case 'MOBILE_PHONE':
      return html`<div class="field">
<label for="carrier-select">${t(lang, 'carrier')}</label>
<select id="carrier-select" name="carrier" required data-testid="carrier-select">
<option value="">—</option>
${MOBILE_CARRIERS.map((c) => html`<option value="${c}" ${req.mobileCarrier === c ? html`selected` : ''}>${c}</option>`)}
</select>
</div>
<div class="field">
<label for="phone-number">${t(lang, 'phoneNumber')}</label>
<input id="phone-number" name="phone" inputmode="numeric" autocomplete="tel" required pattern="[0-9]{10,11}" value="${req.customerMobilePhone ?? ''}" data-testid="phone-number">
</div>`;
    case 'CULTURE_GIFT_CERTIFICATE':
    case 'BOOK_GIFT_CERTIFICATE':
    case 'GAME_GIFT_CERTIFICATE':
      return html`<div class="field">
<label for="gift-login">${t(lang, 'giftLogin')}</label>
<input id="gift-login" name="giftLogin" autocomplete="username" required data-testid="gift-login">
</div>
<div class="field">
<label for="gift-pin">${t(lang, 'giftPin')}</label>
<input id="gift-pin" name="giftPin" inputmode="numeric" autocomplete="off" pattern="[0-9 -]{12,24}" data-testid="gift-pin">
</div>`;
    default:
      return html``;
  }
}

export function paymentPage(opts: {
  req: PaymentWindowRequest;
  windowId: string;
  action: string;
  merchantName: string;
  declineCards: readonly { number: string; code: string }[];
}): string {
  const { req } = opts;
  const lang = req.language;
  const methodName = req.method ? METHOD_NAMES[req.method]![lang] : t(lang, 'chooseMethod');
  const data = { kind: 'opened', windowId: opts.windowId, target: req.target, parentOrigin: req.parentOrigin };
  if (req.method === null) {
    return layout({
      lang,
      title: t(lang, 'title'),
      data,
      body: html`<h1 data-testid="window-title">${t(lang, 'title')}</h1>
${summary(lang, req, opts.merchantName)}
<form method="post" action="${opts.action}" data-testid="payment-form">
<fieldset class="choices" data-testid="method-list">
<legend>${t(lang, 'chooseMethod')}</legend>
${UNSELECTED_CHOICES.map((m) => html`<label class="choice"><input type="radio" name="method" value="${m}" required data-testid="method-${m}"><span>${METHOD_NAMES[m]![lang]}</span></label>`)}
</fieldset>
<div class="actions">
<button type="submit" name="action" value="choose" class="primary" data-testid="method-continue">${t(lang, 'continue')}</button>
<button type="submit" name="action" value="close" formnovalidate class="secondary" data-testid="close-button">${t(lang, 'close')}</button>
</div>
</form>`,
    });
  }
  return layout({
    lang,
    title: t(lang, 'title'),
    data,
    body: html`<h1 data-testid="window-title">${t(lang, 'title')}</h1>
<h2 data-testid="window-method" data-method="${req.method}">${t(lang, 'method')}: ${methodName}</h2>
${summary(lang, req, opts.merchantName)}
<form method="post" action="${opts.action}" data-testid="payment-form">
${methodFields(lang, req, opts.declineCards)}
${outcomeSelect(lang)}
${buttons(lang, t(lang, 'pay'))}
</form>`,
  });
}

export function billingPage(opts: { req: BillingWindowRequest; windowId: string; action: string; merchantName: string; declineCards: readonly { number: string; code: string }[] }): string {
  const { req } = opts;
  const lang = req.language;
  return layout({
    lang,
    title: t(lang, 'billingTitle'),
    data: { kind: 'opened', windowId: opts.windowId, target: req.target, parentOrigin: req.parentOrigin },
    body: html`<h1 data-testid="window-title">${t(lang, 'billingTitle')}</h1>
<section class="summary"><dl>
<dt>${t(lang, 'merchant')}</dt><dd data-testid="merchant-name">${opts.merchantName}</dd>
${req.customerName ? html`<dt>${t(lang, 'customer')}</dt><dd data-testid="customer-name">${req.customerName}</dd>` : ''}
</dl></section>
<form method="post" action="${opts.action}" data-testid="billing-form">
<div class="field">
<label for="card-number">${t(lang, 'cardNumberRequired')}</label>
<input id="card-number" name="cardNumber" inputmode="numeric" autocomplete="cc-number" required pattern="[0-9 -]{12,23}" data-testid="card-number">
</div>
<div class="row">
<div class="field"><label for="card-expiry-month">${t(lang, 'expiryMonth')}</label>
<input id="card-expiry-month" name="expiryMonth" inputmode="numeric" autocomplete="cc-exp-month" required pattern="(0[1-9]|1[0-2])" data-testid="card-expiry-month"></div>
<div class="field"><label for="card-expiry-year">${t(lang, 'expiryYear')}</label>
<input id="card-expiry-year" name="expiryYear" inputmode="numeric" autocomplete="cc-exp-year" required pattern="[0-9]{2}" data-testid="card-expiry-year"></div>
</div>
<div class="field"><label for="identity-number">${t(lang, 'identityNumber')}</label>
<input id="identity-number" name="identityNumber" inputmode="numeric" autocomplete="off" required pattern="([0-9]{6}|[0-9]{10})" data-testid="identity-number"></div>
<div class="field"><label for="card-password">${t(lang, 'cardPassword')}</label>
<input id="card-password" name="cardPassword" type="password" inputmode="numeric" autocomplete="off" pattern="[0-9]{2}" data-testid="card-password"></div>
${declineCardList(lang, opts.declineCards)}
${outcomeSelect(lang)}
${buttons(lang, t(lang, 'register'))}
</form>`,
  });
}

export interface WindowResult {
  outcome: 'success' | 'fail';
  /** Where the merchant page goes (redirect mode); null in promise mode. */
  url: string | null;
  result: Record<string, unknown>;
}

/** The last page: window.js hands the result to the merchant page (iframe) or navigates there (self). */
export function resultPage(opts: { lang: Language; target: 'iframe' | 'self'; parentOrigin: string | null; result: WindowResult }): string {
  const { lang, result } = opts;
  const ok = result.outcome === 'success';
  return layout({
    lang,
    title: t(lang, 'title'),
    data: { kind: 'result', target: opts.target, parentOrigin: opts.parentOrigin, ...result },
    body: html`<h1 data-testid="${ok ? 'result-success' : 'result-fail'}">${ok ? t(lang, 'done') : t(lang, 'failed')}</h1>
${ok ? '' : html`<p data-testid="result-code">${String(result.result.code ?? '')}</p>`}
${result.url ? html`<p><a href="${result.url}" target="_top" rel="noreferrer" data-testid="result-continue">${t(lang, 'backToShop')}</a></p>` : ''}`,
  });
}

export function expiredPage(opts: { lang: Language; action: string; parentOrigin: string | null; target: 'iframe' | 'self'; windowId: string }): string {
  const { lang } = opts;
  return layout({
    lang,
    title: t(lang, 'expired'),
    data: { kind: 'opened', windowId: opts.windowId, target: opts.target, parentOrigin: opts.parentOrigin },
    body: html`<h1 data-testid="window-expired">${t(lang, 'expired')}</h1>
<p>${t(lang, 'expiredDetail')}</p>
<form method="post" action="${opts.action}">
<button type="submit" name="action" value="expired" class="primary" data-testid="expired-back-button">${t(lang, 'backToShop')}</button>
</form>`,
  });
}

export function errorPage(opts: { lang: Language; code: string; message: string; data?: unknown; depth?: PageDepth }): string {
  return layout({
    lang: opts.lang,
    depth: opts.depth,
    title: t(opts.lang, 'errorTitle'),
    data: opts.data,
    body: html`<h1 data-testid="window-error">${t(opts.lang, 'errorTitle')}</h1>
<p data-testid="error-code">${opts.code}</p>
<p data-testid="error-message">${opts.message}</p>`,
  });
}
