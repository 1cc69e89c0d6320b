// The Toss Payments implementation of core's PaymentConnector: one method per flow, each a path, a body built by the
// transformers and an answer classified by the client.
import type { CardData, PaymentConnector, PgOutcome, PgPayment } from '../../core/pg/connector.ts';
import { TossClient, type TossClientOptions, type TossResponse } from './client.ts';
import {
  cancelBody, chargeBillingKeyBody, issueBillingKeyBody, keyInBody, toBillingKey, toPayment, virtualAccountBody,
} from './transformers.ts';

// Every outcome carries the client's recorded (masked) exchange along, for the payment's timeline.
function mapped<T>(response: TossResponse, map: (json: any) => T): PgOutcome<T> {
  if (response.kind !== 'success') return response;
  const { exchanges } = response;
  try {
    return { kind: 'success', value: map(response.value), exchanges };
  } catch (error) {
    // An approval we cannot read is still an approval that may have happened.
    return { kind: 'unknown', reason: `unreadable answer: ${(error as Error).message}`, exchanges };
  }
}

function lookedUp(response: TossResponse): PgOutcome<PgPayment | null> {
  if (response.kind === 'declined' && response.status === 404) return { kind: 'success', value: null, exchanges: response.exchanges };
  return mapped(response, toPayment);
}

/** The values of a card that must not survive in a recorded exchange, even as text. */
const cardSecrets = (card: CardData) => [card.number, card.identity];

const seg = encodeURIComponent;

export function tossConnector(options: TossClientOptions): PaymentConnector & { close(): Promise<void> } {
  const client = new TossClient(options);
  return {
    async keyIn(account, card, order, key) {
      return mapped(await client.post(account, '/v1/payments/key-in', keyInBody(card, order), key, cardSecrets(card)), toPayment);
    },
    async issueBillingKey(account, card, customerKey, key) {
      return mapped(
        await client.post(account, '/v1/billing/authorizations/card', issueBillingKeyBody(card, customerKey), key, [...cardSecrets(card), customerKey]),
        toBillingKey,
      );
    },
    async authorizeBillingKey(account, authKey, customerKey, key) {
      return mapped(
        await client.post(account, '/v1/billing/authorizations/issue', { authKey, customerKey }, key, [authKey, customerKey]),
        toBillingKey,
      );
    },
    async chargeBillingKey(account, billingKey, customerKey, order, key) {
      return mapped(
        await client.post(account, `/v1/billing/${seg(billingKey)}`, chargeBillingKeyBody(customerKey, order), key, [billingKey, customerKey]),
        toPayment,
      );
    },
    async deleteBillingKey(account, billingKey) {
      return mapped(await client.delete(account, `/v1/billing/${seg(billingKey)}`, [billingKey]), () => null);
    },
    async cancel(account, paymentKey, order, key) {
      return mapped(await client.post(account, `/v1/payments/${seg(paymentKey)}/cancel`, cancelBody(order), key), toPayment);
    },
    async confirm(account, paymentKey, orderId, amount, key) {
      return mapped(await client.post(account, '/v1/payments/confirm', { paymentKey, orderId, amount }, key), toPayment);
    },
    async issueVirtualAccount(account, order, key) {
      return mapped(await client.post(account, '/v1/virtual-accounts', virtualAccountBody(order), key), toPayment);
    },
    async lookupByOrderId(account, orderId) {
      return lookedUp(await client.get(account, `/v1/payments/orders/${seg(orderId)}`));
    },
    async lookupByPaymentKey(account, paymentKey) {
      return lookedUp(await client.get(account, `/v1/payments/${seg(paymentKey)}`));
    },
    close: () => client.close(),
  };
}
