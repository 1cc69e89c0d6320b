// The schedule worker. Every process runs one; due schedules are shared through SKIP LOCKED claims (see the
// repository), so any number of nodes execute each schedule once between them, with no leader.
import type { GatewayContext } from '../context.ts';
import type { Worker } from './webhook-delivery.ts';

export interface ScheduleWorkerOptions {
  pollIntervalMs: number;
  /** Schedules claimed (and charged concurrently) at once by this process. */
  batchSize: number;
}

/** Starts this process's schedule worker (called once at process start, on every node). */
export function startScheduleWorkers(ctx: GatewayContext, overrides: Partial<ScheduleWorkerOptions> = {}): Worker {
  const options: ScheduleWorkerOptions = { pollIntervalMs: 500, batchSize: 50, ...overrides };
  let stopped = false;
  let wake: (() => void) | null = null;
  const loop = (async () => {
    while (!stopped) {
      let taken = 0;
      try {
        taken = await ctx.schedules.executeDue(options.batchSize);
      } catch (error) {
        ctx.logger.error({ err: error }, 'claiming due schedules failed');
      }
      // A full batch means more may be due already.
      if (taken === options.batchSize || stopped) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, options.pollIntervalMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();
  return {
    async stop() {
      stopped = true;
      (wake as (() => void) | null)?.();
      await loop;
    },
  };
}
