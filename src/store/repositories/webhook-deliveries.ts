// Kysely implementation of the webhook repository. Claims are one short statement each (`FOR UPDATE SKIP LOCKED`), so
// any number of workers in any number of processes share the due deliveries without a leader or an in-memory queue.
import { sql } from 'kysely';
import type {
  ClaimedDelivery,
  DeliveryRecord,
  WebhookRepository,
  WebhookSettings,
} from '../../core/webhooks/repository.ts';
import { DEFAULT_WEBHOOK_SETTINGS } from '../../core/webhooks/webhooks.ts';
import { GATEWAY_SCHEMA, type GatewayDb, type MerchantWebhookSettingsTable, type WebhookDeliveriesTable } from '../schema.ts';
import type { Selectable } from 'kysely';

function toSettings(row: Selectable<MerchantWebhookSettingsTable>): WebhookSettings {
  return {
    defaultUrl: row.default_url,
    contentType: row.content_type,
    signingEnabled: row.signing_enabled,
    signingSecretSealed: row.signing_secret_sealed,
    retrySchedule: row.retry_schedule,
    connectTimeoutMs: row.connect_timeout_ms,
    readTimeoutMs: row.read_timeout_ms,
  };
}

function toDelivery(row: Selectable<WebhookDeliveriesTable>): DeliveryRecord {
  return {
    id: row.id,
    eventId: row.event_id,
    url: row.url,
    state: row.state,
    attemptCount: row.attempt_count,
    nextAttemptAt: row.next_attempt_at,
    lastStatus: row.last_status,
    lastError: row.last_error,
  };
}

export function webhookRepository(db: GatewayDb): WebhookRepository {
  return {
    async claimDue(now, leaseUntil, limit) {
      const rows = await db
        .with('claimed', (qb) =>
          qb
            .updateTable('webhook_deliveries')
            .set({ next_attempt_at: leaseUntil, updated_at: now })
            .where('id', 'in', (eb) =>
              eb
                .selectFrom('webhook_deliveries')
                .select('id')
                .where('state', 'in', ['pending', 'failed'])
                .where('next_attempt_at', '<=', now)
                .orderBy('next_attempt_at')
                .limit(limit)
                .forUpdate()
                .skipLocked(),
            )
            .returning(['id', 'event_id', 'merchant_id', 'url', 'attempt_count']),
        )
        .selectFrom('claimed as d')
        .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
        .leftJoin('merchant_webhook_settings as s', 's.merchant_id', 'd.merchant_id')
        .select([
          'd.id', 'd.event_id', 'd.merchant_id', 'd.url', 'd.attempt_count', 'e.body', 'e.created_at',
          's.default_url', 's.content_type', 's.signing_enabled', 's.signing_secret_sealed', 's.retry_schedule',
          's.connect_timeout_ms', 's.read_timeout_ms', 's.updated_at',
        ])
        .execute();
      return rows.map(
        (row): ClaimedDelivery => ({
          id: row.id,
          eventId: row.event_id,
          merchantId: row.merchant_id,
          url: row.url,
          attemptCount: row.attempt_count,
          payload: row.body,
          eventCreatedAt: row.created_at,
          settings: row.updated_at
            ? {
                defaultUrl: row.default_url,
                contentType: row.content_type!,
                signingEnabled: row.signing_enabled!,
                signingSecretSealed: row.signing_secret_sealed,
                retrySchedule: row.retry_schedule!,
                connectTimeoutMs: row.connect_timeout_ms!,
                readTimeoutMs: row.read_timeout_ms!,
              }
            : DEFAULT_WEBHOOK_SETTINGS,
        }),
      );
    },

    async recordAttempts(attempts) {
      if (attempts.length === 0) return;
      await db.transaction().execute(async (tx) => {
        await tx
          .insertInto('webhook_attempts')
          .values(
            attempts.map((a) => ({
              delivery_id: a.deliveryId,
              attempted_at: a.attemptedAt,
              http_status: a.httpStatus,
              duration_ms: a.durationMs,
              response_excerpt: a.responseExcerpt,
              error: a.error,
            })),
          )
          .execute();
        // One statement for the whole batch. An outcome whose claim lapsed and was taken again (the attempt count
        // moved on) or that was resent meanwhile stays in the attempt log only.
        const outcomes = attempts.map((a) => {
          const state = a.delivered ? 'delivered' : a.nextAttemptAt ? 'failed' : 'dead';
          return sql`(${a.deliveryId}::bigint, ${a.claimedAttemptCount}::integer, ${state}::text,
            ${a.delivered ? null : a.nextAttemptAt}::timestamptz, ${a.attemptedAt}::timestamptz, ${a.httpStatus}::integer,
            ${a.error}::text, ${a.delivered ? a.attemptedAt : null}::timestamptz)`;
        });
        await sql`
          update ${sql.table(`${GATEWAY_SCHEMA}.webhook_deliveries`)} as d
          set state = v.state, attempt_count = d.attempt_count + 1, next_attempt_at = v.next_attempt_at,
              last_attempt_at = v.attempted_at, last_status = v.http_status, last_error = v.error,
              delivered_at = v.delivered_at, updated_at = v.attempted_at
          from (values ${sql.join(outcomes)}) as v(id, claimed, state, next_attempt_at, attempted_at, http_status, error, delivered_at)
          where d.id = v.id and d.attempt_count = v.claimed and d.state in ('pending', 'failed')
        `.execute(tx);
      });
    },

    async rearm(merchantId, deliveryId, now) {
      const row = await db
        .updateTable('webhook_deliveries')
        .set({ state: 'pending', attempt_count: 0, next_attempt_at: now, delivered_at: null, updated_at: now })
        .where('id', '=', deliveryId)
        .where('merchant_id', '=', merchantId)
        .returningAll()
        .executeTakeFirst();
      return row ? toDelivery(row) : null;
    },

    async findSettings(merchantId) {
      const row = await db
        .selectFrom('merchant_webhook_settings')
        .selectAll()
        .where('merchant_id', '=', merchantId)
        .executeTakeFirst();
      return row ? toSettings(row) : null;
    },

    async saveSettings(merchantId, settings, now) {
      const values = {
        default_url: settings.defaultUrl,
        content_type: settings.contentType,
        signing_enabled: settings.signingEnabled,
        signing_secret_sealed: settings.signingSecretSealed,
        retry_schedule: JSON.stringify(settings.retrySchedule),
        connect_timeout_ms: settings.connectTimeoutMs,
        read_timeout_ms: settings.readTimeoutMs,
        updated_at: now,
      };
      await db
        .insertInto('merchant_webhook_settings')
        .values({ merchant_id: merchantId, ...values })
        .onConflict((oc) => oc.column('merchant_id').doUpdateSet(values))
        .execute();
    },
  };
}
