// What token issue and validation need from storage.
export interface ApiKeyRecord {
  id: number;
  merchantId: number;
  impSecretHash: string;
}

export interface TokenRecord {
  token: string;
  merchantId: number;
  apiKeyId: number;
  expiresAt: Date;
}

export interface TokenRepository {
  /**
   * Runs `work` while holding a lock on the API key, so racing getToken calls of one merchant's servers see each
   * other's token instead of minting several.
   */
  withApiKeyLocked<T>(impKey: string, work: (key: ApiKeyRecord | null, tx: TokenStore) => Promise<T>): Promise<T>;
  /** The API key and its newest live token, read without a lock (null when the key does not exist or is revoked). */
  peekApiKey(impKey: string, now: Date): Promise<{ key: ApiKeyRecord; live: TokenRecord | null } | null>;
  findLiveToken(token: string, now: Date): Promise<TokenRecord | null>;
}

export interface TokenStore {
  latestToken(apiKeyId: number, now: Date): Promise<TokenRecord | null>;
  insertToken(record: TokenRecord & { issuedAt: Date }): Promise<void>;
  extendToken(token: string, expiresAt: Date): Promise<void>;
}
