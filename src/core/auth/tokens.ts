// Access tokens of the V1 API (reference §2): 40 hex characters, valid 30 minutes; asking again before expiry returns
// the same token, and asking within its last minute extends it by 5 minutes.
import { DomainError, invalid } from '../errors.ts';
import { newAccessToken } from '../../lib/ids.ts';
import { unixSeconds, type Clock } from '../../lib/clock.ts';
import type { SecretBox } from '../../lib/secrets.ts';
import type { TokenRecord, TokenRepository } from './repository.ts';

export const TOKEN_LIFETIME_MS = 30 * 60_000;
export const EXTENSION_WINDOW_MS = 60_000;
export const EXTENSION_MS = 5 * 60_000;
/** A cached token is re-read from the store at least this often, so a revoked key stops working everywhere. */
const CACHE_RECHECK_MS = 60_000;
const CACHE_LIMIT = 100_000;

export interface IssuedToken {
  access_token: string;
  now: number;
  expired_at: number;
}

export interface Caller {
  merchantId: number;
  apiKeyId: number;
}

interface CachedToken extends Caller {
  expiresAt: number;
  recheckAt: number;
}

export class Tokens {
  private readonly cache = new Map<string, CachedToken>();

  constructor(
    private readonly repo: TokenRepository,
    private readonly secrets: SecretBox,
    private readonly clock: Clock,
  ) {}

  async issue(impKey: unknown, impSecret: unknown): Promise<IssuedToken> {
    if (typeof impKey !== 'string' || typeof impSecret !== 'string' || impKey === '' || impSecret === '') {
      throw invalid('imp_key, imp_secret 파라메터가 누락되었습니다.');
    }
    // Most calls find a live token outside its last minute: answered from one read, without the lock, so a merchant's
    // servers asking at once do not queue on their key. Minting and extending take the lock and decide again.
    const peeked = await this.repo.peekApiKey(impKey, this.clock.now());
    if (!peeked || !this.secrets.verify(impSecret, peeked.key.impSecretHash)) throw new DomainError('unauthorized', 'Unauthorized');
    const now = this.clock.now();
    if (peeked.live && peeked.live.expiresAt.getTime() - now.getTime() > EXTENSION_WINDOW_MS) {
      this.remember(peeked.live);
      return { access_token: peeked.live.token, now: unixSeconds(now), expired_at: unixSeconds(peeked.live.expiresAt) };
    }
    return this.repo.withApiKeyLocked(impKey, async (key, tx) => {
      if (!key || !this.secrets.verify(impSecret, key.impSecretHash)) throw new DomainError('unauthorized', 'Unauthorized');
      const now = this.clock.now();
      const live = await tx.latestToken(key.id, now);
      if (live) {
        let expiresAt = live.expiresAt;
        if (expiresAt.getTime() - now.getTime() <= EXTENSION_WINDOW_MS) {
          expiresAt = new Date(expiresAt.getTime() + EXTENSION_MS);
          await tx.extendToken(live.token, expiresAt);
          this.remember({ ...live, expiresAt });
        }
        return { access_token: live.token, now: unixSeconds(now), expired_at: unixSeconds(expiresAt) };
      }
      const record: TokenRecord = {
        token: newAccessToken(),
        merchantId: key.merchantId,
        apiKeyId: key.id,
        expiresAt: new Date(now.getTime() + TOKEN_LIFETIME_MS),
      };
      await tx.insertToken({ ...record, issuedAt: now });
      this.remember(record);
      return { access_token: record.token, now: unixSeconds(now), expired_at: unixSeconds(record.expiresAt) };
    });
  }

  /** The caller a token belongs to, or null. Served from memory; the store is read on a miss and once a minute. */
  async authenticate(token: string): Promise<Caller | null> {
    if (!/^[0-9a-f]{40}$/.test(token)) return null;
    const now = this.clock.now().getTime();
    const cached = this.cache.get(token);
    if (cached && now < cached.expiresAt && now < cached.recheckAt) return cached;
    const record = await this.repo.findLiveToken(token, new Date(now));
    if (!record) {
      this.cache.delete(token);
      return null;
    }
    return this.remember(record);
  }

  private remember(record: TokenRecord): CachedToken {
    if (this.cache.size >= CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
    const entry: CachedToken = {
      merchantId: record.merchantId,
      apiKeyId: record.apiKeyId,
      expiresAt: record.expiresAt.getTime(),
      recheckAt: this.clock.now().getTime() + CACHE_RECHECK_MS,
    };
    this.cache.delete(record.token);
    this.cache.set(record.token, entry);
    return entry;
  }
}
