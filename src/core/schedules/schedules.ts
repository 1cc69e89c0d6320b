// Scheduled (예약) payments: a merchant books charges of a billing key for later; the gateway executes each exactly
// once when it falls due. Exactly once rests on three things: a schedule is executed by whoever holds its claim; the
// run's payment attempt (imp_uid) is written on the schedule before the PG is called, so a run that crashed is
// resumed on the same attempt rather than started again; and that attempt's Idempotency-Key is derived from its
// imp_uid, so even a repeated PG call cannot charge twice.
import crypto from 'node:crypto';
import { DomainError, invalid, notFound, rejected } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { newImpUid } from '../../lib/ids.ts';
import type { PaymentConnector } from '../pg/connector.ts';
import type { BillingKeys } from '../billing/billing-keys.ts';
import { BILLING_MESSAGES, customerUidOf } from '../billing/billing-keys.ts';
import type { CustomerRecord } from '../billing/repository.ts';
import { pgAccount, tossChannel, type ChannelSource } from '../payments/channels.ts';
import {
  buyer, customData, noticeUrls, optionalInteger, optionalString, optionalWon, requiredString, requiredWon, type Params,
} from '../payments/input.ts';
import { PAYMENT_MESSAGES, settleCharge, toChargeOrder } from '../payments/non-auth-payments.ts';
import type { ChargeVerdict, ReconcileTiming } from '../payments/outcomes.ts';
import type { PaymentView } from '../payments/read-model.ts';
import type { NewAttempt, PaymentRepository } from '../payments/repository.ts';
import type { NewSchedule, ScheduleRecord, ScheduleRepository, ScheduleView } from './repository.ts';

export const SCHEDULE_MESSAGES = {
  unknownCustomer: '등록된 고객정보가 없습니다. 빌링키 발급을 위해 카드정보를 함께 전달해주세요.',
  nothingToRevoke: '취소할 예약결제 기록이 존재하지 않습니다.',
  noTarget: 'customer_uid 또는 merchant_uid 를 지정해주셔야합니다.',
  noSchedules: 'schedules 파라메터가 누락되었습니다.',
  duplicate: (merchantUid: string) => `이미 예약된 merchant_uid 입니다. (merchant_uid: ${merchantUid})`,
  past: (merchantUid: string) => `예약시각(schedule_at)은 현재 시각 이후여야 합니다. (merchant_uid: ${merchantUid})`,
  notFound: '존재하지 않는 결제예약입니다.',
  notWaiting: '이미 실행되었거나 취소된 결제예약은 변경할 수 없습니다.',
  notRerunnable: '아직 실행되지 않았거나, 실행 중이거나, 이미 승인된 결제예약입니다.',
  checkingFailed: (code: string, message: string) => `카드정보 확인에 실패하였습니다. [${code}]${message}`,
  checkingUnknown: '카드정보 확인 결과를 알 수 없습니다. 잠시 후 다시 시도해주세요.',
  badRange: '유효하지 않은 검색기간입니다.',
  badStatus: '지원되지 않는 상태값입니다.',
  badSorting: '지원되지 않는 정렬규칙입니다.',
};

/** Longer than a PG call can take: a holder that has not settled by then has died, and another one takes over. */
const HOLD_MS = 120_000;
/** How soon a schedule whose payment outcome is still unknown is looked at again. */
const RECHECK_MS = 5_000;
const MAX_SCHEDULES_PER_CALL = 1000;

export interface SchedulePage {
  total: number;
  previous: number;
  next: number;
  list: ScheduleView[];
}

export interface ScheduleListQuery {
  customerUid?: string;
  from: unknown;
  to: unknown;
  status: unknown;
  page: unknown;
  limit: unknown;
  sorting: unknown;
  /** The query's own names, for error messages (`schedule_from` or `from`). */
  names: { from: string; to: string };
}

function unixTime(value: unknown, name: string): Date {
  const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
  if (n === undefined || n === null || n === '') throw invalid(`${name} 파라메터가 누락되었습니다.`);
  if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) {
    throw invalid(`${name} 파라메터의 값이 올바르지 않습니다. (UNIX timestamp)`);
  }
  return new Date(n * 1000);
}

