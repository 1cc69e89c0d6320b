// Resolves money-moving calls whose outcome is not known: attempts left `unknown` (timeout, dropped connection, 5xx)
// or `approving` past the time their request should have come back (the process died mid-call), and cancellations
// in the same situation. It asks Toss by order id (cancellations: by payment key) and settles what Toss says. It never
// makes a new charge: when Toss has no record long after the call, a billing charge is repeated with the SAME
// Idempotency-Key (Toss executes it at most once), and a key-in payment, whose card data was never kept, is failed.
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import type { BillingKeys } from '../billing/billing-keys.ts';
import type { PaymentConnector, PgAccount } from '../pg/connector.ts';
import { exchangeLog, exchangesOf, type Exchange } from './exchanges.ts';
import { pgAccount, type ChannelSource } from './channels.ts';
import { DEFAULT_CANCEL_REASON, settleCancellation } from './cancellations.ts';
import { settleCharge, toChargeOrder } from './non-auth-payments.ts';
import { failedChange, nextCheckDelay, OUTCOME_MESSAGES, type ReconcileTiming } from './outcomes.ts';
import type { CancellationInternals, PaymentInternals, PaymentRepository } from './repository.ts';
import { settleIssuedAccount, settleVirtualAccount } from './virtual-accounts.ts';

export interface ReconcileReport {
  checked: number;
  settled: number;
}

export class Reconciler {
  constructor(
    private readonly repo: PaymentRepository,
    private readonly billing: BillingKeys,
    private readonly channels: ChannelSource,
    private readonly connector: PaymentConnector,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly timing: ReconcileTiming,
    private readonly logger: Logger,
  ) {}

  /** One pass: claims due attempts and cancellations (each node takes different ones) and checks them. */
  async runOnce(limit = 50): Promise<ReconcileReport> {
    const now = this.clock.now();
    // The lease outlives a look-up plus a repeated call; a node dying mid-check frees its claims when it lapses.
    const leaseUntil = new Date(now.getTime() + this.timing.staleAfterMs);
    const payments = await this.repo.claimDue(now, leaseUntil, limit);
    const cancellations = await this.repo.claimDueCancellations(now, leaseUntil, limit);
    let settled = 0;
    await Promise.all([
      ...payments.map(async (p) => {
        if (await this.guard(p.imp_uid, () => this.checkPayment(p))) settled++;
      }),
      ...cancellations.map(async (c) => {
        if (await this.guard(c.imp_uid, () => this.checkCancellation(c))) settled++;
      }),
    ]);
    return { checked: payments.length + cancellations.length, settled };
  }

  private async guard(impUid: string, work: () => Promise<boolean>): Promise<boolean> {
    try {
      return await work();
    } catch (error) {
      // The claim's lease lapses and the next pass tries again.
      this.logger.error({ err: error, impUid }, 'reconciliation check failed');
      return false;
    }
  }

  private async account(merchantId: number, channelId: number | null): Promise<PgAccount | null> {
    const channel = (await this.channels.channels(merchantId)).find((c) => c.id === channelId);
    return channel ? pgAccount(channel, this.secrets) : null;
  }

  private async reschedule(p: PaymentInternals, reason: string, exchanges: Exchange[] = []): Promise<false> {
    const now = this.clock.now();
    await this.repo.transition(p.imp_uid, ['approving', 'unknown'], {
      state: 'unknown',
      pg_next_check_at: new Date(now.getTime() + nextCheckDelay(this.timing, p.pg_check_count)),
      pg_check_count: p.pg_check_count + 1,
      pg_last_error: reason.slice(0, 500),
      updated_at: now,
    }, null, exchangeLog(p.merchant_id, p.imp_uid, exchanges));
    return false;
  }

