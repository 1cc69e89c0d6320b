// What the operator rules need from storage.

export interface OperatorRecord {
  id: number;
  email: string;
  passwordHash: string;
  owner: boolean;
  /** May manage other operators (see management.ts). */
  admin: boolean;
  disabled: boolean;
}

/** An operator as the operators page lists it. */
export interface OperatorSummary {
  id: number;
  email: string;
  owner: boolean;
  admin: boolean;
  disabled: boolean;
  createdAt: Date;
  merchantIds: number[];
}

export interface SessionRecord {
  operator: OperatorRecord;
  csrfToken: string;
  flash: string | null;
  expiresAt: Date;
}

export interface OperatorRepository {
  /** The first operator ever created is an admin whatever `admin` says, so an installation always starts with one. */
  create(input: { email: string; passwordHash: string; owner: boolean; admin: boolean; merchantIds: number[]; now: Date }): Promise<OperatorRecord | 'email_taken'>;
  findByEmail(email: string): Promise<OperatorRecord | null>;
  byId(id: number): Promise<OperatorRecord | null>;
  list(): Promise<OperatorSummary[]>;
  count(): Promise<number>;
  /** Replaces the operator's owner flag and grants in one transaction. */
  setMerchants(operatorId: number, owner: boolean, merchantIds: number[]): Promise<void>;
  /**
   * Disables (ending every session at once) or enables the operator. Refuses with 'last_admin' when disabling would
   * leave no enabled admin; the check and the change happen under one lock so two admins cannot disable each other.
   */
  setDisabled(operatorId: number, disabled: boolean, now: Date): Promise<'ok' | 'last_admin'>;
  /** Stores a new password hash and ends the operator's sessions, except the one whose hash is `keepSession`. */
  setPassword(operatorId: number, passwordHash: string, keepSession: string | null): Promise<void>;
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
