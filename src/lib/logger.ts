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

const CENSOR = '[redacted]';
const SENSITIVE_KEYS = new Set([...SENSITIVE, 'authorization', 'x-imptokenheader', 'cookie', '_token'].map((k) => k.toLowerCase()));
const MAX_CENSOR_DEPTH = 10;

/**
 * Path-based redaction reaches only the depths it lists; a PG request body or an error's context can nest deeper.
 * This walks plain objects and arrays at any depth and replaces sensitive keys, copying instead of mutating what the
 * caller passed. Class instances (requests, sockets) are left to their serializers.
 */
function censorDeep(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_CENSOR_DEPTH) return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => censorDeep(item, depth + 1));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, inner] of Object.entries(value)) {
    const next = SENSITIVE_KEYS.has(key.toLowerCase()) ? CENSOR : censorDeep(inner, depth + 1);
    if (next !== inner) (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
  }
  return copy ?? value;
}

/** A request as logged: the query string is dropped because `?_token=` carries a token. */
function serializeRequest(req: { method?: string; url?: string; id?: unknown }) {
  return { id: req.id, method: req.method, path: req.url?.split('?', 1)[0] };
}

/** `destination` defaults to standard output; tests pass a stream to read what would be written. */
export function createLogger(level: string, name = 'tollgate', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { req: serializeRequest },
    formatters: { log: (object) => censorDeep(object) as Record<string, unknown> },
  };
  return destination ? pino(options, destination) : pino(options);
}

export type { Logger };
