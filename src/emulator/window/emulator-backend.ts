// The window's port implemented over the emulator's payments and billing services.
import type { Kysely } from 'kysely';
import type { AdjustableClock } from '../../lib/clock.ts';
import { createBillingAuth } from '../billing/service.ts';
import { scoped } from '../context.ts';
import { ERROR_CODES } from '../http/error-codes.ts';
import { TossError } from '../http/errors.ts';
import { findMerchantByClientKey } from '../merchants/merchants.ts';
import { DECLINE_CARDS, declineCodeFor } from '../payments/rules.ts';
import { authenticateWindowPayment, failWindowPayment, openWindowPayment, type Authentication } from '../payments/window.ts';
import type { BuyerAuthentication, WindowBackend, WindowFailure } from './backend.ts';

function toAuthentication(auth: BuyerAuthentication): Authentication {
  const cashReceipt = auth.cashReceipt
    ? { type: auth.cashReceipt.type, customerIdentityNumber: auth.cashReceipt.registrationNumber ?? '' }
    : null;
  if (auth.card) {
    return {
      card: {
        company: auth.card.issuerCode,
        installmentPlanMonths: auth.card.installmentPlanMonths,
        useCardPoint: auth.card.useCardPoint,
        useAppCard: auth.card.isAppCard,
        cardNumber: auth.card.number,
      },
    };
  }
  if (auth.easyPay) return { easyPay: { provider: auth.easyPay.provider } };
  if (auth.transfer) return { transfer: { bank: auth.transfer.bankCode, cashReceipt } };
  if (auth.virtualAccount) return { virtualAccount: { bank: auth.virtualAccount.bankCode, cashReceipt } };
  if (auth.mobilePhone) return { mobilePhone: auth.mobilePhone };
  return { giftCertificate: {} };
}

export function emulatorWindowBackend(deps: { db: Kysely<any>; clock: AdjustableClock }): WindowBackend {
  return {
    async merchantByClientKey(clientKey) {
      const m = await findMerchantByClientKey(scoped(deps.db), clientKey);
      return m ? { mid: m.mid, name: m.name, clientKey: m.clientKey } : null;
    },
    async openPayment(merchant, input) {
      const opened = await openWindowPayment(deps, { clientKey: merchant.clientKey, method: input.method, params: input.params });
      return { paymentKey: opened.paymentKey };
    },
    async authenticate(_merchant, paymentKey, auth) {
      await authenticateWindowPayment(deps, paymentKey, toAuthentication(auth));
    },
    async abort(_merchant, paymentKey, failure) {
      try {
        await failWindowPayment(deps, paymentKey, failure);
      } catch (e) {
        // Already ended (expired, or closed twice): nothing left to abort.
        if (!(e instanceof TossError)) throw e;
      }
    },
    declineForCard(number): WindowFailure | null {
      const code = declineCodeFor(number);
      return code ? { code, message: ERROR_CODES[code]?.message ?? code } : null;
    },
    declineCards() {
      return Object.entries(DECLINE_CARDS).map(([number, code]) => ({ number, code }));
    },
    async issueBillingAuthKey(merchant, customerKey, card) {
      const { authKey } = await createBillingAuth(deps, { clientKey: merchant.clientKey, customerKey, cardNumber: card.number, successUrl: null });
      return authKey;
    },
  };
}
