// Billing keys: POST/GET/DELETE /subscribe/customers/{customer_uid}, GET /subscribe/customers?customer_uid[]=…,
// GET /subscribe/customers/{customer_uid}/payments.
import type { FastifyPluginAsync } from 'fastify';
import type { GatewayContext } from '../../context.ts';
import { invalid, notFound } from '../../core/errors.ts';
import { customerPayments } from '../../core/payments/non-auth-payments.ts';
import { sendSuccess } from '../envelope.ts';
import { requireToken } from '../auth.ts';
import { asList } from '../params.ts';
import { serializeCustomer } from '../serializers/customer.ts';
import { serializePaymentView } from '../serializers/payment.ts';

type UidParams = { Params: { customer_uid: string } };

export const subscribeCustomerRoutes: FastifyPluginAsync<{ ctx: GatewayContext }> = async (app, { ctx }) => {
  const preHandler = requireToken(ctx.tokens);
  const billing = ctx.payments.billingKeys;
  const tags = ['subscribe'];

  app.post<UidParams>('/subscribe/customers/:customer_uid', {
    preHandler,
    schema: { tags, summary: 'Register (or replace) a billing key from card data' },
  }, async (request, reply) => {
    const body = (request.body ?? {}) as Record<string, unknown>;
    const customer = await billing.register(request.caller.merchantId, request.params.customer_uid, body);
    return sendSuccess(reply, serializeCustomer(customer));
  });

  app.get<UidParams>('/subscribe/customers/:customer_uid', {
    preHandler,
    schema: { tags, summary: 'A billing key' },
  }, async (request, reply) => {
    return sendSuccess(reply, serializeCustomer(await billing.get(request.caller.merchantId, request.params.customer_uid)));
  });

  app.delete<UidParams>('/subscribe/customers/:customer_uid', {
    preHandler,
    schema: { tags, summary: 'Delete a billing key (also removed at the PG)' },
  }, async (request, reply) => {
    return sendSuccess(reply, serializeCustomer(await billing.remove(request.caller.merchantId, request.params.customer_uid)));
  });

  app.get<{ Querystring: Record<string, unknown> }>('/subscribe/customers', {
    preHandler,
    schema: { tags, summary: 'Several billing keys by customer_uid[] (207 when some are not found)' },
  }, async (request, reply) => {
    const uids = asList(request.query.customer_uid);
    if (uids.length === 0) throw invalid('customer_uid 파라메터가 누락되었습니다.');
    const found = await billing.findMany(request.caller.merchantId, [...new Set(uids)].slice(0, 100));
    if (found.length === 0) throw notFound('요청하신 customer_uid로 등록된 정보를 찾을 수 없습니다.');
    const byUid = new Map(found.map((c) => [c.customer_uid, c]));
    const ordered = [...new Set(uids)].flatMap((uid) => (byUid.has(uid) ? [byUid.get(uid)!] : []));
    return sendSuccess(reply, ordered.map(serializeCustomer), ordered.length === new Set(uids).size ? 200 : 207);
  });

  app.get<UidParams & { Querystring: Record<string, unknown> }>('/subscribe/customers/:customer_uid/payments', {
    preHandler,
    schema: { tags, summary: 'Payments made with a billing key, newest first, paged' },
  }, async (request, reply) => {
    const page = await customerPayments(
      ctx.payments.repository,
      billing,
      request.caller.merchantId,
      request.params.customer_uid,
      request.query,
    );
    return sendSuccess(reply, { list: page.list.map(serializePaymentView), next: page.next, previous: page.previous, total: page.total });
  });
};
