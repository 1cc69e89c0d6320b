// The webhook outbox as the control API and the developer center show it: each delivery with every attempt made.
import type { Kysely } from 'kysely';

export interface WebhookAttemptView {
  attempt: number;
  at: string;
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
  /** The start of what the endpoint answered. */
  response: string | null;
}

export interface WebhookDeliveryView {
  id: number;
  mid: string;
  url: string;
  eventType: string;
  paymentKey: string | null;
  transmissionId: string;
  status: 'PENDING' | 'DELIVERED' | 'FAILED';
  attempts: number;
  nextAttemptAt: string | null;
  createdAt: string;
  deliveredAt: string | null;
  body: unknown;
  log: WebhookAttemptView[];
}

export interface WebhookFilter {
  mid?: string;
  paymentKey?: string;
  status?: string;
  limit: number;
}

/** Newest first. `db` is scoped to the emulator's schema. */
export async function listWebhookDeliveries(db: Kysely<any>, filter: WebhookFilter): Promise<WebhookDeliveryView[]> {
  let query = db.selectFrom('webhook_deliveries').selectAll().orderBy('id', 'desc');
  if (filter.mid !== undefined) query = query.where('mid', '=', filter.mid);
  if (filter.paymentKey !== undefined) query = query.where('payment_key', '=', filter.paymentKey);
  if (filter.status !== undefined) query = query.where('status', '=', filter.status.toUpperCase());
  const deliveries = await query.limit(filter.limit).execute();
  const ids = deliveries.map((d) => d.id);
  const attempts = ids.length
    ? await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('attempt').execute()
    : [];
  return deliveries.map((d) => ({
    id: Number(d.id),
    mid: d.mid,
    url: d.url,
    eventType: d.event_type,
    paymentKey: d.payment_key,
    transmissionId: d.transmission_id,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.status === 'PENDING' ? d.next_attempt_at.toISOString() : null,
    createdAt: d.created_at.toISOString(),
    deliveredAt: d.delivered_at ? d.delivered_at.toISOString() : null,
    body: JSON.parse(d.body),
    log: attempts
      .filter((a) => String(a.delivery_id) === String(d.id))
      .map((a) => ({
        attempt: a.attempt, at: a.attempted_at.toISOString(), httpStatus: a.http_status, error: a.error, durationMs: a.duration_ms,
        response: a.response_body ?? null,
      })),
  }));
}
