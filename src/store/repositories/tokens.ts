import type { TokenRecord, TokenRepository, TokenStore } from '../../core/auth/repository.ts';
import type { GatewayDb } from '../schema.ts';

function tokenStore(db: GatewayDb): TokenStore {
  return {
    async latestToken(apiKeyId, now) {
      const row = await db
        .selectFrom('access_tokens')
        .selectAll()
        .where('api_key_id', '=', apiKeyId)
        .where('expires_at', '>', now)
        .orderBy('expires_at', 'desc')
        .limit(1)
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
    async insertToken(record) {
      await db
        .insertInto('access_tokens')
        .values({
          token: record.token,
          merchant_id: record.merchantId,
          api_key_id: record.apiKeyId,
          issued_at: record.issuedAt,
          expires_at: record.expiresAt,
        })
        .execute();
    },
    async extendToken(token, expiresAt) {
      await db.updateTable('access_tokens').set({ expires_at: expiresAt }).where('token', '=', token).execute();
    },
  };
}

function toRecord(row: { token: string; merchant_id: number; api_key_id: number; expires_at: Date }): TokenRecord {
  return { token: row.token, merchantId: row.merchant_id, apiKeyId: row.api_key_id, expiresAt: row.expires_at };
}

export function tokenRepository(db: GatewayDb): TokenRepository {
  return {
    async withApiKeyLocked(impKey, work) {
      return db.transaction().execute(async (tx) => {
        const key = await tx
          .selectFrom('api_keys')
          .select(['id', 'merchant_id', 'imp_secret_hash'])
          .where('imp_key', '=', impKey)
          .where('revoked_at', 'is', null)
          .forUpdate()
          .executeTakeFirst();
        return work(
          key ? { id: key.id, merchantId: key.merchant_id, impSecretHash: key.imp_secret_hash } : null,
          tokenStore(tx),
        );
      });
    },

    async peekApiKey(impKey, now) {
      const row = await db
        .selectFrom('api_keys')
        .leftJoinLateral(
          (eb) =>
            eb
              .selectFrom('access_tokens')
              .select(['access_tokens.token', 'access_tokens.expires_at'])
              .whereRef('access_tokens.api_key_id', '=', 'api_keys.id')
              .where('access_tokens.expires_at', '>', now)
              .orderBy('access_tokens.expires_at', 'desc')
              .limit(1)
              .as('live'),
          (join) => join.onTrue(),
        )
        .select(['api_keys.id', 'api_keys.merchant_id', 'api_keys.imp_secret_hash', 'live.token', 'live.expires_at'])
        .where('api_keys.imp_key', '=', impKey)
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      const key = { id: row.id, merchantId: row.merchant_id, impSecretHash: row.imp_secret_hash };
      const live =
        row.token && row.expires_at
          ? { token: row.token, merchantId: row.merchant_id, apiKeyId: row.id, expiresAt: row.expires_at }
          : null;
      return { key, live };
    },

    async findLiveToken(token, now) {
      const row = await db
        .selectFrom('access_tokens')
        .innerJoin('api_keys', 'api_keys.id', 'access_tokens.api_key_id')
        .select(['access_tokens.token', 'access_tokens.merchant_id', 'access_tokens.api_key_id', 'access_tokens.expires_at'])
        .where('access_tokens.token', '=', token)
        .where('access_tokens.expires_at', '>', now)
        .where('api_keys.revoked_at', 'is', null)
        .executeTakeFirst();
      return row ? toRecord(row) : null;
    },
  };
}
