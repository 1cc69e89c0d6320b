// Background work of the emulator: webhook delivery, expiry of abandoned payment sessions (30 minutes to
// authenticate, 10 to confirm) and of virtual accounts at their due date. Each pass polls the database and claims
// rows with FOR UPDATE SKIP LOCKED, so any number of processes can run workers over one store.
import type { Kysely } from 'kysely';
import { AdjustableClock } from '../lib/clock.ts';
import type { Logger } from '../lib/logger.ts';
import { loadClockOffset, loadPublicUrl } from './clock-store.ts';
import { scoped, type EmulatorContext } from './context.ts';
import { findMerchant } from './merchants/merchants.ts';
import { paymentFromRow } from './payments/model.ts';
import { expire } from './payments/service.ts';
import { deliverDueWebhooks } from './webhooks/delivery.ts';

export interface WorkerOptions {
  db: Kysely<any>;
  clock?: AdjustableClock;
  logger: Logger;
  /** How often to look for due work; tests use a short interval. */
  pollIntervalMs?: number;
  /** For links in webhook payloads; defaults to the URL the emulator app recorded. */
  publicUrl?: string;
}

/** Expires what is due; returns how many payments changed. */
export async function expireDuePayments(ctx: EmulatorContext, batch = 50): Promise<number> {
  const now = ctx.clock.now();
  return ctx.db.transaction().execute(async (trx) => {
    const rows = await trx
      .selectFrom('payments')
      .selectAll()
      .where((eb) =>
        eb.or([
          eb.and([eb('status', 'in', ['READY', 'IN_PROGRESS']), eb('session_expires_at', '<=', now)]),
          eb.and([eb('status', '=', 'WAITING_FOR_DEPOSIT'), eb('due_at', '<=', now)]),
        ]),
      )
      .limit(batch)
      .forUpdate()
      .skipLocked()
      .execute();
    for (const row of rows) {
      const merchant = await findMerchant(trx, row.mid);
      if (merchant) await expire(ctx, trx, merchant, paymentFromRow(row), now);
    }
    return rows.length;
  });
}

/** One pass of every worker: what a poll does, exposed so tests can drive it deterministically. */
export async function runEmulatorWorkOnce(ctx: EmulatorContext, root: Kysely<any>): Promise<{ expired: number; webhooks: number }> {
  await loadClockOffset(ctx.db, ctx.clock);
  if (!ctx.publicUrl) ctx.publicUrl = (await loadPublicUrl(ctx.db)) ?? '';
  const expired = await expireDuePayments(ctx);
  const webhooks = await deliverDueWebhooks(root, ctx.clock, ctx.logger);
  return { expired, webhooks };
}

export function startEmulatorWorkers(opts: WorkerOptions): { stop(): Promise<void> } {
  const ctx: EmulatorContext = {
    db: scoped(opts.db),
    clock: opts.clock ?? new AdjustableClock(),
    logger: opts.logger,
    publicUrl: opts.publicUrl ?? '',
  };
  const interval = opts.pollIntervalMs ?? 1000;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const tick = () => {
    running = runEmulatorWorkOnce(ctx, opts.db)
      .then(() => undefined)
      .catch((err) => opts.logger.error({ err }, 'emulator worker pass failed'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, interval);
      });
  };
  timer = setTimeout(tick, 0);

  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await running;
    },
  };
}