/** `schedules` arrives as a JSON array, or from a PHP-style form as an object keyed 0, 1, … */
function scheduleList(value: unknown): Params[] {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? Object.values(value) : null;
  if (!list || list.length === 0) throw invalid(SCHEDULE_MESSAGES.noSchedules);
  if (list.length > MAX_SCHEDULES_PER_CALL) throw invalid(`schedules는 한 번에 ${MAX_SCHEDULES_PER_CALL}건까지 등록할 수 있습니다.`);
  return list.map((item) => {
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw invalid('schedules 파라메터의 값이 올바르지 않습니다.');
    return item as Params;
  });
}

export class Schedules {
  constructor(
    private readonly repo: ScheduleRepository,
    private readonly payments: PaymentRepository,
    private readonly billing: BillingKeys,
    private readonly channels: ChannelSource,
    private readonly connector: PaymentConnector,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
    private readonly timing: ReconcileTiming,
    private readonly logger: Logger,
  ) {}

  /** POST /subscribe/payments/schedule */
  async schedule(merchantId: number, params: Params): Promise<ScheduleView[]> {
    const customerUid = customerUidOf(params.customer_uid);
    const now = this.clock.now();
    const orders = scheduleList(params.schedules).map((item) => this.readSchedule(item, now));
    const seen = new Set<string>();
    for (const order of orders) {
      if (seen.has(order.merchant_uid)) throw rejected(SCHEDULE_MESSAGES.duplicate(order.merchant_uid));
      seen.add(order.merchant_uid);
      if (await this.repo.find(merchantId, order.merchant_uid)) throw rejected(SCHEDULE_MESSAGES.duplicate(order.merchant_uid));
      const blocking = await this.payments.blockingAttempt(merchantId, order.merchant_uid);
      if (blocking) throw rejected(PAYMENT_MESSAGES.alreadyPaid(order.merchant_uid));
    }

    const customer = await this.customerFor(merchantId, customerUid, params);
    const checkingAmount = optionalWon(params, 'checking_amount', 0) ?? 0;
    if (checkingAmount > 0) await this.checkCard(merchantId, customer, checkingAmount);

    const channelKey = optionalString(params, 'channel_key', 200);
    const rows: NewSchedule[] = orders.map((order) => ({
      ...order,
      merchant_id: merchantId,
      customer_uid: customer.customer_uid,
      buyer_name: order.buyer_name ?? customer.customer_name,
      buyer_email: order.buyer_email ?? customer.customer_email,
      buyer_tel: order.buyer_tel ?? customer.customer_tel,
      buyer_addr: order.buyer_addr ?? customer.customer_addr,
      buyer_postcode: order.buyer_postcode ?? customer.customer_postcode,
      channel_key: channelKey,
      pg_provider: customer.pg_provider,
      pg_id: customer.pg_id,
      customer_id: customer.customer_id,
      created_at: now,
      updated_at: now,
    }));
    const inserted = await this.repo.insertMany(rows);
    if ('duplicate' in inserted) throw rejected(SCHEDULE_MESSAGES.duplicate(inserted.duplicate));
    return inserted;
  }

  private readSchedule(item: Params, now: Date) {
    const merchantUid = requiredString(item, 'merchant_uid', 40);
    const scheduleAt = unixTime(item.schedule_at, 'schedule_at');
    if (scheduleAt.getTime() <= now.getTime()) throw rejected(SCHEDULE_MESSAGES.past(merchantUid));
    const amount = requiredWon(item, 'amount', 1);
    const currency = optionalString(item, 'currency', 3)?.toUpperCase() ?? 'KRW';
    if (currency !== 'KRW') throw invalid(PAYMENT_MESSAGES.currency);
    if (amount < 100) throw invalid(PAYMENT_MESSAGES.minimum);
    const taxFree = optionalWon(item, 'tax_free', 0) ?? 0;
    if (taxFree > amount) throw invalid(PAYMENT_MESSAGES.taxFree);
    const vat = optionalWon(item, 'vat_amount', 0) ?? optionalWon(item, 'vat', 0);
    if (vat !== null && vat > amount - taxFree) throw invalid(PAYMENT_MESSAGES.vat);
    const quota = optionalInteger(item, 'card_quota', 0, 36) ?? 0;
    if (quota >= 2 && amount < 50_000) throw invalid(PAYMENT_MESSAGES.quota);
    return {
      merchant_uid: merchantUid,
      schedule_at: scheduleAt,
      currency,
      amount,
      tax_free: taxFree,
      vat_amount: vat,
      card_quota: quota >= 2 ? quota : 0,
      name: optionalString(item, 'name', 200),
      ...buyer(item),
      custom_data: customData(item),
      notice_urls: noticeUrls(item),
    };
  }

