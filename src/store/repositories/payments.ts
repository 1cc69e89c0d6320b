// The money-moving side of payments over Kysely: attempts written before the PG call, outcomes (and the webhooks they
// cause) written atomically after — a payment's change in one statement, a cancellation's in one transaction —, claims
// for the reconciler with FOR UPDATE SKIP LOCKED.
import { sql } from 'kysely';
import type { ExchangeLog } from '../../core/payments/exchanges.ts';
import type { PaymentRecord } from '../../core/payments/read-model.ts';
import type {
  Announcement, CancellationInternals, NewAttempt, PaymentChange, PaymentInternals, PaymentRepository, PaymentState,
} from '../../core/payments/repository.ts';
import type { CustomerRecord } from '../../core/billing/repository.ts';
import { webhookSignals } from '../../jobs/webhook-signals.ts';
import { quoteId, Statement } from '../statement.ts';
import { GATEWAY_SCHEMA, type GatewayDb } from '../schema.ts';
import { isCheckViolation, isUniqueViolation } from './errors.ts';
import { exchangeRows, insertExchanges } from './payment-exchanges.ts';
import { MERCHANT_CHECK, paymentQueries } from './payments-read.ts';
import { announcementCtes, recordWebhookEvent } from './webhook-events.ts';

const INTERNAL_COLUMNS = [
  'imp_uid', 'merchant_id', 'channel_id', 'merchant_uid', 'state', 'pay_method', 'amount', 'cancel_amount', 'tax_free',
  'currency', 'name', 'pg_tid', 'pg_order_id', 'pg_idempotency_key', 'pg_call', 'pg_secret_sealed', 'customer_ref',
  'customer_uid', 'card_quota', 'buyer_name', 'buyer_email', 'buyer_tel', 'notice_urls', 'started_at', 'pg_check_count',
  'vbank_date',
] as const;

const CANCELLATION_COLUMNS = [
  'cancellation_id', 'imp_uid', 'merchant_id', 'state', 'amount', 'tax_free', 'reason', 'pg_idempotency_key',
  'requested_at', 'pg_check_count',
] as const;

function definedEntries(row: object): [string, unknown][] {
  // As the query builder does: a column whose value is undefined is left out (its default applies, or it stays).
  return Object.entries(row).filter(([, value]) => value !== undefined);
}

/**
 * Appends `insert into <table> (…) values (…), (…)`: the columns any row defines, DEFAULT where a row leaves one
 * undefined (as the query builder does); `extra` gives columns a value written as SQL, in place of the rows' own.
 */
function insertRows(q: Statement, name: string, rows: object[], extra: Record<string, string> = {}): Statement {
  const columns = [...new Set(rows.flatMap((row) => definedEntries(row).map(([column]) => column)))].filter((c) => !(c in extra));
  q.raw('insert into ').id(GATEWAY_SCHEMA, name).raw(` (${[...columns, ...Object.keys(extra)].map(quoteId).join(', ')}) values `);
  rows.forEach((row, r) => {
    q.raw(r > 0 ? ', (' : '(');
    columns.forEach((column, i) => {
      const value = (row as Record<string, unknown>)[column];
      if (i > 0) q.raw(', ');
      if (value === undefined) q.raw('default');
      else q.value(value);
    });
    for (const expression of Object.values(extra)) q.raw(`, ${expression}`);
    q.raw(')');
  });
  return q;
}

function attemptValues(attempt: NewAttempt) {
  return { ...attempt, notice_urls: JSON.stringify(attempt.notice_urls), deposit_history: '[]', updated_at: attempt.started_at };
}

