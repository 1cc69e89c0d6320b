import type { ChannelRecord, MerchantRepository } from '../../core/merchants/repository.ts';
import type { ChannelRow, GatewayDb } from '../schema.ts';
import { isUniqueViolation } from './errors.ts';

export function toChannelRecord(row: ChannelRow): ChannelRecord {
  return {
    id: row.id,
    merchantId: row.merchant_id,
    channelKey: row.channel_key,
    name: row.name,
    pgProvider: row.pg_provider,
    pgId: row.pg_id,
    type: row.type,
    clientKey: row.client_key,
    secretKeySealed: row.secret_key_sealed,
    apiVersion: row.api_version,
    apiBaseUrl: row.api_base_url,
    scriptUrl: row.script_url,
    sandbox: row.sandbox,
    enabled: row.enabled,
  };
}

export function merchantRepository(db: GatewayDb): MerchantRepository {
  return {
    async createMerchant(input) {
      try {
        return await db.transaction().execute(async (tx) => {
          const merchant = await tx
            .insertInto('merchants')
            .values({ user_code: input.userCode, name: input.name, created_at: input.now })
            .returning('id')
            .executeTakeFirstOrThrow();
          await tx
            .insertInto('api_keys')
            .values({
              merchant_id: merchant.id,
              imp_key: input.impKey,
              imp_secret_hash: input.impSecretHash,
              created_at: input.now,
            })
            .execute();
          return { id: merchant.id };
        });
      } catch (error) {
        if (isUniqueViolation(error, 'merchants_user_code_key')) return 'user_code_taken';
        if (isUniqueViolation(error, 'api_keys_imp_key_key')) return 'imp_key_taken';
        throw error;
      }
    },

    async createChannel(input) {
      const row = await db
        .insertInto('channels')
        .values({
          merchant_id: input.merchantId,
          channel_key: input.channelKey,
          name: input.name,
          pg_provider: input.pgProvider,
          pg_id: input.pgId,
          type: input.type,
          client_key: input.clientKey,
          secret_key_sealed: input.secretKeySealed,
          api_version: input.apiVersion,
          api_base_url: input.apiBaseUrl,
          script_url: input.scriptUrl,
          sandbox: input.sandbox,
          created_at: input.now,
          updated_at: input.now,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toChannelRecord(row);
    },

    async listMerchants() {
      const merchants = await db.selectFrom('merchants').selectAll().orderBy('id').execute();
      const keys = await db
        .selectFrom('api_keys')
        .select(['merchant_id', 'imp_key'])
        .where('revoked_at', 'is', null)
        .orderBy('id')
        .execute();
      return merchants.map((m) => ({
        id: m.id,
        userCode: m.user_code,
        name: m.name,
        createdAt: m.created_at,
        impKeys: keys.filter((k) => k.merchant_id === m.id).map((k) => k.imp_key),
      }));
    },

    async countMerchants() {
      const row = await db.selectFrom('merchants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async listChannels(merchantId) {
      const rows = await db.selectFrom('channels').selectAll().where('merchant_id', '=', merchantId).orderBy('id').execute();
      return rows.map(toChannelRecord);
    },

    async findMerchant(by) {
      let query = db.selectFrom('merchants').selectAll();
      query = 'id' in by ? query.where('id', '=', by.id) : query.where('user_code', '=', by.userCode);
      const m = await query.executeTakeFirst();
      return m ? { id: Number(m.id), userCode: m.user_code, name: m.name, createdAt: m.created_at } : null;
    },

    async listApiKeys(merchantId) {
      const rows = await db.selectFrom('api_keys').select(['id', 'imp_key', 'created_at', 'revoked_at'])
        .where('merchant_id', '=', merchantId).orderBy('id').execute();
      return rows.map((r) => ({ id: Number(r.id), impKey: r.imp_key, createdAt: r.created_at, revokedAt: r.revoked_at }));
    },

    async addApiKey(input) {
      try {
        const row = await db.insertInto('api_keys')
          .values({ merchant_id: input.merchantId, imp_key: input.impKey, imp_secret_hash: input.impSecretHash, created_at: input.now })
          .returning(['id', 'imp_key', 'created_at', 'revoked_at'])
          .executeTakeFirstOrThrow();
        return { id: Number(row.id), impKey: row.imp_key, createdAt: row.created_at, revokedAt: row.revoked_at };
      } catch (error) {
        if (isUniqueViolation(error, 'api_keys_imp_key_key')) return 'imp_key_taken';
        throw error;
      }
    },

    async revokeApiKey(merchantId, keyId, now) {
      return db.transaction().execute(async (tx) => {
        const revoked = await tx.updateTable('api_keys').set({ revoked_at: now })
          .where('id', '=', keyId).where('merchant_id', '=', merchantId).where('revoked_at', 'is', null)
          .returning('id').executeTakeFirst();
        if (!revoked) return false;
        await tx.deleteFrom('access_tokens').where('api_key_id', '=', keyId).execute();
        return true;
      });
    },

    async updateChannel(merchantId, channelKey, change, now) {
      const row = await db.updateTable('channels')
        .set({
          updated_at: now,
          ...(change.name !== undefined && { name: change.name }),
          ...(change.type !== undefined && { type: change.type }),
          ...(change.pgId !== undefined && { pg_id: change.pgId }),
          ...(change.clientKey !== undefined && { client_key: change.clientKey }),
          ...(change.secretKeySealed !== undefined && { secret_key_sealed: change.secretKeySealed }),
          ...(change.apiBaseUrl !== undefined && { api_base_url: change.apiBaseUrl }),
          ...(change.scriptUrl !== undefined && { script_url: change.scriptUrl }),
          ...(change.sandbox !== undefined && { sandbox: change.sandbox }),
          ...(change.enabled !== undefined && { enabled: change.enabled }),
        })
        .where('merchant_id', '=', merchantId)
        .where('channel_key', '=', channelKey)
        .returningAll()
        .executeTakeFirst();
      return row ? toChannelRecord(row) : null;
    },
  };
}
