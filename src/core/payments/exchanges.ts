// The outbound HTTP exchanges made for a payment (its PG calls, the merchant's confirm_url), kept so the console's
// timeline can show what was asked and answered. Whoever makes the call hands them over already masked: core only
// carries them to the store, in the transaction of the outcome they led to.

export interface Exchange {
  kind: 'pg' | 'confirm_url';
  method: string;
  /** A PG path (secrets in it masked) or the merchant's confirm_url. */
  target: string;
  /** null when nothing came back (timeout, dropped connection, a refused target). */
  status: number | null;
  durationMs: number;
  requestBody: string | null;
  /** For confirm_url: the merchant's `reason`, if it gave one. */
  responseBody: string | null;
  /** Why nothing came back. */
  error: string | null;
  startedAt: Date;
}

/**
 * The exchanges to record with an outcome. They are written even when the outcome lost a race to another writer
 * (the reconciler, a webhook): the calls were made either way.
 */
export interface ExchangeLog {
  merchantId: number;
  impUid: string;
  exchanges: readonly Exchange[];
}

/** The exchanges carried by several outcomes, in the order the calls were made. */
export function exchangesOf(...outcomes: ({ exchanges?: readonly Exchange[] } | null | undefined)[]): Exchange[] {
  return outcomes.flatMap((o) => o?.exchanges ?? []);
}

/** A log only when there is something to record, so callers without exchanges add no write. */
export function exchangeLog(merchantId: number, impUid: string, exchanges: readonly Exchange[]): ExchangeLog | undefined {
  return exchanges.length > 0 ? { merchantId, impUid, exchanges } : undefined;
}
