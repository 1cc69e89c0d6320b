// Server-side payment operations: confirm (and its legacy path), look-ups, cancel, and key-in card payments.
import type { Kysely } from 'kysely';
import type { EmulatorContext } from '../context.ts';
import { BodyReader } from '../http/body.ts';
import { invalidRequest, TossError } from '../http/errors.ts';
import type { Merchant } from '../merchants/merchants.ts';
import { newPaymentKey, newReceiptKey, newTransactionKey, newIssueNumber } from '../keys.ts';
import { findBank } from './codes.ts';
import type { PaymentRow, PaymentStatus } from './model.ts';
import {
  announceStatus, basePayment, findPayment, findPaymentByOrder, insertPayment, presentPayment, updatePayment,
} from './store.ts';
import {
  CARD_MINIMUM_AMOUNT, cardDetails, checkInstallmentPlan, declineCodeFor, readAmount, readCardInput, readCustomer,
  readOrderId, readOrderName, readTaxAmounts,
} from './rules.ts';

type Json = Record<string, unknown>;

/** A failure decided inside a transaction whose state change must still commit (e.g. ABORTED, EXPIRED). */
class CommittedFailure {
  constructor(readonly error: TossError) {}
}

async function settle<T>(work: Promise<T | CommittedFailure>): Promise<T> {
  const result = await work;
  if (result instanceof CommittedFailure) throw result.error;
  return result;
}

export async function getPayment(ctx: EmulatorContext, merchant: Merchant, paymentKey: string): Promise<Json> {
  const p = await findPayment(ctx.db, merchant.mid, paymentKey);
  if (!p) throw new TossError('NOT_FOUND_PAYMENT');
  return presentPayment(ctx, ctx.db, merchant, p);
}

export async function getPaymentByOrderId(ctx: EmulatorContext, merchant: Merchant, orderId: string): Promise<Json> {
  const p = await findPaymentByOrder(ctx.db, merchant.mid, orderId);
  if (!p) throw new TossError('NOT_FOUND_PAYMENT');
  return presentPayment(ctx, ctx.db, merchant, p);
}

/** POST /v1/payments/confirm and the legacy POST /v1/payments/{paymentKey}. */
export async function confirmPayment(ctx: EmulatorContext, merchant: Merchant, body: unknown, pathKey?: string): Promise<Json> {
  const b = new BodyReader(body);
  const paymentKey = pathKey ?? b.string('paymentKey', { required: true, max: 200 });
  const orderId = b.string('orderId', { required: true });
  const amount = b.integer('amount', { required: true });
  const now = ctx.clock.now();
  return settle(
    ctx.db.transaction().execute(async (trx) => {
      const p = await findPayment(trx, merchant.mid, paymentKey, true);
      if (!p || p.order_id !== orderId) throw new TossError('NOT_FOUND_PAYMENT');
      if (['DONE', 'WAITING_FOR_DEPOSIT', 'CANCELED', 'PARTIAL_CANCELED'].includes(p.status)) {
        throw new TossError('ALREADY_PROCESSED_PAYMENT');
      }
      if (p.status !== 'IN_PROGRESS') throw new TossError('NOT_FOUND_PAYMENT_SESSION');
      if (p.session_expires_at && p.session_expires_at.getTime() <= now.getTime()) {
        await expire(ctx, trx, merchant, p, now);
        return new CommittedFailure(new TossError('NOT_FOUND_PAYMENT_SESSION'));
      }
      if (amount !== p.total_amount) {
        throw new TossError('INVALID_REQUEST', '결제 금액이 인증된 금액과 일치하지 않습니다.');
      }
      if (p.details.declineCode) {
        const error = new TossError(p.details.declineCode);
        const set = { status: 'ABORTED' as const, failure_code: error.code, failure_message: error.message, session_expires_at: null, updated_at: now };
        await updatePayment(trx, p.payment_key, set);
        await announceStatus(ctx, trx, merchant, await presentPayment(ctx, trx, merchant, { ...p, ...set }), now);
        return new CommittedFailure(error);
      }
      const transactionKey = newTransactionKey();
      const isVirtualAccount = p.method === '가상계좌';
      const set: Partial<PaymentRow> = {
        status: isVirtualAccount ? 'WAITING_FOR_DEPOSIT' : 'DONE',
        approved_at: isVirtualAccount ? null : now,
        approve_transaction_key: transactionKey,
        last_transaction_key: transactionKey,
        session_expires_at: null,
        updated_at: now,
      };
      await updatePayment(trx, p.payment_key, set);
      const updated = { ...p, ...set } as PaymentRow;
      await issueRequestedCashReceipt(trx, updated, now);
      const json = await presentPayment(ctx, trx, merchant, updated);
      await announceStatus(ctx, trx, merchant, json, now, { depositCallback: isVirtualAccount });
      return json;
    }),
  );
}

