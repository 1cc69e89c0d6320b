// The payment look-ups over Kysely. Every query carries the merchant's id, so another merchant's payment is simply
// not there. Lists read a page of payments and then their done cancellations in one more query.
import { sql, type Expression, type ExpressionBuilder, type OrderByDirection, type SqlBool } from 'kysely';
import type {
  CancellationRecord,
  PaymentPage,
  PaymentQueries,
  PaymentRecord,
  PaymentSorting,
  PaymentView,
} from '../../core/payments/read-model.ts';
import { precompiled } from '../precompiled.ts';
import type { GatewayDb, GatewayTables } from '../schema.ts';

type PaymentFilter = (eb: ExpressionBuilder<GatewayTables, 'payments'>) => Expression<SqlBool>;

/**
 * How statements that find one payment by `imp_uid` check its merchant: as a condition no index can serve.
 * Every console index leads with merchant_id, and on a table PostgreSQL has not analyzed yet (a new installation's
 * first minute, every fresh database of the benchmarks and tests) the planner rated `merchant_id = $1 and imp_uid =
 * $2` as cheap on payments_console_status as on the primary key — and then walked all of the merchant's payments in
 * that index on every look-up and every outcome. `is not distinct from` means `=` here (merchant_id is never null).
 */
export const MERCHANT_CHECK = 'is not distinct from';

const SORT_COLUMN = { started: 'started_at', paid: 'paid_at', updated: 'updated_at' } as const;

function sortOrder(sorting: PaymentSorting): { column: 'started_at' | 'paid_at' | 'updated_at'; direction: OrderByDirection } {
  const descending = sorting.startsWith('-');
  const key = (descending ? sorting.slice(1) : sorting) as keyof typeof SORT_COLUMN;
  return { column: SORT_COLUMN[key], direction: descending ? 'desc' : 'asc' };
}

/** The look-ups, and the step that adds done cancellations to payments read some other way (a change's RETURNING). */
export interface PaymentStoreQueries extends PaymentQueries {
  withCancellations(merchantId: number, payments: PaymentRecord[]): Promise<PaymentView[]>;
}

export function paymentQueries(db: GatewayDb): PaymentStoreQueries {
  async function withCancellations(merchantId: number, payments: PaymentRecord[]): Promise<PaymentView[]> {
    // A done cancellation always adds to cancel_amount in the same transaction, so untouched payments need no query.
    const cancelled = payments.filter((p) => p.cancel_amount > 0).map((p) => p.imp_uid);
    const rows: (CancellationRecord & { imp_uid: string })[] = cancelled.length
      ? await db
          .selectFrom('cancellations')
          .select(['imp_uid', 'cancellation_id', 'state', 'pg_tid', 'amount', 'reason', 'receipt_url', 'requested_at', 'cancelled_at'])
          .where('merchant_id', '=', merchantId)
          .where('imp_uid', 'in', cancelled)
          .where('state', '=', 'done')
          .orderBy('cancelled_at')
          .orderBy('requested_at')
          .execute()
      : [];
    return payments.map((payment) => ({ payment, cancellations: rows.filter((r) => r.imp_uid === payment.imp_uid) }));
  }

  const payments = (merchantId: number) => db.selectFrom('payments').selectAll().where('merchant_id', '=', merchantId);
  // The most frequent look-up of all (GET /payments/{imp_uid}, and every payment read back after a change). The row
  // is found by its primary key and the merchant only checked: see MERCHANT_CHECK.
  const paymentByImpUid = precompiled(
    db,
    (merchantId: number, impUid: string) =>
      db.selectFrom('payments').selectAll().where('merchant_id', MERCHANT_CHECK, merchantId).where('imp_uid', '=', impUid),
    [-1, '?'],
  );

  return {
    withCancellations,

    async byImpUid(merchantId, impUid) {
      const [row] = await paymentByImpUid(merchantId, impUid);
      return row ? (await withCancellations(merchantId, [row]))[0] : null;
    },

    async byImpUids(merchantId, impUids) {
      if (impUids.length === 0) return [];
      return withCancellations(merchantId, await payments(merchantId).where('imp_uid', 'in', impUids).execute());
    },

    async byMerchantUids(merchantId, merchantUids) {
      if (merchantUids.length === 0) return [];
      // The newest attempt of each merchant_uid, as a single find would answer.
      const rows = await payments(merchantId)
        .where('merchant_uid', 'in', merchantUids)
        .distinctOn('merchant_uid')
        .orderBy('merchant_uid')
        .orderBy('started_at', 'desc')
        .orderBy('imp_uid', 'desc')
        .execute();
      return withCancellations(merchantId, rows);
    },

    async firstByMerchantUid(merchantId, merchantUid, status, sorting) {
      const order = sortOrder(sorting);
      let query = payments(merchantId).where('merchant_uid', '=', merchantUid);
      if (status) query = query.where('status', '=', status);
      const row = await query
        .orderBy(order.column, (ob) => (order.direction === 'desc' ? ob.desc().nullsLast() : ob.asc().nullsLast()))
        .orderBy('imp_uid', order.direction)
        .limit(1)
        .executeTakeFirst();
      return row ? (await withCancellations(merchantId, [row]))[0] : null;
    },

    async pageByMerchantUid(merchantId, merchantUid, status, sorting, page) {
      return readPage(
        merchantId,
        (eb) => eb.and([eb('merchant_uid', '=', merchantUid), ...(status ? [eb('status', '=', status)] : [])]),
        sorting,
        page,
      );
    },

    async pageByStatus(merchantId, status, window, sorting, page) {
      return readPage(
        merchantId,
        (eb) =>
          eb.and([
            ...(status ? [eb('status', '=', status)] : []),
            eb('status_at', '>=', window.from),
            eb('status_at', '<=', window.to),
          ]),
        sorting,
        page,
      );
    },
  };

  async function readPage(
    merchantId: number,
    filter: PaymentFilter,
    sorting: PaymentSorting,
    page: { offset: number; limit: number },
  ): Promise<PaymentPage> {
    const order = sortOrder(sorting);
    const [count, rows] = await Promise.all([
      db
        .selectFrom('payments')
        .select(sql<number>`count(*)::int`.as('n'))
        .where('merchant_id', '=', merchantId)
        .where(filter)
        .executeTakeFirstOrThrow(),
      payments(merchantId)
        .where(filter)
        .orderBy(order.column, (ob) => (order.direction === 'desc' ? ob.desc().nullsLast() : ob.asc().nullsLast()))
        .orderBy('imp_uid', order.direction)
        .offset(page.offset)
        .limit(page.limit)
        .execute(),
    ]);
    return { total: count.n, views: await withCancellations(merchantId, rows) };
  }
}