export function paymentRepository(db: GatewayDb): PaymentRepository {
  const queries = paymentQueries(db);

  type Announced = { merchant_id: number; merchant_uid: string; notice_urls: string[] };

  async function announce(tx: GatewayDb, impUid: string, status: Announcement, at: Date, cancellationId?: string, known?: Announced) {
    const p =
      known ??
      (await tx
        .selectFrom('payments')
        .select(['merchant_id', 'merchant_uid', 'notice_urls'])
        .where('imp_uid', '=', impUid)
        .executeTakeFirstOrThrow());
    await recordWebhookEvent(tx, {
      merchantId: p.merchant_id,
      impUid,
      merchantUid: p.merchant_uid,
      status,
      cancellationId,
      noticeUrls: p.notice_urls,
      at,
    });
  }

  /**
   * A payment's change, the exchanges that led to it and the webhook it causes, as one statement (an implicit
   * transaction and a single round trip): the update, the exchanges' insert and the announcement's inserts are
   * common table expressions of it. The exchanges are kept whether or not the change applied. Returns the payment as
   * changed, or null when it was no longer in one of `from`.
   */
  async function applyChange(
    impUid: string,
    from: readonly PaymentState[],
    change: PaymentChange,
    announcement: Announcement | null,
    exchanges: ExchangeLog | undefined,
    merchantId?: number,
  ): Promise<PaymentRecord | null> {
    // Written as SQL text (store/statement.ts): this statement and the billing attempt's insert run for every payment.
    const q = new Statement().raw('with changed as (update ').id(GATEWAY_SCHEMA, 'payments').raw(' set ');
    definedEntries(change).forEach(([column, value], i) => {
      q.raw(i > 0 ? ', ' : '').id(column).raw(' = ').value(value);
    });
    q.raw(' where imp_uid = ').value(impUid).raw(' and state in (').values(from).raw(')');
    if (merchantId !== undefined) q.raw(` and merchant_id ${MERCHANT_CHECK} `).value(merchantId);
    q.raw(' returning *)');
    if (exchanges?.exchanges.length) insertRows(q.raw(', recorded as ('), 'payment_exchanges', exchangeRows(exchanges)).raw(')');
    if (announcement) announcementCtes(q.raw(', '), 'changed', { status: announcement, at: change.updated_at });
    const rows = await q.raw(' select * from changed').rows<PaymentRecord>(db);
    if (announcement && rows.length) webhookSignals.recorded();
    return rows[0] ?? null;
  }

  return {
    async insertAttempt(attempt) {
      try {
        await db.insertInto('payments').values(attemptValues(attempt)).execute();
        return 'inserted';
      } catch (error) {
        if (isUniqueViolation(error, 'payments_one_paid_per_merchant_uid')) return 'merchant_uid_taken';
        throw error;
      }
    },

    async insertBillingAttempt(attempt, customerUid, keyId) {
      try {
        const q = new Statement().raw('with customer as (select * from ').id(GATEWAY_SCHEMA, 'customers')
          .raw(' where merchant_id = ').value(attempt.merchant_id).raw(' and customer_uid = ').value(customerUid);
        if (keyId === undefined) q.raw(' and deleted_at is null');
        else q.raw(' and id = ').value(keyId);
        q.raw('), attempt as (');
        // No key: null here, which payments_billing_names_its_key refuses, so nothing is written.
        insertRows(q, 'payments', [attemptValues(attempt)], { customer_ref: '(select id from customer)' });
        const rows = await q.raw(') select * from customer').rows<CustomerRecord>(db);
        if (!rows[0]) throw new Error('an attempt was written without its billing key');
        return rows[0];
      } catch (error) {
        if (isCheckViolation(error, 'payments_billing_names_its_key')) return 'unknown_customer';
        if (isUniqueViolation(error, 'payments_one_paid_per_merchant_uid')) return 'merchant_uid_taken';
        throw error;
      }
    },

    async blockingAttempt(merchantId, merchantUid) {
      const row = await db
        .selectFrom('payments')
        .select(['imp_uid', 'state'])
        .where('merchant_id', '=', merchantId)
        .where('merchant_uid', '=', merchantUid)
        .where('state', 'in', ['approving', 'unknown', 'paid', 'cancelled'])
        .executeTakeFirst();
      return row ?? null;
    },

    async readyVirtualAccount(merchantId, merchantUid) {
      const row = await db
        .selectFrom('payments')
        .select('imp_uid')
        .where('merchant_id', '=', merchantId)
        .where('merchant_uid', '=', merchantUid)
        .where('state', '=', 'ready')
        .where('pay_method', '=', 'vbank')
        .executeTakeFirst();
      return row ?? null;
    },

    async internals(merchantId, impUid) {
      const row = await db
        .selectFrom('payments')
        .select(INTERNAL_COLUMNS)
        .where('merchant_id', MERCHANT_CHECK, merchantId)
        .where('imp_uid', '=', impUid)
        .executeTakeFirst();
      return (row as PaymentInternals | undefined) ?? null;
    },

    async internalsByMerchantUid(merchantId, merchantUid) {
      const row = await db
        .selectFrom('payments')
        .select(INTERNAL_COLUMNS)
        .where('merchant_id', '=', merchantId)
        .where('merchant_uid', '=', merchantUid)
        .orderBy(sql`case when state in ('paid', 'cancelled') then 0 else 1 end`)
        .orderBy('started_at', 'desc')
        .executeTakeFirst();
      return (row as PaymentInternals | undefined) ?? null;
    },

    async internalsByOrderId(orderId) {
      const row = await db.selectFrom('payments').select(INTERNAL_COLUMNS).where('pg_order_id', '=', orderId).executeTakeFirst();
      return (row as PaymentInternals | undefined) ?? null;
    },

    async transition(impUid, from, change, announcement, exchanges) {
      return (await applyChange(impUid, from, change, announcement, exchanges)) !== null;
    },

    async transitionToView(merchantId, impUid, from, change, announcement, exchanges) {
      const row = await applyChange(impUid, from, change, announcement, exchanges, merchantId);
      return row ? (await queries.withCancellations(merchantId, [row]))[0] : null;
    },

    async claimDue(now, leaseUntil, limit) {
      return db.transaction().execute(async (tx) => {
        const due = (q: ReturnType<typeof tx.selectFrom<'payments'>>) =>
          q.select(INTERNAL_COLUMNS).where('pg_next_check_at', '<=', now).orderBy('pg_next_check_at').limit(limit).forUpdate().skipLocked();
        const inFlight = await due(tx.selectFrom('payments').where('state', 'in', ['approving', 'unknown'])).execute();
        // Issued virtual accounts past their due date (each side has its own partial index).
        const pastDue =
          inFlight.length < limit
            ? await due(tx.selectFrom('payments').where('state', '=', 'ready').where('pay_method', '=', 'vbank'))
                .limit(limit - inFlight.length)
                .execute()
            : [];
        const rows = [...inFlight, ...pastDue];
        if (rows.length === 0) return [];
        await tx
          .updateTable('payments')
          .set({ pg_next_check_at: leaseUntil })
          .where('imp_uid', 'in', rows.map((r) => r.imp_uid))
          .execute();
        return rows as PaymentInternals[];
      });
    },

    async requestCancellation(merchantId, impUid, decide) {
      try {
        return await db.transaction().execute(async (tx) => {
          const payment = (await tx
            .selectFrom('payments')
            .select(INTERNAL_COLUMNS)
            .where('merchant_id', MERCHANT_CHECK, merchantId)
            .where('imp_uid', '=', impUid)
            .forUpdate()
            .executeTakeFirstOrThrow()) as PaymentInternals;
          const inFlight = await tx
            .selectFrom('cancellations')
            .select('cancellation_id')
            .where('imp_uid', '=', impUid)
            .where('state', 'in', ['requested', 'unknown'])
            .executeTakeFirst();
          if (inFlight) throw new CancellationInFlight();
          const cancellation = decide(payment);
          await tx.insertInto('cancellations').values({ ...cancellation, state: 'requested' }).execute();
          return { payment, cancellation };
        });
      } catch (error) {
        if (error instanceof CancellationInFlight || isUniqueViolation(error, 'cancellations_one_in_flight')) return 'in_flight';
        throw error;
      }
    },

    async settleCancellation(cancellationId, outcome, paymentChange, announcement, exchanges) {
      return db.transaction().execute(async (tx) => {
        const updated = await tx
          .updateTable('cancellations')
          .set(outcome)
          .where('cancellation_id', '=', cancellationId)
          .where('state', 'in', ['requested', 'unknown'])
          .returning(['imp_uid', 'amount'])
          .executeTakeFirst();
        await insertExchanges(tx, exchanges);
        if (!updated) return false;
        if (outcome.state === 'done' && paymentChange) {
          await tx
            .updateTable('payments')
            .set({ ...paymentChange, cancel_amount: sql<number>`cancel_amount + ${updated.amount}` })
            .where('imp_uid', '=', updated.imp_uid)
            .execute();
          if (announcement) await announce(tx, updated.imp_uid, announcement, paymentChange.updated_at, cancellationId);
        }
        return true;
      });
    },

    async claimDueCancellations(now, leaseUntil, limit) {
      return db.transaction().execute(async (tx) => {
        const rows = await tx
          .selectFrom('cancellations')
          .select(CANCELLATION_COLUMNS)
          .where('state', 'in', ['requested', 'unknown'])
          .where('pg_next_check_at', '<=', now)
          .orderBy('pg_next_check_at')
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        if (rows.length === 0) return [];
        await tx
          .updateTable('cancellations')
          .set({ pg_next_check_at: leaseUntil })
          .where('cancellation_id', 'in', rows.map((r) => r.cancellation_id))
          .execute();
        return rows as CancellationInternals[];
      });
    },

    async doneCancellationTids(impUid) {
      const rows = await db
        .selectFrom('cancellations')
        .select('pg_tid')
        .where('imp_uid', '=', impUid)
        .where('state', '=', 'done')
        .execute();
      return rows.flatMap((r) => (r.pg_tid ? [r.pg_tid] : []));
    },

    view(merchantId, impUid) {
      return queries.byImpUid(merchantId, impUid);
    },

    async pageByCustomerUid(merchantId, customerUid, page) {
      const base = db.selectFrom('payments').where('merchant_id', '=', merchantId).where('customer_uid', '=', customerUid);
      const total = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      const ids = await base.select('imp_uid').orderBy('started_at', 'desc').orderBy('imp_uid').offset(page.offset).limit(page.limit).execute();
      const views = await queries.byImpUids(merchantId, ids.map((r) => r.imp_uid));
      const order = new Map(ids.map((r, i) => [r.imp_uid, i]));
      views.sort((a, b) => order.get(a.payment.imp_uid)! - order.get(b.payment.imp_uid)!);
      return { total: Number(total.n), views };
    },
  };
}

class CancellationInFlight extends Error {}
