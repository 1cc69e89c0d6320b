// The billing-key window's last step: the authKey the buyer's authorisation produced becomes a stored key under the
// merchant's customer_uid, exactly as a key registered with card data over the REST API would be stored.
import crypto from 'node:crypto';
import { DomainError } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { newCustomerId } from '../../lib/ids.ts';
import type { PaymentConnector } from '../pg/connector.ts';
import { pgAccount } from '../payments/channels.ts';
import { BILLING_MESSAGES } from '../billing/billing-keys.ts';
import type { CustomerRepository } from '../billing/repository.ts';
import type { BillingWindowKeys } from './checkout.ts';

export function billingWindowKeys(deps: {
  customers: Pick<CustomerRepository, 'replace'>;
  connector: PaymentConnector;
  secrets: SecretBox;
  clock: Clock;
}): BillingWindowKeys {
  return {
    async registerAuthorized(merchantId, channel, input) {
      const outcome = await deps.connector.authorizeBillingKey(
        pgAccount(channel, deps.secrets),
        input.authKey,
        input.customerKey,
        crypto.randomUUID(),
      );
      if (outcome.kind === 'declined') throw new DomainError('pg_declined', BILLING_MESSAGES.issueFailed(outcome.code, outcome.message));
      if (outcome.kind === 'unknown') throw new DomainError('pg_declined', BILLING_MESSAGES.issueUnknown);
      const key = outcome.value;
      const now = deps.clock.now();
      await deps.customers.replace({
        merchant_id: merchantId,
        customer_uid: input.customerUid,
        channel_id: channel.id,
        customer_id: input.customerId ?? newCustomerId(),
        pg_provider: channel.pgProvider,
        pg_id: channel.pgId,
        sandbox: channel.sandbox,
        card_number: key.card.number,
        card_code: key.card.code,
        card_name: key.card.name,
        card_issuer_code: key.card.issuerCode,
        card_issuer_name: key.card.issuerName,
        card_publisher_code: key.card.publisherCode,
        card_publisher_name: key.card.publisherName,
        card_type: key.card.type,
        billing_key_sealed: deps.secrets.encrypt(key.billingKey),
        pg_customer_key: key.customerKey,
        ...input.customer,
        inserted_at: now,
        updated_at: now,
      });
    },
  };
}
