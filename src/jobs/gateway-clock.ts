// Moving the gateway's time in development: an operator advances it (HTTP or CLI), the offset is stored where every
// node reads it, and each node follows it. Schedules, webhook retries and expiries all read this one clock.
import type { GatewayContext } from '../context.ts';
import { rejected, invalid } from '../core/errors.ts';
import { AdjustableClock } from '../lib/clock.ts';
import { addClockOffset, readClockOffset } from '../store/repositories/clock-offset.ts';
import type { Worker } from './webhook-delivery.ts';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `90` (seconds), `90s`, `15m`, `2h`, `1d`, or a sum such as `1d2h`. */
export function parseDuration(text: string): number {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const parts = [...trimmed.matchAll(/(\d+)(ms|s|m|h|d)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== trimmed) {
    throw invalid(`"${text}" is not a duration (e.g. 90s, 15m, 2h, 1d)`);
  }
  return parts.reduce((sum, p) => sum + Number(p[1]) * UNITS[p[2]!]!, 0);
}

function adjustableClock(ctx: GatewayContext): AdjustableClock {
  if (!ctx.config.clockAdjustable || !(ctx.clock instanceof AdjustableClock)) {
    throw rejected('운영 환경에서는 시계를 옮길 수 없습니다.');
  }
  return ctx.clock;
}

/** Brings this node's clock to the shared offset (it only ever moves forward). */
export async function syncGatewayClock(ctx: GatewayContext): Promise<void> {
  if (!ctx.config.clockAdjustable || !(ctx.clock instanceof AdjustableClock)) return;
  const offset = await readClockOffset(ctx.db);
  if (offset > ctx.clock.offset) ctx.clock.setOffset(offset);
}

/** Moves the gateway's time forward by `ms` on every node; returns the new time. */
export async function advanceGatewayClock(ctx: GatewayContext, ms: number): Promise<{ now: Date; offsetMs: number }> {
  const clock = adjustableClock(ctx);
  if (!Number.isSafeInteger(ms) || ms <= 0) throw invalid('시간은 앞으로만, 양의 정수만큼 옮길 수 있습니다.');
  const offset = await addClockOffset(ctx.db, ms);
  if (offset > clock.offset) clock.setOffset(offset);
  ctx.logger.warn({ advancedMs: ms, offsetMs: offset }, 'gateway clock moved forward');
  return { now: clock.now(), offsetMs: clock.offset };
}

/** Follows the shared offset every second (started once per process in development; a no-op in production). */
export function startClockSync(ctx: GatewayContext, intervalMs = 1000): Worker {
  if (!ctx.config.clockAdjustable) return { stop: async () => {} };
  let running: Promise<void> = syncGatewayClock(ctx).catch(() => {});
  const timer = setInterval(() => {
    running = syncGatewayClock(ctx).catch((error) => ctx.logger.error({ err: error }, 'reading the shared clock failed'));
  }, intervalMs);
  timer.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await running;
    },
  };
}
