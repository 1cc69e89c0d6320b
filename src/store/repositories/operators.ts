// Kysely implementation of the operator repository (migration 0006's tables).
import type { ColumnType, Generated, Kysely } from 'kysely';
import type { OperatorRecord, OperatorRepository } from '../../core/operators/repository.ts';
import type { GatewayDb, GatewayTables } from '../schema.ts';
import { isUniqueViolation } from './errors.ts';

type Timestamp = ColumnType<Date, Date, Date>;

export interface OperatorTables {
  operators: { id: Generated<number>; email: string; password_hash: string; owner: boolean; admin: Generated<boolean>; created_at: Timestamp; disabled_at: Timestamp | null };
  operator_merchants: { operator_id: number; merchant_id: number };
  operator_sessions: { token_hash: string; operator_id: number; csrf_token: string; flash: string | null; created_at: Timestamp; expires_at: Timestamp };
  operator_login_failures: { id: Generated<number>; email: string; ip: string; failed_at: Timestamp };
}

export type OperatorDb = Kysely<GatewayTables & OperatorTables>;

const toRecord = (row: { id: number | string; email: string; password_hash: string; owner: boolean; admin: boolean; disabled_at: Date | null }): OperatorRecord => ({
  id: Number(row.id),
  email: row.email,
  passwordHash: row.password_hash,
  owner: row.owner,
  admin: row.admin,
  disabled: row.disabled_at !== null,
});

