// What of a Toss exchange may be kept for the console. Card data (number, expiry, birth date or business number,
// password digits), billing keys, customer keys, one-shot auth keys, deposit secrets and the secret key never leave
// this file unmasked: fields are masked by name wherever they sit in a body, then every sensitive value the caller
// knows (the secret key, the card number it sent, the billing key in a path) is scrubbed from the text as a second
// line of defence, in case Toss echoes one where no field name gives it away.

/** Bodies are cut to this many characters after masking (never before: a cut body could no longer be parsed). */
export const MAX_BODY_CHARS = 8192;

const MASK = '****';

/** Fields whose whole value is secret. */
const HIDDEN = new Set([
  'cardpassword', 'cardexpirationyear', 'cardexpirationmonth', 'customeridentitynumber', 'billingkey', 'customerkey',
  'authkey', 'secretkey', 'secret', 'password', 'authorization',
]);

/** Fields where the last four characters help an operator tell one card or account from another. */
const LAST_FOUR = new Set(['cardnumber', 'number', 'accountnumber']);

/** Values shorter than this are not scrubbed as text: a two-digit expiry month would mangle every other number. */
const MIN_SCRUBBED_LENGTH = 6;

/** Runs of digits as long as card numbers, masked in bodies that are not JSON. */
const CARD_LIKE = /\d{13,19}/g;

function lastFour(value: string): string {
  return value.length <= 4 ? MASK : '*'.repeat(value.length - 4) + value.slice(-4);
}

function maskValue(key: string, value: unknown): unknown {
  const name = key.toLowerCase();
  if (HIDDEN.has(name)) return value === null || value === undefined || value === '' ? value : MASK;
  if (LAST_FOUR.has(name) && (typeof value === 'string' || typeof value === 'number')) return lastFour(String(value));
  return maskFields(value);
}

/** A JSON value with every sensitive field masked, at any depth. */
export function maskFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskFields);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, maskValue(k, v)]));
  }
  return value;
}

/** Removes every known sensitive value (and its URL-encoded form) from a text. */
export function scrub(text: string, sensitive: readonly (string | null | undefined)[]): string {
  let out = text;
  for (const value of sensitive) {
    if (!value || value.length < MIN_SCRUBBED_LENGTH) continue;
    for (const form of new Set([value, encodeURIComponent(value), JSON.stringify(value).slice(1, -1)])) {
      out = out.split(form).join(MASK);
    }
  }
  return out;
}

function truncate(text: string): string {
  return text.length > MAX_BODY_CHARS ? `${text.slice(0, MAX_BODY_CHARS)}…(truncated)` : text;
}

/** A body sent or received, masked and cut to size; null when there was none. */
export function maskBody(body: unknown, sensitive: readonly (string | null | undefined)[]): string | null {
  if (body === undefined || body === null || body === '') return null;
  let text: string;
  if (typeof body === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      parsed = undefined;
    }
    text = parsed === undefined ? body.replace(CARD_LIKE, (digits) => lastFour(digits)) : JSON.stringify(maskFields(parsed));
  } else {
    text = JSON.stringify(maskFields(body));
  }
  return truncate(scrub(text, sensitive));
}

/** A request path with the sensitive values in it (a billing key) masked. */
export function maskPath(path: string, sensitive: readonly (string | null | undefined)[]): string {
  return scrub(path, sensitive);
}
