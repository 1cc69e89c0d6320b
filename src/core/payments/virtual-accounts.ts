// Virtual accounts issued through the API (`/vbanks`): the attempt is written before Toss is asked, the issued account
// (with the secret Toss will send back on deposit, sealed) is written with its `ready` webhook in one transaction.
// A deposit reaches the gateway as a Toss webhook (pg-notifications.ts) and turns the payment paid; a revoked
// account shows failed.
import crypto from 'node:crypto';
import { DomainError, invalid, notFound, rejected } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { newImpUid } from '../../lib/ids.ts';
import type { PaymentConnector, PgOutcome, PgPayment } from '../pg/connector.ts';
import { pgAccount, tossChannel, type ChannelSource } from './channels.ts';
import {
  buyer, customData, noticeUrls, optionalInteger, optionalString, optionalWon, requiredString, requiredWon, type Params,
} from './input.ts';
import { exchangeLog, exchangesOf, type ExchangeLog } from './exchanges.ts';
import { declineReason, failedChange, nextCheckDelay, paidChange, type ReconcileTiming } from './outcomes.ts';
import type { PaymentView } from './read-model.ts';
import type { NewAttempt, PaymentChange, PaymentInternals, PaymentRepository } from './repository.ts';

export const VBANK_MESSAGES = {
  issueFailed: (code: string, message: string) => `가상계좌 발급에 실패하였습니다. [${code}]${message}`,
  issueUnknown: '가상계좌 발급 결과를 확인하지 못했습니다. 잠시 후 결제건을 조회해주세요.',
  badBank: 'vbank_code 는 금융결제원 은행코드 3자리(예: 004, 088)여야 합니다.',
  pastDue: 'vbank_due(입금기한)는 현재 시각 이후여야 합니다.',
  notFound: '존재하지 않는 결제정보입니다.',
  notVbank: '가상계좌 결제건이 아닙니다.',
  notReady: (status: string) => `입금대기(ready) 상태의 가상계좌만 변경하거나 말소할 수 있습니다. (현재 상태: ${status})`,
  updateUnsupported: '토스페이먼츠는 발급된 가상계좌의 금액 및 입금기한 변경을 지원하지 않습니다. 말소 후 다시 발급해주세요.',
  revokeFailed: (code: string, message: string) => `가상계좌 말소에 실패하였습니다. [${code}]${message}`,
  revokeUnknown: '가상계좌 말소 결과를 확인하지 못했습니다. 잠시 후 결제건을 조회해주세요.',
  revoked: '가상계좌 말소',
  expired: '가상계좌 입금기한 만료',
  holderParams: 'bank_code, bank_num 파라메터가 누락되었습니다.',
  holderUnavailable: '예금주 조회에 실패하였습니다. (토스페이먼츠는 예금주 조회를 지원하지 않습니다.)',
};

/** The columns of an issued (or already deposited) virtual account. */
export function issuedChange(p: PgPayment, now: Date, secretSealed: string | null): PaymentChange {
  const va = p.virtualAccount;
  // After the due date Toss is asked once what became of the account, in case its webhook never came.
  const checkAt = new Date((va?.dueAt ?? now).getTime() + DUE_CHECK_GRACE_MS);
  return {
    state: 'ready',
    pg_tid: p.paymentKey,
    vbank_code: va?.bankCode ?? null,
    vbank_name: va?.bankName ?? null,
    vbank_num: va?.accountNumber ?? null,
    vbank_date: va?.dueAt ?? null,
    vbank_issued_at: p.requestedAt ?? now,
    receipt_url: p.receiptUrl,
    pg_secret_sealed: secretSealed,
    pg_next_check_at: checkAt,
    pg_last_error: null,
    updated_at: now,
  };
}

const DUE_CHECK_GRACE_MS = 60_000;

/**
 * An issued account as Toss now reports it: deposited → paid (announced), expired or cancelled → failed. The look-up's
 * exchanges are recorded with the change; with no change the caller still has them to record.
 */
export async function settleIssuedAccount(
  repo: PaymentRepository,
  payment: Pick<PaymentInternals, 'imp_uid' | 'amount'>,
  p: PgPayment,
  now: Date,
  exchanges?: ExchangeLog,
): Promise<boolean> {
  if (p.status === 'paid' && p.totalAmount === payment.amount) {
    return repo.transition(payment.imp_uid, ['ready'], { ...paidChange(p, now), card_quota: 0 }, 'paid', exchanges);
  }
  if (p.status === 'failed' || p.status === 'cancelled') {
    const reason = p.virtualAccount?.expired || p.status === 'failed' ? VBANK_MESSAGES.expired : VBANK_MESSAGES.revoked;
    return repo.transition(payment.imp_uid, ['ready'], failedChange(reason, now, p.paymentKey), null, exchanges);
  }
  return false;
}

