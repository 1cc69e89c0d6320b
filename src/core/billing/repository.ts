// What billing keys need from storage. Field names follow the stored columns.

export interface CustomerRecord {
  id: number;
  merchant_id: number;
  customer_uid: string;
  channel_id: number;
  customer_id: string;
  pg_provider: string;
  pg_id: string;
  sandbox: boolean;
  card_number: string | null;
  card_code: string | null;
  card_name: string | null;
  card_issuer_code: string | null;
  card_issuer_name: string | null;
  card_publisher_code: string | null;
  card_publisher_name: string | null;
  card_type: number | null;
  billing_key_sealed: string;
  pg_customer_key: string;
  customer_name: string | null;
  customer_tel: string | null;
  customer_email: string | null;
  customer_addr: string | null;
  customer_postcode: string | null;
  inserted_at: Date;
  updated_at: Date;
}

export type NewCustomer = Omit<CustomerRecord, 'id'>;

export interface CustomerRepository {
  /** The customer_uid's current key, if any. */
  find(merchantId: number, customerUid: string): Promise<CustomerRecord | null>;
  findMany(merchantId: number, customerUids: readonly string[]): Promise<CustomerRecord[]>;
  /** Retires the customer_uid's current key (if any) and stores the new one, in one transaction. */
  replace(customer: NewCustomer): Promise<CustomerRecord>;
  /** Retires the current key; null when there was none. */
  retire(merchantId: number, customerUid: string, now: Date): Promise<CustomerRecord | null>;
  /** A key by row id, retired or not (a payment repeats its call on the key it used). */
  byId(id: number): Promise<CustomerRecord | null>;
}
