// Recording a merchant webhook (V1 notice_url), inside the transaction of the change that caused it, so an event
// exists exactly when its change was committed.
//
// When PortOne V1 fires a webhook (reference §6), and so when callers record one:
// - a payment is approved: `paid`;
// - a virtual account is issued: `ready`; its deposit arrives: `paid`;
// - a scheduled payment is attempted: `paid` or `failed` (the only failure that is announced);
// - a payment is cancelled from the console: `cancelled` with its `cancellation_id`;
// - a payment is cancelled through the API only when the request said `enable_webhook: true`.
// Ordinary payment failures (declined card, closed window) are not announced.
import { GATEWAY_SCHEMA, type GatewayDb, type WebhookStatus } from '../schema.ts';
import { quoteId, Statement } from '../statement.ts';
import { webhookSignals } from '../../jobs/webhook-signals.ts';

export interface WebhookEventInput {
  merchantId: number;
  impUid: string;
  merchantUid: string;
  status: WebhookStatus;
  cancellationId?: string;
  /** The payment's own notice_url list; when empty the merchant's default URL is used. */
  noticeUrls: string[];
  /** The gateway clock's time of the change; pass `ctx.clock.now()` so a moved development clock is honoured. */
  at?: Date;
}

export interface RecordedWebhookEvent {
  eventId: number;
  targets: string[];
}

/**
 * Writes the event and one pending delivery per target URL with the caller's transaction, as one statement (the same
 * common table expressions a payment's change appends, see `announcementCtes`). Returns null (and writes nothing)
 * when there is nowhere to send it: no notice_url and no default URL. After the caller commits, the delivery workers
 * of every node pick the deliveries up.
 */
export async function recordWebhookEvent(tx: GatewayDb, event: WebhookEventInput): Promise<RecordedWebhookEvent | null> {
  const q = new Statement()
    .raw('with event_source as (select ').value(event.merchantId).raw('::bigint as merchant_id, ')
    .value(event.impUid).raw('::text as imp_uid, ').value(event.merchantUid).raw('::text as merchant_uid, ')
    .value(JSON.stringify(event.noticeUrls)).raw('::jsonb as notice_urls), ');
  announcementCtes(q, 'event_source', { status: event.status, at: event.at ?? new Date(), cancellationId: event.cancellationId });
  const [row] = await q.raw(' select id, targets from announced').rows<{ id: number; targets: string[] }>(tx);
  if (!row) return null;
  webhookSignals.recorded();
  return { eventId: row.id, targets: row.targets };
}

/** Blanks around a URL: what JavaScript's trim() removes from URLs in practice. */
const BLANKS = `E' \\t\\r\\n'`;

/**
 * The webhook recording as common table expressions appended to a statement whose CTE `sourceCte` returns the
 * payment (merchant_id, imp_uid, merchant_uid, notice_urls): the targets (the payment's own URLs trimmed, without
 * blanks or repeats, in their order; else the merchant's default URL), the event and its deliveries — so a change
 * and its webhook are one statement and one round trip. The last CTE, `announced`, returns the event written (none
 * when there is no target). Call `webhookSignals.recorded()` after the statement ran.
 */
export function announcementCtes(
  q: Statement,
  sourceCte: string,
  event: { status: WebhookStatus; at: Date; cancellationId?: string },
): Statement {
  const source = quoteId(sourceCte);
  const cancellationId = event.cancellationId ?? null;
  q.raw(`targets as (
      select c.merchant_id, c.imp_uid, c.merchant_uid, coalesce(
        (select jsonb_agg(own.url order by own.position)
           from (select btrim(u.url, ${BLANKS}) as url, min(u.position) as position
                   from jsonb_array_elements_text(c.notice_urls) with ordinality as u(url, position)
                  where btrim(u.url, ${BLANKS}) <> '' group by btrim(u.url, ${BLANKS})) as own),
        (select jsonb_build_array(btrim(s.default_url, ${BLANKS})) from `).id(GATEWAY_SCHEMA, 'merchant_webhook_settings').raw(` s
          where s.merchant_id = c.merchant_id and btrim(coalesce(s.default_url, ''), ${BLANKS}) <> '')
      ) as urls
      from ${source} c
    ), announced as (
      insert into `).id(GATEWAY_SCHEMA, 'webhook_events').raw(` (merchant_id, imp_uid, merchant_uid, status, cancellation_id, targets, body, created_at)
      select merchant_id, imp_uid, merchant_uid, `).value(event.status).raw(', ').value(cancellationId).raw(`::text, urls,
             -- the V1 body; cancellation_id only on cancels (jsonb_strip_nulls drops it otherwise)
             jsonb_strip_nulls(jsonb_build_object('imp_uid', imp_uid, 'merchant_uid', merchant_uid, 'status', `).value(event.status)
      .raw(`::text, 'cancellation_id', `).value(cancellationId).raw(`::text)), `).value(event.at).raw(`::timestamptz
        from targets where urls is not null
      returning id, merchant_id, targets
    ), delivered as (
      insert into `).id(GATEWAY_SCHEMA, 'webhook_deliveries').raw(` (event_id, merchant_id, url, state, next_attempt_at, created_at, updated_at)
      select e.id, e.merchant_id, u.url, 'pending', `).value(event.at).raw('::timestamptz, ').value(event.at).raw('::timestamptz, ').value(event.at).raw(`::timestamptz
        from announced e cross join jsonb_array_elements_text(e.targets) as u(url)
    )`);
  return q;
}
