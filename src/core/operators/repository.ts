// What the operator rules need from storage.

export interface OperatorRecord {
  id: number;
  email: string;
  passwordHash: string;
  owner: boolean;
  disabled: boolean;
}

export interface SessionRecord {
  operator: OperatorRecord;
  csrfToken: string;
  flash: string | null;
  expiresAt: Date;
}

export interface OperatorRepository {
  create(input: { email: string; passwordHash: string; owner: boolean; merchantIds: number[]; now: Date }): Promise<OperatorRecord | 'email_taken'>;
  findByEmail(email: string): Promise<OperatorRecord | null>;
  count(): Promise<number>;
  grant(operatorId: number, merchantId: number): Promise<void>;
  /** Merchant ids the operator was granted (owners are not listed: they see all). */
  grantedMerchantIds(operatorId: number): Promise<number[]>;

  createSession(input: { tokenHash: string; operatorId: number; csrfToken: string; now: Date; expiresAt: Date }): Promise<void>;
  /** The live session of that token, or null when it is unknown, expired or its operator is disabled. */
  findSession(tokenHash: string, now: Date): Promise<SessionRecord | null>;
  deleteSession(tokenHash: string): Promise<void>;
  setFlash(tokenHash: string, flash: string | null): Promise<void>;

  recordLoginFailure(email: string, ip: string, now: Date): Promise<void>;
  countLoginFailures(by: { email: string } | { ip: string }, since: Date): Promise<number>;
  clearLoginFailures(email: string): Promise<void>;
}
