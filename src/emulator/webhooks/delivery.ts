// Delivers webhook rows: POST with the transmission headers, success only on HTTP 200 within 10 seconds, otherwise
// retried 1, 4, 16, 64, 256, 1024 and 4096 minutes later, then given up. Every attempt is logged in webhook_attempts.
// Rows are claimed with FOR UPDATE SKIP LOCKED and leased, so several processes share the work without sending twice.
import { sql, type Kysely } from 'kysely';
import { request } from 'undici';
import type { Clock } from '../../lib/clock.ts';
import type { Logger } from '../../lib/logger.ts';
import { EMULATOR_SCHEMA } from '../store/migrations.ts';
import { kst } from '../time.ts';

export const RETRY_MINUTES = [1, 4, 16, 64, 256, 1024, 4096];
const TIMEOUT_MS = 10_000;
const LEASE_MS = 60_000;
/** Enough of an answer to read an error page's message; a receiver sending megabytes is cut off there. */
const RESPONSE_EXCERPT_CHARS = 1000;

interface DueDelivery {
  id: number;
  url: string;
  body: string;
  transmission_id: string;
  attempts: number;
}

export async function deliverDueWebhooks(root: Kysely<any>, clock: Clock, logger: Logger, batch = 20): Promise<number> {
  const s = sql.id(EMULATOR_SCHEMA);
  const now = clock.now();
  const claimed = await sql<DueDelivery>`
    update ${s}.webhook_deliveries d set next_attempt_at = ${new Date(now.getTime() + LEASE_MS)}
     where d.id in (
       select id from ${s}.webhook_deliveries
        where status = 'PENDING' and next_attempt_at <= ${now}
        order by next_attempt_at
        limit ${batch}
        for update skip locked)
    returning d.id, d.url, d.body, d.transmission_id, d.attempts`.execute(root);
  await Promise.all(claimed.rows.map((d) => deliverOne(root, clock, logger, d)));
  return claimed.rows.length;
}

async function deliverOne(root: Kysely<any>, clock: Clock, logger: Logger, d: DueDelivery): Promise<void> {
  const db = root.withSchema(EMULATOR_SCHEMA);
  const attempt = d.attempts + 1;
  const started = Date.now();
  let httpStatus: number | null = null;
  let error: string | null = null;
  let responseBody: string | null = null;
  try {
    const res = await request(d.url, {
      method: 'POST',
      body: d.body,
      headers: {
        'content-type': 'application/json',
        'tosspayments-webhook-transmission-time': kst(clock.now())!,
        'tosspayments-webhook-transmission-retried-count': String(d.attempts),
        'tosspayments-webhook-transmission-id': d.transmission_id,
      },
      headersTimeout: TIMEOUT_MS,
      bodyTimeout: TIMEOUT_MS,
    });
    httpStatus = res.statusCode;
    responseBody = await excerpt(res.body);
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const now = clock.now();
  const delivered = httpStatus === 200;
  const exhausted = !delivered && attempt > RETRY_MINUTES.length;
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({ delivery_id: d.id, attempt, attempted_at: now, http_status: httpStatus, error, duration_ms: Date.now() - started, response_body: responseBody })
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set({
        attempts: attempt,
        status: delivered ? 'DELIVERED' : exhausted ? 'FAILED' : 'PENDING',
        delivered_at: delivered ? now : null,
        next_attempt_at: delivered || exhausted ? now : new Date(now.getTime() + RETRY_MINUTES[attempt - 1] * 60_000),
      })
      .where('id', '=', d.id)
      .execute();
  });
  logger.info({ deliveryId: d.id, attempt, httpStatus, error, delivered }, 'webhook attempt');
}

async function excerpt(body: AsyncIterable<Buffer>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  // Leaving the loop early destroys the stream, so the rest of a long answer is never read.
  for await (const chunk of body) {
    text += decoder.decode(chunk, { stream: true });
    if (text.length >= RESPONSE_EXCERPT_CHARS) break;
  }
  return text.slice(0, RESPONSE_EXCERPT_CHARS);
}
