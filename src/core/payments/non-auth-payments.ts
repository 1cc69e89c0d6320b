// Payments without buyer authentication (`/subscribe/payments/onetime`, `/again`, legacy `/foreign`): the attempt is
// written and committed before Toss is called, and the outcome (with its webhook) is written in one transaction after.
// A call whose outcome is unknown leaves the attempt `unknown` (the wire shows `ready`) for the reconciler.
import crypto from 'node:crypto';
import { DomainError, invalid, rejected } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { newImpUid } from '../../lib/ids.ts';
import type { CardData, ChargeOrder, PaymentConnector, PgAccount, PgOutcome, PgPayment } from '../pg/connector.ts';
import type { BillingKeys } from '../billing/billing-keys.ts';
import { BILLING_MESSAGES, customerUidOf } from '../billing/billing-keys.ts';
import type { CustomerRecord } from '../billing/repository.ts';
import { pgAccount, tossChannel, type ChannelSource } from './channels.ts';
import {
  buyer, cardData, customData, noticeUrls, optionalInteger, optionalString, optionalWon, requiredString, requiredWon,
  type Params,
} from './input.ts';
import { exchangeLog, exchangesOf } from './exchanges.ts';
import { judgeCharge, type ReconcileTiming } from './outcomes.ts';
import type { PaymentView } from './read-model.ts';
import type { NewAttempt, PaymentRepository } from './repository.ts';

export const PAYMENT_MESSAGES = {
  alreadyPaid: (merchantUid: string) => `이미 주문이 이루어진 건입니다. (merchant_uid: ${merchantUid})`,
  inFlight: (merchantUid: string) =>
    `이미 결제가 진행 중인 주문입니다. 결과를 조회한 후 다시 시도해주세요. (merchant_uid: ${merchantUid})`,
  keyInDeclined: (code: string, message: string) => `카드정보 인증에 실패하였습니다. [${code}]${message}`,
  againDeclined: (code: string, message: string) => `결제승인에 실패하였습니다. [${code}]${message}`,
  currency: '토스페이먼츠 비인증결제는 KRW 결제만 지원합니다.',
  taxFree: 'tax_free(면세공급가액)는 amount(결제금액)보다 클 수 없습니다.',
  vat: 'vat_amount(부가세)는 amount(결제금액)에서 tax_free(면세공급가액)를 뺀 금액보다 클 수 없습니다.',
  quota: '할부는 50,000원 이상 결제부터 가능합니다.',
  minimum: '카드 결제는 100원 이상부터 가능합니다.',
};

/** Toss refuses card payments below 100 won and instalments below 50,000 won (toss-v1.md §12). */
const CARD_MINIMUM = 100;
const INSTALMENT_MINIMUM = 50_000;

interface Order {
  merchantUid: string;
  amount: number;
  taxFree: number;
  vat: number | null;
  quota: number;
  name: string | null;
  customData: string | null;
  noticeUrls: string[];
  buyer: ReturnType<typeof buyer>;
  channelKey: string | null;
}

export interface CallerInfo {
  ip: string | null;
  userAgent: string | null;
}

export class NonAuthPayments {
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

  /** POST /subscribe/payments/again: charge the key stored under `customer_uid`. */
  async again(merchantId: number, params: Params, caller: CallerInfo): Promise<PaymentView> {
    const customerUid = customerUidOf(params.customer_uid);
    const order = readOrder(params);
    const channel = await tossChannel(this.channels, merchantId, 'api_payment', order.channelKey);
    // The key is read, and a merchant_uid already paid or in flight refused (a unique index), by the attempt's insert.
    return this.charge(merchantId, channel, order, caller, customerUid, 'payment', PAYMENT_MESSAGES.againDeclined);
  }

  /** POST /subscribe/payments/onetime (and the legacy /foreign): key-in, or with `customer_uid` a key then a charge. */
  async onetime(merchantId: number, params: Params, caller: CallerInfo): Promise<PaymentView> {
    const order = readOrder(params);
    const card = cardData(params, this.clock.now());
    const channel = await tossChannel(this.channels, merchantId, 'api_payment', order.channelKey);
    const customerUid = optionalString(params, 'customer_uid', 80);
    if (customerUid) {
      // Checked before a key is issued for an order that cannot be paid; the attempt's insert checks again.
      await this.refuseTakenMerchantUid(merchantId, order.merchantUid);
      // The buyer's details become the key's customer details, as PortOne does.
      const customer = await this.billing.register(merchantId, customerUid, params, {
        customer_name: order.buyer.buyer_name,
        customer_tel: order.buyer.buyer_tel,
        customer_email: order.buyer.buyer_email,
        customer_addr: order.buyer.buyer_addr,
        customer_postcode: order.buyer.buyer_postcode,
      });
      // The key just issued is charged, not whichever key the customer_uid holds when the attempt is written.
      return this.charge(merchantId, channel, order, caller, customer.customer_uid, 'issue', PAYMENT_MESSAGES.keyInDeclined, undefined, customer.id);
    }
    return this.charge(merchantId, channel, order, caller, null, null, PAYMENT_MESSAGES.keyInDeclined, card);
  }

