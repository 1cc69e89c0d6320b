// ScheduleResult on the V1 wire (reference §5.5): every field present, UNIX seconds with 0 for "never", payment_status
// a real null until the schedule has run, then the current status of the payment it made.
import type { ScheduleView } from '../../core/schedules/repository.ts';
import { unixSeconds } from '../../lib/clock.ts';

export interface WireScheduleResult {
  customer_uid: string;
  merchant_uid: string;
  imp_uid: string | null;
  pg_provider: string | null;
  pg_id: string | null;
  customer_id: string | null;
  schedule_at: number;
  executed_at: number;
  revoked_at: number;
  amount: number;
  currency: string;
  name: string | null;
  buyer_name: string | null;
  buyer_email: string | null;
  buyer_tel: string | null;
  buyer_addr: string | null;
  buyer_postcode: string | null;
  custom_data: string | null;
  schedule_status: 'scheduled' | 'executed' | 'revoked';
  payment_status: 'paid' | 'failed' | 'cancelled' | null;
  fail_reason: string | null;
  promotion_id: string | null;
}

export function serializeSchedule(s: ScheduleView): WireScheduleResult {
  const executed = s.state === 'executed';
  const attempt = s.attempt_status === 'ready' ? null : s.attempt_status;
  return {
    customer_uid: s.customer_uid,
    merchant_uid: s.merchant_uid,
    // A run in progress has named its attempt, but the wire shows it only once the schedule has run.
    imp_uid: executed ? s.imp_uid : null,
    pg_provider: s.pg_provider,
    pg_id: s.pg_id,
    customer_id: s.customer_id,
    schedule_at: unixSeconds(s.schedule_at),
    executed_at: unixSeconds(s.executed_at),
    revoked_at: unixSeconds(s.revoked_at),
    amount: s.amount,
    currency: s.currency,
    name: s.name,
    buyer_name: s.buyer_name,
    buyer_email: s.buyer_email,
    buyer_tel: s.buyer_tel,
    buyer_addr: s.buyer_addr,
    buyer_postcode: s.buyer_postcode,
    custom_data: s.custom_data,
    schedule_status: s.state === 'executing' ? 'scheduled' : s.state,
    payment_status: executed ? (attempt ?? s.payment_status) : null,
    fail_reason: executed ? s.fail_reason : null,
    promotion_id: null,
  };
}
