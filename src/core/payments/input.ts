// Reading a V1 request's parameters into core's types, refusing in the V1 style whatever the gateway can tell is wrong
// before anything reaches the PG. Bodies arrive as JSON (numbers, objects) or as forms (everything a string), so each
// reader accepts both spellings of the same value.
import { invalid } from '../errors.ts';
import type { CardData } from '../pg/connector.ts';

export type Params = Record<string, unknown>;

const missing = (name: string) => invalid(`${name} 파라메터가 누락되었습니다.`);
const malformed = (name: string, why: string) => invalid(`${name} 파라메터의 값이 올바르지 않습니다. (${why})`);

export function optionalString(params: Params, name: string, max = 1000): string | null {
  const value = params[name];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' && typeof value !== 'number') throw malformed(name, '문자열이어야 합니다');
  const text = String(value).trim();
  if (text.length > max) throw malformed(name, `${max}자 이하`);
  return text === '' ? null : text;
}

export function requiredString(params: Params, name: string, max = 1000): string {
  const value = optionalString(params, name, max);
  if (value === null) throw missing(name);
  return value;
}

function numeric(params: Params, name: string): number | null {
  const value = params[name];
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  throw malformed(name, '숫자여야 합니다');
}

/** A KRW amount: a whole number of won, at least `min`. */
export function optionalWon(params: Params, name: string, min = 0): number | null {
  const value = numeric(params, name);
  if (value === null) return null;
  if (!Number.isSafeInteger(value)) throw malformed(name, '원 단위의 정수여야 합니다');
  if (value < min) throw malformed(name, `${min} 이상이어야 합니다`);
  return value;
}

export function requiredWon(params: Params, name: string, min = 0): number {
  const value = optionalWon(params, name, min);
  if (value === null) throw missing(name);
  return value;
}

export function optionalInteger(params: Params, name: string, min: number, max: number): number | null {
  const value = numeric(params, name);
  if (value === null) return null;
  if (!Number.isSafeInteger(value) || value < min || value > max) throw malformed(name, `${min}~${max} 사이의 정수`);
  return value;
}

export function optionalBoolean(params: Params, name: string): boolean {
  const value = params[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/** `custom_data` may be any JSON value; the wire returns it as the JSON text (strings are kept as sent). */
export function customData(params: Params): string | null {
  const value = params.custom_data;
  if (value === undefined || value === null || value === '') return null;
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  if (text.length > 20_000) throw malformed('custom_data', '20,000자 이하');
  return text;
}

export function noticeUrls(params: Params): string[] {
  const value = params.notice_url;
  const list = Array.isArray(value) ? value : value === undefined || value === null || value === '' ? [] : [value];
  return list.map((url) => {
    if (typeof url !== 'string' || !/^https?:\/\/\S+$/i.test(url.trim())) throw malformed('notice_url', 'http(s) URL');
    return url.trim();
  });
}

export interface Buyer {
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
}

export function buyer(params: Params): Buyer {
  return {
    buyer_name: optionalString(params, 'buyer_name', 200),
    buyer_email: optionalString(params, 'buyer_email', 200),
    buyer_tel: optionalString(params, 'buyer_tel', 40),
    buyer_addr: optionalString(params, 'buyer_addr', 500),
    buyer_postcode: optionalString(params, 'buyer_postcode', 20),
  };
}

export const CARD_MESSAGES = {
  expired: '유효기간이 만료된 카드입니다.',
};

/**
 * Card data for a key-in payment or a billing key: number of 13–19 digits (dashes and spaces allowed), expiry
 * `YYYY-MM` (also `YYYYMM`), birth date YYMMDD or a 10-digit business number, optional first two password digits.
 * An expiry in the past is refused here: the PG would refuse it too.
 */
export function cardData(params: Params, now: Date): CardData {
  const rawNumber = requiredString(params, 'card_number', 40);
  const number = rawNumber.replace(/[\s-]/g, '');
  if (!/^\d{13,19}$/.test(number)) throw malformed('card_number', '13~19자리 숫자, 예: 1234-5678-1234-5678');
  const expiry = requiredString(params, 'expiry', 10);
  const match = /^(\d{4})-?(\d{2})$/.exec(expiry);
  if (!match) throw malformed('expiry', 'YYYY-MM');
  const year = Number(match[1]);
  const month = Number(match[2]);
  if (month < 1 || month > 12) throw malformed('expiry', 'YYYY-MM');
  // A card is valid through the last day of its expiry month (KST).
  const kst = new Date(now.getTime() + 9 * 3600_000);
  const current = kst.getUTCFullYear() * 12 + kst.getUTCMonth();
  if (year * 12 + (month - 1) < current) throw invalid(CARD_MESSAGES.expired);
  const identity = requiredString(params, 'birth', 20).replace(/-/g, '');
  if (!/^(\d{6}|\d{10})$/.test(identity)) throw malformed('birth', '생년월일 6자리(YYMMDD) 또는 사업자등록번호 10자리');
  const pwd = optionalString(params, 'pwd_2digit', 2);
  if (pwd !== null && !/^\d{2}$/.test(pwd)) throw malformed('pwd_2digit', '비밀번호 앞 2자리 숫자');
  return { number, expiryYear: match[1]!.slice(2), expiryMonth: match[2]!, identity, pwd2digit: pwd };
}
