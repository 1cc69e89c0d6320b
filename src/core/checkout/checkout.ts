// The hosted checkout: a merchant page's `request_pay` becomes a payment attempt and a window, the buyer finishes in
// the PG's window, and the PG's return finishes the attempt. Money moves only in `approveReturn`, with the attempt
// marked `approving` (and its Idempotency-Key committed) before the PG is called.
import crypto from 'node:crypto';
import { DomainError, invalid, rejected } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { newImpUid } from '../../lib/ids.ts';
import type { ChannelRecord } from '../merchants/repository.ts';
import type { PaymentConnector, PgOutcome, PgPayment } from '../pg/connector.ts';
import { pgAccount } from '../payments/channels.ts';
import { exchangeLog, type ExchangeLog } from '../payments/exchanges.ts';
import { declineReason, failedChange, type ReconcileTiming } from '../payments/outcomes.ts';
import { PAYMENT_MESSAGES, settleCharge } from '../payments/non-auth-payments.ts';
import type { PaymentRepository } from '../payments/repository.ts';
import { settleVirtualAccount } from '../payments/virtual-accounts.ts';
import { honoursPreparedAmount, type Prepares } from '../prepare/prepares.ts';
import type { BillingKeys } from '../billing/billing-keys.ts';
import { confirmRefusalReason, type MerchantConfirmation } from './confirmation.ts';
import { readCheckoutRequest, type CheckoutRequest } from './request.ts';
import type { CheckoutRepository, CheckoutWindow, WindowResult } from './repository.ts';

export const WINDOW_MESSAGES = {
  unknownUserCode: '가맹점 식별코드(IMP.init)에 해당하는 가맹점을 찾을 수 없습니다.',
  unknownChannel: '가맹점 식별코드에 연결된 채널을 찾을 수 없습니다. channelKey 또는 pg 값을 확인해주세요.',
  unsupportedPg: (pg: string) => `지원되지 않는 PG사입니다. (pg: ${pg}) 토스페이먼츠(tosspayments) 채널만 사용할 수 있습니다.`,
  preparedMismatch: '사전 등록된 결제 금액과 결제 요청 금액이 일치하지 않습니다. (/payments/prepare)',
  windowNotFound: '결제창 정보를 찾을 수 없습니다. 결제를 다시 시도해주세요.',
  returnMismatch: 'PG사 결제창에서 돌아온 주문번호 또는 금액이 결제 요청과 일치하지 않아 결제를 중단합니다.',
  abandoned: '결제창이 유효시간 안에 완료되지 않아 결제가 취소되었습니다.',
  redirectUrlMissing: '리디렉션 방식으로 결제하려면 m_redirect_url이 필요합니다.',
  originUnknown: '결제를 요청한 페이지의 출처(Origin)를 알 수 없어 결제창을 열 수 없습니다. http(s) 페이지에서 호출해주세요.',
  inProgress: '결제가 진행 중입니다. 잠시 후 결제 내역을 조회해주세요.',
  unknownOutcome: 'PG사 승인 결과를 확인하는 중입니다. 잠시 후 결제 내역을 조회해주세요.',
};

/** Toss's windows (toss-v1.md §5): 30 minutes to authenticate, then 10 for the merchant to confirm. */
export const WINDOW_LIFETIME_MS = 40 * 60_000;

export interface StartInput {
  userCode: unknown;
  mode: 'iframe' | 'redirect';
  /** The merchant page's origin as its browser reported it (the `Origin` header). */
  parentOrigin: string | null;
  userAgent: string | null;
  params: Record<string, unknown>;
}

export type StartOutcome = { kind: 'opened'; token: string } | { kind: 'refused'; result: WindowResult };

export interface FinishedWindow {
  window: CheckoutWindow;
  result: WindowResult;
  /** A virtual account issued to the buyer, shown before the window closes. */
  account: { bank: string | null; number: string; holder: string | null; due: Date | null } | null;
}

