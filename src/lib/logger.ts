// pino, with every field that can carry card data, secrets or tokens censored before a line is written, at any depth.
import pino, { type Logger } from 'pino';

const SENSITIVE = [
  'card_number', 'cardNumber', 'expiry', 'cardExpirationYear', 'cardExpirationMonth', 'birth', 'customerIdentityNumber',
  'pwd_2digit', 'cardPassword', 'cvc', 'imp_secret', 'secret', 'secretKey', 'secret_key', 'billingKey', 'billing_key',
  'access_token', 'token', 'authKey', 'password', 'authorization', 'x-imptokenheader', 'cookie', '_token',
];
const SENSITIVE_KEYS = new Set(SENSITIVE.map((k) => k.toLowerCase()));

/** What serializers produce from objects the censor leaves alone (an HTTP request's headers). */
export const REDACT_PATHS = ['req.headers.authorization', 'req.headers["x-imptokenheader"]', 'req.headers.cookie'];

const CENSOR = '[redacted]';
const MAX_CENSOR_DEPTH = 10;

/** A copy to censor: a plain object stays plain, an error stays an error with its message and stack. */
function copyOf(value: object): Record<string, unknown> {
  if (value instanceof Error) {
    return Object.create(Object.getPrototypeOf(value), Object.getOwnPropertyDescriptors(value)) as Record<string, unknown>;
  }
  return { ...(value as Record<string, unknown>) };
}

/**
 * Replaces sensitive keys in plain objects, arrays and errors (their own enumerable fields, e.g. a failed PG call's
 * request) at any depth, copying instead of mutating what the caller passed. Other class instances (requests,
 * sockets) are left to their serializers. Runs before pino's serializers and is cheap for the flat objects most
 * lines carry, unlike wildcard redaction paths, which are evaluated for every key of every line.
 */
function censorDeep(value: unknown, depth = 0): unknown {
  if (value === null || typeof value !== 'object' || depth > MAX_CENSOR_DEPTH) return value;
  if (Array.isArray(value)) {
    const items = value.map((item) => censorDeep(item, depth + 1));
    return items.some((item, i) => item !== value[i]) ? items : value;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null && !(value instanceof Error)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [key, inner] of Object.entries(value)) {
    const next = SENSITIVE_KEYS.has(key.toLowerCase()) ? CENSOR : censorDeep(inner, depth + 1);
    if (next !== inner) (copy ??= copyOf(value))[key] = next;
  }
  return copy ?? value;
}

/** A request as logged: the query string is dropped because `?_token=` carries a token. */
function serializeRequest(req: { method?: string; url?: string; id?: unknown }) {
  return { id: req.id, method: req.method, path: req.url?.split('?', 1)[0] };
}

/** Lines are written to standard output in batches of about this many bytes, or at least every FLUSH_MS. */
const BATCH_BYTES = 4096;
const FLUSH_MS = 1000;

/**
 * `destination` defaults to standard output, written asynchronously in batches: one write per request (the access
 * log) cost a busy server more than its own work, so lines gather to BATCH_BYTES and a timer pushes out what waits
 * at least every FLUSH_MS; what is pending is flushed when the process exits. Tests pass a stream to read what would
 * be written.
 */
export function createLogger(level: string, name = 'tollgate', destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    name,
    level,
    redact: { paths: REDACT_PATHS, censor: CENSOR },
    serializers: { req: serializeRequest },
    formatters: { log: (object) => censorDeep(object) as Record<string, unknown> },
  };
  return pino(options, destination ?? batchedStandardOutput());
}

function batchedStandardOutput(): pino.DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: BATCH_BYTES });
  const timer = setInterval(() => {
    try {
      stream.flush();
    } catch {
      clearInterval(timer); // the stream was closed
    }
  }, FLUSH_MS).unref();
  return stream;
}

export type { Logger };
