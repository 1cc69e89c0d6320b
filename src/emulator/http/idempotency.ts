// Idempotency-Key: a request is identified by the key, the secret key, the path and the method (not the body). The
// first response, errors included, is replayed for 15 days; a duplicate that arrives while the first is still being
// processed gets 409. Most operations claim the key first and record the answer after (three statements); an operation
// on the gateways' hot path (the billing charge) writes its answer in the statement of its change instead.
import { sql, type Kysely } from 'kysely';
import { EMULATOR_SCHEMA } from '../store/migrations.ts';
import { TossError } from './errors.ts';

export const IDEMPOTENCY_TTL_MS = 15 * 24 * 3600_000;
export const MAX_IDEMPOTENCY_KEY_LENGTH = 300;
/** A first request still unanswered after this long belonged to a process that died; the next one takes over. */
const ABANDONED_AFTER_MS = 5 * 60_000;

export interface IdempotencyId {
  secret_key: string;
  idempotency_key: string;
  method: string;
  path: string;
}

/**
 * Given to an operation that commits its own answer: it writes `payload` under `id` in the statement of its change
 * and returns a CommittedAnswer, or throws IdempotencyKeyTaken when the key already has an owner.
 */
export interface AnswerCommit {
  id: IdempotencyId;
  now: Date;
}

export class CommittedAnswer {
  constructor(readonly payload: string) {}
}

export class IdempotencyKeyTaken extends Error {}

export type Claim = { kind: 'first' } | { kind: 'replay'; status: number; body: string };

export function assertIdempotencyKey(id: IdempotencyId): void {
  if (id.idempotency_key.length > MAX_IDEMPOTENCY_KEY_LENGTH || id.idempotency_key.length === 0) {
    throw new TossError('INVALID_IDEMPOTENCY_KEY');
  }
}

export async function claimIdempotencyKey(db: Kysely<any>, id: IdempotencyId, now: Date): Promise<Claim> {
  assertIdempotencyKey(id);
  const fresh = { ...id, status_code: null, body: null, started_at: now, expires_at: new Date(now.getTime() + IDEMPOTENCY_TTL_MS) };
  // Every idempotent request passes here: a plain statement with the schema named, without the plugin's rewriting.
  const inserted = await sql`
    insert into ${TABLE} (secret_key, idempotency_key, method, path, started_at, expires_at)
    values (${id.secret_key}, ${id.idempotency_key}, ${id.method}, ${id.path}, ${fresh.started_at}, ${fresh.expires_at})
    on conflict do nothing
    returning started_at`.execute(db.withoutPlugins());
  if (inserted.rows.length) return { kind: 'first' };

  const existing = await where(db.selectFrom('idempotent_requests').selectAll(), id).executeTakeFirst();
  if (!existing) return claimIdempotencyKey(db, id, now);
  const expired = existing.expires_at.getTime() <= now.getTime();
  const abandoned = existing.status_code === null && existing.started_at.getTime() <= now.getTime() - ABANDONED_AFTER_MS;
  if (expired || abandoned) {
    const taken = await where(db.updateTable('idempotent_requests').set(fresh), id)
      .where('started_at', '=', existing.started_at)
      .returning('started_at')
      .executeTakeFirst();
    if (taken) return { kind: 'first' };
    return claimIdempotencyKey(db, id, now);
  }
  if (existing.status_code === null) throw new TossError('IDEMPOTENT_REQUEST_PROCESSING');
  return { kind: 'replay', status: existing.status_code, body: existing.body };
}

/**
 * For an operation that writes its answer in the statement that makes its change (one commit instead of three): the
 * answer row, inserted without ON CONFLICT, so a key already taken makes the whole statement fail (see
 * `isIdempotencyKeyTaken`) and nothing of the change is kept. With `onlyIfRowsIn` (a CTE of the same statement) the
 * answer is written only when that CTE wrote something.
 */
export function answerRow(id: IdempotencyId, status: number, body: string, now: Date, onlyIfRowsIn?: string) {
  return sql`insert into ${TABLE} (secret_key, idempotency_key, method, path, started_at, expires_at, status_code, body)
    select ${id.secret_key}::text, ${id.idempotency_key}::text, ${id.method}::text, ${id.path}::text, ${now}::timestamptz,
           ${new Date(now.getTime() + IDEMPOTENCY_TTL_MS)}::timestamptz, ${status}::int, ${body}::text
    ${onlyIfRowsIn ? sql`from ${sql.id(onlyIfRowsIn)}` : sql``}`;
}

export function isIdempotencyKeyTaken(err: unknown): boolean {
  const e = err as { code?: string; constraint?: string; message?: string } | null;
  return !!e && e.code === '23505' && (e.constraint === 'idempotent_requests_pkey' || (e.message ?? '').includes('idempotent_requests_pkey'));
}

/**
 * Records an answer for a key nobody claimed yet (an operation that commits its answer itself failed before it could).
 * 'recorded', or the claim of whoever holds the key: its answer to replay, or 409 while it is in flight.
 */
export async function recordUnclaimedAnswer(db: Kysely<any>, id: IdempotencyId, status: number, body: string, now: Date): Promise<'recorded' | Claim> {
  assertIdempotencyKey(id);
  const inserted = await sql`${answerRow(id, status, body, now)} on conflict do nothing returning started_at`.execute(db.withoutPlugins());
  if (inserted.rows.length) return 'recorded';
  return claimIdempotencyKey(db, id, now);
}

export async function recordIdempotentResponse(db: Kysely<any>, id: IdempotencyId, status: number, body: string): Promise<void> {
  await sql`
    update ${TABLE} set status_code = ${status}, body = ${body}
     where secret_key = ${id.secret_key} and idempotency_key = ${id.idempotency_key} and method = ${id.method} and path = ${id.path}`
    .execute(db.withoutPlugins());
}

const TABLE = sql`${sql.id(EMULATOR_SCHEMA)}.idempotent_requests`;

function where<Q extends { where: (...args: any[]) => any }>(q: Q, id: IdempotencyId): Q {
  return q
    .where('secret_key', '=', id.secret_key)
    .where('idempotency_key', '=', id.idempotency_key)
    .where('method', '=', id.method)
    .where('path', '=', id.path);
}