/**
 * What Toss's view of a virtual account means for it: issued → ready (announced), deposited → paid (announced),
 * expired or cancelled before deposit → failed, anything else → check again later.
 */
export async function settleVirtualAccount(
  repo: PaymentRepository,
  secrets: SecretBox,
  payment: Pick<PaymentInternals, 'imp_uid' | 'merchant_id' | 'amount' | 'pg_check_count' | 'state'>,
  outcome: PgOutcome<PgPayment>,
  timing: ReconcileTiming,
  now: Date,
): Promise<'ready' | 'paid' | 'failed' | 'unknown'> {
  const exchanges = exchangeLog(payment.merchant_id, payment.imp_uid, exchangesOf(outcome));
  if (outcome.kind === 'declined') {
    await repo.transition(payment.imp_uid, ['approving', 'unknown'], failedChange(declineReason(outcome.code, outcome.message), now), null, exchanges);
    return 'failed';
  }
  const p = outcome.kind === 'success' ? outcome.value : null;
  const sealed = p?.secret ? secrets.encrypt(p.secret) : null;
  if (p && p.totalAmount === payment.amount && p.status === 'waiting_for_deposit') {
    await repo.transition(payment.imp_uid, ['approving', 'unknown'], issuedChange(p, now, sealed), 'ready', exchanges);
    return 'ready';
  }
  if (p && p.totalAmount === payment.amount && p.status === 'paid') {
    // Issued and deposited before we heard of either: record the account, then the deposit.
    await repo.transition(payment.imp_uid, ['approving', 'unknown'], issuedChange(p, now, sealed), 'ready', exchanges);
    await repo.transition(payment.imp_uid, ['ready'], { ...paidChange(p, now), card_quota: 0 }, 'paid');
    return 'paid';
  }
  if (p && (p.status === 'failed' || p.status === 'cancelled')) {
    const reason = p.failure ? declineReason(p.failure.code, p.failure.message) : VBANK_MESSAGES.expired;
    await repo.transition(payment.imp_uid, ['approving', 'unknown', 'ready'], failedChange(reason, now, p.paymentKey), null, exchanges);
    return 'failed';
  }
  await repo.transition(payment.imp_uid, ['approving', 'unknown'], {
    state: 'unknown',
    pg_next_check_at: new Date(now.getTime() + nextCheckDelay(timing, payment.pg_check_count)),
    pg_check_count: payment.pg_check_count + 1,
    pg_last_error: outcome.kind === 'unknown' ? outcome.reason.slice(0, 500) : `PG status ${p?.rawStatus ?? 'none'}`,
    updated_at: now,
  }, null, exchanges);
  return 'unknown';
}

export class VirtualAccounts {
  constructor(
    private readonly repo: PaymentRepository,
    private readonly channels: ChannelSource,
    private readonly connector: PaymentConnector,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly timing: ReconcileTiming,
  ) {}