export async function expire(ctx: EmulatorContext, trx: Kysely<any>, merchant: Merchant, p: PaymentRow, now: Date): Promise<void> {
  const set: Partial<PaymentRow> = {
    status: 'EXPIRED',
    session_expires_at: null,
    updated_at: now,
    ...(p.status === 'READY' || p.status === 'IN_PROGRESS'
      ? { failure_code: 'NOT_FOUND_PAYMENT_SESSION', failure_message: new TossError('NOT_FOUND_PAYMENT_SESSION').message }
      : {}),
    ...(p.details.virtualAccount ? { details: { ...p.details, virtualAccount: { ...p.details.virtualAccount, expired: true } } } : {}),
  };
  await updatePayment(trx, p.payment_key, set);
  await announceStatus(ctx, trx, merchant, await presentPayment(ctx, trx, merchant, { ...p, ...set }), now);
}

/**
 * Transfers and virtual accounts asked for a cash receipt at request time get one when money arrives: transfers at
 * approval, virtual accounts at deposit.
 */
export async function issueRequestedCashReceipt(trx: Kysely<any>, p: PaymentRow, now: Date): Promise<void> {
  const request = p.details.cashReceipt;
  if (!request || p.approved_at === null) return;
  await trx
    .insertInto('cash_receipts')
    .values({
      receipt_key: newReceiptKey(),
      mid: p.mid,
      payment_key: p.payment_key,
      order_id: p.order_id,
      order_name: p.order_name,
      type: request.type,
      transaction_type: 'CONFIRM',
      amount: p.total_amount,
      tax_free_amount: p.tax_free_amount,
      issue_number: newIssueNumber(),
      issue_status: 'IN_PROGRESS',
      customer_identity_number: maskIdentity(request.customerIdentityNumber),
      business_number: '0000000000',
      requested_at: now,
    })
    .onConflict((oc) => oc.doNothing())
    .execute();
}

export function maskIdentity(value: string): string {
  return value.length <= 4 ? value : value.slice(0, 3) + '*'.repeat(value.length - 3);
}

export async function cancelPayment(ctx: EmulatorContext, merchant: Merchant, paymentKey: string, body: unknown): Promise<Json> {
  const b = new BodyReader(body);
  const cancelReason = b.string('cancelReason', { required: true, max: 200 });
  const cancelAmount = b.integer('cancelAmount', { min: 1 });
  const taxFreeAmount = b.integer('taxFreeAmount', { min: 0 }) ?? 0;
  const taxExemptionAmount = b.integer('taxExemptionAmount', { min: 0 }) ?? 0;
  const refundableAmount = b.integer('refundableAmount', { min: 0 });
  const currency = b.string('currency');
  const account = b.object('refundReceiveAccount');
  const now = ctx.clock.now();

  return ctx.db.transaction().execute(async (trx) => {
    const p = await findPayment(trx, merchant.mid, paymentKey, true);
    if (!p) throw new TossError('NOT_FOUND_PAYMENT');
    if (p.status === 'CANCELED') throw new TossError('ALREADY_CANCELED_PAYMENT');
    if (!['DONE', 'PARTIAL_CANCELED', 'WAITING_FOR_DEPOSIT'].includes(p.status)) throw new TossError('NOT_CANCELABLE_PAYMENT');
    if (currency !== null && currency !== p.currency) throw invalidRequest('currency: 결제 통화와 일치하지 않습니다.');
    if (p.balance_amount === 0) throw new TossError('NOT_CANCELABLE_AMOUNT');
    if (refundableAmount !== null && refundableAmount !== p.balance_amount) throw new TossError('NOT_MATCHES_REFUNDABLE_AMOUNT');
    const amount = cancelAmount ?? p.balance_amount;
    if (amount > p.balance_amount) throw new TossError('NOT_CANCELABLE_AMOUNT');
    const partial = amount < p.total_amount;
    if (partial && p.status === 'WAITING_FOR_DEPOSIT') throw new TossError('NOT_ALLOWED_PARTIAL_REFUND_WAITING_DEPOSIT');
    if (partial && (p.use_escrow || (p.method === '카드' && p.tax_exemption_amount > 0))) {
      throw new TossError('NOT_ALLOWED_PARTIAL_REFUND');
    }
    if (taxFreeAmount + taxExemptionAmount > amount) throw invalidRequest('taxFreeAmount: 취소 금액보다 클 수 없습니다.');

    let details = p.details;
    if (p.method === '가상계좌' && p.status !== 'WAITING_FOR_DEPOSIT') {
      // Money was deposited, so it goes back to an account the merchant names.
      if (!account) throw new TossError('INVALID_REFUND_ACCOUNT_INFO', '가상계좌 환불에는 환불 계좌 정보가 필요합니다.');
      const bank = findBank(account.string('bank', { required: true }));
      if (!bank) throw new TossError('INVALID_BANK');
      const accountNumber = account.string('accountNumber', { required: true });
      if (!/^\d{1,20}$/.test(accountNumber)) throw new TossError('INVALID_REFUND_ACCOUNT_NUMBER');
      const holderName = account.string('holderName', { required: true, max: 60 });
      details = {
        ...details,
        virtualAccount: {
          ...details.virtualAccount!,
          refundStatus: 'COMPLETED',
          refundReceiveAccount: { bankCode: bank.code, accountNumber, holderName },
        },
      };
    }

    const previous = await trx.selectFrom('cancels').select(['seq']).where('payment_key', '=', p.payment_key).limit(1).execute();
    const balance = p.balance_amount - amount;
    const status: PaymentStatus = previous.length === 0 && balance === 0 ? 'CANCELED' : 'PARTIAL_CANCELED';
    const transactionKey = newTransactionKey();
    const receiptKey = await cancelCashReceipt(trx, p, amount, now);
    await trx
      .insertInto('cancels')
      .values({
        transaction_key: transactionKey,
        mid: p.mid,
        payment_key: p.payment_key,
        cancel_amount: amount,
        tax_free_amount: taxFreeAmount,
        tax_exemption_amount: taxExemptionAmount,
        refundable_amount: balance,
        cancel_reason: cancelReason,
        status_after: status,
        receipt_key: receiptKey,
        canceled_at: now,
      })
      .execute();
    const set: Partial<PaymentRow> = { status, balance_amount: balance, last_transaction_key: transactionKey, details, updated_at: now };
    await updatePayment(trx, p.payment_key, set);
    const json = await presentPayment(ctx, trx, merchant, { ...p, ...set } as PaymentRow);
    await announceStatus(ctx, trx, merchant, json, now, { depositCallback: p.method === '가상계좌' });
    return json;
  });
}

