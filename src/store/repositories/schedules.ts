// Kysely implementation of the schedule repository. Claims are single statements with `FOR UPDATE SKIP LOCKED`, and
// every later step of a run is conditional on the run number it was claimed with, so a holder whose claim lapsed and
// was taken over can no longer change the schedule.
import { sql, type Selectable } from 'kysely';
import type { ScheduleRecord, ScheduleRepository, ScheduleView } from '../../core/schedules/repository.ts';
import type { GatewayDb, PaymentSchedulesTable } from '../schema.ts';
import { isUniqueViolation } from './errors.ts';
import { recordWebhookEvent } from './webhook-events.ts';

const toRecord = (row: Selectable<PaymentSchedulesTable>): ScheduleRecord => row as ScheduleRecord;

export function scheduleRepository(db: GatewayDb): ScheduleRepository {
  const views = () =>
    db
      .selectFrom('payment_schedules as s')
      .leftJoin('payments as p', 'p.imp_uid', 's.imp_uid')
      .selectAll('s')
      .select('p.status as attempt_status');

  async function viewsByIds(ids: number[]): Promise<ScheduleView[]> {
    if (ids.length === 0) return [];
    const rows = await views().where('s.id', 'in', ids).orderBy('s.id').execute();
    return rows as ScheduleView[];
  }

  return {
    async insertMany(rows) {
      try {
        const inserted = await db
          .insertInto('payment_schedules')
          .values(rows.map((r) => ({ ...r, notice_urls: JSON.stringify(r.notice_urls), state: 'scheduled' as const })))
          .returning('id')
          .execute();
        return viewsByIds(inserted.map((r) => r.id));
      } catch (error) {
        if (!isUniqueViolation(error)) throw error;
        const taken = await db
          .selectFrom('payment_schedules')
          .select('merchant_uid')
          .where('merchant_id', '=', rows[0]!.merchant_id)
          .where('merchant_uid', 'in', rows.map((r) => r.merchant_uid))
          .executeTakeFirst();
        return { duplicate: taken?.merchant_uid ?? rows[0]!.merchant_uid };
      }
    },

    async find(merchantId, merchantUid) {
      const row = await views().where('s.merchant_id', '=', merchantId).where('s.merchant_uid', '=', merchantUid).executeTakeFirst();
      return (row as ScheduleView | undefined) ?? null;
    },

    async list(merchantId, filter) {
      let query = db
        .selectFrom('payment_schedules as s')
        .where('s.merchant_id', '=', merchantId)
        .where('s.schedule_at', '>=', filter.from)
        .where('s.schedule_at', '<', filter.to);
      if (filter.customerUid !== undefined) query = query.where('s.customer_uid', '=', filter.customerUid);
      if (filter.status === 'scheduled') query = query.where('s.state', 'in', ['scheduled', 'executing']);
      else if (filter.status) query = query.where('s.state', '=', filter.status);
      const { total } = await query.select((eb) => eb.fn.countAll<string>().as('total')).executeTakeFirstOrThrow();
      const direction = filter.oldestFirst ? 'asc' : 'desc';
      const page = await query
        .select('s.id')
        .orderBy('s.schedule_at', direction)
        .orderBy('s.id', direction)
        .offset(filter.offset)
        .limit(filter.limit)
        .execute();
      const byId = new Map((await viewsByIds(page.map((r) => r.id))).map((v) => [v.id, v]));
      return { total: Number(total), list: page.map((r) => byId.get(r.id)!) };
    },

    async revoke(merchantId, match, now) {
      let query = db
        .updateTable('payment_schedules')
        .set({ state: 'revoked', revoked_at: now, updated_at: now })
        .where('merchant_id', '=', merchantId)
        .where('state', '=', 'scheduled');
      if (match.customerUid) query = query.where('customer_uid', '=', match.customerUid);
      if (match.merchantUids) query = query.where('merchant_uid', 'in', match.merchantUids);
      const rows = await query.returning('id').execute();
      return viewsByIds(rows.map((r) => r.id));
    },

    async moveWaiting(merchantId, merchantUid, at, now) {
      const row = await db
        .updateTable('payment_schedules')
        .set({ schedule_at: at, updated_at: now })
        .where('merchant_id', '=', merchantId)
        .where('merchant_uid', '=', merchantUid)
        .where('state', '=', 'scheduled')
        .returning('id')
        .executeTakeFirst();
      return row ? (await viewsByIds([row.id]))[0]! : null;
    },

    async startNewRun(merchantId, merchantUid, at, holdUntil, now) {
      const row = await db
        .updateTable('payment_schedules')
        .set({
          state: at ? 'scheduled' : 'executing',
          schedule_at: at ?? sql<Date>`schedule_at`,
          claimed_until: at ? null : holdUntil,
          run: sql<number>`run + 1`,
          imp_uid: null,
          payment_status: null,
          fail_reason: null,
          executed_at: null,
          revoked_at: null,
          updated_at: now,
        })
        .where('merchant_id', '=', merchantId)
        .where('merchant_uid', '=', merchantUid)
        .where((eb) => eb.or([eb('state', '=', 'revoked'), eb.and([eb('state', '=', 'executed'), eb('payment_status', '=', 'failed')])]))
        .returningAll()
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },

    async claimDue(now, holdUntil, limit) {
      const rows = await db
        .updateTable('payment_schedules')
        .set({ state: 'executing', claimed_until: holdUntil, updated_at: now })
        .where('id', 'in', (eb) =>
          eb
            .selectFrom('payment_schedules')
            .select('id')
            .where((w) =>
              w.or([
                w.and([w('state', '=', 'scheduled'), w('schedule_at', '<=', now)]),
                w.and([w('state', '=', 'executing'), w('claimed_until', '<=', now)]),
              ]),
            )
            .orderBy('schedule_at')
            .limit(limit)
            .forUpdate()
            .skipLocked(),
        )
        .returningAll()
        .execute();
      return rows.map(toRecord);
    },

    async assignAttempt(id, run, impUid, now) {
      const result = await db
        .updateTable('payment_schedules')
        .set({ imp_uid: impUid, updated_at: now })
        .where('id', '=', id)
        .where('run', '=', run)
        .where('state', '=', 'executing')
        .where('imp_uid', 'is', null)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    async hold(id, run, until) {
      await db
        .updateTable('payment_schedules')
        .set({ claimed_until: until })
        .where('id', '=', id)
        .where('run', '=', run)
        .where('state', '=', 'executing')
        .execute();
    },

    async settle(id, run, outcome, announceFailure) {
      return db.transaction().execute(async (tx) => {
        const row = await tx
          .updateTable('payment_schedules')
          .set({
            state: 'executed',
            claimed_until: null,
            imp_uid: outcome.imp_uid,
            payment_status: outcome.payment_status,
            fail_reason: outcome.fail_reason,
            pg_provider: outcome.pg_provider,
            pg_id: outcome.pg_id,
            executed_at: outcome.executed_at,
            updated_at: outcome.executed_at,
          })
          .where('id', '=', id)
          .where('run', '=', run)
          .where('state', '=', 'executing')
          .returning(['merchant_id', 'merchant_uid', 'notice_urls'])
          .executeTakeFirst();
        if (!row) return false;
        if (announceFailure && outcome.imp_uid) {
          await recordWebhookEvent(tx, {
            merchantId: row.merchant_id,
            impUid: outcome.imp_uid,
            merchantUid: row.merchant_uid,
            status: 'failed',
            noticeUrls: row.notice_urls,
            at: outcome.executed_at,
          });
        }
        return true;
      });
    },
  };
}
