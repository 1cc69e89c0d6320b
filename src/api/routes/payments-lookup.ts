// The V1 payment look-ups: by imp_uid, several ids at once, by merchant_uid (first or all attempts) and by status.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import type { PaymentListPage } from '../../core/payments/lookups.ts';
import { sendSuccess } from '../envelope.ts';
import { requireToken } from '../auth.ts';
import { asList } from '../params.ts';
import { serializePaymentView } from '../serializers/payment.ts';

const STATUS_VALUES = 'ready | paid | failed | cancelled | all';
const SORTING = {
  type: 'string',
  description: '-started (default) | started | -paid | paid | -updated | updated',
} as const;
const PAGING = {
  page: { type: 'integer', description: '1-based page number (default 1)' },
  limit: { type: 'integer', description: 'payments per page (default 20, at most 1000)' },
  sorting: SORTING,
} as const;
const ID_LIST = { type: 'array', items: { type: 'string' } } as const;

interface PagingQuery {
  page?: number;
  limit?: number;
  sorting?: string;
}

const pageOnWire = (page: PaymentListPage) => ({
  list: page.list.map(serializePaymentView),
  next: page.next,
  previous: page.previous,
  total: page.total,
});

export const paymentLookupRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  const preHandler = requireToken(ctx.tokens);
  const lookups = ctx.paymentLookups;

  app.get<{ Querystring: { imp_uid?: string[]; merchant_uid?: string[] } }>('/payments', {
    preHandler,
    schema: {
      tags: ['payments'],
      summary: 'Several payments by imp_uid[] and merchant_uid[] (up to 100; 207 when some are not found)',
      querystring: {
        type: 'object',
        properties: {
          imp_uid: { ...ID_LIST, description: 'sent as imp_uid[]=…, percent-encoded or as repeated keys' },
          merchant_uid: { ...ID_LIST, description: 'sent as merchant_uid[]=…; each names its newest attempt' },
        },
      },
    },
  }, async (request, reply) => {
    const { found, complete } = await lookups.byIds(
      request.caller.merchantId,
      asList(request.query.imp_uid),
      asList(request.query.merchant_uid),
    );
    return sendSuccess(reply, found.map(serializePaymentView), complete ? 200 : 207);
  });

  app.get<{ Params: { imp_uid: string } }>('/payments/:imp_uid', {
    preHandler,
    schema: {
      tags: ['payments'],
      summary: 'One payment by imp_uid',
      params: { type: 'object', properties: { imp_uid: { type: 'string' } }, required: ['imp_uid'] },
      querystring: {
        type: 'object',
        properties: {
          include_sandbox: { type: 'boolean', description: 'accepted for compatibility; test-channel payments are always shown' },
        },
      },
    },
  }, async (request, reply) => {
    return sendSuccess(reply, serializePaymentView(await lookups.byImpUid(request.caller.merchantId, request.params.imp_uid)));
  });

  app.get<{ Params: { merchant_uid: string; payment_status?: string }; Querystring: { sorting?: string } }>(
    '/payments/find/:merchant_uid/:payment_status?',
    {
      preHandler,
      schema: {
        tags: ['payments'],
        summary: 'The first attempt for a merchant_uid in the given order (default: the newest), optionally by status',
        params: {
          type: 'object',
          properties: { merchant_uid: { type: 'string' }, payment_status: { type: 'string', description: STATUS_VALUES } },
          required: ['merchant_uid'],
        },
        querystring: { type: 'object', properties: { sorting: SORTING } },
      },
    },
    async (request, reply) => {
      const { merchant_uid, payment_status } = request.params;
      const view = await lookups.firstByMerchantUid(request.caller.merchantId, merchant_uid, payment_status, request.query.sorting);
      return sendSuccess(reply, serializePaymentView(view));
    },
  );

  app.get<{ Params: { merchant_uid: string; payment_status?: string }; Querystring: PagingQuery }>(
    '/payments/findAll/:merchant_uid/:payment_status?',
    {
      preHandler,
      schema: {
        tags: ['payments'],
        summary: 'Every attempt for a merchant_uid, paged, optionally by status',
        params: {
          type: 'object',
          properties: { merchant_uid: { type: 'string' }, payment_status: { type: 'string', description: STATUS_VALUES } },
          required: ['merchant_uid'],
        },
        querystring: { type: 'object', properties: PAGING },
      },
    },
    async (request, reply) => {
      const { merchant_uid, payment_status } = request.params;
      const page = await lookups.allByMerchantUid(request.caller.merchantId, merchant_uid, payment_status, request.query);
      return sendSuccess(reply, pageOnWire(page));
    },
  );

  app.get<{ Params: { payment_status: string }; Querystring: PagingQuery & { from?: number; to?: number } }>(
    '/payments/status/:payment_status',
    {
      preHandler,
      schema: {
        tags: ['payments'],
        summary: 'Payments by current status, filtered on when they entered it (window of at most 90 days), paged',
        params: {
          type: 'object',
          properties: { payment_status: { type: 'string', description: STATUS_VALUES } },
          required: ['payment_status'],
        },
        querystring: {
          type: 'object',
          properties: {
            ...PAGING,
            from: { type: 'integer', description: 'UNIX seconds (default: to − 90 days)' },
            to: { type: 'integer', description: 'UNIX seconds (default: now)' },
          },
        },
      },
    },
    async (request, reply) => {
      const page = await lookups.byStatus(request.caller.merchantId, request.params.payment_status, request.query);
      return sendSuccess(reply, pageOnWire(page));
    },
  );
};
