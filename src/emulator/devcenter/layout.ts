// The shell every developer-center page shares: header with the sections and the language switch, the test-mode
// notice, a live region for the script's notices, and the content. Every value goes through `html`, which escapes.
import { CONTROL_PREFIX } from '../control/routes.ts';
import { kst } from '../time.ts';
import { html, type Html } from '../../lib/html.ts';
import type { Language, Texts } from './i18n.ts';

export const DEVCENTER_PATH = `${CONTROL_PREFIX}/devcenter`;

export type Section = 'merchants' | 'faults' | 'payments';

export interface View {
  lang: Language;
  t: Texts;
  /** The page's own path, for the language switch. */
  path: string;
  section: Section;
}

export function merchantPath(mid: string): string {
  return `${DEVCENTER_PATH}/merchants/${encodeURIComponent(mid)}`;
}

/** KST, as Toss's developer center shows times. */
export function time(date: Date | null): Html {
  if (!date) return html``;
  return html`<time datetime="${date.toISOString()}">${kst(date)!.slice(0, 19).replace('T', ' ')}</time>`;
}

export function money(amount: number, currency: string, lang: Language): string {
  const n = new Intl.NumberFormat(lang === 'ko' ? 'ko-KR' : 'en-US').format(amount);
  return currency === 'KRW' ? (lang === 'ko' ? `${n}원` : `${n} KRW`) : `${n} ${currency}`;
}

export function badge(status: string): Html {
  return html`<span class="badge ${status.toLowerCase()}" data-testid="status">${status}</span>`;
}

export function layout(view: View, title: string, content: Html): string {
  const { t, lang } = view;
  const other: Language = lang === 'ko' ? 'en' : 'ko';
  const nav: [Section, string, string][] = [
    ['merchants', t.merchants, DEVCENTER_PATH],
    ['payments', t.payments, `${DEVCENTER_PATH}/payments`],
    ['faults', t.faults, `${DEVCENTER_PATH}/faults`],
  ];
  return `<!doctype html>${html`<html lang="${lang}"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${title} · ${t.title}</title>
<link rel="stylesheet" href="${DEVCENTER_PATH}/assets/devcenter.css">
<script src="${DEVCENTER_PATH}/assets/devcenter.js" defer></script>
</head><body data-copied="${t.copied}" data-failed="${t.failed}">
<a class="skip" href="#main">${t.skip}</a>
<header><span class="brand">${t.title} · ${t.subtitle}</span>
<nav aria-label="${t.title}">${nav.map(([id, label, href]) => html`<a href="${href}"${id === view.section ? html` aria-current="page"` : ''}>${label}</a>`)}</nav>
<a href="${view.path}?lang=${other}" lang="${other}" data-testid="language-switch">${t.language}</a></header>
<main id="main" tabindex="-1">
<p class="test-notice">${t.notice}</p>
<div id="notice" class="notice" role="status" aria-live="polite" tabindex="-1" data-testid="notice" hidden></div>
<noscript><p class="notice error">${t.noScript}</p></noscript>
<h1>${title}</h1>
${content}
</main></body></html>`}`;
}
