// The payment reconciler worker: every process runs one. Attempts and cancellations whose PG outcome is unknown (or
// whose request died with its process) are claimed in the database with FOR UPDATE SKIP LOCKED and a lease, so several
// nodes share them without a leader, and checked with backoff until Toss tells what happened (core/payments/reconciler).
import type { Reconciler } from '../core/payments/reconciler.ts';
import type { Logger } from '../lib/logger.ts';

export interface ReconcileWorkerOptions {
  pollIntervalMs: number;
  /** Most attempts claimed per pass. */
  batchSize: number;
}

export const DEFAULT_RECONCILE_OPTIONS: ReconcileWorkerOptions = { pollIntervalMs: 1_000, batchSize: 50 };

export function startPaymentReconciler(
  reconciler: Reconciler,
  logger: Logger,
  options: ReconcileWorkerOptions = DEFAULT_RECONCILE_OPTIONS,
): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let full = false;
      try {
        const report = await reconciler.runOnce(options.batchSize);
        full = report.checked >= options.batchSize;
        if (report.settled > 0) logger.info(report, 'reconciled payments');
      } catch (error) {
        logger.error({ err: error }, 'payment reconciliation pass failed');
      }
      if (full || stopped) continue;
      await new Promise<void>((resolve) => {
        wake = resolve;
        timer = setTimeout(resolve, options.pollIntervalMs);
      });
    }
  })();
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      wake?.();
      await loop;
    },
  };
}

/** Runs passes until nothing due is left (tests, and a node draining before shutdown). */
export async function drainReconciliation(reconciler: Reconciler, batchSize = 50): Promise<number> {
  let settled = 0;
  for (;;) {
    const report = await reconciler.runOnce(batchSize);
    settled += report.settled;
    if (report.checked === 0) return settled;
  }
}