/** Issues and stores the key a billing-key window authorised (Toss: authKey + customerKey → billing key). */
/** How the billing-key window stores the key its authorisation produced (`BillingKeys` does it). */
export type BillingWindowKeys = Pick<BillingKeys, 'registerAuthorized'>;

export interface CheckoutDeps {
  windows: CheckoutRepository;
  payments: PaymentRepository;
  prepares: Pick<Prepares, 'find'>;
  billing: BillingWindowKeys;
  connector: PaymentConnector;
  confirmation: MerchantConfirmation;
  secrets: SecretBox;
  clock: Clock;
  logger: Logger;
  timing: ReconcileTiming;
}

const MOBILE_UA = /Android|iPhone|iPad|iPod|Mobile|Windows Phone/i;

function refusal(merchantUid: unknown, code: string, message: string): StartOutcome {
  return {
    kind: 'refused',
    result: {
      success: false,
      imp_uid: null,
      merchant_uid: typeof merchantUid === 'string' ? merchantUid : '',
      error_code: code,
      error_msg: message,
    },
  };
}

/** `pg: 'tosspayments'` or `'tosspayments.{MID}'` and `channelKey` pick the merchant's payment-window channel. */
export function pickChannel(channels: ChannelRecord[], request: Pick<CheckoutRequest, 'pg' | 'channelKey'>): ChannelRecord {
  let candidates = channels.filter((c) => c.enabled && c.type === 'payment' && c.pgProvider === 'tosspayments');
  if (request.channelKey) candidates = candidates.filter((c) => c.channelKey === request.channelKey);
  if (request.pg) {
    const [provider, mid] = [request.pg.split('.')[0]!, request.pg.split('.').slice(1).join('.')];
    if (provider !== 'tosspayments') throw rejected(WINDOW_MESSAGES.unsupportedPg(request.pg));
    if (mid) candidates = candidates.filter((c) => c.pgId === mid);
  }
  const channel = candidates[0];
  if (!channel) throw rejected(WINDOW_MESSAGES.unknownChannel);
  return channel;
}

export class Checkout {
  constructor(private readonly deps: CheckoutDeps) {}

