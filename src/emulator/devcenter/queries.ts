// What the developer center reads from the emulator's tables. Reads only: every change goes through the control
// API's services, so the page can never do what a test cannot.
import type { Kysely } from 'kysely';
import { findBank } from '../payments/codes.ts';

export interface PaymentLine {
  paymentKey: string;
  mid: string;
  orderId: string;
  orderName: string;
  method: string | null;
  status: string;
  totalAmount: number;
  balanceAmount: number;
  currency: string;
  requestedAt: Date;
}

export interface WaitingAccount {
  paymentKey: string;
  orderId: string;
  orderName: string;
  amount: number;
  /** The bank's Korean short name and its English code. */
  bank: { ko: string; en: string };
  accountNumber: string;
  customerName: string;
  dueAt: Date | null;
}

function details(value: unknown): Record<string, any> {
  return typeof value === 'string' ? JSON.parse(value) : (value as Record<string, any>) ?? {};
}

/** Newest first; `db` is scoped to the emulator's schema. */
export async function recentPayments(db: Kysely<any>, mid: string | null, limit = 20): Promise<PaymentLine[]> {
  let q = db
    .selectFrom('payments')
    .select(['payment_key', 'mid', 'order_id', 'order_name', 'method', 'status', 'total_amount', 'balance_amount', 'currency', 'requested_at'])
    .orderBy('requested_at', 'desc')
    .limit(limit);
  if (mid !== null) q = q.where('mid', '=', mid);
  const rows = await q.execute();
  return rows.map((r) => ({
    paymentKey: r.payment_key, mid: r.mid, orderId: r.order_id, orderName: r.order_name, method: r.method, status: r.status,
    totalAmount: Number(r.total_amount), balanceAmount: Number(r.balance_amount), currency: r.currency, requestedAt: r.requested_at,
  }));
}

/** Oldest due first, as a bank would show what is about to lapse. */
export async function waitingVirtualAccounts(db: Kysely<any>, mid: string, limit = 50): Promise<WaitingAccount[]> {
  const rows = await db
    .selectFrom('payments')
    .select(['payment_key', 'order_id', 'order_name', 'total_amount', 'account_number', 'due_at', 'details'])
    .where('mid', '=', mid)
    .where('status', '=', 'WAITING_FOR_DEPOSIT')
    .orderBy('due_at')
    .limit(limit)
    .execute();
  return rows.map((r) => {
    const account = details(r.details).virtualAccount ?? {};
    const bank = findBank(account.bank);
    return {
      paymentKey: r.payment_key, orderId: r.order_id, orderName: r.order_name, amount: Number(r.total_amount),
      bank: bank ? { ko: bank.ko, en: bank.en } : { ko: String(account.bank ?? ''), en: String(account.bank ?? '') }, accountNumber: r.account_number ?? '', customerName: String(account.customerName ?? ''),
      dueAt: r.due_at,
    };
  });
}