  private async refuseTakenMerchantUid(merchantId: number, merchantUid: string): Promise<void> {
    const blocking = await this.repo.blockingAttempt(merchantId, merchantUid);
    if (blocking) throw this.takenError(blocking.state, merchantUid);
  }

  private takenError(state: string | null, merchantUid: string): DomainError {
    return rejected(
      state === 'approving' || state === 'unknown' ? PAYMENT_MESSAGES.inFlight(merchantUid) : PAYMENT_MESSAGES.alreadyPaid(merchantUid),
    );
  }

  private async charge(
    merchantId: number,
    channel: Awaited<ReturnType<typeof tossChannel>>,
    order: Order,
    caller: CallerInfo,
    customerUid: string | null,
    usage: 'payment' | 'issue' | null,
    declined: (code: string, message: string) => string,
    card?: CardData,
    issuedKeyId?: number,
  ): Promise<PaymentView> {
    const now = this.clock.now();
    const impUid = newImpUid();
    const attempt: NewAttempt = {
      imp_uid: impUid,
      merchant_id: merchantId,
      channel_id: channel.id,
      merchant_uid: order.merchantUid,
      state: 'approving',
      pay_method: 'card',
      channel: 'api',
      pg_provider: channel.pgProvider,
      pg_id: channel.pgId,
      sandbox: channel.sandbox,
      name: order.name,
      currency: 'KRW',
      amount: order.amount,
      tax_free: order.taxFree,
      vat_amount: order.vat,
      card_quota: order.quota,
      ...order.buyer,
      custom_data: order.customData,
      user_agent: caller.userAgent,
      notice_urls: order.noticeUrls,
      customer_uid: customerUid,
      customer_uid_usage: usage,
      customer_ref: null, // a billing attempt takes its key's id in the insert
      pg_order_id: impUid,
      pg_idempotency_key: crypto.randomUUID(),
      pg_call: customerUid ? 'billing' : 'key_in',
      started_at: now,
      pg_next_check_at: new Date(now.getTime() + this.timing.staleAfterMs),
    };
    const inserted = customerUid ? await this.repo.insertBillingAttempt(attempt, customerUid, issuedKeyId) : await this.repo.insertAttempt(attempt);
    if (inserted === 'unknown_customer') throw rejected(BILLING_MESSAGES.unknownCustomer);
    if (inserted === 'merchant_uid_taken') {
      const blocking = await this.repo.blockingAttempt(merchantId, order.merchantUid);
      throw this.takenError(blocking?.state ?? null, order.merchantUid);
    }
    const customer = typeof inserted === 'object' ? inserted : null;

    const account = pgAccount(channel, this.secrets);
    const chargeOrder = toChargeOrder(attempt, caller);
    const outcome = customer
      ? await this.connector.chargeBillingKey(account, this.billing.unseal(customer), customer.pg_customer_key, chargeOrder, attempt.pg_idempotency_key)
      : await this.connector.keyIn(account, card!, chargeOrder, attempt.pg_idempotency_key);

    const verdict = await settleCharge(this.repo, this.connector, account, { ...attempt, pg_check_count: 0 }, outcome, this.timing, this.clock.now(), this.logger);
    const view = verdict.view ?? (await this.repo.view(merchantId, impUid));
    if (!view) throw new Error(`payment ${impUid} vanished`);
    if (verdict.kind === 'failed' && view.payment.status === 'failed') {
      throw new DomainError('pg_declined', declined(verdict.code, verdict.message));
    }
    return view;
  }
}

