// POST /payments/cancel: full or partial cancellation of a paid payment. The cancellation is written (`requested`)
// with its Idempotency-Key before Toss is called, under the payment's row lock and with at most one in flight per
// payment, so the balance it was checked against cannot move under it; the outcome is written in one transaction.
import crypto from 'node:crypto';
import { DomainError, invalid, rejected } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { newCancellationId } from '../../lib/ids.ts';
import type { PaymentConnector, PgCancel, PgOutcome, PgPayment } from '../pg/connector.ts';
import { pgAccount, type ChannelSource } from './channels.ts';
import { optionalBoolean, optionalString, optionalWon, type Params } from './input.ts';
import { exchangeLog, exchangesOf } from './exchanges.ts';
import { nextCheckDelay, type ReconcileTiming } from './outcomes.ts';
import type { PaymentView } from './read-model.ts';
import type { CancellationInternals, PaymentChange, PaymentInternals, PaymentRepository } from './repository.ts';

export const CANCEL_MESSAGES = {
  noTarget: 'imp_uid 또는 merchant_uid 를 지정해주셔야합니다.',
  notFound: '취소할 결제건이 존재하지 않습니다.',
  fullyCancelled: '이미 전액취소된 주문입니다.',
  notPaid: (status: string) => `결제완료 상태의 결제건만 취소할 수 있습니다. (현재 상태: ${status})`,
  overBalance: (asked: number, balance: number) => `취소 요청금액(${asked})이 취소가능금액(${balance})보다 큽니다.`,
  checksum: (checksum: number, balance: number) =>
    `요청하신 checksum(${checksum})이 취소가능금액(${balance})과 일치하지 않습니다.`,
  taxFree: (taxFree: number, amount: number) => `취소 면세금액(${taxFree})이 취소 요청금액(${amount})보다 클 수 없습니다.`,
  inFlight: '이미 취소가 진행 중인 결제건입니다. 잠시 후 결제건을 조회해주세요.',
  refundAccount: '가상계좌 환불에는 refund_holder, refund_bank, refund_account 가 모두 필요합니다.',
  declined: (code: string, message: string) => `취소요청이 거절되었습니다. [${code}]${message}`,
  unknown: 'PG사의 취소 결과를 확인하지 못했습니다. 잠시 후 결제건을 조회해주세요.',
};

export const DEFAULT_CANCEL_REASON = '고객사 요청에 의한 취소';

export class Cancellations {
  constructor(
    private readonly repo: PaymentRepository,
    private readonly channels: ChannelSource,
    private readonly connector: PaymentConnector,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly timing: ReconcileTiming,
  ) {}

  async cancel(merchantId: number, params: Params): Promise<PaymentView> {
    const impUid = optionalString(params, 'imp_uid', 64);
    const merchantUid = optionalString(params, 'merchant_uid', 80);
    if (!impUid && !merchantUid) throw rejected(CANCEL_MESSAGES.noTarget);
    const asked = optionalWon(params, 'amount', 0) || null;
    const taxFree = optionalWon(params, 'tax_free', 0) ?? 0;
    const vat = optionalWon(params, 'vat_amount', 0);
    const checksum = optionalWon(params, 'checksum', 0);
    // Toss requires a reason, and the V1 cancel history always carries one.
    const reason = optionalString(params, 'reason', 256) ?? DEFAULT_CANCEL_REASON;
    const enableWebhook = optionalBoolean(params, 'enable_webhook');
    const refund = refundAccount(params);

    // imp_uid wins; an unknown imp_uid fails even with a valid merchant_uid.
    const target = impUid
      ? await this.repo.internals(merchantId, impUid)
      : await this.repo.internalsByMerchantUid(merchantId, merchantUid!);
    if (!target) throw rejected(CANCEL_MESSAGES.notFound);
    if (!target.channel_id || !target.pg_tid) throw rejected(CANCEL_MESSAGES.notFound);

    const now = this.clock.now();
    const requested = await this.repo.requestCancellation(merchantId, target.imp_uid, (p) => {
      if (p.state !== 'paid' && p.state !== 'cancelled') throw rejected(CANCEL_MESSAGES.notPaid(statusOf(p)));
      const balance = p.amount - p.cancel_amount;
      if (balance <= 0) throw rejected(CANCEL_MESSAGES.fullyCancelled);
      if (checksum !== null && checksum !== balance) throw rejected(CANCEL_MESSAGES.checksum(checksum, balance));
      const amount = asked ?? balance;
      if (amount > balance) throw rejected(CANCEL_MESSAGES.overBalance(amount, balance));
      if (taxFree > amount) throw invalid(CANCEL_MESSAGES.taxFree(taxFree, amount));
      if (p.pay_method === 'vbank' && !refund) throw invalid(CANCEL_MESSAGES.refundAccount);
      return {
        cancellation_id: newCancellationId(),
        imp_uid: p.imp_uid,
        merchant_id: merchantId,
        amount,
        tax_free: taxFree,
        vat_amount: vat,
        reason,
        pg_idempotency_key: crypto.randomUUID(),
        requested_at: now,
        pg_next_check_at: new Date(now.getTime() + this.timing.staleAfterMs),
      };
    });
    if (requested === 'in_flight') throw rejected(CANCEL_MESSAGES.inFlight);
    const { payment, cancellation } = requested;

    const channel = (await this.channels.channels(merchantId)).find((c) => c.id === payment.channel_id);
    if (!channel) throw new DomainError('upstream', CANCEL_MESSAGES.unknown);
    const outcome = await this.connector.cancel(
      pgAccount(channel, this.secrets),
      payment.pg_tid!,
      {
        reason,
        amount: cancellation.amount === payment.amount - payment.cancel_amount ? null : cancellation.amount,
        taxFree: cancellation.tax_free,
        refundableAmount: payment.amount - payment.cancel_amount,
        refundAccount: refund,
      },
      cancellation.pg_idempotency_key,
    );
    const known = await this.repo.doneCancellationTids(payment.imp_uid);
    const settled = await settleCancellation(this.repo, payment, { ...cancellation, pg_check_count: 0 }, outcome, this.timing, this.clock.now(), enableWebhook, known);
    if (settled.kind === 'declined') throw new DomainError('pg_declined', CANCEL_MESSAGES.declined(settled.code, settled.message));
    if (settled.kind === 'unknown') throw new DomainError('pg_declined', CANCEL_MESSAGES.unknown);
    const view = await this.repo.view(merchantId, payment.imp_uid);
    if (!view) throw new Error(`payment ${payment.imp_uid} vanished`);
    return view;
  }
}