  /** The customer_uid's key; issued first from the card data in the request when there is none yet. */
  private async customerFor(merchantId: number, customerUid: string, params: Params): Promise<CustomerRecord> {
    const existing = await this.billing.find(merchantId, customerUid);
    if (existing) return existing;
    if (optionalString(params, 'card_number') === null) throw rejected(SCHEDULE_MESSAGES.unknownCustomer);
    try {
      return await this.billing.register(merchantId, customerUid, params);
    } catch (error) {
      // PortOne answers a card that fails here with code 1 and its own wording.
      if (error instanceof DomainError && error.kind === 'pg_declined') {
        const m = /\[([^\]]+)\](.*)$/.exec(error.message);
        throw rejected(m ? SCHEDULE_MESSAGES.checkingFailed(m[1]!, m[2]!) : error.message);
      }
      throw error;
    }
  }

  /** `checking_amount`: a small charge of the key that is cancelled at once, proving the card works. */
  private async checkCard(merchantId: number, customer: CustomerRecord, amount: number): Promise<void> {
    const channel = await tossChannel(this.channels, merchantId, 'api_payment', null);
    const account = pgAccount(channel, this.secrets);
    const orderId = `check_${crypto.randomUUID().replaceAll('-', '')}`;
    const charge = await this.connector.chargeBillingKey(
      account,
      this.billing.unseal(customer),
      customer.pg_customer_key,
      {
        orderId, orderName: '카드 정상결제 확인', amount, taxFree: 0, quota: 0,
        customerName: null, customerEmail: null, customerPhone: null, customerIp: null,
      },
      crypto.randomUUID(),
    );
    if (charge.kind === 'declined') throw rejected(SCHEDULE_MESSAGES.checkingFailed(charge.code, charge.message));
    if (charge.kind === 'unknown') throw rejected(SCHEDULE_MESSAGES.checkingUnknown);
    const refund = await this.connector.cancel(
      account,
      charge.value.paymentKey,
      { reason: '카드 정상결제 확인 후 자동취소', amount: null, taxFree: 0, refundableAmount: null, refundAccount: null },
      crypto.randomUUID(),
    );
    if (refund.kind !== 'success') {
      this.logger.error({ orderId, refund }, 'the checking_amount charge could not be cancelled');
    }
  }

  /** POST /subscribe/payments/unschedule */
  async unschedule(merchantId: number, params: Params): Promise<ScheduleView[]> {
    const customerUid = optionalString(params, 'customer_uid', 80);
    const raw = params.merchant_uid;
    const list = (Array.isArray(raw) ? raw : raw === undefined || raw === null || raw === '' ? [] : [raw]).map((v) => {
      if (typeof v !== 'string' && typeof v !== 'number') throw invalid('merchant_uid 파라메터의 값이 올바르지 않습니다.');
      return String(v).trim();
    }).filter(Boolean);
    if (!customerUid && list.length === 0) throw invalid(SCHEDULE_MESSAGES.noTarget);
    const revoked = await this.repo.revoke(merchantId, { customerUid, merchantUids: list.length ? list : null }, this.clock.now());
    if (revoked.length === 0) throw rejected(SCHEDULE_MESSAGES.nothingToRevoke);
    return revoked;
  }

  async get(merchantId: number, merchantUid: string): Promise<ScheduleView> {
    const schedule = await this.repo.find(merchantId, merchantUid);
    if (!schedule) throw notFound(SCHEDULE_MESSAGES.notFound);
    return schedule;
  }

  async list(merchantId: number, query: ScheduleListQuery): Promise<SchedulePage> {
    const from = unixTime(query.from, query.names.from);
    const to = unixTime(query.to, query.names.to);
    if (from.getTime() >= to.getTime()) throw invalid(SCHEDULE_MESSAGES.badRange);
    const status = query.status === undefined || query.status === null || query.status === '' ? null : String(query.status);
    if (status !== null && !['scheduled', 'executed', 'revoked'].includes(status)) throw invalid(SCHEDULE_MESSAGES.badStatus);
    const sorting = query.sorting === undefined || query.sorting === '' ? null : String(query.sorting);
    if (sorting !== null && sorting !== 'scheduled' && sorting !== '-scheduled') throw invalid(SCHEDULE_MESSAGES.badSorting);
    const page = optionalInteger({ page: query.page }, 'page', 1, 1_000_000) ?? 1;
    const limit = optionalInteger({ limit: query.limit }, 'limit', 1, 1000) ?? 20;
    const { total, list } = await this.repo.list(merchantId, {
      customerUid: query.customerUid,
      from,
      to,
      status: status as 'scheduled' | 'executed' | 'revoked' | null,
      oldestFirst: sorting === 'scheduled',
      offset: (page - 1) * limit,
      limit,
    });
    return { total, previous: page > 1 ? page - 1 : 0, next: page * limit < total ? page + 1 : 0, list };
  }

  /** PUT /subscribe/payments/schedule/{merchant_uid}: moves a schedule that has not run yet. */
  async move(merchantId: number, merchantUid: string, params: Params): Promise<ScheduleView> {
    const at = this.futureTime(params, merchantUid);
    const moved = await this.repo.moveWaiting(merchantId, merchantUid, at, this.clock.now());
    if (moved) return moved;
    await this.get(merchantId, merchantUid);
    throw invalid(SCHEDULE_MESSAGES.notWaiting);
  }

  /** POST …/{merchant_uid}/reschedule: books a failed or revoked schedule again. */
  async reschedule(merchantId: number, merchantUid: string, params: Params): Promise<ScheduleView> {
    const at = this.futureTime(params, merchantUid);
    const now = this.clock.now();
    const rerun = await this.repo.startNewRun(merchantId, merchantUid, at, now, now);
    if (!rerun) {
      await this.get(merchantId, merchantUid);
      throw invalid(SCHEDULE_MESSAGES.notRerunnable);
    }
    return this.get(merchantId, merchantUid);
  }

  /** POST …/{merchant_uid}/retry: executes a failed or revoked schedule now and returns its payment. */
  async retry(merchantId: number, merchantUid: string): Promise<PaymentView> {
    const current = await this.get(merchantId, merchantUid);
    if (!(await this.billing.find(merchantId, current.customer_uid))) throw notFound(BILLING_MESSAGES.unknownCustomer);
    const now = this.clock.now();
    const rerun = await this.repo.startNewRun(merchantId, merchantUid, null, new Date(now.getTime() + HOLD_MS), now);
    if (!rerun) throw invalid(SCHEDULE_MESSAGES.notRerunnable);
    const impUid = await this.execute(rerun);
    const view = impUid ? await this.payments.view(merchantId, impUid) : null;
    if (!view) throw rejected((await this.get(merchantId, merchantUid)).fail_reason ?? SCHEDULE_MESSAGES.notFound);
    return view;
  }

  private futureTime(params: Params, merchantUid: string): Date {
    const at = unixTime(params.schedule_at, 'schedule_at');
    if (at.getTime() <= this.clock.now().getTime()) throw invalid(SCHEDULE_MESSAGES.past(merchantUid));
    return at;
  }

  /** Executes due schedules (one batch); returns how many were taken. */
  async executeDue(limit: number): Promise<number> {
    const now = this.clock.now();
    const due = await this.repo.claimDue(now, new Date(now.getTime() + HOLD_MS), limit);
    await Promise.all(
      due.map((schedule) =>
        this.execute(schedule).catch((error) =>
          this.logger.error({ err: error, merchantUid: schedule.merchant_uid }, 'executing a schedule failed; it will be taken again'),
        ),
      ),
    );
    return due.length;
  }

  /**
   * One run of a schedule this process holds: names its payment attempt, charges the key (unless an earlier holder of
   * the same run already made the attempt), and settles the schedule from the attempt's outcome. Returns the imp_uid.
   */
  private async execute(schedule: ScheduleRecord): Promise<string | null> {
    let impUid = schedule.imp_uid;
    const resumed = impUid !== null;
    if (!impUid) {
      impUid = newImpUid();
      if (!(await this.repo.assignAttempt(schedule.id, schedule.run, impUid, this.clock.now()))) return null;
    }
    // A fresh imp_uid has no attempt yet; a resumed run's attempt may exist (its holder died after writing it).
    if (!resumed || !(await this.payments.internals(schedule.merchant_id, impUid))) {
      const charged = await this.charge(schedule, impUid);
      if ('refusal' in charged) {
        await this.repo.settle(schedule.id, schedule.run, {
          imp_uid: null, payment_status: 'failed', fail_reason: charged.refusal, pg_provider: schedule.pg_provider,
          pg_id: schedule.pg_id, executed_at: this.clock.now(),
        }, false);
        return null;
      }
      const { verdict, pgProvider, pgId } = charged;
      if (verdict.kind !== 'unknown') {
        await this.repo.settle(schedule.id, schedule.run, {
          imp_uid: impUid,
          payment_status: verdict.kind,
          fail_reason: verdict.kind === 'failed' ? (verdict.change.fail_reason ?? null) : null,
          pg_provider: pgProvider,
          pg_id: pgId,
          executed_at: verdict.change.paid_at ?? verdict.change.failed_at ?? this.clock.now(),
        }, verdict.kind === 'failed');
        return impUid;
      }
    }
    // A run resumed after its holder died, or one whose PG answer is not known yet: the attempt's stored state decides.
    const view = await this.payments.view(schedule.merchant_id, impUid);
    if (!view) throw new Error(`payment ${impUid} of schedule ${schedule.merchant_uid} vanished`);
    const payment = view.payment;
    if (payment.status === 'ready') {
      // The reconciler settles the attempt with the PG; a later claim then settles the schedule.
      await this.repo.hold(schedule.id, schedule.run, new Date(this.clock.now().getTime() + RECHECK_MS));
      return impUid;
    }
    await this.repo.settle(schedule.id, schedule.run, {
      imp_uid: impUid,
      payment_status: payment.status,
      fail_reason: payment.fail_reason,
      pg_provider: payment.pg_provider,
      pg_id: payment.pg_id,
      executed_at: payment.paid_at ?? payment.failed_at ?? this.clock.now(),
    }, payment.status === 'failed');
    return impUid;
  }

  /** Writes the attempt, then charges the key: what the PG decided, or why no attempt could be made. */
  private async charge(
    schedule: ScheduleRecord,
    impUid: string,
  ): Promise<{ refusal: string } | { verdict: ChargeVerdict; pgProvider: string; pgId: string }> {
    const customer = await this.billing.find(schedule.merchant_id, schedule.customer_uid);
    if (!customer) return { refusal: BILLING_MESSAGES.unknownCustomer };
    let channel;
    try {
      channel = await tossChannel(this.channels, schedule.merchant_id, 'api_payment', schedule.channel_key);
    } catch (error) {
      if (error instanceof DomainError) return { refusal: error.message };
      throw error;
    }
    const now = this.clock.now();
    const attempt: NewAttempt = {
      imp_uid: impUid,
      merchant_id: schedule.merchant_id,
      channel_id: channel.id,
      merchant_uid: schedule.merchant_uid,
      state: 'approving',
      pay_method: 'card',
      channel: 'api',
      pg_provider: channel.pgProvider,
      pg_id: channel.pgId,
      sandbox: channel.sandbox,
      name: schedule.name,
      currency: schedule.currency,
      amount: schedule.amount,
      tax_free: schedule.tax_free,
      vat_amount: schedule.vat_amount,
      card_quota: schedule.card_quota,
      buyer_name: schedule.buyer_name,
      buyer_email: schedule.buyer_email,
      buyer_tel: schedule.buyer_tel,
      buyer_addr: schedule.buyer_addr,
      buyer_postcode: schedule.buyer_postcode,
      custom_data: schedule.custom_data,
      user_agent: null,
      notice_urls: schedule.notice_urls,
      customer_uid: customer.customer_uid,
      customer_uid_usage: 'payment.scheduled',
      customer_ref: customer.id,
      pg_order_id: impUid,
      // Derived from the imp_uid, which is stored before the call: whoever repeats this call repeats it exactly.
      pg_idempotency_key: `schedule-${impUid}`,
      pg_call: 'billing',
      started_at: now,
      pg_next_check_at: new Date(now.getTime() + this.timing.staleAfterMs),
    };
    if ((await this.payments.insertAttempt(attempt)) === 'merchant_uid_taken') {
      const blocking = await this.payments.blockingAttempt(schedule.merchant_id, schedule.merchant_uid);
      return {
        refusal: blocking?.state === 'approving' || blocking?.state === 'unknown'
          ? PAYMENT_MESSAGES.inFlight(schedule.merchant_uid)
          : PAYMENT_MESSAGES.alreadyPaid(schedule.merchant_uid),
      };
    }
    const account = pgAccount(channel, this.secrets);
    const outcome = await this.connector.chargeBillingKey(
      account, this.billing.unseal(customer), customer.pg_customer_key, toChargeOrder(attempt), attempt.pg_idempotency_key,
    );
    const verdict = await settleCharge(
      this.payments, this.connector, account, { ...attempt, pg_check_count: 0 }, outcome, this.timing, this.clock.now(), this.logger,
    );
    return { verdict, pgProvider: channel.pgProvider, pgId: channel.pgId };
  }
}
