// The payment window's port (window/backend.ts) implemented over the emulator's payment and billing services.
import type { Kysely } from 'kysely';
import type { AdjustableClock } from '../lib/clock.ts';
import { createBillingAuth } from './billing/service.ts';
import { scoped } from './context.ts';
import { TossError } from './http/errors.ts';
import { findMerchantByClientKey } from './merchants/merchants.ts';
import { DECLINE_CARDS, declineCodeFor } from './payments/rules.ts';
import { authenticateWindowPayment, failWindowPayment, findWindowPayment, openWindowPayment, type Authentication } from './payments/window.ts';
import type { WindowBackend } from './window/backend.ts';

export function windowBackend(deps: { db: Kysely<any>; clock: AdjustableClock }): WindowBackend {
  return {
    async merchantByClientKey(clientKey) {
      const m = await findMerchantByClientKey(scoped(deps.db), clientKey);
      return m ? { mid: m.mid, name: m.name, clientKey: m.clientKey } : null;
    },

    async findPayment(paymentKey) {
      const found = await findWindowPayment(deps, paymentKey);
      const params = found?.payment.details.window;
      if (!found || !params) return null;
      const { payment: p, merchant: m } = found;
      return {
        merchant: { mid: m.mid, name: m.name, clientKey: m.clientKey },
        status: p.status,
        params,
        expiresAt: p.session_expires_at,
      };
    },

    async openPayment(merchant, input) {
      const opened = await openWindowPayment(deps, { clientKey: merchant.clientKey, method: input.method, params: input.params });
      return { paymentKey: opened.paymentKey };
    },

    async authenticate(_merchant, paymentKey, auth) {
      const cashReceipt = auth.cashReceipt?.registrationNumber
        ? { type: auth.cashReceipt.type, customerIdentityNumber: auth.cashReceipt.registrationNumber }
        : null;
      const a: Authentication = { useEscrow: auth.useEscrow };
      if (auth.easyPay) {
        a.easyPay = {
          provider: auth.easyPay.provider,
          ...(auth.card ? { card: { company: auth.card.issuerCode, installmentPlanMonths: auth.card.installmentPlanMonths } } : {}),
        };
      } else if (auth.card) {
        a.card = {
          company: auth.card.issuerCode,
          installmentPlanMonths: auth.card.installmentPlanMonths,
          useCardPoint: auth.card.useCardPoint,
          useAppCard: auth.card.isAppCard,
          cardNumber: auth.card.number,
        };
      } else if (auth.transfer) a.transfer = { bank: auth.transfer.bankCode, cashReceipt };
      else if (auth.virtualAccount) a.virtualAccount = { bank: auth.virtualAccount.bankCode, accountKey: auth.virtualAccount.accountKey, cashReceipt };
      else if (auth.mobilePhone) a.mobilePhone = auth.mobilePhone;
      else if (auth.giftCertificate) a.giftCertificate = { kind: auth.giftCertificate.kind };
      await authenticateWindowPayment(deps, paymentKey, a);
    },

    async abort(_merchant, paymentKey, failure) {
      await failWindowPayment(deps, paymentKey, failure);
    },

    declineForCard(number) {
      const code = declineCodeFor(number.replace(/\D/g, ''));
      return code ? { code, message: new TossError(code).message } : null;
    },

    declineCards() {
      return Object.entries(DECLINE_CARDS).map(([number, code]) => ({ number, code }));
    },

    async issueBillingAuthKey(merchant, customerKey, card) {
      const { authKey } = await createBillingAuth(deps, { clientKey: merchant.clientKey, customerKey, cardNumber: card.number });
      return authKey;
    },
  };
}
