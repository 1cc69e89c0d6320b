// Reading and writing payments, and presenting them as the merchant's API version serializes them.
import type { Kysely, Transaction } from 'kysely';
import type { EmulatorContext } from '../context.ts';
import { TossError } from '../http/errors.ts';
import type { Merchant } from '../merchants/merchants.ts';
import { enqueueWebhook, paymentStatusChanged, depositCallback } from '../webhooks/outbox.ts';
import { paymentFromRow, type CancelRow, type CashReceiptRow, type PaymentRow } from './model.ts';
import { serializePayment } from './serializer.ts';

export async function findPayment(db: Kysely<any>, mid: string, paymentKey: string, forUpdate = false): Promise<PaymentRow | null> {
  let q = db.selectFrom('payments').selectAll().where('payment_key', '=', paymentKey).where('mid', '=', mid);
  if (forUpdate) q = q.forUpdate();
  const row = await q.executeTakeFirst();
  return row ? paymentFromRow(row) : null;
}

/** The approved attempt of an order if there is one, otherwise its latest attempt. */
export async function findPaymentByOrder(db: Kysely<any>, mid: string, orderId: string): Promise<PaymentRow | null> {
  const rows = await db
    .selectFrom('payments')
    .selectAll()
    .where('mid', '=', mid)
    .where('order_id', '=', orderId)
    .orderBy('requested_at', 'desc')
    .limit(20)
    .execute();
  const settled = rows.find((r) => !['READY', 'IN_PROGRESS', 'ABORTED', 'EXPIRED'].includes(r.status));
  const row = settled ?? rows[0];
  return row ? paymentFromRow(row) : null;
}

export function paymentRowValues(p: PaymentRow): Record<string, unknown> {
  return { ...p, details: JSON.stringify(p.details) };
}

export async function insertPayment(db: Kysely<any>, p: PaymentRow): Promise<void> {
  try {
    await db.insertInto('payments').values(paymentRowValues(p)).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new TossError('DUPLICATED_ORDER_ID');
    throw err;
  }
}

export async function updatePayment(db: Kysely<any>, paymentKey: string, set: Partial<PaymentRow>): Promise<void> {
  const values: Record<string, unknown> = { ...set };
  if (set.details) values.details = JSON.stringify(set.details);
  try {
    await db.updateTable('payments').set(values).where('payment_key', '=', paymentKey).execute();
  } catch (err) {
    if (isUniqueViolation(err)) throw new TossError('DUPLICATED_ORDER_ID');
    throw err;
  }
}

export function isUniqueViolation(err: unknown): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: string }).code === '23505';
}

export async function presentPayment(
  ctx: EmulatorContext,
  db: Kysely<any>,
  merchant: Merchant,
  p: PaymentRow,
): Promise<Record<string, unknown>> {
  const needsCancels = p.status === 'CANCELED' || p.status === 'PARTIAL_CANCELED' || p.balance_amount !== p.total_amount;
  const cancels: CancelRow[] = needsCancels
    ? ((await db.selectFrom('cancels').selectAll().where('payment_key', '=', p.payment_key).orderBy('seq').execute()) as CancelRow[])
    : [];
  const cashReceipts: CashReceiptRow[] = p.details.cashReceipt
    ? ((await db.selectFrom('cash_receipts').selectAll().where('payment_key', '=', p.payment_key).orderBy('seq').execute()) as CashReceiptRow[])
    : [];
  return serializePayment(p, { apiVersion: merchant.apiVersion, publicUrl: ctx.publicUrl, cancels, cashReceipts });
}

/** Announces a status change: PAYMENT_STATUS_CHANGED, plus DEPOSIT_CALLBACK for virtual accounts. */
export async function announceStatus(
  ctx: EmulatorContext,
  trx: Transaction<any> | Kysely<any>,
  merchant: Merchant,
  payment: Record<string, unknown>,
  now: Date,
  opts: { depositCallback?: boolean } = {},
): Promise<void> {
  if (!merchant.webhookUrl) return;
  const key = payment.paymentKey as string;
  await enqueueWebhook(trx, merchant, 'PAYMENT_STATUS_CHANGED', paymentStatusChanged(payment, now), now, key);
  if (opts.depositCallback) {
    const body = depositCallback(
      {
        secret: payment.secret as string | null,
        status: payment.status as string,
        transactionKey: payment.lastTransactionKey as string | null,
        orderId: payment.orderId as string,
      },
      now,
    );
    await enqueueWebhook(trx, merchant, 'DEPOSIT_CALLBACK', body, now, key);
  }
}

export function basePayment(fields: {
  paymentKey: string;
  mid: string;
  orderId: string;
  orderName: string;
  amount: number;
  now: Date;
}): PaymentRow {
  return {
    payment_key: fields.paymentKey,
    mid: fields.mid,
    order_id: fields.orderId,
    order_name: fields.orderName,
    type: 'NORMAL',
    method: null,
    status: 'READY',
    currency: 'KRW',
    total_amount: fields.amount,
    balance_amount: fields.amount,
    tax_free_amount: 0,
    tax_exemption_amount: 0,
    use_escrow: false,
    culture_expense: false,
    customer_key: null,
    secret: null,
    approve_transaction_key: null,
    last_transaction_key: null,
    requested_at: fields.now,
    approved_at: null,
    session_expires_at: null,
    due_at: null,
    account_number: null,
    failure_code: null,
    failure_message: null,
    details: {},
    updated_at: fields.now,
  };
}
