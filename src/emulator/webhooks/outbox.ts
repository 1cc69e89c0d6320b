// Webhook events are rows written in the same transaction as the change they announce; the delivery worker sends them.
import crypto from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Merchant } from '../merchants/merchants.ts';
import { kst } from '../time.ts';

export type WebhookEvent = 'PAYMENT_STATUS_CHANGED' | 'DEPOSIT_CALLBACK' | 'BILLING_DELETED';

/** Legacy events stamp `createdAt` without an offset and with microseconds: 2022-05-12T00:00:00.000000. */
export function legacyCreatedAt(now: Date): string {
  return new Date(now.getTime() + 9 * 3600_000).toISOString().slice(0, 23) + '000';
}

export async function enqueueWebhook(
  db: Kysely<any>,
  merchant: Merchant,
  event: WebhookEvent,
  body: unknown,
  now: Date,
  paymentKey: string | null = null,
): Promise<void> {
  if (!merchant.webhookUrl) return;
  await db
    .insertInto('webhook_deliveries')
    .values({
      mid: merchant.mid,
      url: merchant.webhookUrl,
      event_type: event,
      payment_key: paymentKey,
      body: JSON.stringify(body),
      transmission_id: crypto.randomUUID(),
      status: 'PENDING',
      attempts: 0,
      next_attempt_at: now,
      created_at: now,
    })
    .execute();
}

export function paymentStatusChanged(payment: Record<string, unknown>, now: Date) {
  return { eventType: 'PAYMENT_STATUS_CHANGED', createdAt: legacyCreatedAt(now), data: payment };
}

/** DEPOSIT_CALLBACK is flat and carries the payment's `secret` instead of a signature. */
export function depositCallback(p: { secret: string | null; status: string; transactionKey: string | null; orderId: string }, now: Date) {
  return { createdAt: kst(now), secret: p.secret, status: p.status, transactionKey: p.transactionKey, orderId: p.orderId };
}
