// The console's languages: Korean by default, English on request (a cookie set by the language switch).
import { en } from './en.ts';
import { ko, type Catalogue } from './ko.ts';

export type Language = 'ko' | 'en';
export type { Catalogue };

export const CATALOGUES: Record<Language, Catalogue> = { ko, en };

export function pickLanguage(cookie: string | undefined, acceptLanguage: string | undefined): Language {
  if (cookie === 'ko' || cookie === 'en') return cookie;
  return acceptLanguage && /^en\b/i.test(acceptLanguage.trim()) ? 'en' : 'ko';
}
