// The Payment object as version 2022-07-27 serializes it: every key always present (null when absent), the legacy
// fields next to those added later without a version bump (card.company + issuerCode, transactionKey +
// lastTransactionKey, card.receiptUrl + receipt.url), and the VAT split derived from the amounts.
import { kst } from '../time.ts';
import { BANKS, CARD_COMPANIES } from './codes.ts';
import type { CancelRow, CashReceiptRow, PaymentRow } from './model.ts';

const bankName = (code: string) => BANKS.find((b) => b.code === code)?.ko ?? code;
const cardCompanyName = (code: string) => CARD_COMPANIES.find((c) => c.code === code)?.ko ?? code;

/** taxable = total − taxFree − taxExemption; vat = taxable / 11 rounded half up; supplied = taxable − vat. */
export function vatSplit(amount: number, taxFree: number, taxExemption: number): { suppliedAmount: number; vat: number } {
  const taxable = Math.max(0, amount - taxFree - taxExemption);
  const vat = Math.floor((taxable * 10 + 55) / 110);
  return { suppliedAmount: taxable - vat, vat };
}

export interface SerializeOptions {
  apiVersion: string;
  publicUrl: string;
  cancels: CancelRow[];
  cashReceipts: CashReceiptRow[];
}

export function serializeCashReceipt(r: CashReceiptRow, publicUrl: string) {
  return {
    receiptKey: r.receipt_key,
    issueNumber: r.issue_number,
    issueStatus: r.issue_status,
    amount: r.amount,
    taxFreeAmount: r.tax_free_amount,
    orderId: r.order_id,
    orderName: r.order_name,
    type: r.type,
    transactionType: r.transaction_type,
    businessNumber: r.business_number,
    customerIdentityNumber: r.customer_identity_number,
    failure: null,
    requestedAt: kst(r.requested_at),
    receiptUrl: `${publicUrl}/_emulator/receipts/cash/${encodeURIComponent(r.receipt_key)}`,
  };
}

export function serializePayment(p: PaymentRow, o: SerializeOptions): Record<string, unknown> {
  const d = p.details;
  const canceledTaxFree = o.cancels.reduce((s, c) => s + c.tax_free_amount, 0);
  const canceledTaxExemption = o.cancels.reduce((s, c) => s + c.tax_exemption_amount, 0);
  const taxFreeAmount = p.tax_free_amount - canceledTaxFree;
  const taxExemptionAmount = p.tax_exemption_amount - canceledTaxExemption;
  const { suppliedAmount, vat } = vatSplit(p.balance_amount, taxFreeAmount, taxExemptionAmount);
  const approved = p.approved_at !== null;
  const receiptUrl = `${o.publicUrl}/_emulator/receipts/${encodeURIComponent(p.payment_key)}`;
  const fullyCanceled = p.status === 'CANCELED' || (p.status === 'PARTIAL_CANCELED' && p.balance_amount === 0);
  const settled = approved ? 'COMPLETED' : 'INCOMPLETED';

  const card = d.card
    ? {
        company: cardCompanyName(d.card.issuerCode),
        issuerCode: d.card.issuerCode,
        acquirerCode: d.card.acquirerCode,
        number: d.card.number,
        installmentPlanMonths: d.card.installmentPlanMonths,
        isInterestFree: d.card.isInterestFree,
        interestPayer: d.card.interestPayer,
        approveNo: approved ? d.card.approveNo : null,
        useCardPoint: d.card.useCardPoint,
        cardType: d.card.cardType,
        ownerType: d.card.ownerType,
        acquireStatus: !approved ? 'READY' : fullyCanceled ? 'CANCELED' : 'READY',
        receiptUrl: approved ? receiptUrl : null,
        amount: p.total_amount - (d.easyPay?.amount ?? 0) - (d.easyPay?.discountAmount ?? 0),
      }
    : null;

  const va = d.virtualAccount;
  const virtualAccount = va
    ? {
        accountType: va.accountType,
        accountNumber: p.account_number,
        bank: bankName(va.bank),
        bankCode: va.bank,
        customerName: va.customerName,
        dueDate: kst(p.due_at),
        refundStatus: va.refundStatus,
        expired: va.expired,
        settlementStatus: settled,
        refundReceiveAccount: va.refundReceiveAccount,
        depositorName: va.depositorName,
      }
    : null;

  const receipts = o.cashReceipts.map((r) => serializeCashReceipt(r, o.publicUrl));
  const issued = o.cashReceipts.find((r) => r.transaction_type === 'CONFIRM');
  const cancels = o.cancels.length
    ? o.cancels.map((c) => ({
        cancelAmount: c.cancel_amount,
        cancelReason: c.cancel_reason,
        taxFreeAmount: c.tax_free_amount,
        taxExemptionAmount: c.tax_exemption_amount,
        refundableAmount: c.refundable_amount,
        easyPayDiscountAmount: 0,
        canceledAt: kst(c.canceled_at),
        transactionKey: c.transaction_key,
        receiptKey: c.receipt_key,
        cancelStatus: 'DONE',
        cancelRequestId: null,
        transferDiscountAmount: 0,
        cardDiscountAmount: 0,
      }))
    : null;

  return {
    mId: p.mid,
    lastTransactionKey: p.last_transaction_key,
    paymentKey: p.payment_key,
    orderId: p.order_id,
    orderName: p.order_name,
    taxExemptionAmount,
    status: p.status,
    requestedAt: kst(p.requested_at),
    approvedAt: kst(p.approved_at),
    useEscrow: p.use_escrow,
    cultureExpense: p.culture_expense,
    card,
    virtualAccount,
    transfer: d.transfer ? { bank: bankName(d.transfer.bank), bankCode: d.transfer.bank, settlementStatus: settled } : null,
    mobilePhone: d.mobilePhone
      ? {
          customerMobilePhone: d.mobilePhone.customerMobilePhone,
          settlementStatus: settled,
          receiptUrl: approved ? receiptUrl : null,
        }
      : null,
    giftCertificate: d.giftCertificate
      ? { approveNo: approved ? d.giftCertificate.approveNo : null, settlementStatus: settled }
      : null,
    cashReceipt: issued
      ? {
          type: issued.type,
          receiptKey: issued.receipt_key,
          issueNumber: issued.issue_number,
          receiptUrl: serializeCashReceipt(issued, o.publicUrl).receiptUrl,
          amount: issued.amount,
          taxFreeAmount: issued.tax_free_amount,
        }
      : null,
    cashReceipts: receipts.length ? receipts : null,
    discount: null,
    cancels,
    secret: p.secret,
    type: p.type,
    easyPay: d.easyPay ?? null,
    country: 'KR',
    failure: p.failure_code ? { code: p.failure_code, message: p.failure_message } : null,
    isPartialCancelable: !p.use_escrow,
    receipt: approved ? { url: receiptUrl } : null,
    checkout: { url: `${o.publicUrl}/v1/payments/${encodeURIComponent(p.payment_key)}/checkout` },
    transactionKey: p.approve_transaction_key,
    currency: p.currency,
    totalAmount: p.total_amount,
    balanceAmount: p.balance_amount,
    suppliedAmount,
    vat,
    taxFreeAmount,
    method: p.method,
    version: o.apiVersion,
    metadata: d.metadata ?? null,
  };
}
