// The Toss core API paths the emulator serves. Handlers only read the path and hand the body to a service.
import type { FastifyInstance } from 'fastify';
import { chargeBillingKey, deleteBillingKey, issueBillingKeyWithAuthKey, issueBillingKeyWithCard } from '../billing/service.ts';
import { cancelCashReceipt, issueCashReceipt, listCashReceipts } from '../cash-receipts/service.ts';
import { cancelPayment, confirmPayment, getPayment, getPaymentByOrderId, keyInPayment } from '../payments/service.ts';
import { listTransactions } from '../transactions/service.ts';
import { issueVirtualAccount } from '../virtual-accounts/service.ts';
import { tossRoute, type RouteDeps, type RouteOptions, type TossOperation } from './toss-route.ts';

type Params = Record<string, string>;

export function registerTossRoutes(app: FastifyInstance, deps: RouteDeps): void {
  const { ctx } = deps;
  const route = (method: 'GET' | 'POST' | 'DELETE', url: string, op: TossOperation, options?: RouteOptions) => {
    app.route({ method, url, handler: tossRoute(deps, op, options) });
  };

  route('POST', '/v1/payments/confirm', (req, m) => confirmPayment(ctx, m, req.body));
  route('POST', '/v1/payments/key-in', (req, m) => keyInPayment(ctx, m, req.body));
  route('GET', '/v1/payments/orders/:orderId', (req, m) => getPaymentByOrderId(ctx, m, (req.params as Params).orderId));
  route('GET', '/v1/payments/:paymentKey', (req, m) => getPayment(ctx, m, (req.params as Params).paymentKey));
  // The approval API before /confirm existed; still answered so older integrations work.
  route('POST', '/v1/payments/:paymentKey', (req, m) => confirmPayment(ctx, m, req.body, (req.params as Params).paymentKey));
  route('POST', '/v1/payments/:paymentKey/cancel', (req, m) => cancelPayment(ctx, m, (req.params as Params).paymentKey, req.body));
  route('POST', '/v1/virtual-accounts', (req, m) => issueVirtualAccount(ctx, m, req.body));
  route('POST', '/v1/billing/authorizations/card', (req, m) => issueBillingKeyWithCard(ctx, m, req.body));
  route('POST', '/v1/billing/authorizations/issue', (req, m) => issueBillingKeyWithAuthKey(ctx, m, req.body));
  route('POST', '/v1/billing/:billingKey', (req, m, commit) => chargeBillingKey(ctx, m, (req.params as Params).billingKey, req.body, commit), {
    commitsAnswer: true,
  });
  route('DELETE', '/v1/billing/:billingKey', (req, m) => deleteBillingKey(ctx, m, (req.params as Params).billingKey));
  route('GET', '/v1/transactions', (req, m) => listTransactions(ctx, m, req.query as Record<string, unknown>));
  route('POST', '/v1/cash-receipts', (req, m) => issueCashReceipt(ctx, m, req.body));
  route('POST', '/v1/cash-receipts/:receiptKey/cancel', (req, m) => cancelCashReceipt(ctx, m, (req.params as Params).receiptKey, req.body));
  route('GET', '/v1/cash-receipts', (req, m) => listCashReceipts(ctx, m, req.query as Record<string, unknown>));
}
