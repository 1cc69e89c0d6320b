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
import { GATEWAY_SCHEMA, type GatewayDb, type WebhookBody, type WebhookStatus } from '../schema.ts';
import { quoteId, type Statement } from '../statement.ts';
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
 * Writes the event and one pending delivery per target URL with the caller's transaction. Returns null (and writes
 * nothing) when there is nowhere to send it: no notice_url and no default URL. After the caller commits, the delivery
 * workers of every node pick the deliveries up.
 */
export async function recordWebhookEvent(tx: GatewayDb, event: WebhookEventInput): Promise<RecordedWebhookEvent | null> {
  const targets = await resolveTargets(tx, event.merchantId, event.noticeUrls);
  if (targets.length === 0) return null;
  const at = event.at ?? new Date();
  const body: WebhookBody = { imp_uid: event.impUid, merchant_uid: event.merchantUid, status: event.status };
  if (event.cancellationId) body.cancellation_id = event.cancellationId;
  const row = await tx
    .insertInto('webhook_events')
    .values({
      merchant_id: event.merchantId,
      imp_uid: event.impUid,
      merchant_uid: event.merchantUid,
      status: event.status,
      cancellation_id: event.cancellationId ?? null,
      targets: JSON.stringify(targets),
      body: JSON.stringify(body),
      created_at: at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await tx
    .insertInto('webhook_deliveries')
    .values(
      targets.map((url) => ({
        event_id: row.id,
        merchant_id: event.merchantId,
        url,
        state: 'pending' as const,
        next_attempt_at: at,
        created_at: at,
        updated_at: at,
      })),
    )
    .execute();
  webhookSignals.recorded();
  return { eventId: row.id, targets };
}

async function resolveTargets(tx: GatewayDb, merchantId: number, noticeUrls: string[]): Promise<string[]> {
  const own = [...new Set(noticeUrls.map((u) => u.trim()).filter(Boolean))];
  if (own.length > 0) return own;
  const settings = await tx
    .selectFrom('merchant_webhook_settings')
    .select('default_url')
    .where('merchant_id', '=', merchantId)
    .executeTakeFirst();
  const url = settings?.default_url?.trim();
  return url ? [url] : [];
}

/**
 * The same recording as `recordWebhookEvent`, as common table expressions appended to a statement whose CTE
 * `changedCte` returns the changed payment (merchant_id, imp_uid, merchant_uid, notice_urls): the targets resolved by
 * the same rules (the payment's own URLs trimmed, without blanks or repeats, in their order; else the merchant's
 * default URL), the event and its deliveries — so a change and its webhook are one statement and one round trip.
 * Call `webhookSignals.recorded()` after the statement ran.
 */
export function announcementCtes(q: Statement, changedCte: string, status: WebhookStatus, at: Date): Statement {
  const changed = quoteId(changedCte);
  q.raw(`targets as (
      select c.merchant_id, c.imp_uid, c.merchant_uid, coalesce(
        (select jsonb_agg(own.url order by own.position)
           from (select btrim(u.url) as url, min(u.position) as position
                   from jsonb_array_elements_text(c.notice_urls) with ordinality as u(url, position)
                  where btrim(u.url) <> '' group by btrim(u.url)) as own),
        (select jsonb_build_array(btrim(s.default_url)) from `).id(GATEWAY_SCHEMA, 'merchant_webhook_settings').raw(` s
          where s.merchant_id = c.merchant_id and btrim(coalesce(s.default_url, '')) <> '')
      ) as urls
      from ${changed} c
    ), announced as (
      insert into `).id(GATEWAY_SCHEMA, 'webhook_events').raw(` (merchant_id, imp_uid, merchant_uid, status, cancellation_id, targets, body, created_at)
      select merchant_id, imp_uid, merchant_uid, `).value(status).raw(`, null, urls,
             jsonb_build_object('imp_uid', imp_uid, 'merchant_uid', merchant_uid, 'status', `).value(status).raw(`::text), `).value(at).raw(`::timestamptz
        from targets where urls is not null
      returning id, merchant_id, targets
    ), delivered as (
      insert into `).id(GATEWAY_SCHEMA, 'webhook_deliveries').raw(` (event_id, merchant_id, url, state, next_attempt_at, created_at, updated_at)
      select e.id, e.merchant_id, u.url, 'pending', `).value(at).raw('::timestamptz, ').value(at).raw('::timestamptz, ').value(at).raw(`::timestamptz
        from announced e cross join jsonb_array_elements_text(e.targets) as u(url)
    )`);
  return q;
}
