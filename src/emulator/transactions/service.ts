// GET /v1/transactions: one row per approval and per cancel, in time order, paged with `startingAfter` (a
// transactionKey) and `limit`.
import { sql } from 'kysely';
import type { EmulatorContext } from '../context.ts';
import { TossError } from '../http/errors.ts';
import type { Merchant } from '../merchants/merchants.ts';
import { EMULATOR_SCHEMA } from '../store/migrations.ts';
import { kst, parseIsoDate } from '../time.ts';

export const MAX_TRANSACTIONS_LIMIT = 5000;

function readDate(value: unknown, name: string): Date {
  if (typeof value !== 'string' || !value) throw new TossError('INVALID_REQUEST', `잘못된 요청입니다. ${name}: 필수 파라미터가 누락되었습니다.`);
  const d = parseIsoDate(value);
  if (!d) throw new TossError('INVALID_ISO_DATE_FORMAT');
  return d;
}

export async function listTransactions(ctx: EmulatorContext, merchant: Merchant, query: Record<string, unknown>): Promise<unknown[]> {
  const start = readDate(query.startDate, 'startDate');
  const end = readDate(query.endDate, 'endDate');
  if (end.getTime() < start.getTime()) throw new TossError('INVALID_DATE');
  let limit = 100;
  if (query.limit !== undefined) {
    if (typeof query.limit !== 'string' || !/^\d+$/.test(query.limit) || Number(query.limit) < 1) {
      throw new TossError('INVALID_REQUEST', '잘못된 요청입니다. limit');
    }
    limit = Number(query.limit);
    if (limit > MAX_TRANSACTIONS_LIMIT) throw new TossError('EXCEED_MAX_QUERY_LIMIT');
  }
  const s = sql.id(EMULATOR_SCHEMA);
  let after: { at: Date; key: string } | null = null;
  if (query.startingAfter !== undefined) {
    if (typeof query.startingAfter !== 'string') throw new TossError('INVALID_PAGING_KEY');
    const found = await sql<{ at: Date }>`
      select approved_at as at from ${s}.payments where mid = ${merchant.mid} and approve_transaction_key = ${query.startingAfter}
        and approved_at is not null
      union all
      select canceled_at as at from ${s}.cancels where mid = ${merchant.mid} and transaction_key = ${query.startingAfter}`.execute(ctx.db);
    if (!found.rows[0]) throw new TossError('INVALID_PAGING_KEY');
    after = { at: new Date(found.rows[0].at), key: query.startingAfter };
  }
  const cursor = after ? sql`and (t.transaction_at, t.transaction_key) > (${after.at}, ${after.key})` : sql``;
  const rows = await sql<any>`
    select * from (
      select p.approve_transaction_key as transaction_key, p.payment_key, p.order_id, p.method, p.customer_key,
             p.use_escrow, 'DONE' as status, p.approved_at as transaction_at, p.currency, p.total_amount as amount
        from ${s}.payments p
       where p.mid = ${merchant.mid} and p.approve_transaction_key is not null and p.approved_at is not null
         and p.approved_at >= ${start} and p.approved_at <= ${end}
      union all
      select c.transaction_key, c.payment_key, p.order_id, p.method, p.customer_key, p.use_escrow, c.status_after,
             c.canceled_at, p.currency, c.cancel_amount
        from ${s}.cancels c join ${s}.payments p on p.payment_key = c.payment_key
       where c.mid = ${merchant.mid} and c.canceled_at >= ${start} and c.canceled_at <= ${end}
    ) t
    where true ${cursor}
    order by t.transaction_at, t.transaction_key
    limit ${limit}`.execute(ctx.db);
  return rows.rows.map((r) => ({
    mId: merchant.mid,
    transactionKey: r.transaction_key,
    paymentKey: r.payment_key,
    orderId: r.order_id,
    method: r.method,
    customerKey: r.customer_key,
    useEscrow: r.use_escrow,
    receiptUrl: `${ctx.publicUrl}/_emulator/receipts/${encodeURIComponent(r.payment_key)}`,
    status: r.status,
    transactionAt: kst(new Date(r.transaction_at)),
    currency: r.currency,
    amount: Number(r.amount),
  }));
}