  /** Everything that can stop a payment is checked here, before the merchant page opens any window. */
  async start(input: StartInput): Promise<StartOutcome> {
    const { windows, clock } = this.deps;
    const merchantUid = input.params.merchant_uid;
    try {
      const request = readCheckoutRequest(input.params);
      const merchant = typeof input.userCode === 'string' ? await windows.merchantByUserCode(input.userCode) : null;
      if (!merchant) throw invalid(WINDOW_MESSAGES.unknownUserCode);
      const channel = pickChannel(await windows.channels(merchant.id), request);
      if (input.mode === 'redirect' && !request.redirectUrl) throw invalid(WINDOW_MESSAGES.redirectUrlMissing);
      if (input.mode === 'iframe' && !input.parentOrigin) throw invalid(WINDOW_MESSAGES.originUnknown);
      const now = clock.now();
      const token = crypto.randomBytes(24).toString('base64url');
      const base = {
        token,
        merchantId: merchant.id,
        channelId: channel.id,
        kind: request.kind,
        merchantUid: request.merchantUid,
        mode: input.mode,
        parentOrigin: input.parentOrigin,
        redirectUrl: request.redirectUrl,
        request,
        createdAt: now,
      };
      if (request.kind === 'billing') {
        // Toss binds a billing key to a customerKey; a fresh one per window keeps replaced keys apart.
        await windows.openWindow({ ...base, impUid: null, pgCustomerKey: `tg-${crypto.randomUUID()}` }, null);
        return { kind: 'opened', token };
      }
      const prepared = await this.deps.prepares.find(merchant.id, request.merchantUid);
      if (prepared && !honoursPreparedAmount(prepared, request.amount, request.currency)) {
        return refusal(merchantUid, 'PREPARED_AMOUNT_MISMATCH', WINDOW_MESSAGES.preparedMismatch);
      }
      const blocking = await this.deps.payments.blockingAttempt(merchant.id, request.merchantUid);
      if (blocking) {
        const inFlight = blocking.state === 'approving' || blocking.state === 'unknown';
        return refusal(
          merchantUid,
          inFlight ? 'PAYMENT_IN_PROGRESS' : 'ALREADY_PAID_MERCHANT_UID',
          inFlight ? PAYMENT_MESSAGES.inFlight(request.merchantUid) : PAYMENT_MESSAGES.alreadyPaid(request.merchantUid),
        );
      }
      const impUid = newImpUid();
      await windows.openWindow({ ...base, impUid, pgCustomerKey: null }, {
        imp_uid: impUid,
        merchant_id: merchant.id,
        channel_id: channel.id,
        merchant_uid: request.merchantUid,
        pay_method: request.payMethod,
        channel: input.userAgent && MOBILE_UA.test(input.userAgent) ? 'mobile' : 'pc',
        pg_provider: channel.pgProvider,
        pg_id: channel.pgId,
        sandbox: channel.sandbox,
        escrow: request.escrow,
        name: request.name,
        currency: request.currency,
        amount: request.amount,
        tax_free: request.taxFree,
        vat_amount: request.vatAmount,
        buyer_name: request.buyer.buyer_name,
        buyer_email: request.buyer.buyer_email,
        buyer_tel: request.buyer.buyer_tel,
        buyer_addr: request.buyer.buyer_addr,
        buyer_postcode: request.buyer.buyer_postcode,
        custom_data: request.customData,
        user_agent: input.userAgent?.slice(0, 500) ?? null,
        notice_urls: request.noticeUrls,
        confirm_url: request.confirmUrl,
        // Toss's orderId is the imp_uid: 16 characters of [a-z0-9_], unique, and it leads straight back to the attempt.
        pg_order_id: impUid,
        started_at: now,
      });
      return { kind: 'opened', token };
    } catch (error) {
      if (error instanceof DomainError) return refusal(merchantUid, 'INVALID_PARAMETER', error.message);
      throw error;
    }
  }

  async window(token: string): Promise<{ window: CheckoutWindow; channel: ChannelRecord }> {
    const window = await this.deps.windows.findWindow(token);
    if (!window) throw invalid(WINDOW_MESSAGES.windowNotFound);
    const channel = (await this.deps.windows.channels(window.merchantId)).find((c) => c.id === window.channelId);
    if (!channel) throw invalid(WINDOW_MESSAGES.windowNotFound);
    return { window, channel };
  }

