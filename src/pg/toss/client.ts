// HTTP client for the Toss Payments core API v1, pinned to version 2022-07-27. The same code talks to the real API and
// to the emulator; only the channel's base URL and secret key differ. Every answer is classified once, here:
// success, a definitive refusal, or unknown (the PG may have acted; only a look-up can tell).
import { performance } from 'node:perf_hooks';
import { Agent, request } from 'undici';
import type { Exchange } from '../../core/payments/exchanges.ts';
import type { PgAccount, PgOutcome } from '../../core/pg/connector.ts';
import { maskBody, maskPath } from './masking.ts';

export const TOSS_API_VERSION = '2022-07-27';

/**
 * Refusals that do not tell whether the request was (or will be) carried out: look the payment up before doing
 * anything else (toss-v1.md §3.2, §10 retry guidance).
 */
const LOOK_UP_BEFORE_RETRY = new Set([
  'IDEMPOTENT_REQUEST_PROCESSING',
  'ALREADY_PROCESSED_PAYMENT',
  'FORBIDDEN_CONSECUTIVE_REQUEST',
  'PROVIDER_ERROR',
  'FAILED_PAYMENT_INTERNAL_SYSTEM_PROCESSING',
  'FAILED_INTERNAL_SYSTEM_PROCESSING',
  'UNKNOWN_PAYMENT_ERROR',
  'FAILED_DB_PROCESSING',
  'COMMON_ERROR',
]);

export interface TossClientOptions {
  /** Milliseconds to establish the connection. */
  connectTimeoutMs: number;
  /** Milliseconds to wait for the answer once the request is sent. */
  readTimeoutMs: number;
  /** Connections kept per origin. */
  connections?: number;
}

export type TossResponse = PgOutcome<any> & { status?: number };

export class TossClient {
  private readonly agent: Agent;

  constructor(options: TossClientOptions) {
    this.agent = new Agent({
      connect: { timeout: options.connectTimeoutMs },
      headersTimeout: options.readTimeoutMs,
      bodyTimeout: options.readTimeoutMs,
      connections: options.connections ?? 64,
      keepAliveTimeout: 10_000,
    });
  }

  /**
   * A POST that may move money: the caller passes an Idempotency-Key it has already persisted. `sensitive` lists the
   * values of this call (card number, billing key, …) that must not survive in the recorded exchange even as text.
   */
  post(account: PgAccount, path: string, body: unknown, idempotencyKey: string, sensitive: readonly string[] = []): Promise<TossResponse> {
    return this.send(account, 'POST', path, body, idempotencyKey, sensitive);
  }

  get(account: PgAccount, path: string): Promise<TossResponse> {
    return this.send(account, 'GET', path, undefined, null, []);
  }

  delete(account: PgAccount, path: string, sensitive: readonly string[] = []): Promise<TossResponse> {
    return this.send(account, 'DELETE', path, undefined, null, sensitive);
  }

  close(): Promise<void> {
    return this.agent.close();
  }

  private async send(
    account: PgAccount,
    method: 'GET' | 'POST' | 'DELETE',
    path: string,
    body: unknown,
    idempotencyKey: string | null,
    sensitive: readonly string[],
  ): Promise<TossResponse> {
    const credentials = Buffer.from(`${account.secretKey}:`, 'utf8').toString('base64');
    const headers: Record<string, string> = {
      authorization: `Basic ${credentials}`,
      'tosspayments-api-version': TOSS_API_VERSION,
      accept: 'application/json',
    };
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (idempotencyKey) headers['idempotency-key'] = idempotencyKey;
    const startedAt = new Date();
    const t0 = performance.now();
    // The Authorization header is never part of what is recorded; the secret key (and the header's value, should an
    // answer echo it) is scrubbed from the rest.
    const hidden = [account.secretKey, credentials, ...sensitive];
    // Reasons end up in pg_last_error and on the console: they name the path with its billing key masked too.
    const target = maskPath(path, hidden);
    const exchange = (status: number | null, responseBody: unknown, error: string | null): Exchange => ({
      kind: 'pg',
      method,
      target,
      status,
      durationMs: Math.round(performance.now() - t0),
      requestBody: maskBody(body, hidden),
      responseBody: maskBody(responseBody, hidden),
      error: error === null ? null : maskBody(error, hidden),
      startedAt,
    });
    let status: number;
    let text: string;
    try {
      const res = await request(account.baseUrl + path, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        dispatcher: this.agent,
      });
      status = res.statusCode;
      text = await res.body.text();
    } catch (error) {
      const message = (error as Error).message || String(error);
      return { kind: 'unknown', reason: `${method} ${target}: ${message}`, exchanges: [exchange(null, null, message)] };
    }
    // Parsed once, for the outcome and for the record (masking works on the parsed value, never changing it).
    const json = parseJson(text);
    return { ...classify(status, text, `${method} ${target}`, json), exchanges: [exchange(status, json === undefined ? text : json, null)] };
  }
}

/** The body as JSON: null when empty, undefined when it is not JSON. */
function parseJson(text: string): any {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function classify(status: number, text: string, what: string, json: any = parseJson(text)): TossResponse {
  if (status >= 200 && status < 300) {
    if (json === undefined) return { kind: 'unknown', reason: `${what}: HTTP ${status} with a body that is not JSON`, status };
    return { kind: 'success', value: json, status };
  }
  const code = json && typeof json.code === 'string' ? json.code : null;
  const message = json && typeof json.message === 'string' ? json.message : '';
  if (status >= 500 || status === 409 || status === 429 || !code || LOOK_UP_BEFORE_RETRY.has(code)) {
    return { kind: 'unknown', reason: `${what}: HTTP ${status} ${code ?? ''} ${message}`.trim(), status };
  }
  return { kind: 'declined', code, message, status };
}
