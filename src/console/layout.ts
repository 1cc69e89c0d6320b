// The page shell every console page shares: header with the merchant switcher, language switch and sign-out, the
// merchant's tabs, a one-shot notice, and the content.
import { ASSET_VERSION } from './assets.ts';
import { html, type Html } from '../lib/html.ts';
import type { Catalogue, Language } from './i18n/index.ts';

export interface PageMerchant {
  id: number;
  userCode: string;
  name: string;
}

export interface View {
  t: Catalogue;
  lang: Language;
  /** Absent on the sign-in page. */
  operator?: { email: string; admin: boolean };
  csrf?: string;
  flash?: Notice | null;
  merchant?: PageMerchant;
  devTools?: boolean;
  path: string;
}

export interface Notice {
  kind: 'ok' | 'error';
  text: string;
}

export type Tab = 'overview' | 'channels' | 'payments' | 'webhooks' | 'billing' | 'schedules';

export function csrfField(view: { csrf?: string }): Html {
  return html`<input type="hidden" name="_csrf" value="${view.csrf ?? ''}">`;
}

export function merchantPath(m: PageMerchant, rest = ''): string {
  return `/console/merchants/${encodeURIComponent(m.userCode)}${rest}`;
}

function tabs(view: View, current: Tab | null): Html {
  const m = view.merchant;
  if (!m) return html``;
  const t = view.t;
  const items: [Tab, string, string][] = [
    ['overview', t.overview, ''],
    ['channels', t.channels, '/channels'],
    ['payments', t.payments, '/payments'],
    ['webhooks', t.webhooks, '/webhooks'],
    ['billing', t.billingKeys, '/billing-keys'],
    ['schedules', t.schedules, '/schedules'],
  ];
  return html`<nav class="tabs" aria-label="${m.name}">${items.map(
    ([id, label, rest]) => html`<a href="${merchantPath(m, rest)}" ${id === current ? html`aria-current="page"` : ''}>${label}</a>`,
  )}</nav>`;
}

export function page(view: View, title: string, content: Html, current: Tab | null = null): string {
  const t = view.t;
  const other: Language = view.lang === 'ko' ? 'en' : 'ko';
  const langHref = `/console/language?to=${other}&back=${encodeURIComponent(view.path)}`;
  return html`<!doctype html>
<html lang="${view.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t.appName}</title>
<link rel="stylesheet" href="/console/assets/console.${ASSET_VERSION.css}.css">
<script src="/console/assets/console.${ASSET_VERSION.js}.js" defer></script>
</head>
<body>
<a class="skip" href="#content">${t.skipToContent}</a>
<header>
  <a class="brand" href="/console/merchants">${t.appName}</a>
  ${view.merchant ? html`<span>${view.merchant.name} <code>${view.merchant.userCode}</code></span>` : ''}
  ${view.operator?.admin ? html`<a href="/console/operators" data-testid="operators-link">${t.operators}</a>` : ''}
  ${view.devTools && view.operator ? html`<a href="/console/dev">${t.devTools}</a>` : ''}
  <a href="${langHref}" hreflang="${other}" lang="${other}" data-testid="language-switch">${t.switchLanguage}</a>
  ${view.operator
    ? html`<span class="hide-narrow">${view.operator.email}</span>
  <form method="post" action="/console/logout">${csrfField(view)}<button type="submit" data-testid="logout">${t.signOut}</button></form>`
    : ''}
</header>
<main id="content" tabindex="-1">
${tabs(view, current)}
${view.flash ? html`<div class="notice ${view.flash.kind}" role="${view.flash.kind === 'error' ? 'alert' : 'status'}" data-testid="notice">${view.flash.text}</div>` : ''}
<h1>${title}</h1>
${content}
</main>
</body>
</html>`.text;
}

export function formatTime(date: Date | null | undefined, lang: Language): string {
  if (!date) return '';
  return new Intl.DateTimeFormat(lang === 'ko' ? 'ko-KR' : 'en-GB', {
    dateStyle: 'medium',
    timeStyle: 'medium',
    timeZone: 'Asia/Seoul',
  }).format(date);
}

export function formatAmount(amount: number, currency: string, lang: Language): string {
  return `${new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US').format(amount)} ${currency}`;
}
