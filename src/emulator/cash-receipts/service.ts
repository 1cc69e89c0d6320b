// Cash receipts (현금영수증) as version 2022-07-27 models them: an issue record (CONFIRM) and separate cancel records
// (CANCEL, receiptKey `c_` + the original), listed by request date with a cursor.
import type { EmulatorContext } from '../context.ts';
import { BodyReader } from '../http/body.ts';
import { TossError } from '../http/errors.ts';
import { newIssueNumber, newReceiptKey } from '../keys.ts';
import type { Merchant } from '../merchants/merchants.ts';
import type { CashReceiptRow } from '../payments/model.ts';
import { readOrderId, readOrderName } from '../payments/rules.ts';
import { maskIdentity } from '../payments/service.ts';
import { isUniqueViolation } from '../payments/store.ts';
import { serializeCashReceipt } from '../payments/serializer.ts';

export const MAX_CASH_RECEIPTS_LIMIT = 10_000;

export async function issueCashReceipt(ctx: EmulatorContext, merchant: Merchant, body: unknown): Promise<unknown> {
  const b = new BodyReader(body);
  const amount = b.integer('amount', { required: true, min: 1 });
  const orderId = readOrderId(b);
  const orderName = readOrderName(b);
  const type = b.string('type', { required: true });
  if (type !== '소득공제' && type !== '지출증빙') throw new TossError('INVALID_CASH_RECEIPT_INFO');
  const identity = b.string('customerIdentityNumber', { required: true });
  if (!/^\d{10,18}$/.test(identity)) throw new TossError('INVALID_CASH_RECEIPT_INFO');
  const taxFreeAmount = b.integer('taxFreeAmount', { min: 0 }) ?? 0;
  if (taxFreeAmount > amount) throw new TossError('INVALID_REQUEST', '잘못된 요청입니다. taxFreeAmount');
  const row: CashReceiptRow = {
    receipt_key: newReceiptKey(),
    mid: merchant.mid,
    payment_key: null,
    order_id: orderId,
    order_name: orderName,
    type,
    transaction_type: 'CONFIRM',
    amount,
    tax_free_amount: taxFreeAmount,
    issue_number: newIssueNumber(),
    issue_status: 'IN_PROGRESS',
    customer_identity_number: maskIdentity(identity),
    business_number: '0000000000',
    original_receipt_key: null,
    requested_at: ctx.clock.now(),
  };
  try {
    await ctx.db.insertInto('cash_receipts').values(row).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new TossError('DUPLICATED_CASH_RECEIPT');
    throw err;
  }
  return serializeCashReceipt(row, ctx.publicUrl);
}

export async function cancelCashReceipt(ctx: EmulatorContext, merchant: Merchant, receiptKey: string, body: unknown): Promise<unknown> {
  const b = new BodyReader(body);
  const requested = b.integer('amount', { min: 1 });
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const issued = (await trx
      .selectFrom('cash_receipts')
      .selectAll()
      .where('receipt_key', '=', receiptKey)
      .where('mid', '=', merchant.mid)
      .where('transaction_type', '=', 'CONFIRM')
      .forUpdate()
      .executeTakeFirst()) as (CashReceiptRow & { seq: number }) | undefined;
    if (!issued) throw new TossError('NOT_FOUND', '존재하지 않는 현금영수증입니다.');
    const cancels = await trx.selectFrom('cash_receipts').select(['amount']).where('original_receipt_key', '=', receiptKey).execute();
    const remaining = issued.amount - cancels.reduce((s, c) => s + Number(c.amount), 0);
    if (remaining <= 0) throw new TossError('ALREADY_CANCELED_PAYMENT', '이미 취소된 현금영수증입니다.');
    const amount = requested ?? remaining;
    if (amount > remaining) throw new TossError('INVALID_REQUEST', '잘못된 요청입니다. 취소 금액이 남은 금액보다 큽니다.');
    const { seq: _seq, ...rest } = issued;
    const row: CashReceiptRow = {
      ...rest,
      receipt_key: `c_${receiptKey}${cancels.length ? `_${cancels.length}` : ''}`,
      transaction_type: 'CANCEL',
      amount,
      tax_free_amount: 0,
      issue_status: 'IN_PROGRESS',
      original_receipt_key: receiptKey,
      requested_at: now,
    };
    await trx.insertInto('cash_receipts').values(row).execute();
    return serializeCashReceipt(row, ctx.publicUrl);
  });
}

export async function listCashReceipts(ctx: EmulatorContext, merchant: Merchant, query: Record<string, unknown>): Promise<unknown> {
  const requestDate = query.requestDate;
  if (typeof requestDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(requestDate)) throw new TossError('INVALID_DATE');
  const start = new Date(`${requestDate}T00:00:00+09:00`);
  if (Number.isNaN(start.getTime())) throw new TossError('INVALID_DATE');
  const end = new Date(start.getTime() + 24 * 3600_000);
  let limit = 100;
  if (query.limit !== undefined) {
    if (typeof query.limit !== 'string' || !/^\d+$/.test(query.limit) || Number(query.limit) < 1) throw new TossError('INVALID_REQUEST');
    limit = Number(query.limit);
    if (limit > MAX_CASH_RECEIPTS_LIMIT) throw new TossError('EXCEED_MAX_QUERY_LIMIT');
  }
  let cursor = 0;
  if (query.cursor !== undefined) {
    if (typeof query.cursor !== 'string' || !/^\d+$/.test(query.cursor)) throw new TossError('INVALID_PAGING_KEY');
    cursor = Number(query.cursor);
  }
  const rows = await ctx.db
    .selectFrom('cash_receipts')
    .selectAll()
    .where('mid', '=', merchant.mid)
    .where('requested_at', '>=', start)
    .where('requested_at', '<', end)
    .where('seq', '>', cursor)
    .orderBy('seq')
    .limit(limit + 1)
    .execute();
  const page = rows.slice(0, limit);
  return {
    hasNext: rows.length > limit,
    lastCursor: page.length ? Number(page[page.length - 1].seq) : null,
    data: page.map((r) => serializeCashReceipt(r as CashReceiptRow, ctx.publicUrl)),
  };
}
