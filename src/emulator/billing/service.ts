// Billing (자동결제): a billing key bound to a customerKey, issued from card details (API) or from an authKey the
// billing-auth window handed out; charges against it approve at once.
import { sql, type Kysely } from 'kysely';
import type { AdjustableClock } from '../../lib/clock.ts';
import { scoped, type EmulatorContext } from '../context.ts';
import { BodyReader } from '../http/body.ts';
import { answerRow, CommittedAnswer, IdempotencyKeyTaken, isIdempotencyKeyTaken, type AnswerCommit } from '../http/idempotency.ts';
import { TossError } from '../http/errors.ts';
import { newApproveNo, newAuthKey, newBillingKey, newPaymentKey, newTransactionKey } from '../keys.ts';
import { findMerchantByClientKey, type Merchant } from '../merchants/merchants.ts';
import { CARD_COMPANIES } from '../payments/codes.ts';
import type { CardDetails, PaymentRow } from '../payments/model.ts';
import {
  CARD_MINIMUM_AMOUNT, cardDetails, checkInstallmentPlan, declineCodeFor, readAmount, readCardInput, readCustomer,
  readOrderId, readOrderName, readTaxAmounts,
} from '../payments/rules.ts';
import { basePayment, isUniqueViolation, paymentRowValues, presentPayment } from '../payments/store.ts';
import { EMULATOR_SCHEMA } from '../store/migrations.ts';
import { PREPARED } from '../../store/prepared-statements.ts';
import { kst } from '../time.ts';
import { enqueueWebhook, legacyCreatedAt } from '../webhooks/outbox.ts';

type Json = Record<string, unknown>;

const CUSTOMER_KEY_PATTERN = /^[A-Za-z0-9\-_=.@*]{2,300}$/;

/** What a billing key remembers of its card: the masked card and, for documented decline numbers, the decline. */
interface BillingCard extends CardDetails {
  declineCode: string | null;
}

function readCustomerKey(b: BodyReader): string {
  const customerKey = b.string('customerKey', { required: true });
  if (!CUSTOMER_KEY_PATTERN.test(customerKey)) throw new TossError('INVALID_CUSTOMER_KEY');
  return customerKey;
}

function serializeBilling(row: { mid: string; customer_key: string; authenticated_at: Date; billing_key: string; card: BillingCard }): Json {
  const company = CARD_COMPANIES.find((c) => c.code === row.card.issuerCode)?.ko ?? row.card.issuerCode;
  return {
    mId: row.mid,
    customerKey: row.customer_key,
    authenticatedAt: kst(row.authenticated_at),
    method: '카드',
    billingKey: row.billing_key,
    cardCompany: company,
    cardNumber: row.card.number,
    card: {
      issuerCode: row.card.issuerCode,
      acquirerCode: row.card.acquirerCode,
      number: row.card.number,
      cardType: row.card.cardType,
      ownerType: row.card.ownerType,
    },
  };
}

async function saveBillingKey(db: Kysely<any>, mid: string, customerKey: string, card: BillingCard, now: Date): Promise<Json> {
  const row = { billing_key: newBillingKey(), mid, customer_key: customerKey, card: JSON.stringify(card), authenticated_at: now };
  await db.insertInto('billing_keys').values(row).execute();
  return serializeBilling({ ...row, card });
}

function billingCardFrom(cardNumber: string, issuerCode?: string | null): BillingCard {
  return { ...cardDetails({ cardNumber, issuerCode, installmentPlanMonths: 0 }), approveNo: null, declineCode: declineCodeFor(cardNumber) };
}