export function operatorRepository(gatewayDb: GatewayDb): OperatorRepository {
  const db = gatewayDb as unknown as OperatorDb;
  return {
    async create(input) {
      try {
        return await db.transaction().execute(async (tx) => {
          const first = !(await tx.selectFrom('operators').select('id').limit(1).executeTakeFirst());
          const row = await tx
            .insertInto('operators')
            .values({ email: input.email, password_hash: input.passwordHash, owner: input.owner, admin: input.admin || first, created_at: input.now })
            .returningAll()
            .executeTakeFirstOrThrow();
          if (input.merchantIds.length > 0) {
            await tx.insertInto('operator_merchants').values(input.merchantIds.map((m) => ({ operator_id: row.id, merchant_id: m }))).execute();
          }
          return toRecord(row);
        });
      } catch (error) {
        if (isUniqueViolation(error, 'operators_email_key')) return 'email_taken';
        throw error;
      }
    },

    async findByEmail(email) {
      const row = await db.selectFrom('operators').selectAll().where('email', '=', email).executeTakeFirst();
      return row ? toRecord(row) : null;
    },

    async byId(id) {
      const row = await db.selectFrom('operators').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toRecord(row) : null;
    },

    async list() {
      const [rows, grants] = await Promise.all([
        db.selectFrom('operators').select(['id', 'email', 'owner', 'admin', 'disabled_at', 'created_at']).orderBy('email').execute(),
        db.selectFrom('operator_merchants').select(['operator_id', 'merchant_id']).execute(),
      ]);
      return rows.map((r) => ({
        id: Number(r.id),
        email: r.email,
        owner: r.owner,
        admin: r.admin,
        disabled: r.disabled_at !== null,
        createdAt: r.created_at,
        merchantIds: grants.filter((g) => Number(g.operator_id) === Number(r.id)).map((g) => Number(g.merchant_id)),
      }));
    },

    async setMerchants(operatorId, owner, merchantIds) {
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('operators').set({ owner }).where('id', '=', operatorId).execute();
        await tx.deleteFrom('operator_merchants').where('operator_id', '=', operatorId).execute();
        if (merchantIds.length > 0) {
          await tx.insertInto('operator_merchants').values(merchantIds.map((m) => ({ operator_id: operatorId, merchant_id: m }))).execute();
        }
      });
    },

    async setDisabled(operatorId, disabled, now) {
      return db.transaction().execute(async (tx) => {
        if (!disabled) {
          await tx.updateTable('operators').set({ disabled_at: null }).where('id', '=', operatorId).execute();
          return 'ok' as const;
        }
        // Locking the enabled admins serialises concurrent disables: the second one sees the first one's change.
        const admins = await tx.selectFrom('operators').select('id').where('admin', '=', true).where('disabled_at', 'is', null).forUpdate().execute();
        const target = admins.some((a) => Number(a.id) === operatorId);
        if (target && admins.length === 1) return 'last_admin' as const;
        await tx.updateTable('operators').set({ disabled_at: now }).where('id', '=', operatorId).where('disabled_at', 'is', null).execute();
        await tx.deleteFrom('operator_sessions').where('operator_id', '=', operatorId).execute();
        return 'ok' as const;
      });
    },

    async setPassword(operatorId, passwordHash, keepSession) {
      await db.transaction().execute(async (tx) => {
        await tx.updateTable('operators').set({ password_hash: passwordHash }).where('id', '=', operatorId).execute();
        let sessions = tx.deleteFrom('operator_sessions').where('operator_id', '=', operatorId);
        if (keepSession) sessions = sessions.where('token_hash', '<>', keepSession);
        await sessions.execute();
      });
    },

    async count() {
      const row = await db.selectFrom('operators').select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async grant(operatorId, merchantId) {
      await db.insertInto('operator_merchants').values({ operator_id: operatorId, merchant_id: merchantId })
        .onConflict((oc) => oc.doNothing()).execute();
    },

    async grantedMerchantIds(operatorId) {
      const rows = await db.selectFrom('operator_merchants').select('merchant_id').where('operator_id', '=', operatorId).execute();
      return rows.map((r) => Number(r.merchant_id));
    },

    async createSession(input) {
      // Each sign-in sweeps the operator's expired sessions, so the table holds live ones and a few stale at most.
      await db.deleteFrom('operator_sessions').where('operator_id', '=', input.operatorId).where('expires_at', '<=', input.now).execute();
      await db.insertInto('operator_sessions').values({
        token_hash: input.tokenHash,
        operator_id: input.operatorId,
        csrf_token: input.csrfToken,
        created_at: input.now,
        expires_at: input.expiresAt,
      }).execute();
    },

    async findSession(tokenHash, now) {
      const row = await db
        .selectFrom('operator_sessions as s')
        .innerJoin('operators as o', 'o.id', 's.operator_id')
        .select(['o.id', 'o.email', 'o.password_hash', 'o.owner', 'o.admin', 'o.disabled_at', 's.csrf_token', 's.flash', 's.expires_at'])
        .where('s.token_hash', '=', tokenHash)
        .where('s.expires_at', '>', now)
        .where('o.disabled_at', 'is', null)
        .executeTakeFirst();
      if (!row) return null;
      return { operator: toRecord(row), csrfToken: row.csrf_token, flash: row.flash, expiresAt: row.expires_at };
    },

    async deleteSession(tokenHash) {
      await db.deleteFrom('operator_sessions').where('token_hash', '=', tokenHash).execute();
    },

    async setFlash(tokenHash, flash) {
      await db.updateTable('operator_sessions').set({ flash }).where('token_hash', '=', tokenHash).execute();
    },

    async recordLoginFailure(email, ip, now) {
      // Failures older than a day no longer count toward any window; drop this email's.
      await db.deleteFrom('operator_login_failures').where('email', '=', email).where('failed_at', '<', new Date(now.getTime() - 86_400_000)).execute();
      await db.insertInto('operator_login_failures').values({ email, ip, failed_at: now }).execute();
    },

    async countLoginFailures(by, since) {
      let query = db.selectFrom('operator_login_failures').select((eb) => eb.fn.countAll<string>().as('n')).where('failed_at', '>', since);
      query = 'email' in by ? query.where('email', '=', by.email) : query.where('ip', '=', by.ip);
      return Number((await query.executeTakeFirstOrThrow()).n);
    },

    async clearLoginFailures(email) {
      await db.deleteFrom('operator_login_failures').where('email', '=', email).execute();
    },
  };
}
