// Virtual accounts (가상계좌): issue through the API, receive a deposit (the control API plays the bank), revert one,
// and expire at the due date.
import type { Kysely } from 'kysely';
import type { EmulatorContext } from '../context.ts';
import { BodyReader } from '../http/body.ts';
import { TossError } from '../http/errors.ts';
import { newAccountNumber, newPaymentKey, newSecret, newTransactionKey } from '../keys.ts';
import { findMerchant, type Merchant } from '../merchants/merchants.ts';
import { findBank } from '../payments/codes.ts';
import type { PaymentRow } from '../payments/model.ts';
import { ACCOUNT_MINIMUM_AMOUNT, readAmount, readCustomer, readOrderId, readOrderName, readTaxAmounts } from '../payments/rules.ts';
import { expire, issueRequestedCashReceipt } from '../payments/service.ts';
import { announceStatus, basePayment, findPayment, insertPayment, presentPayment, updatePayment } from '../payments/store.ts';
import { readDueDate } from './due-date.ts';
import { fixedAccountNumber } from './fixed.ts';

type Json = Record<string, unknown>;

export async function issueVirtualAccount(ctx: EmulatorContext, merchant: Merchant, body: unknown): Promise<Json> {
  const b = new BodyReader(body);
  const now = ctx.clock.now();
  const amount = readAmount(b, ACCOUNT_MINIMUM_AMOUNT);
  const orderId = readOrderId(b);
  const orderName = readOrderName(b);
  const customerName = b.string('customerName', { required: true, max: 100 });
  const bank = findBank(b.string('bank', { required: true }));
  if (!bank) throw new TossError('INVALID_BANK');
  const accountType = b.string('accountType') ?? '일반';
  if (accountType !== '일반' && accountType !== '고정') throw new TossError('INVALID_VIRTUAL_ACCOUNT_TYPE');
  const accountKey = b.string('accountKey', { max: 300 });
  if (accountType === '고정' && !accountKey) throw new TossError('REQUIRED_ACCOUNT_KEY');
  const dueAt = readDueDate(b, now);
  const taxes = readTaxAmounts(b, amount);
  const customer = readCustomer(b);
  const useEscrow = b.boolean('useEscrow') ?? false;
  const cultureExpense = b.boolean('cultureExpense') ?? false;
  const metadata = b.metadata();
  const cashReceipt = readCashReceiptRequest(b);

  return ctx.db.transaction().execute(async (trx) => {
    // A fixed account keeps its number for the customer (accountKey) across orders.
    const accountNumber = accountType === '고정' ? await fixedAccountNumber(trx, merchant.mid, accountKey!, bank.code) : newAccountNumber();
    const transactionKey = newTransactionKey();
    const p: PaymentRow = {
      ...basePayment({ paymentKey: newPaymentKey(merchant.mid, now), mid: merchant.mid, orderId, orderName, amount, now }),
      method: '가상계좌',
      status: 'WAITING_FOR_DEPOSIT',
      tax_free_amount: taxes.taxFreeAmount,
      tax_exemption_amount: taxes.taxExemptionAmount,
      use_escrow: useEscrow,
      culture_expense: cultureExpense,
      secret: newSecret(),
      approve_transaction_key: transactionKey,
      last_transaction_key: transactionKey,
      due_at: dueAt,
      account_number: accountNumber,
      details: {
        virtualAccount: {
          accountType,
          bank: bank.code,
          customerName,
          refundStatus: 'NONE',
          expired: false,
          refundReceiveAccount: null,
          depositorName: null,
          accountKey,
        },
        customer: { ...customer, name: customerName },
        metadata,
        cashReceipt,
      },
    };
    await insertPayment(trx, p);
    const json = await presentPayment(ctx, trx, merchant, p);
    await announceStatus(ctx, trx, merchant, json, now, { depositCallback: true });
    return json;
  });
}

function readCashReceiptRequest(b: BodyReader): PaymentRow['details']['cashReceipt'] {
  const c = b.object('cashReceipt');
  if (!c) return null;
  const type = c.string('type', { required: true });
  if (type === '미발행') return null;
  if (type !== '소득공제' && type !== '지출증빙') throw new TossError('INVALID_CASH_RECEIPT_INFO');
  const registrationNumber = c.string('registrationNumber') ?? c.string('customerIdentityNumber');
  if (!registrationNumber || !/^\d{10,18}$/.test(registrationNumber)) throw new TossError('INVALID_CASH_RECEIPT_INFO');
  return { type, customerIdentityNumber: registrationNumber };
}