/** POST /v1/billing/authorizations/card */
export async function issueBillingKeyWithCard(ctx: EmulatorContext, merchant: Merchant, body: unknown): Promise<Json> {
  const b = new BodyReader(body);
  const now = ctx.clock.now();
  const customerKey = readCustomerKey(b);
  const card = readCardInput(b, now);
  readCustomer(b);
  const decline = declineCodeFor(card.cardNumber);
  // Cards that are stopped or expired cannot be registered; limit declines only show when charging.
  if (decline === 'INVALID_STOPPED_CARD' || decline === 'INVALID_CARD_EXPIRATION' || decline === 'INVALID_CARD_LOST_OR_STOLEN') {
    throw new TossError(decline);
  }
  return saveBillingKey(ctx.db, merchant.mid, customerKey, billingCardFrom(card.cardNumber), now);
}

export const BILLING_AUTH_TTL_MS = 30 * 60_000;

/**
 * For the billing-auth window: the buyer registered a card for `customerKey`. Returns the one-shot authKey (valid
 * 30 minutes) and the successUrl with customerKey and authKey appended.
 */
export async function createBillingAuth(
  deps: { db: Kysely<any>; clock: AdjustableClock },
  input: { clientKey: string; customerKey: string; cardNumber?: string; cardCompany?: string; successUrl?: string | null },
): Promise<{ authKey: string; customerKey: string; redirectUrl: string | null }> {
  const db = scoped(deps.db);
  const merchant = await findMerchantByClientKey(db, input.clientKey);
  if (!merchant) throw new TossError('UNAUTHORIZED_KEY');
  if (!CUSTOMER_KEY_PATTERN.test(input.customerKey)) throw new TossError('INVALID_CUSTOMER_KEY');
  const number = (input.cardNumber ?? '').replace(/\D/g, '');
  if (input.cardNumber !== undefined && !/^\d{14,20}$/.test(number)) throw new TossError('INVALID_CARD_NUMBER');
  const card = billingCardFrom(number || '5365100000000000', input.cardCompany ?? null);
  const now = deps.clock.now();
  const authKey = newAuthKey();
  await db
    .insertInto('billing_auths')
    .values({
      auth_key: authKey,
      mid: merchant.mid,
      customer_key: input.customerKey,
      card: JSON.stringify(card),
      created_at: now,
      expires_at: new Date(now.getTime() + BILLING_AUTH_TTL_MS),
    })
    .execute();
  let redirectUrl: string | null = null;
  if (input.successUrl) {
    const u = new URL(input.successUrl);
    u.searchParams.append('customerKey', input.customerKey);
    u.searchParams.append('authKey', authKey);
    redirectUrl = u.toString();
  }
  return { authKey, customerKey: input.customerKey, redirectUrl };
}

/** POST /v1/billing/authorizations/issue */
export async function issueBillingKeyWithAuthKey(ctx: EmulatorContext, merchant: Merchant, body: unknown): Promise<Json> {
  const b = new BodyReader(body);
  const authKey = b.string('authKey', { required: true, max: 300 });
  const customerKey = readCustomerKey(b);
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const auth = await trx
      .selectFrom('billing_auths')
      .selectAll()
      .where('auth_key', '=', authKey)
      .where('mid', '=', merchant.mid)
      .forUpdate()
      .executeTakeFirst();
    if (!auth || auth.used_at || auth.expires_at.getTime() <= now.getTime()) throw new TossError('INVALID_BILLING_AUTH');
    if (auth.customer_key !== customerKey) throw new TossError('NOT_MATCHES_CUSTOMER_KEY');
    await trx.updateTable('billing_auths').set({ used_at: now }).where('auth_key', '=', authKey).execute();
    const card = typeof auth.card === 'string' ? JSON.parse(auth.card) : auth.card;
    return saveBillingKey(trx, merchant.mid, customerKey, card, now);
  });
}

/**
 * POST /v1/billing/{billingKey}: approved at once, type BILLING; Toss sends no webhook for it. With `commit` the answer
 * is written under the Idempotency-Key in the charge's own statement and returned as a CommittedAnswer.
 */