function statusOf(p: PaymentInternals): string {
  return p.state === 'approving' || p.state === 'unknown' ? 'ready' : p.state;
}

function refundAccount(params: Params) {
  const holder = optionalString(params, 'refund_holder', 60);
  const bank = optionalString(params, 'refund_bank', 4);
  const account = optionalString(params, 'refund_account', 20);
  if (!holder && !bank && !account) return null;
  if (!holder || !bank || !account) throw invalid(CANCEL_MESSAGES.refundAccount);
  return { holderName: holder, bankCode: bank, accountNumber: account };
}

/** The PG's record of this cancellation: a cancel entry we have not recorded yet, for this amount. */
export function findCancel(p: PgPayment, amount: number, known: readonly string[]): PgCancel | null {
  const fresh = p.cancels.filter((c) => c.amount === amount && !known.includes(c.transactionKey));
  return fresh.find((c) => c.transactionKey === p.lastTransactionKey) ?? fresh[0] ?? null;
}

export type CancelVerdict = { kind: 'done' } | { kind: 'declined'; code: string; message: string } | { kind: 'unknown' };

/** Records a cancel call's outcome (request path and reconciler alike). */
export async function settleCancellation(
  repo: PaymentRepository,
  payment: Pick<PaymentInternals, 'imp_uid' | 'merchant_id' | 'amount' | 'cancel_amount'>,
  cancellation: Pick<CancellationInternals, 'cancellation_id' | 'amount' | 'reason' | 'pg_check_count'>,
  outcome: PgOutcome<PgPayment>,
  timing: ReconcileTiming,
  now: Date,
  announce: boolean,
  knownTransactions: readonly string[] = [],
): Promise<CancelVerdict> {
  const exchanges = exchangeLog(payment.merchant_id, payment.imp_uid, exchangesOf(outcome));
  if (outcome.kind === 'declined') {
    await repo.settleCancellation(cancellation.cancellation_id, { state: 'failed', pg_last_error: `[${outcome.code}]${outcome.message}`, pg_next_check_at: null }, null, null, exchanges);
    return { kind: 'declined', code: outcome.code, message: outcome.message };
  }
  const cancel = outcome.kind === 'success' ? findCancel(outcome.value, cancellation.amount, knownTransactions) : null;
  if (outcome.kind === 'unknown' || !cancel) {
    await repo.settleCancellation(
      cancellation.cancellation_id,
      {
        state: 'unknown',
        pg_next_check_at: new Date(now.getTime() + nextCheckDelay(timing, cancellation.pg_check_count)),
        pg_check_count: cancellation.pg_check_count + 1,
        pg_last_error: outcome.kind === 'unknown' ? outcome.reason.slice(0, 500) : 'the PG shows no such cancel yet',
      },
      null,
      null,
      exchanges,
    );
    return { kind: 'unknown' };
  }
  const p = outcome.value as PgPayment;
  const change: PaymentChange = {
    state: 'cancelled',
    cancelled_at: cancel.cancelledAt.getTime() > 0 ? cancel.cancelledAt : now,
    cancel_reason: cancellation.reason,
    updated_at: now,
  };
  await repo.settleCancellation(
    cancellation.cancellation_id,
    { state: 'done', pg_tid: cancel.transactionKey, receipt_url: p.receiptUrl, cancelled_at: change.cancelled_at, pg_next_check_at: null },
    change,
    announce ? 'cancelled' : null,
    exchanges,
  );
  return { kind: 'done' };
}