  /** POST /vbanks */
  async issue(merchantId: number, params: Params): Promise<PaymentView> {
    const merchantUid = requiredString(params, 'merchant_uid', 40);
    const amount = requiredWon(params, 'amount', 1);
    const bankCode = requiredString(params, 'vbank_code', 4);
    if (!/^\d{2,3}$/.test(bankCode)) throw invalid(VBANK_MESSAGES.badBank);
    const due = optionalInteger(params, 'vbank_due', 0, Number.MAX_SAFE_INTEGER);
    if (due === null) throw invalid('vbank_due 파라메터가 누락되었습니다.');
    const now = this.clock.now();
    if (due * 1000 <= now.getTime()) throw invalid(VBANK_MESSAGES.pastDue);
    const taxFree = optionalWon(params, 'tax_free', 0) ?? 0;
    if (taxFree > amount) throw invalid('tax_free(면세공급가액)는 amount(결제금액)보다 클 수 없습니다.');
    const vat = optionalWon(params, 'vat_amount', 0);
    const holder = optionalString(params, 'vbank_holder', 60);
    const people = buyer(params);
    const channel = await tossChannel(this.channels, merchantId, 'payment', optionalString(params, 'channel_key', 200));
    const blocking = await this.repo.blockingAttempt(merchantId, merchantUid);
    if (blocking || (await this.repo.readyVirtualAccount(merchantId, merchantUid))) {
      throw rejected(`이미 주문이 이루어진 건입니다. (merchant_uid: ${merchantUid})`);
    }
    const impUid = newImpUid();
    const attempt: NewAttempt = {
      imp_uid: impUid,
      merchant_id: merchantId,
      channel_id: channel.id,
      merchant_uid: merchantUid,
      state: 'approving',
      pay_method: 'vbank',
      channel: 'api',
      pg_provider: channel.pgProvider,
      pg_id: channel.pgId,
      sandbox: channel.sandbox,
      name: optionalString(params, 'name', 200),
      currency: 'KRW',
      amount,
      tax_free: taxFree,
      vat_amount: vat,
      card_quota: 0,
      ...people,
      custom_data: customData(params),
      user_agent: null,
      notice_urls: noticeUrls(params),
      customer_uid: null,
      customer_uid_usage: null,
      customer_ref: null,
      pg_order_id: impUid,
      pg_idempotency_key: crypto.randomUUID(),
      pg_call: 'virtual_account',
      started_at: now,
      pg_next_check_at: new Date(now.getTime() + this.timing.staleAfterMs),
    };
    if ((await this.repo.insertAttempt(attempt)) === 'merchant_uid_taken') {
      throw rejected(`이미 주문이 이루어진 건입니다. (merchant_uid: ${merchantUid})`);
    }
    if (holder) await this.repo.transition(impUid, ['approving'], { vbank_holder: holder, updated_at: now }, null);
    const outcome = await this.connector.issueVirtualAccount(
      pgAccount(channel, this.secrets),
      {
        orderId: impUid,
        orderName: (attempt.name ?? merchantUid).slice(0, 100),
        amount,
        taxFree,
        bankCode,
        customerName: (people.buyer_name ?? holder ?? merchantUid).slice(0, 100),
        customerEmail: people.buyer_email,
        customerPhone: people.buyer_tel,
        dueAt: new Date(due * 1000),
        accountKey: optionalString(params, 'vbank_key', 200),
      },
      attempt.pg_idempotency_key,
    );
    const result = await settleVirtualAccount(this.repo, this.secrets, { ...attempt, pg_check_count: 0 }, outcome, this.timing, this.clock.now());
    if (result === 'failed' && outcome.kind === 'declined') {
      throw new DomainError('pg_declined', VBANK_MESSAGES.issueFailed(outcome.code, outcome.message));
    }
    return (await this.repo.view(merchantId, impUid))!;
  }

  private async readyVbank(merchantId: number, impUid: string): Promise<PaymentInternals> {
    const p = await this.repo.internals(merchantId, impUid);
    if (!p) throw notFound(VBANK_MESSAGES.notFound);
    if (p.pay_method !== 'vbank') throw invalid(VBANK_MESSAGES.notVbank);
    if (p.state !== 'ready') throw invalid(VBANK_MESSAGES.notReady(p.state === 'approving' || p.state === 'unknown' ? 'ready' : p.state));
    return p;
  }

  /** PUT /vbanks/{imp_uid}: Toss cannot change an issued account. */
  async update(merchantId: number, impUid: string): Promise<never> {
    await this.readyVbank(merchantId, impUid);
    throw rejected(VBANK_MESSAGES.updateUnsupported);
  }

  /** DELETE /vbanks/{imp_uid}: cancels the unpaid account at Toss; it then shows failed (계좌말소). */
  async revoke(merchantId: number, impUid: string): Promise<PaymentView> {
    const p = await this.readyVbank(merchantId, impUid);
    const channel = (await this.channels.channels(merchantId)).find((c) => c.id === p.channel_id);
    if (!channel || !p.pg_tid) throw new DomainError('upstream', VBANK_MESSAGES.revokeUnknown);
    const outcome = await this.connector.cancel(
      pgAccount(channel, this.secrets),
      p.pg_tid,
      { reason: VBANK_MESSAGES.revoked, amount: null, taxFree: 0, refundableAmount: null, refundAccount: null },
      crypto.randomUUID(),
    );
    if (outcome.kind === 'declined') throw new DomainError('pg_declined', VBANK_MESSAGES.revokeFailed(outcome.code, outcome.message));
    if (outcome.kind === 'unknown') throw new DomainError('pg_declined', VBANK_MESSAGES.revokeUnknown);
    await this.repo.transition(p.imp_uid, ['ready'], failedChange(VBANK_MESSAGES.revoked, this.clock.now()), null, exchangeLog(merchantId, p.imp_uid, exchangesOf(outcome)));
    return (await this.repo.view(merchantId, impUid))!;
  }

  /** GET /vbanks/holder: Toss's core API has no account-holder look-up. */
  holder(params: Params): never {
    if (!optionalString(params, 'bank_code', 4) || !optionalString(params, 'bank_num', 40)) throw invalid(VBANK_MESSAGES.holderParams);
    throw notFound(VBANK_MESSAGES.holderUnavailable);
  }
}
