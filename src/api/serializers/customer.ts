// The V1 Customer (`CustomerAnnotation`, reference §5.3): a billing key as the merchant sees it; never the key itself.
import type { CustomerRecord } from '../../core/billing/repository.ts';
import { unixSeconds } from '../../lib/clock.ts';

export function serializeCustomer(c: CustomerRecord) {
  return {
    card_code: c.card_code,
    card_issuer_code: c.card_issuer_code,
    card_issuer_name: c.card_issuer_name,
    card_name: c.card_name,
    card_number: c.card_number,
    card_publisher_code: c.card_publisher_code,
    card_publisher_name: c.card_publisher_name,
    card_type: c.card_type,
    customer_addr: c.customer_addr,
    customer_email: c.customer_email,
    customer_id: c.customer_id,
    customer_name: c.customer_name,
    customer_postcode: c.customer_postcode,
    customer_tel: c.customer_tel,
    customer_uid: c.customer_uid,
    inserted: unixSeconds(c.inserted_at),
    pg_id: c.pg_id,
    pg_provider: c.pg_provider,
    sandbox: c.sandbox,
    updated: unixSeconds(c.updated_at),
  };
}