export async function chargeBillingKey(
  ctx: EmulatorContext,
  merchant: Merchant,
  billingKey: string,
  body: unknown,
  commit?: AnswerCommit,
): Promise<Json | CommittedAnswer> {
  const b = new BodyReader(body);
  const now = commit?.now ?? ctx.clock.now();
  const customerKey = b.string('customerKey', { required: true });
  const amount = readAmount(b, CARD_MINIMUM_AMOUNT);
  const orderId = readOrderId(b);
  const orderName = readOrderName(b);
  const months = b.integer('cardInstallmentPlan') ?? 0;
  checkInstallmentPlan(months, amount);
  const taxes = readTaxAmounts(b, amount);
  const customer = readCustomer(b);
  b.string('customerIp');
  const metadata = b.metadata();

  const stored = await billingCards.get(ctx, merchant.mid, billingKey);
  if (!stored || stored.declineCode) throw await whyNotCharged(ctx, merchant, billingKey, customerKey);
  const { declineCode: _, ...card } = stored;
  const transactionKey = newTransactionKey();
  const p: PaymentRow = {
    ...basePayment({ paymentKey: newPaymentKey(merchant.mid, now), mid: merchant.mid, orderId, orderName, amount, now }),
    type: 'BILLING',
    method: '카드',
    status: 'DONE',
    tax_free_amount: taxes.taxFreeAmount,
    tax_exemption_amount: taxes.taxExemptionAmount,
    customer_key: customerKey,
    approved_at: now,
    approve_transaction_key: transactionKey,
    last_transaction_key: transactionKey,
    details: { customer, metadata, card: { ...card, installmentPlanMonths: months, approveNo: newApproveNo() } },
  };
  const answer = await presentPayment(ctx, ctx.db, merchant, p);
  const payload = commit ? JSON.stringify(answer) : '';

  // One statement: the key is checked (still this customer's, not deleted, the card we read) as the payment is
  // written, and with an Idempotency-Key the answer is written with it — a charge is one round trip and one commit,
  // so the emulator never becomes the bottleneck of the gateway's benchmarks. When nothing is written, a second look
  // says why. The schema is named in the statement, so it runs without the schema plugin's rewriting.
  const values = paymentRowValues(p);
  const columns = Object.keys(values);
  const s = sql.id(EMULATOR_SCHEMA);
  const charge = sql`
    insert into ${s}.payments (${sql.join(columns.map((c) => sql.id(c)))})
    select ${sql.join(columns.map((c) => sql`${values[c]}::${sql.raw(PAYMENT_COLUMN_TYPES[c])}`))}
      from ${s}.billing_keys bk
     where bk.billing_key = ${billingKey} and bk.mid = ${merchant.mid} and bk.deleted_at is null
       and bk.customer_key = ${customerKey} and bk.card = ${JSON.stringify(stored)}::jsonb
    returning 1`;
  let charged: number;
  try {
    const result = await sql<{ n: number }>`${sql.raw(PREPARED)}
      with charged as (${charge})
      ${commit ? sql`, answered as (${answerRow(commit.id, 200, payload, now, 'charged')} returning 1)` : sql``}
      select count(*)::int as n from charged`.execute(ctx.db.withoutPlugins());
    charged = Number(result.rows[0]?.n ?? 0);
  } catch (err) {
    if (commit && isIdempotencyKeyTaken(err)) throw new IdempotencyKeyTaken();
    if (isUniqueViolation(err)) throw new TossError('DUPLICATED_ORDER_ID');
    throw err;
  }
  if (charged === 0) {
    billingCards.forget(merchant.mid, billingKey);
    throw await whyNotCharged(ctx, merchant, billingKey, customerKey);
  }
  return commit ? new CommittedAnswer(payload) : answer;
}

/**
 * The card a billing key was issued for never changes, so charges read it from memory; the charge's statement still
 * checks it against the stored key (with deletion and customer), so a stale entry only costs a second look.
 */
