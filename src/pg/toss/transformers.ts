// Toss wire types ⇄ core types. Read the newer field first and fall back to the legacy one (2022-07-27 payloads carry
// both, and a later version switch drops the legacy ones); never parse a message text; an unrecognised status is
// `unknown`, which core treats as "ask again later", never as a success or a failure.
import type {
  CancelOrder, CardData, ChargeOrder, PgBillingKey, PgCard, PgPayment, PgPaymentStatus, PgVirtualAccount,
  VirtualAccountOrder,
} from '../../core/pg/connector.ts';
import { bankFromPortone, findBank, findCardCompany } from './codes.ts';

const STATUS: Record<string, PgPaymentStatus> = {
  READY: 'ready',
  IN_PROGRESS: 'ready',
  WAITING_FOR_DEPOSIT: 'waiting_for_deposit',
  DONE: 'paid',
  PARTIAL_CANCELED: 'partially_cancelled',
  CANCELED: 'cancelled',
  ABORTED: 'failed',
  EXPIRED: 'failed',
};

export function toStatus(raw: unknown): PgPaymentStatus {
  return typeof raw === 'string' && Object.hasOwn(STATUS, raw) ? STATUS[raw]! : 'unknown';
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);

function date(v: unknown): Date | null {
  if (typeof v !== 'string' || v === '') return null;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

const CARD_TYPE: Record<string, 0 | 1> = { 신용: 0, 체크: 1 };

function toCard(card: any): PgCard | null {
  if (!card || typeof card !== 'object') return null;
  const issuer = findCardCompany(str(card.issuerCode), str(card.company));
  const acquirer = findCardCompany(str(card.acquirerCode)) ?? issuer;
  return {
    code: issuer?.portone ?? null,
    name: issuer?.name ?? str(card.company),
    issuerCode: issuer?.portone ?? null,
    issuerName: issuer?.name ?? null,
    publisherCode: acquirer?.portone ?? null,
    publisherName: acquirer?.name ?? null,
    number: str(card.number),
    type: CARD_TYPE[card.cardType as string] ?? null,
    quota: num(card.installmentPlanMonths),
    approveNo: str(card.approveNo),
  };
}

function toVirtualAccount(va: any): PgVirtualAccount | null {
  if (!va || typeof va !== 'object' || !str(va.accountNumber)) return null;
  const bank = findBank(str(va.bankCode), str(va.bank));
  return {
    bankCode: bank?.kftc ?? null,
    bankName: bank?.name ?? str(va.bank),
    accountNumber: va.accountNumber,
    holder: str(va.customerName),
    dueAt: date(va.dueDate),
    expired: va.expired === true,
  };
}

export function toPayment(p: any): PgPayment {
  const cancels = Array.isArray(p.cancels) ? p.cancels : [];
  return {
    paymentKey: String(p.paymentKey),
    orderId: String(p.orderId),
    status: toStatus(p.status),
    rawStatus: String(p.status),
    method: str(p.method),
    currency: str(p.currency) ?? 'KRW',
    totalAmount: num(p.totalAmount),
    balanceAmount: num(p.balanceAmount),
    requestedAt: date(p.requestedAt),
    approvedAt: date(p.approvedAt),
    lastTransactionKey: str(p.lastTransactionKey) ?? str(p.transactionKey),
    receiptUrl: str(p.receipt?.url) ?? str(p.card?.receiptUrl),
    card: toCard(p.card),
    virtualAccount: toVirtualAccount(p.virtualAccount),
    cancels: cancels.map((c: any) => ({
      transactionKey: String(c.transactionKey),
      amount: num(c.cancelAmount),
      taxFree: num(c.taxFreeAmount),
      reason: str(c.cancelReason),
      cancelledAt: date(c.canceledAt) ?? new Date(0),
    })),
    secret: str(p.secret),
    failure: p.failure && typeof p.failure.code === 'string' ? { code: p.failure.code, message: String(p.failure.message ?? '') } : null,
  };
}

export function toBillingKey(b: any): PgBillingKey {
  // 2022-07-27 carries the legacy top-level cardCompany/cardNumber next to the additive `card` object.
  const card = toCard({
    issuerCode: b.card?.issuerCode,
    acquirerCode: b.card?.acquirerCode,
    company: b.cardCompany,
    number: b.card?.number ?? b.cardNumber,
    cardType: b.card?.cardType,
  })!;
  const { quota: _quota, approveNo: _approveNo, ...rest } = card;
  return { billingKey: String(b.billingKey), customerKey: String(b.customerKey), card: rest };
}

function cardFields(card: CardData) {
  return {
    cardNumber: card.number,
    cardExpirationYear: card.expiryYear,
    cardExpirationMonth: card.expiryMonth,
    customerIdentityNumber: card.identity,
    ...(card.pwd2digit ? { cardPassword: card.pwd2digit } : {}),
  };
}

function customerFields(order: ChargeOrder) {
  return {
    ...(order.customerName ? { customerName: order.customerName.slice(0, 100) } : {}),
    ...(order.customerEmail ? { customerEmail: order.customerEmail.slice(0, 100) } : {}),
    ...(order.customerPhone ? { customerMobilePhone: order.customerPhone.replace(/\D/g, '') } : {}),
  };
}

export function keyInBody(card: CardData, order: ChargeOrder) {
  return {
    amount: order.amount,
    orderId: order.orderId,
    orderName: order.orderName,
    ...cardFields(card),
    cardInstallmentPlan: order.quota,
    taxFreeAmount: order.taxFree,
    ...customerFields(order),
  };
}

export function issueBillingKeyBody(card: CardData, customerKey: string) {
  return { customerKey, ...cardFields(card) };
}

export function chargeBillingKeyBody(customerKey: string, order: ChargeOrder) {
  return {
    customerKey,
    amount: order.amount,
    orderId: order.orderId,
    orderName: order.orderName,
    cardInstallmentPlan: order.quota,
    taxFreeAmount: order.taxFree,
    ...(order.customerIp ? { customerIp: order.customerIp } : {}),
    ...customerFields(order),
  };
}

export function cancelBody(order: CancelOrder) {
  const bank = order.refundAccount ? bankFromPortone(order.refundAccount.bankCode) : null;
  return {
    cancelReason: order.reason.slice(0, 200),
    ...(order.amount !== null ? { cancelAmount: order.amount } : {}),
    taxFreeAmount: order.taxFree,
    ...(order.refundableAmount !== null ? { refundableAmount: order.refundableAmount } : {}),
    ...(order.refundAccount
      ? {
          refundReceiveAccount: {
            bank: bank?.toss ?? order.refundAccount.bankCode,
            accountNumber: order.refundAccount.accountNumber.replace(/-/g, ''),
            holderName: order.refundAccount.holderName,
          },
        }
      : {}),
  };
}

export function virtualAccountBody(order: VirtualAccountOrder) {
  const bank = bankFromPortone(order.bankCode);
  return {
    amount: order.amount,
    orderId: order.orderId,
    orderName: order.orderName,
    customerName: order.customerName,
    bank: bank?.toss ?? order.bankCode,
    taxFreeAmount: order.taxFree,
    ...(order.dueAt ? { dueDate: kst(order.dueAt) } : {}),
    ...(order.accountKey ? { accountType: '고정', accountKey: order.accountKey } : {}),
    ...(order.customerEmail ? { customerEmail: order.customerEmail } : {}),
    ...(order.customerPhone ? { customerMobilePhone: order.customerPhone.replace(/\D/g, '') } : {}),
  };
}

/** ISO 8601 in KST with an explicit +09:00 offset, as the Toss wire writes times. */
export function kst(d: Date): string {
  const shifted = new Date(d.getTime() + 9 * 3600_000);
  return shifted.toISOString().replace(/\.\d{3}Z$/, '+09:00');
}
