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
}