function readOrder(params: Params): Order {
  const merchantUid = requiredString(params, 'merchant_uid', 40);
  const amount = requiredWon(params, 'amount', 0);
  const currency = optionalString(params, 'currency', 3)?.toUpperCase() ?? 'KRW';
  if (currency !== 'KRW') throw invalid(PAYMENT_MESSAGES.currency);
  if (amount < CARD_MINIMUM) throw invalid(PAYMENT_MESSAGES.minimum);
  const taxFree = optionalWon(params, 'tax_free', 0) ?? 0;
  if (taxFree > amount) throw invalid(PAYMENT_MESSAGES.taxFree);
  const vat = optionalWon(params, 'vat_amount', 0) ?? optionalWon(params, 'vat', 0);
  if (vat !== null && vat > amount - taxFree) throw invalid(PAYMENT_MESSAGES.vat);
  const quota = optionalInteger(params, 'card_quota', 0, 36) ?? 0;
  if (quota >= 2 && amount < INSTALMENT_MINIMUM) throw invalid(PAYMENT_MESSAGES.quota);
  return {
    merchantUid,
    amount,
    taxFree,
    vat,
    // 1 month is a lump sum, as the card networks count it.
    quota: quota >= 2 ? quota : 0,
    name: optionalString(params, 'name', 200),
    customData: customData(params),
    noticeUrls: noticeUrls(params),
    buyer: buyer(params),
    channelKey: optionalString(params, 'channel_key', 200) ?? optionalString(params, 'channelKey', 200),
  };
}

export function toChargeOrder(
  attempt: Pick<NewAttempt, 'pg_order_id' | 'name' | 'merchant_uid' | 'amount' | 'tax_free' | 'card_quota' | 'buyer_name' | 'buyer_email' | 'buyer_tel'>,
  caller?: CallerInfo,
): ChargeOrder {
  return {
    orderId: attempt.pg_order_id,
    // Toss requires an order name of at most 100 characters.
    orderName: (attempt.name ?? attempt.merchant_uid).slice(0, 100),
    amount: attempt.amount,
    taxFree: attempt.tax_free,
    quota: attempt.card_quota,
    customerName: attempt.buyer_name,
    customerEmail: attempt.buyer_email,
    customerPhone: attempt.buyer_tel,
    customerIp: caller?.ip ?? null,
  };
}

/**
 * Records a charge outcome: paid (announced), failed, or unknown with its next check. An approval for a different
 * amount than asked is cancelled at the PG and never ends paid.
 */
export async function settleCharge(
  repo: PaymentRepository,
  connector: PaymentConnector,
  account: PgAccount,
  attempt: Pick<NewAttempt, 'imp_uid' | 'merchant_id' | 'amount'> & { pg_check_count: number; pg_idempotency_key: string },
  outcome: PgOutcome<PgPayment>,
  timing: ReconcileTiming,
  now: Date,
  logger: Logger,
) {
  const verdict = judgeCharge(attempt, outcome, timing, now);
  let refund: PgOutcome<PgPayment> | null = null;
  if (verdict.kind === 'failed' && verdict.refund) {
    refund = await connector.cancel(
      account,
      verdict.refund.paymentKey,
      { reason: verdict.message, amount: null, taxFree: 0, refundableAmount: null, refundAccount: null },
      `${attempt.pg_idempotency_key}-refund`,
    );
    if (refund.kind !== 'success') {
      logger.error({ impUid: attempt.imp_uid, refund }, 'approval for a different amount could not be cancelled');
    }
  }
  const view = await repo.transitionToView(
    attempt.merchant_id,
    attempt.imp_uid,
    ['approving', 'unknown'],
    verdict.change,
    verdict.kind === 'paid' ? 'paid' : null,
    exchangeLog(attempt.merchant_id, attempt.imp_uid, exchangesOf(outcome, refund)),
  );
  // `view` is the payment as this change left it; null when another writer (the reconciler) settled it first.
  return { ...verdict, view };
}

export const PAGE_MESSAGES = {
  badPage: '유효하지 않은 페이지입니다. page 는 1 이상이며 조회 결과의 마지막 페이지를 넘을 수 없습니다.',
  badLimit: 'limit 은 1 이상 1000 이하로 지정해주세요.',
};

/** GET /subscribe/customers/{customer_uid}/payments: the payments made with (or issuing) the customer's key. */
export async function customerPayments(
  repo: PaymentRepository,
  billing: BillingKeys,
  merchantId: number,
  customerUid: string,
  params: Params,
): Promise<{ total: number; previous: number; next: number; list: PaymentView[] }> {
  const customer = await billing.get(merchantId, customerUid);
  const page = optionalInteger(params, 'page', 1, Number.MAX_SAFE_INTEGER) ?? 1;
  const limit = optionalInteger(params, 'limit', 1, 1000) ?? 20;
  const result = await repo.pageByCustomerUid(merchantId, customer.customer_uid, { offset: (page - 1) * limit, limit });
  const lastPage = Math.max(1, Math.ceil(result.total / limit));
  if (page > lastPage) throw invalid(PAGE_MESSAGES.badPage);
  return { total: result.total, previous: page > 1 ? page - 1 : 0, next: page < lastPage ? page + 1 : 0, list: result.views };
}