  /** Toss's successUrl: check the return against the attempt, ask confirm_url, then confirm at Toss. */
  async approveReturn(token: string, back: { paymentKey: string; orderId: string; amount: string }): Promise<FinishedWindow> {
    const { window, channel } = await this.window(token);
    if (window.state === 'finished' || !window.impUid) return this.finished(window);
    const impUid = window.impUid;
    const { request } = window;
    const now = () => this.deps.clock.now();
    if (back.orderId !== impUid || Number(back.amount) !== request.amount || !back.paymentKey) {
      return this.fail(window, 'RETURN_MISMATCH', WINDOW_MESSAGES.returnMismatch);
    }
    // The confirm_url answer is recorded with the decision it leads to: the failure, or the mark as approving.
    let confirmCall: ExchangeLog | undefined;
    if (request.confirmUrl) {
      const answer = await this.deps.confirmation.ask(request.confirmUrl, {
        imp_uid: impUid,
        merchant_uid: request.merchantUid,
        amount: request.amount,
      });
      confirmCall = exchangeLog(window.merchantId, impUid, answer.exchange ? [answer.exchange] : []);
      if (answer.kind === 'refused') {
        const reason = confirmRefusalReason(answer.reason);
        return this.fail(window, 'CONFIRM_REFUSED', reason, back.paymentKey, reason, confirmCall);
      }
    }
    const idempotencyKey = crypto.randomUUID();
    const vbank = request.payMethod === 'vbank';
    const marked = await this.deps.windows.markApproving(impUid, {
      pg_tid: back.paymentKey,
      pg_idempotency_key: idempotencyKey,
      // The reconciler settles an unknown virtual-account confirm as an issue, anything else as a charge.
      pg_call: vbank ? 'virtual_account' : 'confirm',
      pg_next_check_at: new Date(now().getTime() + this.deps.timing.staleAfterMs),
      updated_at: now(),
    }, confirmCall);
    if (marked === 'merchant_uid_taken') {
      return this.fail(window, 'ALREADY_PAID_MERCHANT_UID', PAYMENT_MESSAGES.alreadyPaid(request.merchantUid), back.paymentKey, undefined, confirmCall);
    }
    if (marked === 'not_ready') return this.finished(window);
    const account = pgAccount(channel, this.deps.secrets);
    const outcome = await this.deps.connector.confirm(account, back.paymentKey, impUid, request.amount, idempotencyKey);
    if (vbank) return this.issuedAccount(window, outcome);
    const verdict = await settleCharge(
      this.deps.payments,
      this.deps.connector,
      account,
      { imp_uid: impUid, merchant_id: window.merchantId, amount: request.amount, pg_check_count: 0, pg_idempotency_key: idempotencyKey },
      outcome,
      this.deps.timing,
      now(),
      this.deps.logger,
    );
    if (verdict.kind === 'paid') return this.finish(window, { imp_uid: impUid, merchant_uid: request.merchantUid });
    if (verdict.kind === 'failed') {
      return this.finish(window, { imp_uid: impUid, merchant_uid: request.merchantUid, error_code: verdict.code, error_msg: verdict.message });
    }
    // Unknown is not a failure: the reconciler will find out. The buyer is told to check rather than to pay again.
    return this.finish(window, {
      imp_uid: impUid,
      merchant_uid: request.merchantUid,
      error_code: 'PAYMENT_RESULT_UNKNOWN',
      error_msg: WINDOW_MESSAGES.unknownOutcome,
    });
  }

  /** Toss's failUrl: the buyer closed the window, the card was declined, or the SDK refused the parameters. */
  async failReturn(token: string, back: { code: string; message: string }): Promise<FinishedWindow> {
    const { window } = await this.window(token);
    if (window.state === 'finished') return this.finished(window);
    const code = back.code || 'PAY_PROCESS_ABORTED';
    const message = back.message || '결제가 중단되었습니다.';
    return this.fail(window, code, message);
  }

  /** Toss's billing successUrl: the buyer authorised the card; issue the key. No money moves. */
  async billingReturn(token: string, back: { customerKey: string; authKey: string }): Promise<FinishedWindow> {
    const { window, channel } = await this.window(token);
    if (window.state === 'finished' || window.kind !== 'billing') return this.finished(window);
    const customerUid = window.request.customerUid!;
    if (back.customerKey !== window.pgCustomerKey || !back.authKey) {
      return this.finish(window, billingResult(window, WINDOW_MESSAGES.returnMismatch, 'RETURN_MISMATCH'));
    }
    try {
      await this.deps.billing.registerAuthorized(window.merchantId, channel, {
        customerUid,
        customerId: window.request.customerId,
        authKey: back.authKey,
        customerKey: back.customerKey,
        customer: {
          customer_name: window.request.buyer.buyer_name,
          customer_tel: window.request.buyer.buyer_tel,
          customer_email: window.request.buyer.buyer_email,
          customer_addr: window.request.buyer.buyer_addr,
          customer_postcode: window.request.buyer.buyer_postcode,
        },
      });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      return this.finish(window, billingResult(window, error.message, 'BILLING_KEY_ISSUE_FAILED'));
    }
    return this.finish(window, { success: true, imp_uid: null, merchant_uid: window.merchantUid, customer_uid: customerUid });
  }

