import type { PreparedAmount, PrepareRepository } from '../../core/prepare/repository.ts';
import type { GatewayDb } from '../schema.ts';

const toPrepared = (row: { merchant_uid: string; amount: number; currency: string | null }): PreparedAmount => ({
  merchantUid: row.merchant_uid,
  amount: row.amount,
  currency: row.currency,
});

export function prepareRepository(db: GatewayDb): PrepareRepository {
  return {
    async insert(merchantId, prepared, now) {
      // The primary key (merchant_id, merchant_uid) decides between two racing registrations.
      const inserted = await db
        .insertInto('prepares')
        .values({
          merchant_id: merchantId,
          merchant_uid: prepared.merchantUid,
          amount: prepared.amount,
          currency: prepared.currency,
          created_at: now,
          updated_at: now,
        })
        .onConflict((oc) => oc.columns(['merchant_id', 'merchant_uid']).doNothing())
        .returning('merchant_uid')
        .executeTakeFirst();
      return inserted ? 'inserted' : 'exists';
    },

    async update(merchantId, merchantUid, change, now) {
      const row = await db
        .updateTable('prepares')
        .set({ amount: change.amount, updated_at: now, ...(change.currency === undefined ? {} : { currency: change.currency }) })
        .where('merchant_id', '=', merchantId)
        .where('merchant_uid', '=', merchantUid)
        .returning(['merchant_uid', 'amount', 'currency'])
        .executeTakeFirst();
      return row ? toPrepared(row) : null;
    },

    async find(merchantId, merchantUid) {
      const row = await db
        .selectFrom('prepares')
        .select(['merchant_uid', 'amount', 'currency'])
        .where('merchant_id', '=', merchantId)
        .where('merchant_uid', '=', merchantUid)
        .executeTakeFirst();
      return row ? toPrepared(row) : null;
    },
  };
}
