// Money is an integer count of the currency's minor unit inside the program and the database; the V1 wire carries
// the major unit (KRW 1000 → 1000, USD 12.34 → 1234 cents inside). Every conversion goes through here.

/** ISO 4217 minor-unit exponents of the currencies PortOne V1 payments use. */
const MINOR_UNIT_EXPONENTS: Record<string, number> = {
  KRW: 0,
  JPY: 0,
  VND: 0,
  USD: 2,
  EUR: 2,
  GBP: 2,
  CNY: 2,
  HKD: 2,
  SGD: 2,
  TWD: 2,
  THB: 2,
  PHP: 2,
  MYR: 2,
  IDR: 2,
  AUD: 2,
  CAD: 2,
  NZD: 2,
  CHF: 2,
  SEK: 2,
  NOK: 2,
  DKK: 2,
  MXN: 2,
  BRL: 2,
  RUB: 2,
  INR: 2,
};

export function isKnownCurrency(currency: string): boolean {
  return Object.hasOwn(MINOR_UNIT_EXPONENTS, currency);
}

export function minorUnitExponent(currency: string): number {
  const exponent = MINOR_UNIT_EXPONENTS[currency];
  if (exponent === undefined) throw new Error(`unknown currency ${currency}`);
  return exponent;
}

/**
 * A wire amount in the currency's minor unit, or null when it is not a non-negative amount expressible in that
 * unit (a fraction of a won, a thousandth of a dollar, beyond the exactly representable range).
 */
export function toMinorUnits(amount: number, currency: string): number | null {
  if (typeof amount !== 'number' || !Number.isFinite(amount) || amount < 0) return null;
  const scale = 10 ** minorUnitExponent(currency);
  const minor = Math.round(amount * scale);
  // Rounding absorbs binary noise (12.34 * 100 = 1233.9999…) but must not hide a real extra digit.
  if (Math.abs(minor - amount * scale) > 1e-6 * Math.max(1, scale)) return null;
  return Number.isSafeInteger(minor) ? minor : null;
}

/** A stored minor-unit amount as the wire number. */
export function fromMinorUnits(minor: number, currency: string): number {
  const exponent = minorUnitExponent(currency);
  return exponent === 0 ? minor : minor / 10 ** exponent;
}
