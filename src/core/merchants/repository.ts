// What the merchant rules need from storage.
export interface ChannelRecord {
  id: number;
  merchantId: number;
  channelKey: string;
  name: string;
  pgProvider: string;
  pgId: string;
  type: 'payment' | 'api_payment';
  clientKey: string;
  secretKeySealed: string;
  apiVersion: string;
  apiBaseUrl: string;
  scriptUrl: string;
  sandbox: boolean;
  enabled: boolean;
}

export interface MerchantSummary {
  id: number;
  userCode: string;
  name: string;
  createdAt: Date;
  impKeys: string[];
}

export interface ApiKeyRecord {
  id: number;
  impKey: string;
  createdAt: Date;
  revokedAt: Date | null;
}

export type ChannelChange = Partial<Pick<ChannelRecord, 'name' | 'type' | 'pgId' | 'clientKey' | 'secretKeySealed' | 'apiBaseUrl' | 'scriptUrl' | 'sandbox' | 'enabled'>>;

export interface MerchantRepository {
  createMerchant(input: {
    userCode: string;
    name: string;
    impKey: string;
    impSecretHash: string;
    now: Date;
  }): Promise<{ id: number } | 'user_code_taken' | 'imp_key_taken'>;
  createChannel(input: Omit<ChannelRecord, 'id' | 'enabled'> & { now: Date }): Promise<ChannelRecord>;
  listMerchants(): Promise<MerchantSummary[]>;
  countMerchants(): Promise<number>;
  listChannels(merchantId: number): Promise<ChannelRecord[]>;
  findMerchant(by: { id: number } | { userCode: string }): Promise<Omit<MerchantSummary, 'impKeys'> | null>;
  listApiKeys(merchantId: number): Promise<ApiKeyRecord[]>;
  addApiKey(input: { merchantId: number; impKey: string; impSecretHash: string; now: Date }): Promise<ApiKeyRecord | 'imp_key_taken'>;
  /** Revokes the key and ends its access tokens; false when the merchant has no such live key. */
  revokeApiKey(merchantId: number, keyId: number, now: Date): Promise<boolean>;
  updateChannel(merchantId: number, channelKey: string, change: ChannelChange, now: Date): Promise<ChannelRecord | null>;
}