const billingCards = {
  entries: new Map<string, BillingCard>(),
  limit: 10_000,
  async get(ctx: EmulatorContext, mid: string, billingKey: string): Promise<BillingCard | null> {
    const id = `${mid}\u0000${billingKey}`;
    const hit = this.entries.get(id);
    if (hit) return hit;
    const row = await ctx.db.selectFrom('billing_keys').select('card').where('billing_key', '=', billingKey).where('mid', '=', mid).executeTakeFirst();
    if (!row) return null;
    const card: BillingCard = typeof row.card === 'string' ? JSON.parse(row.card) : row.card;
    if (this.entries.size >= this.limit) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(id, card);
    return card;
  },
  forget(mid: string, billingKey: string): void {
    this.entries.delete(`${mid}\u0000${billingKey}`);
  },
};

const PAYMENT_COLUMN_TYPES: Record<string, string> = {
  total_amount: 'bigint', balance_amount: 'bigint', tax_free_amount: 'bigint', tax_exemption_amount: 'bigint',
  use_escrow: 'boolean', culture_expense: 'boolean',
  requested_at: 'timestamptz', approved_at: 'timestamptz', session_expires_at: 'timestamptz', due_at: 'timestamptz',
  updated_at: 'timestamptz', details: 'jsonb',
};
for (const c of ['payment_key', 'mid', 'order_id', 'order_name', 'type', 'method', 'status', 'currency', 'customer_key', 'secret',
  'approve_transaction_key', 'last_transaction_key', 'account_number', 'failure_code', 'failure_message']) {
  PAYMENT_COLUMN_TYPES[c] = 'text';
}

async function whyNotCharged(ctx: EmulatorContext, merchant: Merchant, billingKey: string, customerKey: string): Promise<TossError> {
  const key = await ctx.db
    .selectFrom('billing_keys')
    .selectAll()
    .where('billing_key', '=', billingKey)
    .where('mid', '=', merchant.mid)
    .executeTakeFirst();
  if (!key) return new TossError('NOT_FOUND_BILLING');
  if (key.deleted_at) return new TossError('ALREADY_REMOVED_BILLING_KEY');
  if (key.customer_key !== customerKey) return new TossError('NOT_MATCHES_CUSTOMER_KEY');
  const card: BillingCard = typeof key.card === 'string' ? JSON.parse(key.card) : key.card;
  return new TossError(card.declineCode ?? 'NOT_FOUND_BILLING');
}

/** DELETE /v1/billing/{billingKey} */
export async function deleteBillingKey(ctx: EmulatorContext, merchant: Merchant, billingKey: string): Promise<void> {
  const key = await ctx.db
    .selectFrom('billing_keys')
    .select(['deleted_at'])
    .where('billing_key', '=', billingKey)
    .where('mid', '=', merchant.mid)
    .executeTakeFirst();
  if (!key) throw new TossError('NOT_FOUND_BILLING');
  if (key.deleted_at) throw new TossError('ALREADY_REMOVED_BILLING_KEY');
  await ctx.db.updateTable('billing_keys').set({ deleted_at: ctx.clock.now() }).where('billing_key', '=', billingKey).execute();
}

/** Toss removes a billing key on its own (card cancelled, …) and tells the merchant with BILLING_DELETED. */
export async function removeBillingKeyByToss(ctx: EmulatorContext, billingKey: string, reason: string): Promise<boolean> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const key = await trx.selectFrom('billing_keys').selectAll().where('billing_key', '=', billingKey).forUpdate().executeTakeFirst();
    if (!key || key.deleted_at) return false;
    await trx.updateTable('billing_keys').set({ deleted_at: now }).where('billing_key', '=', billingKey).execute();
    const m = await trx.selectFrom('merchants').selectAll().where('mid', '=', key.mid).executeTakeFirstOrThrow();
    const merchant: Merchant = {
      mid: m.mid, name: m.name, clientKey: m.client_key, secretKey: m.secret_key, apiVersion: m.api_version, webhookUrl: m.webhook_url,
    };
    await enqueueWebhook(trx, merchant, 'BILLING_DELETED', {
      eventType: 'BILLING_DELETED',
      createdAt: legacyCreatedAt(now),
      data: { billingKey, reason },
    }, now);
    return true;
  });
}