export class ControlError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

async function waitingPayment(trx: Kysely<any>, paymentKey: string) {
  const row = await trx.selectFrom('payments').select(['mid']).where('payment_key', '=', paymentKey).executeTakeFirst();
  if (!row) throw new ControlError(404, 'NOT_FOUND_PAYMENT', 'no such payment');
  const p = await findPayment(trx, row.mid, paymentKey, true);
  const merchant = await findMerchant(trx, row.mid);
  if (!p || !merchant) throw new ControlError(404, 'NOT_FOUND_PAYMENT', 'no such payment');
  if (p.method !== '가상계좌') throw new ControlError(400, 'NOT_VIRTUAL_ACCOUNT', 'the payment is not a virtual account');
  return { p, merchant };
}

/** The bank reports a deposit of the full amount: WAITING_FOR_DEPOSIT → DONE. */
export async function depositIntoVirtualAccount(
  ctx: EmulatorContext,
  target: { paymentKey?: string; accountNumber?: string },
  depositorName: string | null = null,
): Promise<Json> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    let paymentKey = target.paymentKey;
    if (!paymentKey && target.accountNumber) {
      // A fixed account receives one deposit per open order; the oldest waiting one is paid first.
      const row = await trx
        .selectFrom('payments')
        .select(['payment_key'])
        .where('account_number', '=', target.accountNumber)
        .where('status', '=', 'WAITING_FOR_DEPOSIT')
        .orderBy('requested_at')
        .executeTakeFirst();
      if (!row) throw new ControlError(404, 'NOT_FOUND_PAYMENT', 'no virtual account waiting for a deposit has this number');
      paymentKey = row.payment_key;
    }
    if (!paymentKey) throw new ControlError(400, 'INVALID_REQUEST', 'paymentKey or accountNumber is required');
    const { p, merchant } = await waitingPayment(trx, paymentKey);
    if (p.status !== 'WAITING_FOR_DEPOSIT') {
      throw new ControlError(409, 'NOT_WAITING_FOR_DEPOSIT', `the virtual account is ${p.status}, not waiting for a deposit`);
    }
    if (p.due_at && p.due_at.getTime() <= now.getTime()) {
      await expire(ctx, trx, merchant, p, now);
      return { expired: true, paymentKey } as Json;
    }
    const transactionKey = newTransactionKey();
    const set: Partial<PaymentRow> = {
      status: 'DONE',
      approved_at: now,
      last_transaction_key: transactionKey,
      approve_transaction_key: transactionKey,
      details: { ...p.details, virtualAccount: { ...p.details.virtualAccount!, depositorName: depositorName ?? p.details.virtualAccount!.customerName } },
      updated_at: now,
    };
    await updatePayment(trx, p.payment_key, set);
    const updated = { ...p, ...set } as PaymentRow;
    await issueRequestedCashReceipt(trx, updated, now);
    const json = await presentPayment(ctx, trx, merchant, updated);
    await announceStatus(ctx, trx, merchant, json, now, { depositCallback: true });
    return json;
  });
}

/** The bank reverts a deposit (입금 오류): DONE → WAITING_FOR_DEPOSIT. */
export async function revertDeposit(ctx: EmulatorContext, paymentKey: string): Promise<Json> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const { p, merchant } = await waitingPayment(trx, paymentKey);
    if (p.status !== 'DONE') throw new ControlError(409, 'NOT_DEPOSITED', `the virtual account is ${p.status}, not deposited`);
    const transactionKey = newTransactionKey();
    const set: Partial<PaymentRow> = { status: 'WAITING_FOR_DEPOSIT', approved_at: null, last_transaction_key: transactionKey, updated_at: now };
    await updatePayment(trx, p.payment_key, set);
    const json = await presentPayment(ctx, trx, merchant, { ...p, ...set } as PaymentRow);
    await announceStatus(ctx, trx, merchant, json, now, { depositCallback: true });
    return json;
  });
}

/** Ends a virtual account now, as its due date would. */
export async function expireVirtualAccount(ctx: EmulatorContext, paymentKey: string): Promise<Json> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const { p, merchant } = await waitingPayment(trx, paymentKey);
    if (p.status !== 'WAITING_FOR_DEPOSIT') throw new ControlError(409, 'NOT_WAITING_FOR_DEPOSIT', `the virtual account is ${p.status}`);
    await expire(ctx, trx, merchant, p, now);
    const after = await findPayment(trx, p.mid, p.payment_key);
    return presentPayment(ctx, trx, merchant, after!);
  });
}

