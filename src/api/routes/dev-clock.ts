// Development-only operator endpoints to read and move the gateway's clock. Not registered in production.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import { invalid } from '../../core/errors.ts';
import { unixSeconds } from '../../lib/clock.ts';
import { advanceGatewayClock, parseDuration, syncGatewayClock } from '../../jobs/gateway-clock.ts';
import { sendSuccess } from '../envelope.ts';

export const devClockRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  if (!ctx.config.clockAdjustable) return;

  app.get('/_dev/clock', { schema: { tags: ['development'], summary: 'The gateway clock (development only)' } }, async (_request, reply) => {
    await syncGatewayClock(ctx);
    const now = ctx.clock.now();
    return sendSuccess(reply, { now: unixSeconds(now), iso: now.toISOString(), offset_ms: now.getTime() - Date.now() });
  });

  app.post('/_dev/clock/advance', {
    schema: { tags: ['development'], summary: 'Move the gateway clock forward on every node (development only)' },
  }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    let ms: number;
    if (body.seconds !== undefined) {
      const seconds = Number(body.seconds);
      if (!Number.isInteger(seconds) || seconds <= 0) throw invalid('seconds는 양의 정수여야 합니다.');
      ms = seconds * 1000;
    } else if (typeof body.duration === 'string') {
      ms = parseDuration(body.duration);
    } else {
      throw invalid('seconds 또는 duration 파라미터가 필요합니다.');
    }
    const { now, offsetMs } = await advanceGatewayClock(ctx, ms);
    return sendSuccess(reply, { now: unixSeconds(now), iso: now.toISOString(), offset_ms: offsetMs });
  });
};
