// Billing keys (`/subscribe/customers`): a card registered once under the merchant's `customer_uid`, charged later
// without the buyer. The PG's key is kept sealed; the card number only as the PG masked it.
import crypto from 'node:crypto';
import { DomainError, rejected } from '../errors.ts';
import type { Clock } from '../../lib/clock.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import { newCustomerId } from '../../lib/ids.ts';
import type { PaymentConnector, PgBillingKey, PgOutcome } from '../pg/connector.ts';
import type { ChannelRecord } from '../merchants/repository.ts';
import { pgAccount, tossChannel, type ChannelSource } from '../payments/channels.ts';
import { cardData, optionalString, requiredString, type Params } from '../payments/input.ts';
import type { CustomerRecord, CustomerRepository } from './repository.ts';

export const BILLING_MESSAGES = {
  notFound: (uid: string) => `요청하신 customer_uid(${uid})로 등록된 정보를 찾을 수 없습니다.`,
  issueFailed: (code: string, message: string) => `카드정보 인증 및 빌키 발급에 실패하였습니다. [${code}]${message}`,
  issueUnknown: '카드정보 인증 및 빌키 발급 결과를 확인하지 못했습니다. 잠시 후 다시 시도해주세요.',
  unknownCustomer: '등록되지 않은 구매자입니다.',
};

export interface CustomerFields {
  customer_name: string | null;
  customer_tel: string | null;
  customer_email: string | null;
  customer_addr: string | null;
  customer_postcode: string | null;
}

export function customerUidOf(value: unknown): string {
  return requiredString({ customer_uid: value }, 'customer_uid', 80);
}

export class BillingKeys {
  constructor(
    private readonly repo: CustomerRepository,
    private readonly channels: ChannelSource,
    private readonly connector: PaymentConnector,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  /** POST /subscribe/customers/{customer_uid}: issue a key from card data; an existing customer_uid is replaced. */
  async register(merchantId: number, customerUid: string, params: Params, fields?: CustomerFields): Promise<CustomerRecord> {
    const uid = customerUidOf(customerUid);
    const card = cardData(params, this.clock.now());
    const customerId = optionalString(params, 'customer_id', 200) ?? newCustomerId();
    const own: CustomerFields = fields ?? {
      customer_name: optionalString(params, 'customer_name', 200),
      customer_tel: optionalString(params, 'customer_tel', 40),
      customer_email: optionalString(params, 'customer_email', 200),
      customer_addr: optionalString(params, 'customer_addr', 500),
      customer_postcode: optionalString(params, 'customer_postcode', 20),
    };
    const channel = await tossChannel(this.channels, merchantId, 'api_payment', optionalString(params, 'channel_key', 200));
    // Toss binds a billing key to a customerKey; a fresh one per registration keeps replaced keys apart.
    const customerKey = `tg-${crypto.randomUUID()}`;
    const outcome = await this.connector.issueBillingKey(pgAccount(channel, this.secrets), card, customerKey, crypto.randomUUID());
    return this.store(merchantId, uid, channel, customerId, own, outcome);
  }

  /**
   * The billing-key window's last step: the authKey the buyer's authorisation produced becomes a stored key under the
   * merchant's customer_uid, stored exactly as a key registered with card data over the REST API.
   */
  async registerAuthorized(
    merchantId: number,
    channel: ChannelRecord,
    input: { customerUid: string; customerId: string | null; authKey: string; customerKey: string; customer: CustomerFields },
  ): Promise<CustomerRecord> {
    const account = pgAccount(channel, this.secrets);
    const outcome = await this.connector.authorizeBillingKey(account, input.authKey, input.customerKey, crypto.randomUUID());
    return this.store(merchantId, input.customerUid, channel, input.customerId ?? newCustomerId(), input.customer, outcome);
  }

  private async store(
    merchantId: number,
    uid: string,
    channel: ChannelRecord,
    customerId: string,
    fields: CustomerFields,
    outcome: PgOutcome<PgBillingKey>,
  ): Promise<CustomerRecord> {
    if (outcome.kind === 'declined') throw new DomainError('pg_declined', BILLING_MESSAGES.issueFailed(outcome.code, outcome.message));
    // A key Toss may have issued but never told us about cannot be charged: nothing is stored, the merchant retries.
    if (outcome.kind === 'unknown') throw new DomainError('pg_declined', BILLING_MESSAGES.issueUnknown);
    const key = outcome.value;
    const now = this.clock.now();
    return this.repo.replace({
      merchant_id: merchantId,
      customer_uid: uid,
      channel_id: channel.id,
      customer_id: customerId,
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
      billing_key_sealed: this.secrets.encrypt(key.billingKey),
      pg_customer_key: key.customerKey,
      ...fields,
      inserted_at: now,
      updated_at: now,
    });
  }

  async get(merchantId: number, customerUid: string): Promise<CustomerRecord> {
    const uid = customerUidOf(customerUid);
    const customer = await this.repo.find(merchantId, uid);
    if (!customer) throw rejected(BILLING_MESSAGES.notFound(uid));
    return customer;
  }

  find(merchantId: number, customerUid: string): Promise<CustomerRecord | null> {
    return this.repo.find(merchantId, customerUid);
  }

  findMany(merchantId: number, customerUids: readonly string[]): Promise<CustomerRecord[]> {
    return this.repo.findMany(merchantId, customerUids);
  }

  byId(id: number): Promise<CustomerRecord | null> {
    return this.repo.byId(id);
  }

  /**
   * DELETE /subscribe/customers/{customer_uid}: the key is retired here first, then removed at Toss. A Toss failure
   * leaves a dead key at Toss that nothing can charge any more, which is the safe side.
   */
  async remove(merchantId: number, customerUid: string): Promise<CustomerRecord> {
    const uid = customerUidOf(customerUid);
    const customer = await this.repo.retire(merchantId, uid, this.clock.now());
    if (!customer) throw rejected(BILLING_MESSAGES.notFound(uid));
    const channel = (await this.channels.channels(merchantId)).find((c) => c.id === customer.channel_id);
    if (channel) {
      await this.connector.deleteBillingKey(pgAccount(channel, this.secrets), this.secrets.decrypt(customer.billing_key_sealed));
    }
    return customer;
  }

  unseal(customer: CustomerRecord): string {
    return this.secrets.decrypt(customer.billing_key_sealed);
  }
}
