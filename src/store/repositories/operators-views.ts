// The console's read queries, each scoped to one merchant: payments paged by (started_at, imp_uid) newest first, a
// payment's whole story (cancellations, webhook events, deliveries, attempts), deliveries, billing keys (one with its
// payments and schedules) and schedules.
import { sql } from 'kysely';
import type { GatewayDb, PaymentRow } from '../schema.ts';
import { MERCHANT_CHECK } from './payments-read.ts';

export interface PaymentFilters {
  status?: 'ready' | 'paid' | 'failed' | 'cancelled';
  payMethod?: string;
  from?: Date;
  /** Exclusive. */
  to?: Date;
  merchantUid?: string;
  impUid?: string;
  /** Exact buyer name, email or phone number. */
  buyer?: string;
}

export interface PaymentCursor {
  startedAt: Date;
  impUid: string;
}

export type PaymentListRow = Pick<PaymentRow,
  'imp_uid' | 'merchant_uid' | 'status' | 'pay_method' | 'name' | 'amount' | 'cancel_amount' | 'currency' |
  'buyer_name' | 'buyer_email' | 'buyer_tel' | 'started_at' | 'paid_at' | 'failed_at' | 'cancelled_at' | 'pg_provider' |
  'card_name' | 'card_number' | 'vbank_name' | 'vbank_num' | 'fail_reason' | 'receipt_url'>;

const LIST_COLUMNS = [
  'imp_uid', 'merchant_uid', 'status', 'pay_method', 'name', 'amount', 'cancel_amount', 'currency', 'buyer_name',
  'buyer_email', 'buyer_tel', 'started_at', 'paid_at', 'failed_at', 'cancelled_at', 'pg_provider', 'card_name',
  'card_number', 'vbank_name', 'vbank_num', 'fail_reason', 'receipt_url',
] as const;

