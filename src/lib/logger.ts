// pino, with every path that can carry card data, secrets or tokens redacted before a line is written.
import pino, { type Logger } from 'pino';

const SENSITIVE = [
  'card_number', 'cardNumber', 'expiry', 'cardExpirationYear', 'cardExpirationMonth', 'birth', 'customerIdentityNumber',
  'pwd_2digit', 'cardPassword', 'cvc', 'imp_secret', 'secret', 'secretKey', 'secret_key', 'billingKey', 'billing_key',
  'access_token', 'token', 'authKey', 'password',
];

export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers["x-imptokenheader"]',
  'req.headers.cookie',
  'req.query._token',
  'headers.authorization',
  'headers.Authorization',
  ...SENSITIVE,
  ...SENSITIVE.map((k) => `*.${k}`),
  ...SENSITIVE.map((k) => `*.*.${k}`),
];

export function createLogger(level: string, name = 'tollgate'): Logger {
  return pino({ name, level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } });
}

export type { Logger };