  private async checkPayment(p: PaymentInternals): Promise<boolean> {
    const account = await this.account(p.merchant_id, p.channel_id);
    if (!account || !p.pg_order_id || !p.pg_idempotency_key) return this.reschedule(p, 'the channel of the attempt is gone');
    const found = await this.connector.lookupByOrderId(account, p.pg_order_id);
    // The look-up is recorded with whatever it leads to (its exchanges travel with the outcome handed on).
    const lookup = exchangesOf(found);
    const log = exchangeLog(p.merchant_id, p.imp_uid, lookup);
    if (found.kind !== 'success') return this.reschedule(p, found.kind === 'unknown' ? found.reason : `[${found.code}]${found.message}`, lookup);
    const now = this.clock.now();
    if (p.state === 'ready') {
      // An issued account past its due date whose fate no webhook reported.
      if (found.value && (await settleIssuedAccount(this.repo, p, found.value, now, log))) return true;
      await this.repo.transition(p.imp_uid, ['ready'], {
        pg_next_check_at: new Date(now.getTime() + this.timing.maxCheckDelayMs),
        pg_check_count: p.pg_check_count + 1,
        updated_at: now,
      }, null, log);
      return false;
    }
    if (p.pg_call === 'virtual_account') {
      if (!found.value && now.getTime() - p.started_at.getTime() >= this.timing.absentAfterMs) {
        // No account was issued; the merchant issues another (an account number is not worth a second request).
        return this.repo.transition(p.imp_uid, ['approving', 'unknown'], failedChange(OUTCOME_MESSAGES.absent, now), null, log);
      }
      if (!found.value) return this.reschedule(p, 'the PG has no record yet', lookup);
      return (await settleVirtualAccount(this.repo, this.secrets, p, { kind: 'success', value: found.value, exchanges: lookup }, this.timing, now)) !== 'unknown';
    }
    if (found.value) {
      const verdict = await settleCharge(this.repo, this.connector, account, p as PaymentInternals & { pg_idempotency_key: string }, { kind: 'success', value: found.value, exchanges: lookup }, this.timing, now, this.logger);
      return verdict.kind !== 'unknown';
    }
    // No record: the call may still be on its way, or never arrived.
    if (now.getTime() - p.started_at.getTime() < this.timing.absentAfterMs) return this.reschedule(p, 'the PG has no record yet', lookup);
    if (p.pg_call === 'billing' && p.customer_ref !== null && p.pg_check_count < this.timing.maxChecks) {
      const customer = await this.billing.byId(p.customer_ref);
      if (customer) {
        const outcome = await this.connector.chargeBillingKey(
          account,
          this.billing.unseal(customer),
          customer.pg_customer_key,
          toChargeOrder({ ...p, pg_order_id: p.pg_order_id, merchant_uid: p.merchant_uid }),
          p.pg_idempotency_key,
        );
        const repeated = { ...outcome, exchanges: exchangesOf(found, outcome) };
        const verdict = await settleCharge(this.repo, this.connector, account, p as PaymentInternals & { pg_idempotency_key: string }, repeated, this.timing, this.clock.now(), this.logger);
        return verdict.kind !== 'unknown';
      }
    }
    if (p.pg_call !== 'billing' || p.pg_check_count >= this.timing.maxChecks || p.customer_ref === null) {
      return this.repo.transition(p.imp_uid, ['approving', 'unknown'], failedChange(OUTCOME_MESSAGES.absent, now), null, log);
    }
    return this.reschedule(p, 'the billing key of the attempt is gone', lookup);
  }

  private async checkCancellation(c: CancellationInternals): Promise<boolean> {
    const p = await this.repo.internals(c.merchant_id, c.imp_uid);
    const account = p ? await this.account(p.merchant_id, p.channel_id) : null;
    const now = this.clock.now();
    if (!p || !account || !p.pg_tid) {
      await this.repo.settleCancellation(c.cancellation_id, { state: 'failed', pg_last_error: 'payment or channel gone', pg_next_check_at: null }, null, null);
      return true;
    }
    const known = await this.repo.doneCancellationTids(p.imp_uid);
    const found = await this.connector.lookupByPaymentKey(account, p.pg_tid);
    const lookup = exchangesOf(found);
    if (found.kind === 'success' && found.value) {
      const cancel = found.value.cancels.find((x) => x.amount === c.amount && !known.includes(x.transactionKey));
      if (cancel) {
        return (await settleCancellation(this.repo, p, c, { kind: 'success', value: found.value, exchanges: lookup }, this.timing, now, false, known)).kind === 'done';
      }
      if (now.getTime() - c.requested_at.getTime() >= this.timing.absentAfterMs && c.pg_check_count < this.timing.maxChecks) {
        // Toss shows no such cancel: repeat the very same request (same Idempotency-Key), executed at most once.
        const outcome = await this.connector.cancel(
          account,
          p.pg_tid,
          {
            reason: c.reason ?? DEFAULT_CANCEL_REASON,
            amount: c.amount,
            taxFree: c.tax_free,
            refundableAmount: p.amount - p.cancel_amount,
            refundAccount: null,
          },
          c.pg_idempotency_key,
        );
        const repeated = { ...outcome, exchanges: exchangesOf(found, outcome) };
        return (await settleCancellation(this.repo, p, c, repeated, this.timing, this.clock.now(), false, known)).kind !== 'unknown';
      }
      if (c.pg_check_count >= this.timing.maxChecks) {
        await this.repo.settleCancellation(c.cancellation_id, { state: 'failed', pg_last_error: 'the PG never recorded the cancel', pg_next_check_at: null }, null, null, exchangeLog(p.merchant_id, p.imp_uid, lookup));
        return true;
      }
    }
    const reason = found.kind === 'unknown' ? found.reason : found.kind === 'declined' ? `[${found.code}]${found.message}` : 'not yet at the PG';
    await settleCancellation(this.repo, p, c, { kind: 'unknown', reason, exchanges: lookup }, this.timing, now, false, known);
    return false;
  }
}