/** A cancel of a payment with an issued cash receipt cancels that much of the receipt (record `c_` + original key). */
async function cancelCashReceipt(trx: Kysely<any>, p: PaymentRow, amount: number, now: Date): Promise<string | null> {
  if (!p.details.cashReceipt) return null;
  const issued = await trx
    .selectFrom('cash_receipts')
    .selectAll()
    .where('payment_key', '=', p.payment_key)
    .where('transaction_type', '=', 'CONFIRM')
    .executeTakeFirst();
  if (!issued) return null;
  const count = await trx.selectFrom('cash_receipts').select(['seq']).where('original_receipt_key', '=', issued.receipt_key).execute();
  const receiptKey = `c_${issued.receipt_key}${count.length ? `_${count.length}` : ''}`;
  await trx
    .insertInto('cash_receipts')
    .values({
      ...issued,
      seq: undefined,
      receipt_key: receiptKey,
      transaction_type: 'CANCEL',
      amount,
      tax_free_amount: 0,
      issue_status: 'IN_PROGRESS',
      original_receipt_key: issued.receipt_key,
      requested_at: now,
    })
    .execute();
  return receiptKey;
}

/** POST /v1/payments/key-in: a card payment approved immediately, without a window or confirm. */
export async function keyInPayment(ctx: EmulatorContext, merchant: Merchant, body: unknown): Promise<Json> {
  const b = new BodyReader(body);
  const now = ctx.clock.now();
  const amount = readAmount(b, CARD_MINIMUM_AMOUNT);
  const orderId = readOrderId(b);
  const orderName = readOrderName(b);
  const card = readCardInput(b, now);
  const months = b.integer('cardInstallmentPlan') ?? 0;
  checkInstallmentPlan(months, amount);
  const useFreeInstallmentPlan = b.boolean('useFreeInstallmentPlan') ?? false;
  const taxes = readTaxAmounts(b, amount);
  const customer = readCustomer(b);
  const metadata = b.metadata();
  const decline = declineCodeFor(card.cardNumber);
  if (decline) throw new TossError(decline);

  const transactionKey = newTransactionKey();
  const p: PaymentRow = {
    ...basePayment({ paymentKey: newPaymentKey(merchant.mid, now), mid: merchant.mid, orderId, orderName, amount, now }),
    method: '카드',
    status: 'DONE',
    tax_free_amount: taxes.taxFreeAmount,
    tax_exemption_amount: taxes.taxExemptionAmount,
    approved_at: now,
    approve_transaction_key: transactionKey,
    last_transaction_key: transactionKey,
    details: {
      card: cardDetails({ cardNumber: card.cardNumber, installmentPlanMonths: months, isInterestFree: useFreeInstallmentPlan && months > 0 }),
      customer,
      metadata,
    },
  };
  if (!merchant.webhookUrl) {
    await insertPayment(ctx.db, p);
    return presentPayment(ctx, ctx.db, merchant, p);
  }
  return ctx.db.transaction().execute(async (trx) => {
    await insertPayment(trx, p);
    const json = await presentPayment(ctx, trx, merchant, p);
    await announceStatus(ctx, trx, merchant, json, now);
    return json;
  });
}