  /** Fails the attempts of windows left open past Toss's own windows; returns how many were closed. */
  async expireAbandoned(limit = 100): Promise<number> {
    const before = new Date(this.deps.clock.now().getTime() - WINDOW_LIFETIME_MS);
    const stale = await this.deps.windows.abandonedWindows(before, limit);
    for (const window of stale) await this.fail(window, 'PAY_PROCESS_CANCELED', WINDOW_MESSAGES.abandoned);
    return stale.length;
  }

  private async fail(
    window: CheckoutWindow,
    code: string,
    message: string,
    pgTid: string | null = null,
    failReason = declineReason(code, message),
    exchanges?: ExchangeLog,
  ): Promise<FinishedWindow> {
    if (window.kind === 'billing') return this.finish(window, billingResult(window, message, code));
    const impUid = window.impUid!;
    // Only a `ready` attempt fails here: one that reached approving is the confirm's (or the reconciler's) to settle.
    await this.deps.payments.transition(impUid, ['ready'], failedChange(failReason, this.deps.clock.now(), pgTid), null, exchanges);
    return this.finish(window, { imp_uid: impUid, merchant_uid: window.merchantUid, error_code: code, error_msg: message });
  }

  private async issuedAccount(window: CheckoutWindow, outcome: PgOutcome<PgPayment>): Promise<FinishedWindow> {
    const imp_uid = window.impUid!;
    const merchantUid = window.merchantUid;
    const settled = await settleVirtualAccount(
      this.deps.payments,
      this.deps.secrets,
      { imp_uid, merchant_id: window.merchantId, amount: window.request.amount, pg_check_count: 0, state: 'approving' },
      outcome,
      this.deps.timing,
      this.deps.clock.now(),
    );
    if (settled === 'ready' || settled === 'paid') {
      const finished = await this.finish(window, { imp_uid, merchant_uid: merchantUid });
      const va = outcome.kind === 'success' ? outcome.value.virtualAccount : null;
      return { ...finished, account: va ? { bank: va.bankName, number: va.accountNumber, holder: va.holder, due: va.dueAt } : null };
    }
    if (settled === 'failed') {
      const failure = outcome.kind === 'declined' ? outcome : outcome.kind === 'success' ? outcome.value.failure : null;
      return this.finish(window, {
        imp_uid,
        merchant_uid: merchantUid,
        error_code: failure?.code ?? 'PAY_PROCESS_ABORTED',
        error_msg: failure?.message ?? '가상계좌 발급에 실패하였습니다.',
      });
    }
    return this.finish(window, { imp_uid, merchant_uid: merchantUid, error_code: 'PAYMENT_RESULT_UNKNOWN', error_msg: WINDOW_MESSAGES.unknownOutcome });
  }

  private async finish(window: CheckoutWindow, result: WindowResult): Promise<FinishedWindow> {
    const first = await this.deps.windows.finishWindow(window.token, result, this.deps.clock.now());
    if (!first) return this.finished((await this.deps.windows.findWindow(window.token)) ?? window);
    return { window: { ...window, state: 'finished', result }, result, account: null };
  }

  /** The stored answer; a second return while the first is still being worked on learns only that it is. */
  private finished(window: CheckoutWindow): FinishedWindow {
    const result = window.result ?? {
      imp_uid: window.impUid,
      merchant_uid: window.merchantUid,
      error_code: 'PAYMENT_IN_PROGRESS',
      error_msg: WINDOW_MESSAGES.inProgress,
    };
    return { window, result, account: null };
  }
}

function billingResult(window: CheckoutWindow, message: string, code: string): WindowResult {
  return {
    success: false,
    imp_uid: null,
    merchant_uid: window.merchantUid,
    customer_uid: window.request.customerUid ?? undefined,
    error_code: code,
    error_msg: message,
  };
}
