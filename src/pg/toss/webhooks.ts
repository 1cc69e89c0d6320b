// Incoming Toss webhooks. Nothing here is trusted: a DEPOSIT_CALLBACK names an order and carries the virtual
// account's secret (checked by core against the stored one), a PAYMENT_STATUS_CHANGED names a payment; either way core
// re-fetches the payment from Toss before changing anything.
import type { PgNotification } from '../../core/pg/connector.ts';
import { toStatus } from './transformers.ts';

export function parseTossWebhook(body: unknown): PgNotification {
  if (!body || typeof body !== 'object') return { kind: 'ignored', reason: 'not a JSON object' };
  const b = body as Record<string, any>;
  // DEPOSIT_CALLBACK is flat and has no eventType (toss-v1.md §9); newer deliveries may wrap it.
  const deposit = b.eventType === 'DEPOSIT_CALLBACK' && b.data && typeof b.data === 'object' ? b.data : b;
  if ((b.eventType === undefined || b.eventType === 'DEPOSIT_CALLBACK') && typeof deposit.secret === 'string') {
    if (typeof deposit.orderId !== 'string' || deposit.orderId === '') return { kind: 'ignored', reason: 'deposit without orderId' };
    return {
      kind: 'deposit',
      orderId: deposit.orderId,
      secret: deposit.secret,
      status: toStatus(deposit.status),
      transactionKey: typeof deposit.transactionKey === 'string' ? deposit.transactionKey : null,
    };
  }
  if (b.eventType === 'PAYMENT_STATUS_CHANGED' && b.data && typeof b.data === 'object') {
    const { orderId, paymentKey, status } = b.data as Record<string, unknown>;
    if (typeof orderId !== 'string' || typeof paymentKey !== 'string') return { kind: 'ignored', reason: 'payment without ids' };
    return { kind: 'status_changed', orderId, paymentKey, status: toStatus(status) };
  }
  return { kind: 'ignored', reason: `event ${String(b.eventType ?? 'without type')} is not handled` };
}
