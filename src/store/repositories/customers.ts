// Billing keys over Kysely. A customer_uid has at most one live row (partial unique index); replacing a key retires
// the old row in the same transaction, so payments keep pointing at the key they were charged on.
import type { CustomerRecord, CustomerRepository } from '../../core/billing/repository.ts';
import type { GatewayDb } from '../schema.ts';
import { isUniqueViolation } from './errors.ts';

const live = (db: GatewayDb, merchantId: number) =>
  db.selectFrom('customers').selectAll().where('merchant_id', '=', merchantId).where('deleted_at', 'is', null);

export function customerRepository(db: GatewayDb): CustomerRepository {
  return {
    async find(merchantId, customerUid) {
      return (await live(db, merchantId).where('customer_uid', '=', customerUid).executeTakeFirst()) ?? null;
    },

    async findMany(merchantId, customerUids) {
      if (customerUids.length === 0) return [];
      return live(db, merchantId).where('customer_uid', 'in', customerUids).orderBy('id').execute();
    },

    async replace(customer) {
      // Two registrations of one customer_uid racing: the loser retries once against the winner's row.
      for (let attempt = 0; ; attempt++) {
        try {
          return await db.transaction().execute(async (tx) => {
            const retired = await tx
              .updateTable('customers')
              .set({ deleted_at: customer.updated_at })
              .where('merchant_id', '=', customer.merchant_id)
              .where('customer_uid', '=', customer.customer_uid)
              .where('deleted_at', 'is', null)
              .returning('inserted_at')
              .executeTakeFirst();
            return (await tx
              .insertInto('customers')
              .values({ ...customer, inserted_at: retired?.inserted_at ?? customer.inserted_at })
              .returningAll()
              .executeTakeFirstOrThrow()) as CustomerRecord;
          });
        } catch (error) {
          if (attempt === 0 && isUniqueViolation(error, 'customers_live_uid')) continue;
          throw error;
        }
      }
    },

    async retire(merchantId, customerUid, now) {
      const row = await db
        .updateTable('customers')
        .set({ deleted_at: now })
        .where('merchant_id', '=', merchantId)
        .where('customer_uid', '=', customerUid)
        .where('deleted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row ?? null;
    },

    async byId(id) {
      return (await db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst()) ?? null;
    },
  };
}
