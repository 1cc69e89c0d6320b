// Console operators: accounts, password login with throttling, sessions, and which merchants each one may see.
import crypto from 'node:crypto';
import type { Clock } from '../../lib/clock.ts';
import { DomainError, invalid } from '../errors.ts';
import { decoyHash, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from './passwords.ts';
import type { OperatorRecord, OperatorRepository, SessionRecord } from './repository.ts';

export const SESSION_TTL_MS = 12 * 60 * 60 * 1000;

/** Failed logins counted over this window refuse further attempts until older ones age out. */
export const THROTTLE = { windowMs: 15 * 60 * 1000, perEmail: 5, perIp: 30 };

const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]{1,190}\.[^\s@]{2,63}$/;

export type LoginResult =
  | { kind: 'ok'; operator: OperatorRecord; sessionToken: string }
  | { kind: 'wrong' }
  | { kind: 'throttled' };

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

const sha256 = (value: string) => crypto.createHash('sha256').update(value).digest('base64url');

/** What the database keeps of a session cookie's value. */
export const sessionTokenHash = sha256;

export class Operators {
  constructor(
    private readonly repo: OperatorRepository,
    private readonly clock: Clock,
  ) {}

  async create(input: { email: string; password: string; owner?: boolean; admin?: boolean; merchantIds?: number[] }): Promise<OperatorRecord> {
    const email = normalizeEmail(input.email);
    if (!EMAIL_PATTERN.test(email)) throw invalid(`not an email address: ${input.email}`);
    checkPasswordLength(input.password);
    const created = await this.repo.create({
      email,
      passwordHash: await hashPassword(input.password),
      owner: input.owner ?? false,
      admin: input.admin ?? false,
      merchantIds: input.merchantIds ?? [],
      now: this.clock.now(),
    });
    if (created === 'email_taken') throw new DomainError('rejected', `an operator with the email ${email} already exists`);
    return created;
  }

  count(): Promise<number> {
    return this.repo.count();
  }

  /**
   * Checks the password unless the email or the address has failed too often lately (counted in the database, so
   * the limit holds across nodes). An unknown email costs the same hashing time as a wrong password.
   */
  async login(rawEmail: string, password: string, ip: string): Promise<LoginResult> {
    const email = normalizeEmail(rawEmail).slice(0, 254);
    const since = new Date(this.clock.now().getTime() - THROTTLE.windowMs);
    const [byEmail, byIp] = await Promise.all([
      this.repo.countLoginFailures({ email }, since),
      this.repo.countLoginFailures({ ip }, since),
    ]);
    if (byEmail >= THROTTLE.perEmail || byIp >= THROTTLE.perIp) return { kind: 'throttled' };
    const operator = await this.repo.findByEmail(email);
    const candidate = password.slice(0, PASSWORD_MAX_LENGTH);
    const matches = operator && !operator.disabled
      ? await verifyPassword(candidate, operator.passwordHash)
      : (await verifyPassword(candidate, await decoyHash()), false);
    if (!operator || !matches) {
      await this.repo.recordLoginFailure(email, ip, this.clock.now());
      return { kind: 'wrong' };
    }
    await this.repo.clearLoginFailures(email);
    const sessionToken = crypto.randomBytes(32).toString('base64url');
    const now = this.clock.now();
    await this.repo.createSession({
      tokenHash: sha256(sessionToken),
      operatorId: operator.id,
      csrfToken: crypto.randomBytes(24).toString('base64url'),
      now,
      expiresAt: new Date(now.getTime() + SESSION_TTL_MS),
    });
    return { kind: 'ok', operator, sessionToken };
  }

  session(token: string): Promise<SessionRecord | null> {
    return this.repo.findSession(sha256(token), this.clock.now());
  }

  logout(token: string): Promise<void> {
    return this.repo.deleteSession(sha256(token));
  }

  setFlash(token: string, flash: string | null): Promise<void> {
    return this.repo.setFlash(sha256(token), flash);
  }

  /** Whether the operator may see the merchant: owners see all, others what they were granted. */
  async maySee(operator: OperatorRecord, merchantId: number): Promise<boolean> {
    if (operator.owner) return true;
    return (await this.repo.grantedMerchantIds(operator.id)).includes(merchantId);
  }

  /** The merchant ids the operator may see; null means all. */
  async visibleMerchantIds(operator: OperatorRecord): Promise<number[] | null> {
    return operator.owner ? null : this.repo.grantedMerchantIds(operator.id);
  }

  grant(operatorId: number, merchantId: number): Promise<void> {
    return this.repo.grant(operatorId, merchantId);
  }
}

export function checkPasswordLength(password: string): void {
  if (password.length < PASSWORD_MIN_LENGTH || password.length > PASSWORD_MAX_LENGTH) {
    throw invalid(`the password must be ${PASSWORD_MIN_LENGTH}–${PASSWORD_MAX_LENGTH} characters`);
  }
}

/** Constant-time check of a form's CSRF token against the session's. */
export function csrfMatches(session: SessionRecord, presented: unknown): boolean {
  if (typeof presented !== 'string') return false;
  const a = Buffer.from(presented);
  const b = Buffer.from(session.csrfToken);
  return a.length === b.length && crypto.timingSafeEqual(a, b);
}
