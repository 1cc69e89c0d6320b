// What scheduled payments need from storage. Field names follow the stored columns.

export type ScheduleState = 'scheduled' | 'executing' | 'executed' | 'revoked';
export type ScheduledPaymentStatus = 'paid' | 'failed' | 'cancelled';

export interface ScheduleRecord {
  id: number;
  merchant_id: number;
  customer_uid: string;
  merchant_uid: string;
  schedule_at: Date;
  currency: string;
  amount: number;
  tax_free: number;
  vat_amount: number | null;
  card_quota: number;
  name: string | null;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  notice_urls: string[];
  channel_key: string | null;
  state: ScheduleState;
  claimed_until: Date | null;
  imp_uid: string | null;
  run: number;
  payment_status: ScheduledPaymentStatus | null;
  fail_reason: string | null;
  pg_provider: string | null;
  pg_id: string | null;
  customer_id: string | null;
  executed_at: Date | null;
  revoked_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

/** A schedule with the current wire status of the payment it made (which may have been cancelled since). */
export interface ScheduleView extends ScheduleRecord {
  attempt_status: 'ready' | 'paid' | 'failed' | 'cancelled' | null;
}

export type NewSchedule = Omit<
  ScheduleRecord,
  'id' | 'state' | 'claimed_until' | 'imp_uid' | 'run' | 'payment_status' | 'fail_reason' | 'executed_at' | 'revoked_at'
>;

export interface ScheduleFilter {
  customerUid?: string;
  from: Date;
  to: Date;
  /** The wire's status: `scheduled` includes those being executed right now. */
  status: 'scheduled' | 'executed' | 'revoked' | null;
  oldestFirst: boolean;
  offset: number;
  limit: number;
}

export interface ScheduleOutcome {
  /** The run's attempt; null when none could be made (the key or the channel was gone). */
  imp_uid: string | null;
  payment_status: ScheduledPaymentStatus;
  fail_reason: string | null;
  pg_provider: string | null;
  pg_id: string | null;
  executed_at: Date;
}

export interface ScheduleRepository {
  /** All or nothing: `duplicate` names a merchant_uid that is already scheduled. */
  insertMany(rows: NewSchedule[]): Promise<ScheduleView[] | { duplicate: string }>;
  find(merchantId: number, merchantUid: string): Promise<ScheduleView | null>;
  list(merchantId: number, filter: ScheduleFilter): Promise<{ total: number; list: ScheduleView[] }>;
  /** Revokes the waiting schedules that match; returns them. */
  revoke(merchantId: number, match: { customerUid: string | null; merchantUids: string[] | null }, now: Date): Promise<ScheduleView[]>;
  /** Moves a waiting schedule; null when it is not waiting (any more). */
  moveWaiting(merchantId: number, merchantUid: string, at: Date, now: Date): Promise<ScheduleView | null>;
  /**
   * Starts a new run of an executed-and-failed or revoked schedule: waiting for `at`, or (at null) held by the caller
   * until `holdUntil` to execute it now. Null when the schedule is in no such state.
   */
  startNewRun(merchantId: number, merchantUid: string, at: Date | null, holdUntil: Date, now: Date): Promise<ScheduleRecord | null>;
  /** Takes due schedules, and executing ones whose holder lapsed, holding them until `holdUntil`. */
  claimDue(now: Date, holdUntil: Date, limit: number): Promise<ScheduleRecord[]>;
  /** Names the run's payment attempt before the PG is called; false if the run is no longer this one's. */
  assignAttempt(id: number, run: number, impUid: string, now: Date): Promise<boolean>;
  /** Keeps an executing schedule held until `until` (its payment's outcome is not known yet). */
  hold(id: number, run: number, until: Date): Promise<void>;
  /**
   * Records the run's outcome; a failure is announced to the merchant in the same transaction (a success was announced
   * with the payment). False if another worker settled it first.
   */
  settle(id: number, run: number, outcome: ScheduleOutcome, announceFailure: boolean): Promise<boolean>;
}
