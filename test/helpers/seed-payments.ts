// Realistic payments written straight into the store, for tests of the read side: a paid card payment, an issued
// virtual account awaiting deposit, a declined attempt, and a partly cancelled payment with its cancellation rows.
import type { Insertable } from 'kysely';
import { newCancellationId, newImpUid } from '../../src/lib/ids.ts';
import type { CancellationsTable, GatewayDb, PaymentsTable } from '../../src/store/schema.ts';

type PaymentSeed = Partial<Insertable<PaymentsTable>> & { merchant_uid: string };

const MINUTE = 60_000;

function card(now: Date): Partial<Insertable<PaymentsTable>> {
  return {
    pay_method: 'card',
    channel: 'pc',
    pg_provider: 'tosspayments',
    pg_id: 'tosstest',
    apply_num: '30014820',
    card_code: '366',
    card_name: '신한카드',
    card_issuer_code: '366',
    card_issuer_name: '신한카드',
    card_publisher_code: '366',
    card_publisher_name: '신한카드',
    card_number: '433012******7421',
    card_type: 0,
    receipt_url: 'https://dashboard.tosspayments.com/receipt/redirection?transactionId=tviva20261128',
    started_at: new Date(now.getTime() - 2 * MINUTE),
  };
}

export async function seedPayment(db: GatewayDb, merchantId: number, seed: PaymentSeed): Promise<string> {
  const now = new Date();
  const impUid = seed.imp_uid ?? newImpUid();
  const state = seed.state ?? 'ready';
  await db
    .insertInto('payments')
    .values({
      imp_uid: impUid,
      merchant_id: merchantId,
      state,
      pay_method: 'card',
      channel: 'pc',
      pg_provider: 'tosspayments',
      pg_id: 'tosstest',
      currency: 'KRW',
      amount: 1000,
      name: '주문명:결제테스트',
      buyer_name: '홍길동',
      buyer_email: 'gildong@example.com',
      buyer_tel: '010-4242-4242',
      buyer_addr: '서울특별시 강남구 신사동',
      buyer_postcode: '01181',
      user_agent: 'Mozilla/5.0 (X11; Linux x86_64)',
      started_at: now,
      updated_at: now,
      pg_order_id: impUid,
      notice_urls: '[]',
      deposit_history: '[]',
      ...seed,
    })
    .execute();
  return impUid;
}

export async function seedCancellation(
  db: GatewayDb,
  merchantId: number,
  impUid: string,
  seed: Partial<Insertable<CancellationsTable>> & { amount: number },
): Promise<string> {
  const cancellationId = seed.cancellation_id ?? newCancellationId();
  const at = seed.cancelled_at ?? new Date();
  await db
    .insertInto('cancellations')
    .values({
      cancellation_id: cancellationId,
      imp_uid: impUid,
      merchant_id: merchantId,
      state: 'done',
      pg_idempotency_key: `cancel-${cancellationId}`,
      requested_at: at,
      cancelled_at: at,
      ...seed,
    })
    .execute();
  return cancellationId;
}

export interface SeededPayments {
  paidCard: string;
  readyVbank: string;
  failed: string;
  partlyCancelled: string;
  /** The one done cancellation of partlyCancelled (a refused attempt exists too). */
  cancellationId: string;
  merchantUids: { paidCard: string; readyVbank: string; failed: string; partlyCancelled: string };
}

/** One payment of each kind for a merchant, with merchant_uids made unique by `tag`; `now` anchors the times. */
export async function seedPayments(db: GatewayDb, merchantId: number, now: Date, tag = 'seed'): Promise<SeededPayments> {
  const ago = (minutes: number) => new Date(now.getTime() - minutes * MINUTE);
  const merchantUids = {
    paidCard: `order-${tag}-paid`,
    readyVbank: `order-${tag}-vbank`,
    failed: `order-${tag}-failed`,
    partlyCancelled: `order-${tag}-cancel`,
  };
  const paidCard = await seedPayment(db, merchantId, {
    ...card(now),
    merchant_uid: merchantUids.paidCard,
    state: 'paid',
    amount: 64900,
    name: '노르웨이 회전 의자',
    pg_tid: 'tviva20261128000001',
    custom_data: JSON.stringify({ cart: [{ sku: 'chair-01', qty: 1 }] }),
    started_at: ago(30),
    paid_at: ago(29),
    updated_at: ago(29),
  });
  const readyVbank = await seedPayment(db, merchantId, {
    merchant_uid: merchantUids.readyVbank,
    state: 'ready',
    pay_method: 'vbank',
    amount: 39000,
    pg_tid: 'tviva20261128000002',
    vbank_code: '088',
    vbank_name: '신한은행',
    vbank_num: 'X3790127821223',
    vbank_holder: null,
    vbank_date: new Date(now.getTime() + 3 * 24 * 60 * MINUTE),
    vbank_issued_at: ago(20),
    started_at: ago(21),
    updated_at: ago(20),
  });
  const failed = await seedPayment(db, merchantId, {
    ...card(now),
    merchant_uid: merchantUids.failed,
    state: 'failed',
    amount: 15000,
    apply_num: null,
    card_number: null,
    receipt_url: null,
    fail_reason: '[REJECT_CARD_COMPANY] 결제 승인이 거절되었습니다.',
    started_at: ago(15),
    failed_at: ago(14),
    updated_at: ago(14),
  });
  const partlyCancelled = await seedPayment(db, merchantId, {
    ...card(now),
    merchant_uid: merchantUids.partlyCancelled,
    state: 'cancelled',
    amount: 50000,
    cancel_amount: 20000,
    pg_tid: 'tviva20261128000004',
    started_at: ago(60),
    paid_at: ago(59),
    cancelled_at: ago(5),
    cancel_reason: '부분 반품',
    updated_at: ago(5),
  });
  const cancellationId = await seedCancellation(db, merchantId, partlyCancelled, {
    amount: 20000,
    pg_tid: 'tviva20261128000004-c1',
    reason: '부분 반품',
    receipt_url: 'https://dashboard.tosspayments.com/receipt/redirection?transactionId=cancel-1',
    cancelled_at: ago(5),
  });
  await seedCancellation(db, merchantId, partlyCancelled, {
    state: 'failed',
    amount: 40000,
    reason: '잔액 초과',
    requested_at: ago(4),
    cancelled_at: null,
  });
  return { paidCard, readyVbank, failed, partlyCancelled, cancellationId, merchantUids };
}
