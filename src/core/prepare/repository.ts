// What amount pre-registration needs from storage. Amounts are minor units of the prepared currency (KRW when the
// merchant named none).
export interface PreparedAmount {
  merchantUid: string;
  amount: number;
  /** null: the merchant did not name one, so the currency is not checked at payment time. */
  currency: string | null;
}

export interface PrepareRepository {
  /** Registers a merchant_uid's amount; 'exists' when that merchant_uid is already registered. */
  insert(merchantId: number, prepared: PreparedAmount, now: Date): Promise<'inserted' | 'exists'>;
  /** Changes a registration; the currency is kept when `currency` is undefined. null when none exists. */
  update(merchantId: number, merchantUid: string, change: { amount: number; currency?: string | null }, now: Date): Promise<PreparedAmount | null>;
  find(merchantId: number, merchantUid: string): Promise<PreparedAmount | null>;
}
