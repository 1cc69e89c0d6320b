// Turning what the PG answered into a payment's next state. Used by the request that made the call and by the
// reconciler that asks later, so both settle an attempt the same way.
import type { PgOutcome, PgPayment } from '../pg/connector.ts';
import type { PaymentChange, PaymentInternals } from './repository.ts';

export interface ReconcileTiming {
  /** An `approving` attempt whose request has not come back by then is taken over by the reconciler. */
  staleAfterMs: number;
  /** First look-up after an unknown outcome; doubles on every further one. */
  firstCheckMs: number;
  maxCheckDelayMs: number;
  /**
   * How long after the attempt a PG with no record of it is believed: earlier, the call may still be on its way.
   * After it a billing charge is repeated with the same Idempotency-Key; a key-in payment (card data is never kept)
   * is failed.
   */
  absentAfterMs: number;
  /** Look-ups before an attempt the PG still has no record of is given up as failed. */
  maxChecks: number;
}

export const DEFAULT_TIMING: ReconcileTiming = {
  staleAfterMs: 60_000,
  firstCheckMs: 1_000,
  maxCheckDelayMs: 300_000,
  absentAfterMs: 30_000,
  maxChecks: 12,
};

export function nextCheckDelay(timing: ReconcileTiming, checks: number): number {
  return Math.min(timing.maxCheckDelayMs, timing.firstCheckMs * 2 ** Math.min(checks, 20));
}

export const OUTCOME_MESSAGES = {
  amountMismatch: (approved: number, asked: number) =>
    `PG사 승인금액(${approved})이 요청금액(${asked})과 일치하지 않아 결제가 취소되었습니다.`,
  absent: 'PG사에 결제 기록이 없어 실패 처리되었습니다.',
};

export const declineReason = (code: string, message: string) => `[${code}]${message}`;

/** The columns of an approved card payment. */
export function paidChange(p: PgPayment, now: Date): PaymentChange {
  return {
    state: 'paid',
    pg_tid: p.paymentKey,
    apply_num: p.card?.approveNo ?? null,
    card_code: p.card?.code ?? null,
    card_name: p.card?.name ?? null,
    card_issuer_code: p.card?.issuerCode ?? null,
    card_issuer_name: p.card?.issuerName ?? null,
    card_publisher_code: p.card?.publisherCode ?? null,
    card_publisher_name: p.card?.publisherName ?? null,
    card_number: p.card?.number ?? null,
    card_type: p.card?.type ?? null,
    ...(p.card ? { card_quota: p.card.quota } : {}),
    receipt_url: p.receiptUrl,
    paid_at: p.approvedAt ?? now,
    fail_reason: null,
    pg_next_check_at: null,
    pg_last_error: null,
    updated_at: now,
  };
}

export function failedChange(reason: string, now: Date, pgTid: string | null = null): PaymentChange {
  return {
    state: 'failed',
    ...(pgTid ? { pg_tid: pgTid } : {}),
    fail_reason: reason,
    failed_at: now,
    pg_next_check_at: null,
    updated_at: now,
  };
}

export type ChargeVerdict =
  | { kind: 'paid'; change: PaymentChange }
  | { kind: 'failed'; change: PaymentChange; code: string; message: string; refund: PgPayment | null }
  | { kind: 'unknown'; change: PaymentChange };

/** What a charge's outcome (or a later look-up of it) means for the attempt. */
export function judgeCharge(
  attempt: Pick<PaymentInternals, 'amount' | 'pg_check_count'>,
  outcome: PgOutcome<PgPayment>,
  timing: ReconcileTiming,
  now: Date,
): ChargeVerdict {
  const unknown = (reason: string): ChargeVerdict => ({
    kind: 'unknown',
    change: {
      state: 'unknown',
      pg_next_check_at: new Date(now.getTime() + nextCheckDelay(timing, attempt.pg_check_count)),
      pg_check_count: attempt.pg_check_count + 1,
      pg_last_error: reason.slice(0, 500),
      updated_at: now,
    },
  });
  if (outcome.kind === 'unknown') return unknown(outcome.reason);
  if (outcome.kind === 'declined') {
    const reason = declineReason(outcome.code, outcome.message);
    return { kind: 'failed', change: failedChange(reason, now), code: outcome.code, message: outcome.message, refund: null };
  }
  const p = outcome.value;
  if (p.status === 'failed') {
    const code = p.failure?.code ?? p.rawStatus;
    const message = p.failure?.message ?? '결제가 승인되지 않았습니다.';
    return { kind: 'failed', change: failedChange(declineReason(code, message), now, p.paymentKey), code, message, refund: null };
  }
  if (p.status === 'paid' || p.status === 'partially_cancelled' || p.status === 'cancelled') {
    if (p.totalAmount !== attempt.amount) {
      const message = OUTCOME_MESSAGES.amountMismatch(p.totalAmount, attempt.amount);
      return {
        kind: 'failed',
        change: failedChange(message, now, p.paymentKey),
        code: 'AMOUNT_MISMATCH',
        message,
        refund: p.status === 'paid' ? p : null,
      };
    }
    return { kind: 'paid', change: paidChange(p, now) };
  }
  return unknown(`PG status ${p.rawStatus}`);
}
