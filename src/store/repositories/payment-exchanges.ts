// The recorded exchanges of payments: written with the outcome they led to (by the payment and checkout
// repositories, inside their own transaction or statement), read back for the console's timeline.
import type { ExchangeLog } from '../../core/payments/exchanges.ts';
import type { GatewayDb } from '../schema.ts';

export function exchangeRows(log: ExchangeLog) {
  return log.exchanges.map((e) => ({
    merchant_id: log.merchantId,
    imp_uid: log.impUid,
    kind: e.kind,
    method: e.method,
    target: e.target,
    http_status: e.status,
    duration_ms: e.durationMs,
    request_body: e.requestBody,
    response_body: e.responseBody,
    error: e.error,
    started_at: e.startedAt,
  }));
}

/** One multi-row INSERT, on the caller's transaction; nothing at all when there is nothing to record. */
export async function insertExchanges(db: GatewayDb, log: ExchangeLog | undefined): Promise<void> {
  if (!log || log.exchanges.length === 0) return;
  await db.insertInto('payment_exchanges').values(exchangeRows(log)).execute();
}

/** A payment's exchanges in the order they were made, only ever for the merchant that owns it. */
export function exchangesOfPayment(db: GatewayDb, merchantId: number, impUid: string) {
  return db
    .selectFrom('payment_exchanges')
    .selectAll()
    .where('merchant_id', '=', merchantId)
    .where('imp_uid', '=', impUid)
    .orderBy('started_at')
    .orderBy('id')
    .execute();
}