export function consoleQueries(db: GatewayDb) {
  return {
    /** One page, newest first, after `cursor`; `limit + 1` rows are read to know whether another page follows. */
    async payments(merchantId: number, f: PaymentFilters, cursor: PaymentCursor | null, limit: number): Promise<{ rows: PaymentListRow[]; next: PaymentCursor | null }> {
      let q = db.selectFrom('payments').select(LIST_COLUMNS).where('merchant_id', '=', merchantId);
      if (f.status) q = q.where('status', '=', f.status);
      if (f.payMethod) q = q.where('pay_method', '=', f.payMethod);
      if (f.from) q = q.where('started_at', '>=', f.from);
      if (f.to) q = q.where('started_at', '<', f.to);
      if (f.merchantUid) q = q.where('merchant_uid', '=', f.merchantUid);
      if (f.impUid) q = q.where('imp_uid', '=', f.impUid);
      if (f.buyer) {
        const buyer = f.buyer;
        q = q.where((eb) => eb.or([eb('buyer_name', '=', buyer), eb('buyer_email', '=', buyer), eb('buyer_tel', '=', buyer)]));
      }
      if (cursor) q = q.where(sql<boolean>`(started_at, imp_uid) < (${cursor.startedAt}, ${cursor.impUid})`);
      const rows = (await q.orderBy('started_at', 'desc').orderBy('imp_uid', 'desc').limit(limit + 1).execute()) as PaymentListRow[];
      const more = rows.length > limit;
      const page = rows.slice(0, limit).map((r) => ({ ...r, amount: Number(r.amount), cancel_amount: Number(r.cancel_amount) }));
      const last = page[page.length - 1];
      return { rows: page, next: more && last ? { startedAt: last.started_at, impUid: last.imp_uid } : null };
    },

    async payment(merchantId: number, impUid: string) {
      const payment = await db.selectFrom('payments').selectAll().where('merchant_id', MERCHANT_CHECK, merchantId).where('imp_uid', '=', impUid).executeTakeFirst();
      if (!payment) return null;
      const [cancellations, events] = await Promise.all([
        db.selectFrom('cancellations').selectAll().where('imp_uid', '=', impUid).where('merchant_id', '=', merchantId).orderBy('requested_at').execute(),
        db.selectFrom('webhook_events').selectAll().where('merchant_id', '=', merchantId).where('imp_uid', '=', impUid).orderBy('created_at').orderBy('id').execute(),
      ]);
      const deliveries = await this.deliveriesOf(merchantId, events.map((e) => Number(e.id)));
      return {
        payment: { ...payment, amount: Number(payment.amount), cancel_amount: Number(payment.cancel_amount) },
        cancellations: cancellations.map((c) => ({ ...c, amount: Number(c.amount) })),
        events: events.map((e) => ({ ...e, id: Number(e.id), deliveries: deliveries.filter((d) => d.event_id === Number(e.id)) })),
      };
    },

    async deliveriesOf(merchantId: number, eventIds: number[]) {
      if (eventIds.length === 0) return [];
      const deliveries = await db.selectFrom('webhook_deliveries').selectAll().where('merchant_id', '=', merchantId).where('event_id', 'in', eventIds).orderBy('id').execute();
      return withAttempts(db, deliveries);
    },

    /** The latest deliveries (optionally only those in some states), before the delivery id `before`. */
    async deliveries(merchantId: number, opts: { states?: string[]; before?: number; limit: number }) {
      let q = db.selectFrom('webhook_deliveries as d').innerJoin('webhook_events as e', 'e.id', 'd.event_id')
        .selectAll('d').select(['e.imp_uid', 'e.merchant_uid', 'e.status as event_status'])
        .where('d.merchant_id', '=', merchantId);
      if (opts.states?.length) q = q.where('d.state', 'in', opts.states as any);
      if (opts.before) q = q.where('d.id', '<', opts.before);
      const rows = await q.orderBy('d.id', 'desc').limit(opts.limit).execute();
      return withAttempts(db, rows);
    },

    async failedDeliveryIds(merchantId: number): Promise<number[]> {
      const rows = await db.selectFrom('webhook_deliveries').select('id').where('merchant_id', '=', merchantId)
        .where('state', 'in', ['failed', 'dead']).orderBy('id').limit(10_000).execute();
      return rows.map((r) => Number(r.id));
    },

    async billingKeys(merchantId: number, limit: number) {
      return db.selectFrom('customers')
        .select(['customer_uid', 'customer_name', 'customer_email', 'card_name', 'card_number', 'pg_provider', 'pg_id', 'inserted_at', 'updated_at'])
        .where('merchant_id', '=', merchantId).where('deleted_at', 'is', null)
        .orderBy('inserted_at', 'desc').limit(limit).execute();
    },

    /**
     * A live billing key with the payments made under its customer_uid (newest first) and its schedules. The sealed
     * key and Toss's customerKey are never selected: the page has no use for them.
     */
    async billingKey(merchantId: number, customerUid: string, limit: number) {
      const key = await db.selectFrom('customers')
        .select(['customer_uid', 'customer_id', 'customer_name', 'customer_email', 'customer_tel', 'customer_addr', 'customer_postcode',
          'card_name', 'card_number', 'card_issuer_name', 'card_type', 'pg_provider', 'pg_id', 'sandbox', 'inserted_at'])
        .where('merchant_id', '=', merchantId).where('customer_uid', '=', customerUid).where('deleted_at', 'is', null)
        .executeTakeFirst();
      if (!key) return null;
      const [payments, schedules] = await Promise.all([
        db.selectFrom('payments').select(['imp_uid', 'merchant_uid', 'status', 'name', 'amount', 'cancel_amount', 'currency', 'started_at', 'paid_at'])
          .where('merchant_id', '=', merchantId).where('customer_uid', '=', customerUid)
          .orderBy('started_at', 'desc').orderBy('imp_uid', 'desc').limit(limit).execute(),
        db.selectFrom('payment_schedules').select(['merchant_uid', 'schedule_at', 'amount', 'currency', 'name', 'state', 'payment_status', 'imp_uid'])
          .where('merchant_id', '=', merchantId).where('customer_uid', '=', customerUid)
          .orderBy('schedule_at', 'desc').orderBy('id', 'desc').limit(limit).execute(),
      ]);
      return {
        key,
        payments: payments.map((p) => ({ ...p, amount: Number(p.amount), cancel_amount: Number(p.cancel_amount) })),
        schedules: schedules.map((r) => ({ ...r, amount: Number(r.amount) })),
      };
    },

    async schedules(merchantId: number, f: { state?: string; from?: Date; to?: Date }, limit: number) {
      let q = db.selectFrom('payment_schedules')
        .select(['id', 'customer_uid', 'merchant_uid', 'schedule_at', 'amount', 'currency', 'name', 'state', 'payment_status', 'imp_uid', 'fail_reason', 'revoked_at', 'executed_at'])
        .where('merchant_id', '=', merchantId);
      if (f.state) q = q.where('state', '=', f.state as any);
      if (f.from) q = q.where('schedule_at', '>=', f.from);
      if (f.to) q = q.where('schedule_at', '<', f.to);
      const rows = await q.orderBy('schedule_at').orderBy('id').limit(limit).execute();
      return rows.map((r) => ({ ...r, amount: Number(r.amount) }));
    },
  };
}

export type ConsoleQueries = ReturnType<typeof consoleQueries>;

async function withAttempts<D extends { id: number | string }>(db: GatewayDb, deliveries: D[]) {
  const ids = deliveries.map((d) => Number(d.id));
  const attempts = ids.length === 0 ? [] : await db.selectFrom('webhook_attempts').selectAll().where('delivery_id', 'in', ids).orderBy('attempted_at').orderBy('id').execute();
  return deliveries.map((d) => ({
    ...d,
    id: Number(d.id),
    event_id: Number((d as any).event_id),
    attempts: attempts.filter((a) => Number(a.delivery_id) === Number(d.id)),
  }));
}
