// Hosted checkout windows and the `ready` attempts they start (core's CheckoutRepository over Kysely).
import type { Selectable } from 'kysely';
import type { CheckoutRepository, CheckoutWindow, WindowResult } from '../../core/checkout/repository.ts';
import type { CheckoutRequest } from '../../core/checkout/request.ts';
import type { CheckoutWindowsTable, GatewayDb } from '../schema.ts';
import { isUniqueViolation } from './errors.ts';
import { toChannelRecord } from './merchants.ts';
import { insertExchanges } from './payment-exchanges.ts';

function parsed<T>(value: unknown): T {
  return (typeof value === 'string' ? JSON.parse(value) : value) as T;
}

function toWindow(row: Selectable<CheckoutWindowsTable>): CheckoutWindow {
  return {
    token: row.token,
    merchantId: Number(row.merchant_id),
    channelId: Number(row.channel_id),
    kind: row.kind,
    impUid: row.imp_uid,
    merchantUid: row.merchant_uid,
    mode: row.mode,
    parentOrigin: row.parent_origin,
    redirectUrl: row.redirect_url,
    request: parsed<CheckoutRequest>(row.request),
    pgCustomerKey: row.pg_customer_key,
    state: row.state,
    result: row.result === null ? null : parsed<WindowResult>(row.result),
    createdAt: row.created_at,
  };
}

export function checkoutWindowRepository(db: GatewayDb): CheckoutRepository {
  return {
    async merchantByUserCode(userCode) {
      const row = await db.selectFrom('merchants').select(['id', 'name']).where('user_code', '=', userCode).executeTakeFirst();
      return row ? { id: Number(row.id), name: row.name } : null;
    },

    async channels(merchantId) {
      const rows = await db.selectFrom('channels').selectAll().where('merchant_id', '=', merchantId).orderBy('id').execute();
      return rows.map(toChannelRecord);
    },

    async openWindow(window, attempt) {
      await db.transaction().execute(async (tx) => {
        if (attempt) {
          await tx
            .insertInto('payments')
            .values({
              ...attempt,
              state: 'ready',
              notice_urls: JSON.stringify(attempt.notice_urls),
              deposit_history: '[]',
              updated_at: attempt.started_at,
            })
            .execute();
        }
        await tx
          .insertInto('checkout_windows')
          .values({
            token: window.token,
            merchant_id: window.merchantId,
            channel_id: window.channelId,
            kind: window.kind,
            imp_uid: window.impUid,
            merchant_uid: window.merchantUid,
            mode: window.mode,
            parent_origin: window.parentOrigin,
            redirect_url: window.redirectUrl,
            request: JSON.stringify(window.request),
            pg_customer_key: window.pgCustomerKey,
            state: 'open',
            result: null,
            created_at: window.createdAt,
            finished_at: null,
          })
          .execute();
      });
    },

    async findWindow(token) {
      const row = await db.selectFrom('checkout_windows').selectAll().where('token', '=', token).executeTakeFirst();
      return row ? toWindow(row) : null;
    },

    async finishWindow(token, result, now) {
      const updated = await db
        .updateTable('checkout_windows')
        .set({ state: 'finished', result: JSON.stringify(result), finished_at: now })
        .where('token', '=', token)
        .where('state', '=', 'open')
        .executeTakeFirst();
      return Number(updated.numUpdatedRows) === 1;
    },

    async markApproving(impUid, change, exchanges) {
      const mark = (q: GatewayDb) =>
        q.updateTable('payments').set({ ...change, state: 'approving' }).where('imp_uid', '=', impUid).where('state', '=', 'ready').executeTakeFirst();
      try {
        const updated = exchanges
          ? await db.transaction().execute(async (tx) => {
              const marked = await mark(tx);
              await insertExchanges(tx, exchanges);
              return marked;
            })
          : await mark(db);
        return Number(updated.numUpdatedRows) === 1 ? 'marked' : 'not_ready';
      } catch (error) {
        if (isUniqueViolation(error, 'payments_one_paid_per_merchant_uid')) return 'merchant_uid_taken';
        throw error;
      }
    },

    async abandonedWindows(before, limit) {
      // A window whose attempt reached approving or unknown is the confirm's (or the reconciler's) to finish.
      const rows = await db
        .selectFrom('checkout_windows as w')
        .leftJoin('payments as p', 'p.imp_uid', 'w.imp_uid')
        .selectAll('w')
        .where('w.state', '=', 'open')
        .where('w.created_at', '<', before)
        .where((eb) => eb.or([eb('w.imp_uid', 'is', null), eb('p.state', '=', 'ready')]))
        .orderBy('w.created_at')
        .limit(limit)
        .execute();
      return rows.map(toWindow);
    },
  };
}
