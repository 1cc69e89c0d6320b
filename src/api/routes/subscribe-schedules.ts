// Scheduled payments on the V1 wire: /subscribe/payments/schedule (book, list, look up, move, reschedule, retry),
// /subscribe/payments/unschedule, and the two per-customer listings. Lists are paged `{total, previous, next, list}`,
// the shape the real clients read (reference §4.5), although the spec types them as bare arrays.
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import type { SchedulePage } from '../../core/schedules/schedules.ts';
import { sendSuccess } from '../envelope.ts';
import { requireToken } from '../auth.ts';
import { serializePaymentView } from '../serializers/payment.ts';
import { serializeSchedule } from '../serializers/schedule.ts';

const paged = (page: SchedulePage) => ({ ...page, list: page.list.map(serializeSchedule) });

export const subscribeScheduleRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  const preHandler = requireToken(ctx.tokens);
  const schedules = ctx.schedules;
  const tags = ['subscribe'];
  const bodyOf = (request: FastifyRequest) => (request.body ?? {}) as Record<string, unknown>;
  const queryOf = (request: FastifyRequest) => (request.query ?? {}) as Record<string, unknown>;
  const paramsOf = (request: FastifyRequest) => request.params as Record<string, string>;

  app.post('/subscribe/payments/schedule', {
    preHandler,
    schema: { tags, summary: 'Book billing-key payments for later (issuing the key first when card data is given)' },
  }, async (request, reply) => {
    const booked = await schedules.schedule(request.caller.merchantId, bodyOf(request));
    return sendSuccess(reply, booked.map(serializeSchedule));
  });

  app.post('/subscribe/payments/unschedule', {
    preHandler,
    schema: { tags, summary: 'Revoke waiting schedules of a customer_uid or of one or many merchant_uid' },
  }, async (request, reply) => {
    const revoked = await schedules.unschedule(request.caller.merchantId, bodyOf(request));
    return sendSuccess(reply, revoked.map(serializeSchedule));
  });

  app.get('/subscribe/payments/schedule', {
    preHandler,
    schema: { tags, summary: 'Schedules whose schedule_at is in [schedule_from, schedule_to)' },
  }, async (request, reply) => {
    const q = queryOf(request);
    const page = await schedules.list(request.caller.merchantId, {
      from: q.schedule_from, to: q.schedule_to, status: q.schedule_status, page: q.page, limit: q.limit, sorting: q.sorting,
      names: { from: 'schedule_from', to: 'schedule_to' },
    });
    return sendSuccess(reply, paged(page));
  });

  for (const path of ['/subscribe/payments/schedule/customers/:customer_uid', '/subscribe/customers/:customer_uid/schedules']) {
    app.get(path, {
      preHandler,
      schema: { tags, summary: 'Schedules of one customer_uid whose schedule_at is in [from, to)' },
    }, async (request, reply) => {
      const q = queryOf(request);
      const page = await schedules.list(request.caller.merchantId, {
        customerUid: paramsOf(request).customer_uid,
        from: q.from, to: q.to, status: q['schedule-status'] ?? q.schedule_status, page: q.page, limit: q.limit, sorting: q.sorting,
        names: { from: 'from', to: 'to' },
      });
      return sendSuccess(reply, paged(page));
    });
  }

  app.get('/subscribe/payments/schedule/:merchant_uid', {
    preHandler,
    schema: { tags, summary: 'One schedule by merchant_uid' },
  }, async (request, reply) => {
    return sendSuccess(reply, serializeSchedule(await schedules.get(request.caller.merchantId, paramsOf(request).merchant_uid!)));
  });

  app.put('/subscribe/payments/schedule/:merchant_uid', {
    preHandler,
    schema: { tags, summary: 'Move a schedule that has not run yet' },
  }, async (request, reply) => {
    const moved = await schedules.move(request.caller.merchantId, paramsOf(request).merchant_uid!, bodyOf(request));
    return sendSuccess(reply, serializeSchedule(moved));
  });

  app.post('/subscribe/payments/schedule/:merchant_uid/reschedule', {
    preHandler,
    schema: { tags, summary: 'Book a failed or revoked schedule again' },
  }, async (request, reply) => {
    const booked = await schedules.reschedule(request.caller.merchantId, paramsOf(request).merchant_uid!, bodyOf(request));
    return sendSuccess(reply, serializeSchedule(booked));
  });

  app.post('/subscribe/payments/schedule/:merchant_uid/retry', {
    preHandler,
    schema: { tags, summary: 'Execute a failed or revoked schedule now; answers the payment' },
  }, async (request, reply) => {
    const view = await schedules.retry(request.caller.merchantId, paramsOf(request).merchant_uid!);
    return sendSuccess(reply, serializePaymentView(view));
  });
};
